/**
 * A user's dataset could not be read. Unlike DataError (the built-in MNIST files, fixed by
 * `npm run data`), the fix depends on what was wrong, so each error carries its own: the message
 * is always "<file>: <what was wrong>. <what to do>".
 */
export type DatasetProblem =
  | 'format'
  | 'truncated'
  | 'mismatch'
  | 'labels'
  | 'classes'
  | 'sizes'
  | 'not-image'
  | 'csv'
  | 'too-large'
  | 'storage'
  | 'missing';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    /** The file (or folder, or zip entry) as the user named it. */
    readonly file: string,
    readonly problem: DatasetProblem,
    /** What was wrong, e.g. "wrong magic number 0x00000000 (an IDX image file starts 0x00000803)". */
    readonly detail: string,
    /** What the user can do about it. */
    readonly fix: string,
  ) {
    super(`${file}: ${detail}. ${fix}`);
  }
}
