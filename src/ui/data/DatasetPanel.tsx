import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { MNIST_DATASET, parseDatasetRef } from '../../data/formats/datasetRef';
import { DATASET_LIMITS } from '../../data/formats/limits';
import { formatBytes } from '../../util/formatBytes';
import { withDataset } from '../../model/config/config';
import { formatConfigText } from '../../model/config/configText';
import { createDatasetLibrary, type PickedFile } from '../../state/datasetLibrary';
import type { StoredDatasetInfo } from '../../data/formats/datasetStoreBrowser';
import { useConfig, useController } from '../LabContext';
import { filesFromDrop, filesFromInput } from './pickedFiles';
import './DatasetPanel.css';

const idOf = (info: StoredDatasetInfo) => `${info.name}.${info.hash}`;
const countsOf = (info: StoredDatasetInfo) => ({ train: info.trainCount, test: info.testCount });

/**
 * Which data the run trains on: the built-in MNIST or a dataset stored in this browser, and the
 * way to add one (file picker, folder picker, or a drop anywhere on the page). A link naming a
 * dataset this browser lacks is said so here, with the request for its files; the run does not
 * train on anything else meanwhile (the worker refuses it).
 */
export function DatasetPanel() {
  const controller = useController();
  const config = useConfig((s) => s.config);
  const library = useMemo(() => createDatasetLibrary(), []);
  const { stored, busy, error } = useStore(library.store);
  const [loaded, setLoaded] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  /** The user says the IDX images are stored transposed (EMNIST). */
  const transposed = useRef(false);

  useEffect(() => {
    void library.refresh().then(() => setLoaded(true));
  }, [library]);

  const current = config.dataset;
  const ref = parseDatasetRef(current);
  const missing = loaded && ref ? !stored.some((s) => s.hash === ref.hash) : false;

  const choose = (id: string) => {
    setNote(null);
    if (id === MNIST_DATASET) {
      controller.update(withDataset(config, id));
      return;
    }
    const info = stored.find((s) => idOf(s) === id);
    if (info) controller.update(withDataset(config, id, countsOf(info)));
  };

  const add = async (picked: PickedFile[]) => {
    setNote(null);
    // Checked: transpose; unchecked: EMNIST's file names decide (idxDataset.ts).
    const id = await library.importFiles(picked, undefined, transposed.current || undefined);
    if (!id) return;
    const info = library.store.getState().stored.find((s) => idOf(s) === id);
    if (ref && missing) {
      if (parseDatasetRef(id)?.hash === ref.hash) {
        // The very data the link names: send the configuration again so the run loads it.
        controller.configure(formatConfigText(config));
        setNote(`Stored ${id}: the link's dataset. Press play to train.`);
      } else {
        setNote(
          `Stored ${id}, but the link names ${current}: these files hold other data ` +
            '(their content hash differs). Add the files the link was made with, or choose the new dataset to train on it instead.',
        );
      }
      return;
    }
    if (info) controller.update(withDataset(config, id, countsOf(info)));
    setNote(
      info
        ? `Stored ${id}: ${info.classes} classes, ${info.trainCount} train and ${info.testCount} test images.`
        : null,
    );
  };

  // Drops anywhere on the page add data (the panel says so while a drag is over the page).
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(false);
      const transfer = event.dataTransfer;
      void filesFromDrop(transfer).then(add);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  return (
    <section
      className={`dataset-panel${dragging ? ' dragging' : ''}`}
      aria-label="Training data"
      data-testid="dataset-panel"
    >
      <label className="dataset-choice">
        <span>Data</span>
        <select
          aria-label="Dataset"
          value={current}
          disabled={busy}
          onChange={(e) => choose(e.target.value)}
        >
          <option value={MNIST_DATASET}>MNIST digits (built in)</option>
          {stored.map((info) => (
            <option key={info.hash} value={idOf(info)}>
              {info.name} · {info.classes} classes · {info.trainCount + info.testCount} images
            </option>
          ))}
          {ref && missing && <option value={current}>{current} (not in this browser)</option>}
        </select>
      </label>
      <div className="dataset-actions">
        <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
          Add data…
        </button>
        <button type="button" disabled={busy} onClick={() => folderInput.current?.click()}>
          Add folder…
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Dataset files"
          data-testid="dataset-files"
          onChange={(e) => {
            void add(filesFromInput(e.target.files));
            e.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Dataset folder"
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            void add(filesFromInput(e.target.files));
            e.target.value = '';
          }}
        />
      </div>
      <label className="dataset-transposed">
        <input
          type="checkbox"
          disabled={busy}
          onChange={(e) => (transposed.current = e.target.checked)}
        />
        IDX images stored column by column (EMNIST; files named emnist-… are detected)
      </label>
      <p className="dataset-hint">
        {dragging
          ? 'Drop to add this dataset.'
          : `IDX files (gzipped or not), a CSV (label, then one column per pixel), or a zip or folder of PNG/JPEG images with one subfolder per class; up to ${formatBytes(DATASET_LIMITS.fileBytes)} a file. Images become 14×14 grayscale by area averaging.`}
      </p>
      {ref && missing && (
        <p className="dataset-missing" role="alert" data-testid="dataset-missing">
          This configuration trains on the dataset “{ref.name}” (content hash {ref.hash}), which
          this browser does not have. Add its files to train on it; nothing trains on other data in
          its place.
        </p>
      )}
      {busy && <p className="dataset-busy">Importing…</p>}
      {error && (
        <p className="dataset-error" role="alert" data-testid="dataset-error">
          {error}
        </p>
      )}
      {note && (
        <p className="dataset-note" data-testid="dataset-note">
          {note}
        </p>
      )}
    </section>
  );
}
