/// <reference lib="webworker" />
/**
 * The page's dataset import, off the main thread: decoding a zip of images or 70,000 IDX images
 * takes seconds, and the page must keep drawing. Imports the files, stores the dataset in
 * IndexedDB (one transaction: whole or not at all) and answers with its summary or the error.
 */
import { datasetId } from './dataset';
import { DatasetError } from './datasetError';
import { openDatasetStore, type StoredDatasetInfo } from './datasetStoreBrowser';
import { importDataset } from './importDataset';
import type { ImportOptions, InputFile } from './inputFile';

export interface ImportRequest {
  readonly files: readonly InputFile[];
  readonly options: ImportOptions;
}

export type ImportReply =
  | { readonly ok: true; readonly id: string; readonly info: StoredDatasetInfo }
  | { readonly ok: false; readonly message: string; readonly file: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<ImportRequest>) => {
  let reply: ImportReply;
  try {
    const dataset = importDataset(event.data.files, event.data.options);
    const info = await (await openDatasetStore()).put(dataset);
    reply = { ok: true, id: datasetId(dataset), info };
  } catch (error) {
    reply =
      error instanceof DatasetError
        ? { ok: false, message: error.message, file: error.file }
        : { ok: false, message: `The files could not be imported: ${String(error)}`, file: '' };
  }
  scope.postMessage(reply);
};
