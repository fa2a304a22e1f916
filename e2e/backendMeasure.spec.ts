import { expect, test } from './fixtures';
import { openLab, TINY } from './labHelpers';
import type { Page } from '@playwright/test';

/*
 * The backend chosen by measurement (src/engine/backendFit.ts): without `backend=` in the link the
 * worker times a few steps on every backend that starts here (WebGPU is SwiftShader in headless
 * Chromium, the CPU kernel on two threads and on one) and runs on the fastest; the panel lists the
 * timings; the next visit starts on the remembered choice and times nothing.
 */

const CONFIG = `n=2;k=2,2;${TINY}`;

interface Row {
  option: string;
  ms: number | null;
  chosen: boolean;
  text: string;
}

async function timingRows(page: Page): Promise<Row[]> {
  return page
    .getByTestId('backend-timings')
    .locator('li')
    .evaluateAll((items) =>
      items.map((li) => {
        const e = li as HTMLElement;
        return {
          option: e.dataset.option ?? '',
          ms: e.dataset.ms ? Number(e.dataset.ms) : null,
          chosen: e.dataset.chosen === 'true',
          text: e.textContent ?? '',
        };
      }),
    );
}

test('the fastest measured backend runs, the panel shows the timings, the next visit reuses it', async ({
  page,
}) => {
  const started = Date.now();
  await openLab(page, CONFIG, { backend: null });
  const panel = page.getByTestId('backend-timings');
  await expect(panel).toHaveAttribute('data-remembered', 'false');
  const rows = await timingRows(page);
  const measured = rows.filter((r) => r.ms !== null);
  // The CPU kernel at least; every option is listed, a skipped one with its reason.
  expect(measured.length).toBeGreaterThanOrEqual(1);
  for (const r of rows) expect(r.text).toMatch(r.ms !== null ? /ms a step/ : /skipped/);
  const chosen = rows.filter((r) => r.chosen);
  expect(chosen).toHaveLength(1);
  expect(chosen[0].ms).toBe(Math.min(...measured.map((r) => r.ms ?? Infinity)));
  const backend = await page.evaluate(() => window.resqunnLab.backend());
  expect(chosen[0].option.split(',')[0]).toBe(backend);
  await expect(page.getByTestId('backend')).toContainText(backend);
  const took = await panel.locator('span').first().textContent();
  console.log(`${took} in a ${Date.now() - started} ms page start: ${JSON.stringify(rows)}`);

  // The next visit: the remembered choice, the same timings, nothing timed again.
  await openLab(page, CONFIG, { backend: null });
  await expect(panel).toHaveAttribute('data-remembered', 'true');
  await expect(panel).toContainText('on an earlier visit');
  expect(await timingRows(page)).toEqual(rows);
  expect(await page.evaluate(() => window.resqunnLab.backend())).toBe(backend);

  // A step trains on it.
  await page.evaluate(() => window.resqunnLab.step(1));
  await page.waitForFunction(() => (window.resqunnLab.metrics()?.steps.length ?? 0) >= 1);
});

test('a link that names the backend is used as asked, and nothing is timed', async ({ page }) => {
  await openLab(page, CONFIG, { backend: 'wasm' });
  expect(await page.evaluate(() => window.resqunnLab.backend())).toBe('wasm');
  await expect(page.getByTestId('backend')).toContainText('wasm');
  await expect(page.getByTestId('backend-timings')).toHaveCount(0);
});
