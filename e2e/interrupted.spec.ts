import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotPath } from './labHelpers';

/**
 * A run the page closes on while it trains is kept, marked and offered again after the reload;
 * runs are numbered uniquely across sessions; fragments of quick edits stay out of Compare unless
 * asked; no abandoned run stays 'training' in runs().
 */

// Long enough (5000 steps) that it is still training when the page reloads.
const LONG = 'n=1;k=2;train=400;test=16;b=8;ep=100';

/** The runs IndexedDB holds now: state and step count. */
const stored = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ state: string; steps: number }[]>((resolve) => {
        const open = indexedDB.open('resqunn-lab');
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('runs')) return (resolve([]), db.close());
          const all = db.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            const runs = all.result as { record: { state: string; steps: unknown[] } }[];
            resolve(runs.map((r) => ({ state: r.record.state, steps: r.record.steps.length })));
            db.close();
          };
          all.onerror = () => resolve([]);
        };
      }),
  );

const openRuns = async (page: Page) => {
  await page.getByRole('button', { name: /Compare runs/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare runs' });
  await expect(dialog).toBeVisible();
  return dialog;
};

test('a run cut short by a reload is marked, offered for resuming, and numbered apart', async ({
  page,
  lab,
}) => {
  await lab.open(LONG);
  await page.evaluate(() => window.resqunnLab.play());
  // The archive saves a training run every 2 s: wait for a save made mid-run.
  await expect
    .poll(async () => (await stored(page)).some((r) => r.state === 'training' && r.steps >= 3), {
      timeout: 30_000,
    })
    .toBe(true);
  expect(await page.evaluate(() => window.resqunnLab.state())).toBe('training');

  await lab.open(LONG); // the reload
  const notice = page.getByTestId('interrupted-run-notice');
  await expect(notice).toContainText(/#1 was interrupted at step \d+ of 5000 when the page closed/);
  const reached = Number(/step (\d+) of/.exec((await notice.textContent()) ?? '')?.[1]);
  expect(reached).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: screenshotPath('interrupted-notice.png') });

  // Resume: the same configuration trained again to the step it reached.
  await notice.getByRole('button', { name: `Resume to step ${reached}` }).click();
  await expect(notice).toBeHidden();
  await expect
    .poll(() => page.evaluate(() => window.resqunnLab.metrics()?.steps.length ?? 0), {
      timeout: 60_000,
    })
    .toBe(reached);

  const dialog = await openRuns(page);
  const rows = dialog.getByTestId('runs-table').locator('tbody tr[data-run]');
  const cut = rows.filter({ hasText: 'saved' });
  await expect(cut).toHaveCount(1);
  await expect(cut).toContainText(`interrupted at step ${reached} of 5000`);
  await expect(cut).toContainText('#1');
  await page.screenshot({ path: screenshotPath('interrupted-compare.png') });
  // Training is deterministic from the seed: the resumed run stands where the cut one stopped.
  const resumed = rows.filter({ hasText: 'this session' });
  await expect(resumed).toHaveCount(1);
  expect(await resumed.locator('td.num').allTextContents()).toEqual(
    await cut.locator('td.num').allTextContents(),
  );
  // This session's runs count on from the saved one: no second "#1".
  const numbers = (await rows.locator('td:nth-child(2) .muted').allTextContents()).map((t) =>
    t.trim(),
  );
  expect(numbers).toContain('#1');
  expect(new Set(numbers).size).toBe(numbers.length);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A reload after that marks the run still, but offers nothing.
  await lab.open(LONG);
  // The saved runs are counted in the same store update that would offer one again.
  await expect(page.getByRole('button', { name: /Compare runs/ })).toContainText(/[1-9]/);
  await expect(page.getByTestId('interrupted-run-notice')).toHaveCount(0);
});

test('quick edits leave no fragments in Compare and no abandoned run in state training', async ({
  page,
  lab,
}) => {
  await lab.open(LONG);
  // Three quick edits, each trained for a single step; the last one then trains for real.
  for (const lr of ['0.02', '0.03', '0.04']) {
    await page.evaluate(async (text) => {
      const lab = window.resqunnLab;
      const before = lab.metrics()?.runId ?? 0;
      lab.configure(text);
      while ((lab.metrics()?.runId ?? 0) <= before || lab.state() !== 'paused') {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      lab.step(1);
      await lab.waitFor(['paused']);
    }, `${LONG};lr=${lr}`);
  }
  await expect
    .poll(() => page.evaluate(() => window.resqunnLab.metrics()?.steps.length ?? 0))
    .toBe(1);
  // Playing, then edited mid-run: the abandoned run must not stay 'training'.
  await page.evaluate(async () => {
    const lab = window.resqunnLab;
    lab.play();
    while ((lab.metrics()?.steps.length ?? 0) < 3) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  await page.evaluate(() => window.resqunnLab.configure('n=1;k=2;train=400;test=16;b=8;ep=99'));
  await expect
    .poll(() =>
      page.evaluate(() => {
        const lab = window.resqunnLab;
        const current = lab.metrics()?.runId;
        return lab.runs().length > 4 && current !== undefined;
      }),
    )
    .toBe(true);
  await page.evaluate(() => window.resqunnLab.pause());
  const runs = await page.evaluate(() =>
    window.resqunnLab.runs().map((r) => ({ runId: r.runId, state: r.state })),
  );
  const current = await page.evaluate(() => window.resqunnLab.metrics()?.runId);
  expect(runs.filter((r) => r.runId !== current && r.state === 'training')).toEqual([]);

  const dialog = await openRuns(page);
  const rows = dialog.getByTestId('runs-table').locator('tbody tr[data-run]');
  // Each quick edit came before its run's first epoch ended (50 steps), so each run gave its
  // entry to the next (README, "Sharing, figures and export"): one entry for them all, and no fragments hidden
  // behind the toggle. The played run keeps an entry of its own if it finished an epoch first.
  const played = await page.evaluate(
    () => window.resqunnLab.runs().find((r) => r.config.includes('lr=0.04'))?.epochs.length ?? 0,
  );
  const entries = played > 0 ? 2 : 1;
  await expect(rows).toHaveCount(entries);
  await expect(dialog.getByText(/\(\d+ hidden\)/)).toHaveCount(0);
});
