import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { download } from './labHelpers';

/*
 * The Trainability view's study on two threads: its worker gives half of each case's samples to
 * a nested worker. The page says so, and the numbers are those of one thread
 * (`window.resqunnStudyThreads = 1` before the first study). Each study runs again on its page
 * after its first time (which includes the workers' start), RESQUNN_STUDY_REPEATS times (1
 * unless set); the times are printed, and a loaded machine's are noisy.
 */

const MCCLEAN = '/?trainability=c=mcclean;n=2-8;L=1,5,20;cost=projector;K=200;init=uniform;seed=1';

/** Clicks Run; resolves with the milliseconds until the status is done and how many progress updates came. */
function timedStudy(page: Page): Promise<{ ms: number; updates: number }> {
  return page.evaluate(
    () =>
      new Promise<{ ms: number; updates: number }>((resolve) => {
        const status = document.querySelector('[data-testid="trainability-progress"]')!;
        const bar = status.querySelector('progress')!;
        const run = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Run')!;
        const values = new Set<number>();
        const watch = new MutationObserver(() => {
          values.add(bar.value);
          if (status.getAttribute('data-status') !== 'done') return;
          watch.disconnect();
          resolve({ ms: performance.now() - started, updates: values.size });
        });
        watch.observe(status, { attributes: true, subtree: true });
        const started = performance.now();
        run.click();
      }),
  );
}

async function studyOn(page: Page, threads: 1 | 2) {
  await page.goto(MCCLEAN);
  await expect(page.getByTestId('trainability-progress')).toBeVisible();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (threads === 1)
    await page.evaluate(
      () => ((window as { resqunnStudyThreads?: number }).resqunnStudyThreads = 1),
    );
  const first = await timedStudy(page);
  const again: number[] = [];
  for (let i = 0; i < Number(process.env.RESQUNN_STUDY_REPEATS ?? 1); i++)
    again.push((await timedStudy(page)).ms);
  const status = page.getByTestId('trainability-progress');
  const text = (await status.textContent()) ?? '';
  await page.getByRole('button', { name: 'Export Variance against qubits', exact: true }).click();
  const csv = await download(page, () =>
    page
      .locator('[data-export-menu="trainability-qubits"]')
      .getByRole('button', { name: 'CSV', exact: true })
      .click(),
  );
  await page.keyboard.press('Escape');
  console.log(
    `McClean preset on ${threads === 2 ? 'two threads' : 'one thread'} (${cores} cores): ` +
      `${first.ms.toFixed(0)} ms with the workers' start, then ${again.map((ms) => ms.toFixed(0)).join(', ')} ms; "${text}"`,
  );
  return { cores, text, csv: csv.text };
}

test('the study runs on two threads where there are two cores, with the one-thread numbers', async ({
  page,
  lab,
}) => {
  const two = await studyOn(page, 2);
  if (two.cores >= 2) expect(two.text).toMatch(/^done: 21 cases in \d+\.\d s · 2 threads$/);
  else expect(two.text).toContain('1 thread (the machine reports 1 core)');
  const one = await studyOn(page, 1);
  expect(one.text).toMatch(/^done: 21 cases in \d+\.\d s · 1 thread \(one thread was asked for\)$/);
  expect(two.csv.trim().split('\n')).toHaveLength(1 + 21);
  expect(two.csv).toBe(one.csv);
  expect(lab.errors).toEqual([]);
});

test('a larger study on two threads: progress arrives live, and it can be cancelled', async ({
  page,
}) => {
  await page.goto(MCCLEAN.replace('n=2-8', 'n=2-11'));
  await expect(page.getByTestId('trainability-progress')).toBeVisible();
  const { updates } = await timedStudy(page);
  expect(updates).toBeGreaterThan(2);
  await page.goto(MCCLEAN.replace('n=2-8;L=1,5,20', 'n=12-14;L=50'));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.getByTestId('trainability-progress');
  await expect(status).toContainText(/% · \d+ cases done · 2 threads/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
  await expect(status).toContainText(/cancelled after \d+ cases · 2 threads/);
});
