import { createStore, type StoreApi } from 'zustand/vanilla';
import { DatasetError } from '../data/formats/datasetError';
import { datasetNameFrom } from '../data/formats/datasetName';
import { openDatasetStore, type StoredDatasetInfo } from '../data/formats/datasetStoreBrowser';
// limits.ts, not importDataset.ts: the page's bundle then holds no image decoders (the import worker's).
import { checkFileSize } from '../data/formats/limits';
import type { ImportReply, ImportRequest } from '../data/formats/importWorker';
import type { InputFile } from '../data/formats/inputFile';
import { IMAGE_SIDE } from '../model/config/config';

/**
 * The page's datasets: those stored in this browser (IndexedDB), an import in progress, and the
 * last import's outcome. Imports run in their own worker (importWorker.ts), never on the page's
 * thread.
 */
export interface DatasetLibraryState {
  readonly stored: readonly StoredDatasetInfo[];
  readonly busy: boolean;
  /** The last import's error, naming the file and what to do; null after a success. */
  readonly error: string | null;
}

export interface DatasetLibrary {
  readonly store: StoreApi<DatasetLibraryState>;
  refresh(): Promise<void>;
  /**
   * Imports and stores the files; resolves to the dataset's `name.hash`, or null (see error).
   * `name` (datasetName.ts's rule) defaults to the picked folder's, zip's or file's name.
   * `transposed`: the user says the IDX images are stored column by column (EMNIST); left out,
   * files named `emnist-…` are transposed (ImportOptions.transposed).
   */
  importFiles(
    files: readonly PickedFile[],
    name?: string,
    transposed?: boolean,
  ): Promise<string | null>;
}

/** A picked or dropped file with its path inside what was picked (a folder's class subfolders). */
export interface PickedFile {
  readonly path: string;
  readonly file: Blob;
}

export function createDatasetLibrary(): DatasetLibrary {
  const store = createStore<DatasetLibraryState>(() => ({ stored: [], busy: false, error: null }));
  const refresh = async () => {
    try {
      store.setState({ stored: await (await openDatasetStore()).list() });
    } catch {
      store.setState({ stored: [] }); // no storage: nothing stored; an import says why
    }
  };
  return {
    store,
    refresh,
    async importFiles(picked, name, transposed) {
      if (picked.length === 0) return null;
      store.setState({ busy: true, error: null });
      try {
        // The size limit before any file is read into memory.
        for (const { path, file } of picked) checkFileSize(path, file.size);
        const files: InputFile[] = await Promise.all(
          picked.map(async ({ path, file }) => ({
            path,
            bytes: new Uint8Array(await file.arrayBuffer()),
          })),
        );
        const request: ImportRequest = {
          files,
          options: {
            name: name ?? datasetNameFrom(nameSource(picked)),
            side: IMAGE_SIDE,
            ...(transposed !== undefined && { transposed }),
          },
        };
        const reply = await runImport(request);
        if (!reply.ok) {
          store.setState({ error: reply.message });
          return null;
        }
        await refresh();
        return reply.id;
      } catch (error) {
        store.setState({
          error:
            error instanceof DatasetError
              ? error.message
              : `The files could not be read: ${String(error)}`,
        });
        return null;
      } finally {
        store.setState({ busy: false });
      }
    },
  };
}

/** What names a pick: its folder, its one file (a zip, a CSV), else the IDX files' common part. */
function nameSource(picked: readonly PickedFile[]): string {
  const first = picked[0].path;
  if (first.includes('/')) return first.split('/')[0];
  if (picked.length === 1) return first;
  return picked.some((p) => /idx[13]/i.test(p.path)) ? 'idx-dataset' : first;
}

function runImport(request: ImportRequest): Promise<ImportReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../data/formats/importWorker.ts', import.meta.url), {
      type: 'module',
      name: 'dataset-import',
    });
    worker.onmessage = (event: MessageEvent<ImportReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({
        ok: false,
        file: '',
        message: `The import stopped: ${event.message || 'the import worker failed'}`,
      });
    };
    worker.postMessage(
      request,
      request.files.map((f) => f.bytes.buffer as ArrayBuffer),
    );
  });
}
