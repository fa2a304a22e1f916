import { violations } from './axeViolations';
import { expect, test } from './fixtures';
import { screenshotPath, TINY } from './labHelpers';
import { THEME_KEY } from '../src/ui/theme';

/*
 * axe-core (WCAG 2.2 A/AA rules) on every view of the page, in both colour schemes: the single
 * run, the circuit, the guided tour, presenter view, the Explore view with results, the Compare
 * runs dialog, the keyboard-shortcuts overlay and the Trainability view (empty and with a study's
 * results). No serious or critical violation is allowed.
 * Also: the theme switch overrides the system scheme, reduced motion stops every animation, and
 * the shortcuts listed in the "?" overlay do what they say.
 */

const CONFIG = `n=2;k=2,2;e=1-2;${TINY}`;

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test('the single run, the circuit, the tour and presenter view', async ({ page, lab }) => {
      await lab.open(CONFIG);
      await page.evaluate(() => window.resqunnLab.step(2));
      expect(await violations(page), 'single run').toEqual([]);

      await page.getByRole('button', { name: 'Circuit', exact: true }).click();
      await expect(page.locator('.circuit-panel')).toBeVisible();
      expect(await violations(page), 'circuit panel').toEqual([]);
      // The circuit's sideways scroll area takes keyboard focus.
      await page.locator('.circuit-scroll').focus();
      await expect(page.locator('.circuit-scroll')).toBeFocused();

      await page.getByRole('button', { name: 'Guided tour' }).click();
      await expect(page.locator('.tour-card')).toBeVisible();
      expect(await violations(page), 'tour').toEqual([]);
      const dot = await page.locator('.tour-dots button').first().boundingBox();
      expect(dot?.width).toBeGreaterThanOrEqual(24);
      expect(dot?.height).toBeGreaterThanOrEqual(24);
      await page.getByRole('button', { name: 'Close the tour' }).click();

      await page.getByRole('button', { name: 'Presenter view' }).click();
      expect(await violations(page), 'presenter view').toEqual([]);
      await page.screenshot({ path: screenshotPath(`a11y-presenter-${scheme}.png`) });
    });

    test('the dialogs: Compare runs and the keyboard shortcuts', async ({ page, lab }) => {
      await lab.open(CONFIG);
      await page.evaluate(() => window.resqunnLab.step(2));
      await page.getByRole('button', { name: /Compare runs/ }).click();
      await expect(page.getByRole('dialog', { name: 'Compare runs' })).toBeVisible();
      expect(await violations(page), 'Compare runs').toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(help).toBeVisible();
      for (const what of ['Play or pause', 'One training step', 'Reset', 'Explore view'])
        await expect(help).toContainText(what);
      expect(await violations(page), 'shortcuts').toEqual([]);
      await page.screenshot({ path: screenshotPath(`a11y-shortcuts-${scheme}.png`) });
    });

    test('the Explore view, before and after a sweep', async ({ page, lab }) => {
      await lab.open(CONFIG);
      await page.getByRole('tab', { name: 'Explore' }).click();
      await expect(page.getByRole('main')).toHaveCount(1);
      expect(await violations(page), 'Explore, empty').toEqual([]);
      await page.evaluate(() =>
        window.resqunnLab.sweep({ layers: 1, seeds: 1, steps: 1, batch: 8, test: 16 }),
      );
      await expect(page.getByTestId('explore-row').first()).toBeVisible();
      expect(await violations(page), 'Explore, results').toEqual([]);
      await page.screenshot({ path: screenshotPath(`a11y-explore-${scheme}.png`) });
    });

    test('the Trainability view, before and after a study', async ({ page, lab }) => {
      await lab.open(CONFIG);
      await page.getByRole('tab', { name: 'Trainability' }).click();
      await expect(
        page.getByRole('heading', { name: /Trainability: how large is the gradient/ }),
      ).toBeVisible();
      await expect(page.getByRole('main')).toHaveCount(1);
      expect(await violations(page), 'Trainability, empty').toEqual([]);
      await page.getByRole('button', { name: 'McClean preset' }).click();
      await page.getByLabel('Qubits n').fill('2-3');
      await page.getByLabel('Depths L').fill('1,5');
      await page.getByLabel('Samples K').fill('20');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(page.getByTestId('trainability-progress')).toHaveAttribute(
        'data-status',
        'done',
        { timeout: 60_000 },
      );
      expect(await violations(page), 'Trainability, results').toEqual([]);
      await page.screenshot({ path: screenshotPath(`a11y-trainability-${scheme}.png`) });
    });
  });
}

test('the theme switch overrides the system scheme, and is kept', async ({ page, lab }) => {
  await lab.open(CONFIG);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  const button = page.getByRole('button', { name: /^Theme:/ });
  await expect(button).toHaveText('Theme: Auto');
  await button.click();
  await expect(button).toHaveText('Theme: Light');
  await button.click();
  await expect(button).toHaveText('Theme: Dark');
  expect(await background()).not.toBe(light);
  expect(await violations(page), 'dark by the switch').toEqual([]);
  await page.reload();
  await page.waitForFunction(() => window.resqunnLab?.state() === 'paused');
  await expect(page.getByRole('button', { name: /^Theme:/ })).toHaveText('Theme: Dark');
  expect(await background()).not.toBe(light);
  // "d" cycles on to auto.
  await page.locator('body').press('d');
  await expect(page.getByRole('button', { name: /^Theme:/ })).toHaveText('Theme: Auto');
});

test.describe('reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('no transition or animation runs: not the diagram, not the presenter pulse', async ({
    page,
    lab,
  }) => {
    await lab.open(CONFIG);
    await page.getByRole('button', { name: 'Presenter view' }).click();
    await page.evaluate(() => window.resqunnLab.play());
    // An edge added while training: the diagram's nodes move, paths redraw.
    await page.evaluate(() =>
      window.resqunnLab.configure('n=2;k=2,2;e=0-1,1-2;train=32;test=16;b=8'),
    );
    const running = await page.evaluate(() =>
      document
        .getAnimations()
        .map((a) => a.effect?.getComputedTiming())
        .filter((t) => t && Number(t.duration) > 1 && t.iterations !== 0)
        .map((t) => `${t?.duration}ms × ${t?.iterations}`),
    );
    expect(running).toEqual([]);
    const durations = await page.evaluate(() => {
      const found = new Set<string>();
      for (const e of document.querySelectorAll('*')) {
        const s = getComputedStyle(e);
        for (const d of [...s.transitionDuration.split(','), ...s.animationDuration.split(',')])
          if (parseFloat(d) > 0.001) found.add(`${e.tagName} ${d}`);
      }
      return [...found];
    });
    expect(durations).toEqual([]);
  });
});

test('keyboard shortcuts: k plays and pauses, s steps, r resets, 2 and 1 switch views', async ({
  page,
  lab,
}) => {
  await lab.open(`n=1;k=2;train=1024;test=16;b=1;ep=1`);
  const body = page.locator('body');
  await body.press('s');
  await page.waitForFunction(() => (window.resqunnLab.metrics()?.steps.length ?? 0) === 1);
  await body.press('k');
  await page.waitForFunction(() => window.resqunnLab.state() === 'training');
  await body.press('k');
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
  await body.press('r');
  await page.waitForFunction(() => (window.resqunnLab.metrics()?.steps.length ?? -1) === 0);
  await body.press('2');
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  await body.press('1');
  await expect(page.getByRole('tab', { name: 'Single run' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  // Typing in a field is typing, not a shortcut.
  await page.getByLabel('Seed').focus();
  await page.keyboard.press('2');
  await expect(page.getByRole('tab', { name: 'Single run' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('the Trainability view: barren plateaus and deep residual stacks, after a small stack study', async ({
  page,
}) => {
  await page.goto('/?view=trainability');
  await expect(page.getByRole('heading', { name: /Trainability: how large/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Deep residual stacks' }).click();
  const panel = page.getByTestId('stacks-panel');
  await panel.getByLabel('Layers n (2–8)').fill('2');
  await panel.getByLabel('Your edges').fill('1-2');
  await panel.getByLabel('Initialisations K').fill('2');
  await panel.getByLabel('Batch').fill('1');
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('stacks-progress')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  expect(await violations(page)).toEqual([]);
});

test.describe('the first paint, before the app arrives', () => {
  // The app's script never arrives: what shows is index.html's static intro alone.
  const introBackground = async (page: import('@playwright/test').Page) => {
    await page.route(/\/(src|assets)\/.*\.(js|tsx?)(\?.*)?$/, (route) => route.abort());
    await page.reload();
    return page.locator('.boot').evaluate((el) => getComputedStyle(el).backgroundColor);
  };
  const DARK = 'rgb(15, 19, 25)';
  const LIGHT = 'rgb(245, 246, 248)';

  test('follows the scheme picked on an earlier visit over the system one', async ({
    page,
    lab,
  }) => {
    await lab.open(CONFIG);
    await page.evaluate((key) => localStorage.setItem(key, 'dark'), THEME_KEY);
    expect(await introBackground(page), 'dark pick, light system').toBe(DARK);
    await page.unrouteAll();
    await page.evaluate((key) => localStorage.setItem(key, 'light'), THEME_KEY);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await introBackground(page), 'light pick, dark system').toBe(LIGHT);
    await page.unrouteAll();
    await page.evaluate((key) => localStorage.removeItem(key), THEME_KEY);
    expect(await introBackground(page), 'no pick, dark system').toBe(DARK);
  });
});
