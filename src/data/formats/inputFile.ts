/** One file a user gave: from the file picker, a drop, a zip's entry or a folder on disk. */
export interface InputFile {
  /** Its path relative to what the user picked (`cat/001.png`, `train-images-idx3-ubyte.gz`). */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** What every importer needs besides the files. */
export interface ImportOptions {
  /** The dataset's name (datasetName.ts). */
  readonly name: string;
  /** The model's input side (IMAGE_SIDE): every image is resized to side × side. */
  readonly side: number;
  /**
   * IDX images stored transposed (column by column), as EMNIST stores them: `true` transposes
   * every image, `false` never does; left out, files named `emnist-…` are transposed (idxDataset.ts).
   */
  readonly transposed?: boolean;
}

/** The last path part. */
export function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}
