/**
 * Datasets in the browser: IndexedDB (database `resqunn-lab-datasets`, apart from the runs' so
 * neither's version moves the other's), one record per dataset keyed by content hash, holding its
 * RQDS bytes (datasetFile.ts). Opened by the page (to store and list) and by the training worker
 * (to load by hash). A dataset is written in one transaction: it is stored whole or not at all.
 * IndexedDB through the one helper (util/indexedDb.ts: open time limit, transaction errors).
 */
import type { Dataset, DatasetFormat } from './dataset';
import { datasetId } from './dataset';
import { DatasetError } from './datasetError';
import { decodeDatasetFile, encodeDatasetFile } from './datasetFile';
import { parseDatasetRef } from './datasetRef';
import { openKeyedStore, type StoreRun } from '../../util/indexedDb';
import { formatBytes } from '../../util/formatBytes';

const DB_NAME = 'resqunn-lab-datasets';
const DB_VERSION = 1;
const STORE = 'datasets';

/** What the page lists without decoding the pixels. */
export interface StoredDatasetInfo {
  readonly hash: string;
  readonly name: string;
  readonly format: DatasetFormat;
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly trainCount: number;
  readonly testCount: number;
  readonly storedAt: number;
}

interface StoredDatasetRecord extends StoredDatasetInfo {
  readonly bytes: Uint8Array;
}

export interface DatasetStore {
  put(dataset: Dataset): Promise<StoredDatasetInfo>;
  /** The dataset a configuration's `name.hash` names, or null where this browser lacks it. */
  load(ref: string): Promise<Dataset | null>;
  list(): Promise<StoredDatasetInfo[]>;
  remove(hash: string): Promise<void>;
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** @throws DatasetError ('storage') where IndexedDB is missing, refuses to open or does not answer. */
export async function openDatasetStore(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<DatasetStore> {
  const unavailable = (why: string) =>
    new DatasetError(
      'this browser’s storage',
      'storage',
      `datasets cannot be stored: ${why}`,
      'Leave private browsing or allow this site to store data, then add the dataset again',
    );
  let run: StoreRun;
  try {
    run = await openKeyedStore({
      name: DB_NAME,
      version: DB_VERSION,
      store: STORE,
      keyPath: 'hash',
      factory,
    });
  } catch (error) {
    throw unavailable(String((error as Error)?.message ?? error));
  }
  return {
    async put(dataset) {
      const info: StoredDatasetInfo = {
        hash: dataset.hash,
        name: dataset.name,
        format: dataset.format,
        classes: dataset.classes,
        classNames: dataset.classNames,
        trainCount: dataset.train.count,
        testCount: dataset.test.count,
        storedAt: Date.now(),
      };
      const record: StoredDatasetRecord = { ...info, bytes: encodeDatasetFile(dataset) };
      try {
        await run('readwrite', (s) => s.put(record));
      } catch (error) {
        throw new DatasetError(
          datasetId(dataset),
          'storage',
          isQuotaError(error)
            ? `the browser's storage for this site is full; the dataset (${formatBytes(record.bytes.length)}) was not stored`
            : `it could not be stored (${(error as Error)?.message ?? error})`,
          'Remove datasets you no longer need, or free disk space, and add it again',
        );
      }
      return info;
    },
    async load(ref) {
      const parsed = parseDatasetRef(ref);
      if (!parsed) return null;
      const record = await run(
        'readonly',
        (s) => s.get(parsed.hash) as IDBRequest<StoredDatasetRecord | undefined>,
      );
      if (!record) return null;
      const dataset = decodeDatasetFile(record.bytes, datasetId(parsed));
      return { ...dataset, name: parsed.name };
    },
    async list() {
      const records = await run('readonly', (s) => s.getAll() as IDBRequest<StoredDatasetRecord[]>);
      return records
        .map(({ bytes: _bytes, ...info }) => info)
        .sort((a, b) => b.storedAt - a.storedAt);
    },
    async remove(hash) {
      await run('readwrite', (s) => s.delete(hash));
    },
  };
}

/** The error a run gets for a dataset this browser lacks: it asks for the files, never substitutes. */
export function missingDatasetError(ref: string): DatasetError {
  return new DatasetError(
    ref,
    'missing',
    'this browser does not have this dataset (a link names data by name and content hash, and carries no data)',
    'Add its files with “Add data” (or drop them on the page); a run never trains on other data in its place',
  );
}
