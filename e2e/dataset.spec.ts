import { expect, test } from './fixtures';
import { dropDatasetFiles, openLab, storedDatasetId } from './labHelpers';
import { idxSet } from '../src/data/formats/testing/fixtures';

/*
 * A user's own data in the page: drop a small generated IDX dataset (3 classes), train on it,
 * share the link, open it in a fresh browser context (no stored datasets) and be asked for the
 * files, never trained on other data; give them, and the link's run trains.
 */
const FILES = [
  ...idxSet({ classes: 3, perClass: 12, gzip: true }),
  ...idxSet({ classes: 3, perClass: 6, prefix: 't10k' }),
];
const CONFIG = 'n=1;k=2;train=24;test=12;b=8';

test('drop an IDX dataset, train on it, share the link; a fresh browser asks for the files', async ({
  page,
  browser,
  lab,
}) => {
  await openLab(page, CONFIG);

  // A truncated file: a clear message naming it, nothing stored, the run still on MNIST.
  await dropDatasetFiles(page, [{ ...FILES[0], bytes: FILES[0].bytes.subarray(0, 50) }, FILES[1]]);
  await expect(page.getByTestId('dataset-error')).toContainText('train-images-idx3-ubyte.gz');
  expect(page.url()).not.toContain('data=');

  await dropDatasetFiles(page, FILES);
  const id = await storedDatasetId(
    page,
    /Stored idx-dataset\.[0-9a-f]{8}: 3 classes, 36 train and 18 test images/,
  );
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue(id);
  await page.evaluate(async () => {
    window.resqunnLab.play();
    await window.resqunnLab.waitFor(['done']);
  });
  const record = await page.evaluate(() => window.resqunnLab.metrics()!);
  expect(record.config).toContain(`data=${id}`);
  expect(record.steps.length).toBe(3);
  expect(record.epochs.at(-1)!.testAccuracy).toBeGreaterThanOrEqual(0);
  // The inspector shows the dataset's own test images and one probability per class.
  await expect(page.locator('.probabilities .prob')).toHaveCount(3);
  expect(lab.errors).toEqual([]);

  // The shared link names the dataset; a fresh context has no stored datasets.
  const link = page.url();
  expect(decodeURIComponent(link)).toContain(`data=${id}`);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  const missing = other.getByTestId('dataset-missing');
  await expect(missing).toContainText('which this browser does not have. Add its files');
  await expect(missing).toContainText(id.split('.')[1]);
  // The worker refuses the run (a notice names the dataset); nothing trains, on any data.
  await expect(other.locator('.alerts')).toContainText(
    `Training data unavailable. ${id}: this browser does not have this dataset`,
  );
  expect(await other.evaluate(() => window.resqunnLab.state())).not.toBe('training');
  expect(await other.evaluate(() => window.resqunnLab.metrics()?.steps.length ?? 0)).toBe(0);

  // Giving the files answers the request; the link's own run then trains.
  await other.getByTestId('dataset-files').setInputFiles(
    FILES.map((f) => ({
      name: f.path,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(f.bytes),
    })),
  );
  await expect(other.getByTestId('dataset-note')).toContainText("the link's dataset");
  await expect(missing).toHaveCount(0);
  await other.waitForFunction(() => window.resqunnLab.state() === 'paused', null, {
    timeout: 120_000,
  });
  await other.evaluate(async () => {
    window.resqunnLab.play();
    await window.resqunnLab.waitFor(['done']);
  });
  expect(await other.evaluate(() => window.resqunnLab.metrics()!.config)).toContain(`data=${id}`);
  await fresh.close();
});

test("EMNIST's transposed IDX images: by the files' emnist-… names, or the page's box", async ({
  page,
}) => {
  await openLab(page, CONFIG);
  const plain = idxSet({ classes: 3, perClass: 12 });
  const hash = (id: string) => id.split('.')[1];
  /** Drops the files; the id of what they were stored as, once the note of this drop shows. */
  const store = async (files: typeof plain) => {
    const note = page.getByTestId('dataset-note');
    const before = (await note.count()) > 0 ? await note.elementHandle() : null;
    await dropDatasetFiles(page, files);
    // Each import first clears the note: wait for the old one to go, not read it again.
    await before?.waitForElementState('hidden');
    return storedDatasetId(page, /Stored [a-z0-9-]+\.[0-9a-f]{8}: 3 classes/);
  };

  const asRead = await store(plain);
  const byName = await store(plain.map((f) => ({ ...f, path: `emnist-letters-${f.path}` })));
  await page.getByLabel(/IDX images stored column by column/).check();
  const byBox = await store(plain);
  // Transposed images are other data (another content hash); both ways give the same.
  expect(hash(byName)).not.toBe(hash(asRead));
  expect(hash(byBox)).toBe(hash(byName));
});
