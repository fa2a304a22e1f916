import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshotPath, TINY } from './labHelpers';

/**
 * The page's layout at a laptop's 1280×800 and a projector's 1920×1080, in the normal and the
 * presenter view: nothing overlaps, wraps mid-word, is cut off, or needs a second scrollbar; the
 * gradient chart (the point of the app) stays in view with the circuit open.
 */

const THREE = `n=3;k=2,2,2;e=0-2,1-3;${TINY}`;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** No scroller, or only one. */
const ONE_SCROLLER = /^[^,]*$/;

type Box = { left: number; top: number; right: number; bottom: number };

const box = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e): Box => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    });

/** Every element that scrolls now (the document included): what shows a scrollbar. */
const scrollers = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollHeight > window.innerHeight + 1) found.push('document (vertical)');
    if (doc.scrollWidth > window.innerWidth + 1) found.push('document (horizontal)');
    for (const e of document.body.querySelectorAll<HTMLElement>('*')) {
      const style = getComputedStyle(e);
      const scrolls = (o: string) => o === 'auto' || o === 'scroll';
      if (scrolls(style.overflowY) && e.scrollHeight > e.clientHeight + 1)
        found.push(`${e.tagName.toLowerCase()}.${e.className} (vertical)`);
      if (scrolls(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
        found.push(`${e.tagName.toLowerCase()}.${e.className} (horizontal)`);
    }
    return found;
  });

/** Content cut off: elements that hide overflow while their content is larger than they are. */
const clipped = (page: Page, selector: string) =>
  page.evaluate((within) => {
    const found: string[] = [];
    for (const root of document.querySelectorAll<HTMLElement>(within)) {
      for (const e of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
        // SVG draws its own bounds; the screen-reader-only text is clipped on purpose.
        if (e instanceof SVGElement || e.classList.contains('visually-hidden')) continue;
        const style = getComputedStyle(e);
        const hides = (o: string) => o === 'hidden' || o === 'clip';
        if (
          (hides(style.overflowY) && e.scrollHeight > e.clientHeight + 1) ||
          (hides(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
        )
          found.push(`${e.tagName.toLowerCase()}.${e.className}`);
      }
    }
    return found;
  }, selector);

const inside = (inner: Box, outer: Box, slack = 0.5) =>
  inner.left >= outer.left - slack &&
  inner.right <= outer.right + slack &&
  inner.top >= outer.top - slack &&
  inner.bottom <= outer.bottom + slack;

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Waits for transitions to end (endless animations, such as a training pulse, do not count). */
const settle = (page: Page) =>
  page.waitForFunction(
    () =>
      document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .length === 0,
    null,
    { timeout: 10_000 },
  );

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('three layers: node text inside its node, the status line clear of the nodes, the header and the config code whole', async ({
      page,
      lab,
    }) => {
      await lab.open(THREE);
      await page.evaluate(() => window.resqunnLab.step(2));
      await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
      // The longest status line: a connection being made from the keyboard.
      await page.getByRole('button', { name: 'Output of X' }).focus();
      await page.keyboard.press('Enter');
      await settle(page);
      await page.screenshot({ path: screenshotPath(`i10-layout-${size}.png`) });

      // Every line of node text keeps 3 px from its node's border.
      const cramped = await page.evaluate(() => {
        const found: string[] = [];
        for (const node of document.querySelectorAll<SVGGElement>('.diagram .node')) {
          const body = node.querySelector('.node-body')?.getBoundingClientRect();
          if (!body) continue;
          for (const t of node.querySelectorAll<SVGTextElement>('text')) {
            const r = t.getBoundingClientRect();
            if (r.width === 0) continue;
            if (
              r.left < body.left + 3 ||
              r.right > body.right - 3 ||
              r.top < body.top + 1 ||
              r.bottom > body.bottom - 1
            )
              found.push(`${node.dataset.layer}: ${t.textContent}`);
          }
        }
        return found;
      });
      expect(cramped).toEqual([]);

      const status = await box(page, '.diagram-status');
      expect(status.bottom - status.top).toBeGreaterThan(0);
      for (const node of await page.locator('.diagram .node').all()) {
        const b = await node.evaluate((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        });
        expect(overlaps(status, b), 'the status line overlaps a node').toBe(false);
      }

      // The header's subtitle is shown whole, not cut with an ellipsis.
      const subtitle = await page
        .locator('.app-header p')
        .evaluate((e) => ({ full: e.scrollWidth, shown: e.clientWidth }));
      expect(subtitle.full).toBeLessThanOrEqual(subtitle.shown);

      // The configuration code breaks between its parts, never inside one.
      const split = await page.getByTestId('config-code').evaluate((code) => {
        const text = code.textContent ?? '';
        const broken: string[] = [];
        let at = 0;
        for (const part of text.split(';')) {
          const range = document.createRange();
          const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
          // Map the part's offsets in the whole text onto the text nodes.
          let seen = 0;
          let start: [Node, number] | null = null;
          let end: [Node, number] | null = null;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = n.textContent?.length ?? 0;
            if (!start && at < seen + len) start = [n, at - seen];
            if (!end && at + part.length <= seen + len) end = [n, at + part.length - seen];
            seen += len;
          }
          if (start && end) {
            range.setStart(...start);
            range.setEnd(...end);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(part);
          }
          at += part.length + 1;
        }
        return { text, broken };
      });
      expect(split.text).toContain(';');
      expect(split.broken).toEqual([]);
    });

    test('presenter view fits: one scrollbar, nothing clipped, the tour’s buttons in its card', async ({
      page,
      lab,
    }) => {
      await lab.open(THREE);
      await page.evaluate(() => window.resqunnLab.step(2));
      await page.getByRole('button', { name: 'Presenter view' }).click();
      await settle(page);
      await page.screenshot({ path: screenshotPath(`i10-presenter-${size}.png`) });
      expect((await scrollers(page)).join(', ')).toMatch(ONE_SCROLLER);
      expect(await clipped(page, '.config-panel, .run-controls, .inspector')).toEqual([]);
      const chart = await box(page, '.center .chart-area svg');
      expect(chart.bottom - chart.top).toBeGreaterThanOrEqual(200);
      // The drawing stays inside its panel (it once spilled over the feature maps).
      const panel = await box(page, '.diagram-panel');
      for (const node of await page.locator('.diagram .node').all()) {
        const b = await node.evaluate((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        });
        expect(inside(b, panel), 'a diagram node lies outside its panel').toBe(true);
      }

      await page.getByRole('button', { name: 'Circuit', exact: true }).click();
      await settle(page);
      await page.screenshot({ path: screenshotPath(`i10-presenter-circuit-${size}.png`) });
      expect((await scrollers(page)).join(', ')).toMatch(ONE_SCROLLER);
      expect(await clipped(page, '.circuit-panel')).toEqual([]);
      await page.getByRole('button', { name: 'Circuit', exact: true }).click();

      await page.getByRole('button', { name: 'Guided tour' }).click();
      await settle(page);
      await page.screenshot({ path: screenshotPath(`i10-presenter-tour-${size}.png`) });
      const card = await box(page, '.tour-card');
      const next = await box(page, '.tour-card .tour-nav button.primary');
      expect(inside(next, card), '"Next →" lies outside the tour card').toBe(true);
      expect(await clipped(page, '.tour-card')).toEqual([]);
      expect((await scrollers(page)).join(', ')).toMatch(ONE_SCROLLER);
    });

    // Under 1000 px tall the page scrolls as one (responsive.css): the chart then stays whole
    // below the circuit, which the test after this loop checks instead.
    if (viewport.height >= 1000)
      test('opening Circuit keeps the gradient chart in view', async ({ page, lab }) => {
        await lab.open(THREE);
        await page.evaluate(() => window.resqunnLab.step(2));
        const before = await box(page, '.center .chart-area svg');
        await page.getByRole('button', { name: 'Circuit', exact: true }).click();
        await expect(page.locator('.circuit-panel')).toBeVisible(); // loaded when first opened
        await settle(page);
        await page.screenshot({ path: screenshotPath(`i10-circuit-${size}.png`) });
        const chart = await box(page, '.center .chart-area svg');
        expect(chart.bottom).toBeLessThanOrEqual(viewport.height);
        expect(chart.top).toBeGreaterThanOrEqual(0);
        // Still a chart to read: 150 px at least, or all it had without the circuit.
        expect(chart.bottom - chart.top).toBeGreaterThanOrEqual(
          Math.min(150, before.bottom - before.top),
        );
        expect(await clipped(page, '.circuit-panel')).toEqual([]);
      });
  });
}

test('a short laptop (1280×800) with the Circuit open: the page scrolls as one, the chart whole below it', async ({
  page,
  lab,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await lab.open(THREE);
  await page.evaluate(() => window.resqunnLab.step(2));
  await page.getByRole('button', { name: 'Circuit', exact: true }).click();
  await settle(page);
  expect((await scrollers(page)).join(', ')).toMatch(ONE_SCROLLER);
  expect(await clipped(page, '.circuit-panel')).toEqual([]);
  const circuit = await box(page, '.circuit-panel');
  await page.locator('.center .chart-area svg').scrollIntoViewIfNeeded();
  const chart = await box(page, '.center .chart-area svg');
  expect(chart.bottom - chart.top).toBeGreaterThanOrEqual(250);
  expect(chart.bottom).toBeLessThanOrEqual(800);
  expect(chart.top).toBeGreaterThanOrEqual(0);
  // Below the circuit, not over it.
  const after = await box(page, '.circuit-panel');
  expect(chart.top).toBeGreaterThan(after.bottom);
  expect(after.bottom - after.top).toBeCloseTo(circuit.bottom - circuit.top, 0);
});

test('"step 1024 of 1024" stays on one line', async ({ page, lab }) => {
  const config = 'n=1;k=2;train=1024;test=16;b=1;ep=1';
  await lab.open(config);
  await page.evaluate(async () => {
    window.resqunnLab.play();
    await window.resqunnLab.waitFor(['done'], 120_000);
  });
  const counter = page.locator('.run-state .muted').first();
  await expect(counter).toHaveText('step 1024 of 1024');
  const lines = await counter.evaluate((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  expect(lines).toBe(1);
  // …and is not pushed out of its panel instead.
  const panel = await box(page, '.run-controls');
  expect(inside(await box(page, '.run-state'), panel)).toBe(true);
});

/*
 * The classroom's screens (issue 25): phones, a tablet, projectors, a laptop and a full-HD
 * screen, each in the normal view (three layers, a notice banner, trained two steps), in
 * presenter view, and with a 9-qubit circuit open. At each: no sideways scroll, every chart's
 * plot at least 120 px tall, every text inside its panel, node text inside its node, and every
 * qubit row of the circuit shown. Screenshots: test-results/screenshots/classroom-*.png.
 */
const CLASSROOM = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 430, height: 932 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

const NINE_QUBITS = `n=2;k=3,2;${TINY}`;

/** What is wrong with the page's layout now, as sentences (none: fine). */
const layoutProblems = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth)
      found.push(`the page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);

    // Every chart's plot: its y axis spans at least 120 px.
    for (const svg of document.querySelectorAll<SVGSVGElement>('svg.chart')) {
      if (svg.getClientRects().length === 0) continue; // a hidden view's chart
      const axis = svg.querySelector<SVGPathElement>('.axis-y path.domain');
      const height = axis ? axis.getBoundingClientRect().height : 0;
      if (height < 120) found.push(`chart "${svg.getAttribute('aria-label')}" plot ${height} px`);
    }

    // Every text inside its panel (1 px of slack for antialiasing), except inside an element
    // that scrolls or clips (what it hides is checked by clipped()) and screen-reader text.
    const within = (r: DOMRect, b: DOMRect) =>
      r.left >= b.left - 1 &&
      r.right <= b.right + 1 &&
      r.top >= b.top - 1 &&
      r.bottom <= b.bottom + 1;
    for (const panel of document.querySelectorAll<HTMLElement>('.panel')) {
      if (panel.getClientRects().length === 0) continue;
      const box = panel.getBoundingClientRect();
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim() ?? '';
        const parent = n.parentElement;
        if (!text || !parent || parent.closest('.visually-hidden, .circuit-scroll, .sweep-grid'))
          continue;
        // Not drawn: inside a closed <details>, whose content keeps a layout box in Chromium.
        if (!parent.checkVisibility()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          if (r.width === 0 || r.height === 0) continue;
          if (!within(r, box)) {
            found.push(`"${text.slice(0, 40)}" leaves its panel (${panel.className})`);
            break;
          }
        }
      }
    }

    // Node text inside its node.
    for (const node of document.querySelectorAll<SVGGElement>('.diagram .node')) {
      const body = node.querySelector('.node-body')?.getBoundingClientRect();
      if (!body) continue;
      for (const t of node.querySelectorAll<SVGTextElement>('text')) {
        const r = t.getBoundingClientRect();
        if (r.width > 0 && !within(r, body)) found.push(`node text "${t.textContent}" spills`);
      }
    }
    return found;
  });

/** The circuit's qubit rows that cannot be seen in the circuit panel (scrolling the page is fine). */
const hiddenQubits = (page: Page) =>
  page.evaluate(() => {
    const labels = [...document.querySelectorAll<SVGTextElement>('.circuit .circuit-qubit')];
    const panel = document.querySelector('.circuit-panel')?.getBoundingClientRect();
    const scroll = document.querySelector('.circuit-scroll')?.getBoundingClientRect();
    if (!panel || !scroll) return ['no circuit panel'];
    const hidden = labels
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return (
          r.height === 0 ||
          r.top < Math.max(panel.top, scroll.top) - 1 ||
          r.bottom > Math.min(panel.bottom, scroll.bottom) + 1
        );
      })
      .map((t) => t.textContent ?? '?');
    return labels.length === 0 ? ['no qubit labels'] : hidden;
  });

for (const viewport of CLASSROOM) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`classroom screen ${size}: no sideways scroll, plots ≥ 120 px, text in its box, every qubit`, async ({
    page,
    lab,
  }) => {
    await page.setViewportSize(viewport);
    await lab.open(THREE);
    await page.evaluate(() => window.resqunnLab.step(2));
    // A notice banner takes room too: a refused configuration makes one.
    await page.evaluate(() => window.resqunnLab.configure('n=9'));
    await expect(page.getByText('Configuration refused')).toBeVisible();
    await settle(page);
    await page.screenshot({ path: screenshotPath(`classroom-${size}.png`), fullPage: true });
    expect(await layoutProblems(page), 'normal view').toEqual([]);
    expect(await clipped(page, '.config-panel, .run-controls, .inspector')).toEqual([]);

    await page.getByRole('button', { name: 'Presenter view' }).click();
    await settle(page);
    await page.screenshot({
      path: screenshotPath(`classroom-presenter-${size}.png`),
      fullPage: true,
    });
    expect(await layoutProblems(page), 'presenter view').toEqual([]);
    await page.getByRole('button', { name: 'Presenter view' }).click();

    await lab.train(NINE_QUBITS);
    await page.getByRole('button', { name: 'Circuit', exact: true }).click();
    await page.getByRole('tab', { name: 'Q1' }).click();
    await settle(page);
    await page.locator('.circuit-panel').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: screenshotPath(`classroom-circuit-${size}.png`),
      fullPage: true,
    });
    expect(await hiddenQubits(page)).toEqual([]);
    expect(await layoutProblems(page), 'with the circuit').toEqual([]);
    expect(await clipped(page, '.circuit-panel')).toEqual([]);

    // The Explore view, before its first result: the table's header stays one row.
    await page.getByRole('tab', { name: 'Explore' }).click();
    await settle(page);
    await page.screenshot({
      path: screenshotPath(`classroom-explore-${size}.png`),
      fullPage: true,
    });
    const sideways = () =>
      page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
    const explore = await sideways();
    expect(explore.scroll, 'Explore').toBeLessThanOrEqual(explore.client);

    // The Trainability view with its figures drawn: they wrap into one column on a phone.
    await page.getByRole('tab', { name: 'Trainability' }).click();
    await page.getByRole('button', { name: 'McClean preset' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText(/^done:/)).toBeVisible({ timeout: 60_000 });
    await settle(page);
    await page.screenshot({
      path: screenshotPath(`classroom-trainability-${size}.png`),
      fullPage: true,
    });
    const trainability = await sideways();
    expect(trainability.scroll, 'Trainability').toBeLessThanOrEqual(trainability.client);
  });
}
