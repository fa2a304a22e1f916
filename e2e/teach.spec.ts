import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pageAtRest, screenshotPath, TINY } from './labHelpers';

/*
 * Teaching mode as a teacher uses it: the guided tour from start to end touching nothing but the
 * tour's own buttons, the circuit drawing with its live angles, the presenter view's large type.
 */

const legend = (page: Page, layer: string) =>
  page.locator(`[data-testid="gradient-legend"] [data-layer="${layer}"]`);

const runInfo = (page: Page) =>
  page.evaluate(() => {
    const run = window.resqunnLab.metrics();
    return { runId: run?.runId ?? 0, config: run?.config ?? '', steps: run?.steps.length ?? 0 };
  });

/** Waits until the current run is `config` and has trained at least `steps` steps. */
async function waitForRun(page: Page, config: string, steps: number) {
  await expect
    .poll(async () => {
      const run = await runInfo(page);
      return run.config === config && run.steps >= steps;
    })
    .toBe(true);
}

const TOUR_DATA = 'train=160;test=100;ep=3';

test('a teacher runs the guided tour from start to end with the tour’s buttons alone', async ({
  page,
  lab,
}) => {
  await lab.open(`n=2;k=2,2;${TINY}`);
  await page.getByRole('button', { name: 'Guided tour' }).click();
  const tour = page.locator('.tour-card');
  const next = tour.getByRole('button', { name: 'Next →' });

  // 1. One quanv layer, its circuit open, the angles moving as it trains.
  await expect(tour.locator('#tour-title')).toHaveText('What a quanvolution is');
  await expect(page.getByRole('region', { name: 'Quanv circuit' })).toBeVisible();
  await waitForRun(page, `n=1;k=2;${TOUR_DATA}`, 1);
  await expect(page.getByTestId('gate-ry-l0-q0').locator('.gate-value')).toHaveText(/^\d\.\d\d$/);
  await expect(page.locator('.app')).toHaveAttribute('data-tour-focus', 'circuit');

  // 2. Two stacked trainable layers: a new run.
  await next.click();
  await expect(tour.locator('#tour-title')).toHaveText('Stacking trainable layers');
  await waitForRun(page, `n=2;k=2,2;${TOUR_DATA}`, 3);
  const stacked = await runInfo(page);

  // 3. The same run explained: Q1 cut, Q2 learning; no restart.
  await next.click();
  await expect(tour.locator('#tour-title')).toHaveText('Why Q1 gets no gradient');
  await expect(legend(page, 'Q1')).toHaveAttribute('data-gradient', 'none');
  await expect(legend(page, 'Q2')).toHaveAttribute('data-gradient', 'present');
  expect((await runInfo(page)).runId).toBe(stacked.runId);
  await expect(page.locator('.app')).toHaveAttribute('data-tour-focus', 'gradient');

  // 4. The residual connection 1-2 brings Q1's gradient back.
  await next.click();
  await expect(tour.locator('#tour-title')).toHaveText('Residual connections fix it');
  await waitForRun(page, `n=2;k=2,2;e=1-2;${TOUR_DATA}`, 3);
  await expect(page.getByTestId('paper-name')).toHaveText('O1+O2');
  await expect(legend(page, 'Q1')).toHaveAttribute('data-gradient', 'present');
  await expect(page.locator('.node[data-layer="Q1"]')).toHaveAttribute('data-liveness', 'live');

  // 5. Placement: eight ways to connect three layers; one that leaves Q2 cut, run from the list.
  await next.click();
  await expect(tour.locator('#tour-title')).toHaveText('Where they must go');
  const choices = tour.getByRole('group', { name: 'Configurations of three layers' });
  await expect(choices.getByRole('button')).toHaveCount(8);
  await expect(tour).toContainText('3 give every layer gradient');
  const onlyO1O2 = choices.locator('.tour-choice', {
    has: page.locator('.tour-choice-name', { hasText: /^O1\+O2$/ }),
  });
  await onlyO1O2.click();
  await waitForRun(page, `n=3;k=2,2,2;e=1-2;${TOUR_DATA}`, 3);
  await expect(onlyO1O2).toHaveAttribute('aria-pressed', 'true');
  await expect(legend(page, 'Q1')).toHaveAttribute('data-gradient', 'none');
  await expect(legend(page, 'Q2')).toHaveAttribute('data-gradient', 'none');
  await expect(legend(page, 'Q3')).toHaveAttribute('data-gradient', 'present');

  // Back and forth with the dots and the keyboard; Finish returns the settings.
  await tour.getByRole('button', { name: 'Step 1: What a quanvolution is' }).click();
  await expect(tour.locator('#tour-title')).toHaveText('What a quanvolution is');
  await page.keyboard.press('ArrowRight');
  await expect(tour.locator('#tour-title')).toHaveText('Stacking trainable layers');
  await tour.getByRole('button', { name: 'Step 5: Where they must go' }).click();
  await tour.getByRole('button', { name: 'Finish' }).click();
  await expect(page.locator('#tour-title')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Guided tour' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(page.getByText('Configuration code')).toBeVisible();
});

test('the circuit shows every gate of a 9-qubit layer, live, and a frozen layer’s fixed angles', async ({
  page,
  lab,
}) => {
  await lab.open(`n=2;k=2,3;d=1,2;t=0,1;${TINY};lr=0.05;ep=3`);
  await page.getByRole('button', { name: 'Circuit' }).click();
  const panel = page.getByRole('region', { name: 'Quanv circuit' });
  const values = () => panel.locator('.gate-value').allTextContents();
  await expect(panel.getByRole('tab', { name: 'Q1' })).toHaveAttribute('aria-selected', 'true');
  await panel.getByRole('tab', { name: 'Q2' }).click();
  // 9 qubits, depth 2: an RY and an RZ per qubit and layer, each with its value.
  await expect(panel.locator('[data-testid^="gate-ry-"]')).toHaveCount(18);
  await expect(panel.locator('[data-testid^="gate-rz-"]')).toHaveCount(18);
  await expect(panel.getByTestId('gate-rz-l1-q8').locator('.gate-value')).toHaveText(/^\d\.\d\d$/);
  const initial = await values();
  expect(initial).toHaveLength(36);
  await page.evaluate(() => window.resqunnLab.step(6));
  // Trained by Adam at lr 0.05, the angles shown move with the run.
  await expect
    .poll(async () => (await values()).filter((v, i) => v !== initial[i]).length)
    .toBeGreaterThan(18);

  await panel.getByRole('tab', { name: 'Q1' }).click();
  await expect(panel.locator('[data-testid^="gate-ry-"]')).toHaveCount(4);
  await expect(panel.getByRole('img')).toHaveAttribute('aria-label', /frozen/);
  const frozen = await values();
  expect(frozen.every((v) => /^\d\.\d\d$/.test(v))).toBe(true);
  await page.evaluate(() => window.resqunnLab.step(3));
  await pageAtRest(page); // the inspection after the steps
  expect(await values()).toEqual(frozen);
});

test('presenter view enlarges the page for a projector and fits it', async ({ page, lab }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await lab.open(`n=2;k=2,2;${TINY}`);
  const heading = page.getByRole('heading', { name: 'Architecture' });
  const normal = (await heading.boundingBox())?.height ?? 0;
  await page.getByRole('button', { name: 'Presenter view' }).click();
  await expect(page.locator('.app')).toHaveClass(/presenter/);
  await expect
    .poll(async () => (await heading.boundingBox())?.height ?? 0)
    .toBeGreaterThan(normal * 1.2);

  await page.getByRole('button', { name: 'Guided tour' }).click();
  await page.getByRole('button', { name: 'Step 4: Residual connections fix it' }).click();
  await waitForRun(page, `n=2;k=2,2;e=1-2;${TOUR_DATA}`, 30);
  // Training goes on, so the page never rests: wait until the charts and the legend show the run.
  await expect(legend(page, 'Q1')).toContainText(/\d/);
  await expect(page.locator('.chart path.trace').first()).toBeVisible();
  // Loss and accuracy keep readable plots in large type, so the page scrolls as one
  // (responsive.css); the network and its gradient chart, the point, fill the first screen.
  const chart = await page.locator('.center .chart-area svg').boundingBox();
  expect((chart?.y ?? 0) + (chart?.height ?? 0)).toBeLessThanOrEqual(1080);
  expect(chart?.height ?? 0).toBeGreaterThanOrEqual(250);
  await page.screenshot({ path: screenshotPath('screenshot-presenter.png') });

  await page.getByRole('button', { name: 'Presenter view' }).click();
  await expect.poll(async () => (await heading.boundingBox())?.height ?? 0).toBeCloseTo(normal, 0);
});
