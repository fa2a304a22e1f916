/** The command that (re)builds the data files; every data error tells the user to run it. */
export const DATA_COMMAND = 'npm run data';

export type DataErrorReason = 'missing' | 'corrupt';

/**
 * A data file is missing or unusable. `file` names it as the user would look for it (a path in
 * Node, a URL in the browser) so the engine can report it unchanged (EngineError kind 'data').
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly file: string;
  readonly reason: DataErrorReason;

  constructor(file: string, reason: DataErrorReason, detail: string) {
    super(
      reason === 'missing'
        ? `${file} is missing (${detail}). Build it with: ${DATA_COMMAND}`
        : `${file} is corrupt (${detail}). Rebuild it with: ${DATA_COMMAND}`,
    );
    this.file = file;
    this.reason = reason;
  }
}
