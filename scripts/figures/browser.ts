import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { build, preview, type PreviewServer } from 'vite';
import { chromiumLaunchOptions } from '../testing/chromium';
import type { RunRecord } from '../../src/engine/runRecord';
import { svgToPng } from '../../src/ui/export/png';

/*
 * The app, built and served on localhost, driven in headless Chromium through
 * `window.resqunnLab`: the figures are made by the same engine and worker as the page.
 */

export interface ServedApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the app into a temporary folder and serves it with Vite's preview server. */
export async function buildAndServe(root: string): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'resqunn-figures-'));
  await build({
    root,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  const server: PreviewServer = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: 'localhost', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report its address');
  return {
    url,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface LabPage {
  readonly page: Page;
  readonly backend: string;
  run(config: string): Promise<RunRecord>;
  /** The SVG document drawn at `scale` × its size, as PNG bytes. */
  png(svg: string, width: number, height: number, scale: number): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens the app on `first`. `datasetFile` (a stored dataset.rqds, `npm run figures -- --data`)
 * is given to the page's file picker first, as a user would: the page stores it under the same
 * name and hash, so every configuration naming it trains on it.
 */
export async function openLab(
  url: string,
  backend: string,
  first: string,
  datasetFile?: string,
): Promise<LabPage> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const address = new URL(url);
  address.searchParams.set('backend', backend);
  address.searchParams.set('c', first);
  await page.goto(address.href);
  await page.waitForFunction(
    () => ['paused', 'error'].includes(window.resqunnLab?.state() ?? ''),
    null,
    { timeout: 300_000 },
  );
  if (datasetFile) await giveDataset(page, datasetFile, first);
  const used = await page.evaluate(() => window.resqunnLab.backend());
  return {
    page,
    backend: used,
    run: (config) => runInPage(page, config),
    png: (svg, width, height, scale) => rasterise(page, svg, width, height, scale),
    close: () => browser.close(),
  };
}

/** Gives the page the stored dataset; resolves once it is stored and named as `config` names it. */
async function giveDataset(page: Page, file: string, config: string): Promise<void> {
  const id = /(?:^|;)data=([^;]+)/.exec(config)?.[1];
  if (!id) throw new Error(`giveDataset: ${config} names no dataset`);
  await page.getByTestId('dataset-files').setInputFiles(file);
  const note = page.getByTestId('dataset-note').or(page.getByTestId('dataset-error'));
  await note.waitFor({ timeout: 300_000 });
  const text = (await note.textContent()) ?? '';
  if (!text.includes(id)) throw new Error(`the page did not store ${id} from ${file}: ${text}`);
}

/** Configures the page, trains one epoch to the end and returns the run's record. */
async function runInPage(page: Page, config: string): Promise<RunRecord> {
  const result = await page.evaluate(async (text) => {
    // No named function expressions in here: tsx would wrap them in a helper the page lacks.
    const lab = window.resqunnLab;
    const before = lab.metrics()?.runId ?? 0;
    const configured = lab.configure(text);
    if (!configured.ok) return { error: configured.errors.join('; ') };
    // The new run exists, and its own state (not the previous run's) has arrived.
    for (let t = 0; (lab.metrics()?.runId ?? 0) <= before || lab.state() !== 'paused'; t++) {
      if (lab.state() === 'error' && (lab.metrics()?.runId ?? 0) > before) break;
      if (t > 6000) return { error: 'the run did not start within 5 minutes' };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Played until done or failed. A paused run is asked again every 2 s: a play() sent while
    // the page still sets the run up can be dropped, and a run resumed after its worker was
    // restarted may wait paused. One with fewer steps than it had was restarted from the start:
    // a failure to report now, not a wait of an hour.
    for (let seen = 0, t = 0; !['done', 'error'].includes(lab.state()); t++) {
      const steps = lab.metrics()?.steps.length ?? 0;
      if (steps < seen) {
        const why = document.querySelector('[role="alert"]')?.textContent?.trim();
        return {
          error:
            `the page restarted the run at step ${seen}` +
            (why ? ` (it says: ${why.slice(0, 300)})` : ''),
        };
      }
      seen = Math.max(seen, steps);
      if (lab.state() === 'paused' && t % 10 === 0) lab.play();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const record = lab.metrics();
    if (!record) return { error: 'no run record' };
    if (lab.state() === 'error') {
      return { error: record.errors.map((e) => e.message).join('; ') || 'the run failed' };
    }
    return { record };
  }, config);
  if ('error' in result) throw new Error(`${config}: ${result.error}`);
  return result.record as RunRecord;
}

/** A blank Chromium page that only draws PNGs (for `--runs`: no app needed). */
export async function openRasteriser(): Promise<Pick<LabPage, 'png' | 'close'>> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage();
  return {
    png: (svg, width, height, scale) => rasterise(page, svg, width, height, scale),
    close: () => browser.close(),
  };
}

/**
 * The app's PNG export (src/ui/export/png.ts), sent to the page as source: one rasteriser, so a
 * figure's PNG is drawn exactly as the app's own export draws it. It uses browser globals only.
 */
async function rasterise(
  page: Page,
  svg: string,
  width: number,
  height: number,
  scale: number,
): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ source, svg, width, height, scale }) => {
      const toPng = (0, eval)(`(${source})`) as typeof svgToPng;
      const blob = await toPng(svg, width, height, scale, 'white');
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(binary);
    },
    { source: svgToPng.toString(), svg, width, height, scale },
  );
  return Buffer.from(base64, 'base64');
}
