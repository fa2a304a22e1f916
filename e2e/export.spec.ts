import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pngSize } from '../src/ui/export/png';
import { download, parseSvg, TINY } from './labHelpers';

/*
 * Exports of the figures and the run's data: every file parses, says what it holds in its name,
 * is styled without the page's CSS, and PNGs have the size asked for.
 */

const CONFIG = `n=2;k=2,2;e=1-2;${TINY}`;
const SLUG = 'n2-k2-2-e1-2-train32-test16-b8_seed1';

async function menu(page: Page, subject: string, label: string) {
  await page.getByRole('button', { name: `Export ${label}`, exact: true }).click();
  return page.locator(`[data-export-menu="${subject}"]`);
}

test.beforeEach(async ({ lab }) => {
  await lab.open(CONFIG);
  await lab.train(CONFIG);
});

test('a chart exports as a standalone SVG with its styles inlined', async ({ page }) => {
  const m = await menu(page, 'gradnorms', 'gradient chart');
  const svg = await download(page, () =>
    m.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  expect(svg.name).toBe(`resqunn_gradnorms_${SLUG}.svg`);
  expect(svg.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const parsed = await parseSvg(page, svg.text);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.namespace).toBe('http://www.w3.org/2000/svg');
  expect(parsed.width).toBeGreaterThan(100);
  expect(parsed.firstRectFill).toBe('#ffffff');
  expect(parsed.hasStyleElement).toBe(false);
  // No CSS variables or web fonts: presentation attributes and the system font stack.
  expect(svg.text).not.toContain('var(--');
  expect(svg.text).not.toContain('@font-face');
  expect(svg.text).toContain("font-family=\"system-ui, -apple-system, 'Segoe UI'");
  // The legend and the layers' colours are in the figure; the configuration in its <desc>.
  expect(svg.text).toContain('#2f6fdf');
  expect(svg.text).toMatch(/<desc>[^<]*O1\+O2 \(n=2;k=2,2;e=1-2;train=32;test=16;b=8\)/);
  // A figure on its own: a visible title, the configuration, what each axis measures, and a
  // finished lane (the page's "none so far" is for a run still going).
  expect(svg.text).toMatch(/<text[^>]*>Gradient norm per layer during training<\/text>/);
  expect(svg.text).toMatch(/<text[^>]*>O1\+O2 \(n=2;k=2,2;e=1-2;train=32;test=16;b=8\)/);
  expect(svg.text).toMatch(/<text[^>]*>training step<\/text>/);
  expect(svg.text).toMatch(/<text[^>]*>‖∇θ‖ \(log\)<\/text>/);
  expect(svg.text).not.toContain('none so far');
  await expect(m.getByRole('status')).toHaveText(`Saved ${svg.name}`);
});

test('PNGs have the size asked for, at 1×, 2× and 4×', async ({ page }) => {
  const m = await menu(page, 'loss', 'loss chart');
  await m.getByRole('combobox').first().selectOption('column');
  for (const scale of [1, 2, 4]) {
    const png = await download(page, () =>
      m.getByRole('button', { name: `PNG ${scale}×`, exact: true }).click(),
    );
    expect(png.name).toBe(`resqunn_loss_${SLUG}_column_${scale}x.png`);
    expect(pngSize(new Uint8Array(png.bytes))).toEqual({ width: 340 * scale, height: 230 * scale });
  }
  // The SVG at that size says so too.
  const svg = await download(page, () =>
    m.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  const parsed = await parseSvg(page, svg.text);
  expect([parsed.width, parsed.height]).toEqual([340, 230]);
});

test('a transparent background leaves the white rectangle out', async ({ page }) => {
  const m = await menu(page, 'accuracy', 'accuracy chart');
  await m.getByRole('combobox').nth(1).selectOption('transparent');
  const svg = await download(page, () =>
    m.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  const parsed = await parseSvg(page, svg.text);
  expect(parsed.error).toBeNull();
  expect(parsed.firstRectFill).not.toBe('#ffffff');
  // Accuracy is recorded per epoch: the step axis says where its points sit.
  expect(svg.text).toContain('training step (a point per epoch');
  expect(svg.text).toMatch(/<text[^>]*>accuracy<\/text>/);
  const png = await download(page, () =>
    m.getByRole('button', { name: 'PNG 1×', exact: true }).click(),
  );
  // Colour type 6 (RGBA) with alpha: the PNG keeps transparency.
  expect(png.bytes[25]).toBe(6);
});

test('the architecture diagram exports as SVG and PNG', async ({ page }) => {
  const m = await menu(page, 'architecture', 'architecture diagram');
  const svg = await download(page, () =>
    m.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  expect(svg.name).toBe(`resqunn_architecture_${SLUG}.svg`);
  const parsed = await parseSvg(page, svg.text);
  expect(parsed.error).toBeNull();
  expect(svg.text).toContain('>Q1<');
  expect(svg.text).toContain('>O1+O2<');
  // Interaction-only parts are left out; CSS transforms became attributes.
  expect(svg.text).not.toContain('arc-hit');
  expect(svg.text).not.toContain('style="transform');
  const png = await download(page, () =>
    m.getByRole('button', { name: 'PNG 4×', exact: true }).click(),
  );
  expect(pngSize(new Uint8Array(png.bytes))).toEqual({
    width: parsed.width * 4,
    height: parsed.height * 4,
  });
});

test('the circuit exports as SVG and PNG with the angles shown', async ({ page }) => {
  await page.getByRole('button', { name: 'Circuit', exact: true }).click();
  await page.getByRole('tab', { name: 'Q2' }).click();
  const value = page.getByTestId('gate-ry-l0-q3').locator('.gate-value');
  await expect(value).toHaveText(/^\d\.\d\d$/);
  // The run has ended; wait for the inspection of its last step: two readings 300 ms apart agree
  // (the first poll only takes a reading, so at least one interval passes).
  let previous: string | null = null;
  await expect
    .poll(
      async () => {
        const now = await value.textContent();
        const settled = now === previous;
        previous = now;
        return settled;
      },
      { intervals: [300] },
    )
    .toBe(true);
  const theta = await value.textContent();
  const m = await menu(page, 'circuit-q2', 'circuit');
  const svg = await download(page, () =>
    m.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  expect(svg.name).toBe(`resqunn_circuit-q2_${SLUG}.svg`);
  const parsed = await parseSvg(page, svg.text);
  expect(parsed.error).toBeNull();
  expect(svg.text).toContain('>RZ<');
  expect(svg.text).toContain(`>${theta}<`);
  expect(svg.text).toMatch(/<desc>[^<]*circuit of Q2[^<]*O1\+O2/);
  const png = await download(page, () =>
    m.getByRole('button', { name: 'PNG 2×', exact: true }).click(),
  );
  expect(pngSize(new Uint8Array(png.bytes))).toEqual({
    width: parsed.width * 2,
    height: parsed.height * 2,
  });
});

test('the run exports as CSV (a row per step) and as its JSON record', async ({ page }) => {
  const record = await page.evaluate(() => window.resqunnLab.metrics());
  const m = await menu(page, 'gradnorms', 'gradient chart');
  const csv = await download(page, () => m.getByRole('button', { name: 'Steps CSV' }).click());
  expect(csv.name).toBe(`resqunn_steps_${SLUG}_run${record?.runId}.csv`);
  const lines = csv.text.trim().split('\n');
  expect(lines[0]).toBe('step,epoch,loss,batchAccuracy,gradNorm_Q1,gradNorm_Q2,gradNorm_H');
  expect(lines).toHaveLength(1 + (record?.steps.length ?? 0));
  const first = lines[1].split(',').map(Number);
  expect(first[2]).toBe(record?.steps[0].loss);
  expect(first[4]).toBe(record?.steps[0].gradNorms.Q1);

  const json = await download(page, () => m.getByRole('button', { name: 'Run JSON' }).click());
  expect(json.name).toBe(`resqunn_run_${SLUG}_run${record?.runId}.json`);
  expect(JSON.parse(json.text)).toEqual(record);
});

test('a page in dark mode still exports dark ink on white, for print', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const [subject, label] of [
    ['gradnorms', 'gradient chart'],
    ['architecture', 'architecture diagram'],
  ] as const) {
    const m = await menu(page, subject, label);
    const svg = await download(page, () =>
      m.getByRole('button', { name: 'SVG', exact: true }).click(),
    );
    // The dark theme's ink, muted text and panel colours do not reach the file.
    for (const dark of ['#e6eaf0', '#b7c0cc', '#8590a0', '#171c24', '#1e2530']) {
      expect(svg.text, `${label}: ${dark}`).not.toContain(dark);
    }
    expect(svg.text).toMatch(/#6b7584|#4a5565|#1b2330/);
    await page.keyboard.press('Escape');
  }
});
