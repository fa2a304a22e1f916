import { readFile } from 'node:fs/promises';
import { expect, type Download, type Page } from '@playwright/test';

/**
 * Where a test's screenshot of the app goes: under test-results/ (ignored by git), so `npm test`
 * never rewrites the tracked docs/*.png; `npm run screenshots` points it at docs/ to update the
 * README's images on purpose.
 */
export function screenshotPath(name: string): string {
  return `${process.env.RESQUNN_SCREENSHOTS_DIR ?? 'test-results/screenshots'}/${name}`;
}

/** Shared by the export, runs and figures tests: tiny data and wasm keep every step quick. */
export const TINY = 'train=32;test=16;b=8';

export interface OpenOptions {
  /** The tfjs backend to ask for; null leaves the app's own choice. Default wasm. */
  readonly backend?: string | null;
  /** Also wait for the diagram's entrance animations to end (before dragging by position). */
  readonly settled?: boolean;
}

/** Waits until the page's run is ready (paused at step 0): a fresh page loads its worker first. */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.resqunnLab?.state() === 'paused', null, {
    timeout: 120_000,
  });
}

/** Opens the app on `config` and waits until its first run is ready (paused at step 0). */
export async function openLab(
  page: Page,
  config: string,
  options: OpenOptions = {},
): Promise<void> {
  const { backend = 'wasm', settled = false } = options;
  const query = backend === null ? '' : `backend=${backend}&`;
  // Tests train as fast as they can; the page's own default is a teaching pace (state/pace.ts).
  await page.goto(`/?${query}pace=max&c=${encodeURIComponent(config)}`);
  await waitForReady(page);
  if (settled) await page.waitForFunction(() => document.getAnimations().length === 0);
}

/** Configures the page and trains the run to its end. */
export async function trainToEnd(page: Page, config: string): Promise<void> {
  await page.evaluate(async (text) => {
    const lab = window.resqunnLab;
    const before = lab.metrics()?.runId ?? 0;
    const result = lab.configure(text);
    if (!result.ok) throw new Error(result.errors.join('; '));
    while ((lab.metrics()?.runId ?? 0) <= before || lab.state() !== 'paused') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    lab.play();
    await lab.waitFor(['done']);
  }, config);
}

/** Clicks `click` and returns the download it starts: its name and its bytes. */
export async function download(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const bytes = await readFile(await (file as Download).path());
  return { name: file.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** Parses an SVG document with the browser's XML parser; returns its root's facts or the error. */
export function parseSvg(page: Page, text: string) {
  return page.evaluate((markup) => {
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const root = doc.documentElement;
    return {
      error: error ? error.textContent : null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      elements: doc.getElementsByTagName('*').length,
      firstRectFill: root.querySelector(':scope > rect')?.getAttribute('fill') ?? null,
      hasStyleElement: doc.getElementsByTagName('style').length > 0,
    };
  }, text);
}

/**
 * Waits until the page's IndexedDB archive holds `count` runs, each saved after it stopped
 * (state not 'training'): what a reload will find.
 */
export async function waitForSavedRuns(page: Page, count: number): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('resqunn-lab');
            open.onerror = () => resolve(-1);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('runs')) return (resolve(0), db.close());
              const all = db.transaction('runs').objectStore('runs').getAll();
              all.onsuccess = () => {
                const runs = all.result as { record: { state: string } }[];
                resolve(runs.filter((r) => r.record.state !== 'training').length);
                db.close();
              };
              all.onerror = () => resolve(-1);
            };
          }),
      ),
    )
    .toBeGreaterThanOrEqual(count);
}

/**
 * Waits until the page is at rest: no animation running and the DOM unchanged for `frames`
 * animation frames in a row (the charts, feature maps and circuit have drawn what they will).
 */
export async function pageAtRest(page: Page, frames = 10): Promise<void> {
  await page.evaluate(
    (quietFrames) =>
      new Promise<void>((resolve) => {
        let quiet = 0;
        const observer = new MutationObserver(() => (quiet = 0));
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
        const tick = () => {
          quiet = document.getAnimations().length === 0 ? quiet + 1 : 0;
          if (quiet >= quietFrames) {
            observer.disconnect();
            resolve();
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
}

/** The middle of an arc's path, in page coordinates (a bounding box centre is not on it). */
export const arcMiddle = (page: Page, edge: string) =>
  page.evaluate((key) => {
    const path = document.querySelector<SVGPathElement>(`[data-edge="${key}"]`);
    const matrix = path?.getScreenCTM();
    if (!path || !matrix) throw new Error(`no arc ${key}`);
    const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(matrix);
    return { x: p.x, y: p.y };
  }, edge);
