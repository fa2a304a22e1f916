import { expect, test } from './fixtures';
import { download, screenshotPath, TINY, waitForReady } from './labHelpers';

/**
 * Circuit families in the app (issue 11): the per-layer select, the family and the dead-parameter
 * count on the diagram's nodes, each family drawn gate by gate with its dead parameters marked,
 * and the compiled programs exported as JSON from the circuit panel.
 */

const CONFIG = `n=2;k=2,2;a=strong,random;e=1-2;${TINY}`;

test('a user picks strong for Q1 and random for Q2, sees both drawn with dead parameters marked', async ({
  page,
  lab,
}) => {
  await lab.open(`n=2;k=2,2;${TINY}`);
  // The controls: one family select per layer; the configuration (and URL) follow.
  await page.getByLabel('Q1 circuit family').selectOption('strong');
  await expect.poll(() => decodeURIComponent(page.url())).toContain('a=strong,ryrz');
  await page.getByLabel('Q2 circuit family').selectOption('random');
  await expect.poll(() => decodeURIComponent(page.url())).toContain('a=strong,random');
  await lab.train(CONFIG);

  // The diagram's nodes: family and "12 parameters, 4 dead" (strong at L = 1: every γ).
  const q1 = page.locator('.node.quanv[data-layer="Q1"]');
  await expect(q1).toHaveAttribute('aria-label', /strong circuit, depth 1, 12 parameters, 4 dead/);
  await expect(q1.locator('.node-params')).toHaveText('12 parameters, 4 dead');
  await expect(page.locator('.node.quanv[data-layer="Q2"]')).toHaveAttribute(
    'aria-label',
    /random circuit, depth 1, 8 parameters/,
  );

  // The circuit panel: strong gate by gate, 12 rotations with live values, the 4 γ dotted.
  await page.getByRole('button', { name: 'Circuit', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Quanv circuit' });
  await page.getByRole('tab', { name: 'Q1' }).click();
  await expect(panel.locator('.circuit-rotation')).toHaveCount(12);
  await expect(panel.locator('.circuit-rotation[data-dead="true"]')).toHaveCount(4);
  await expect(panel.locator('.circuit-rotation[data-dead="true"]').first()).toHaveAttribute(
    'data-param',
    '2',
  );
  await expect(panel.locator('.gate-value').first()).toHaveText(/^\d\.\d\d$/);
  await expect(panel.getByTestId('circuit-dead-summary')).toContainText('12 parameters, 4 dead');
  await page.screenshot({ path: screenshotPath('circuit-strong.png'), fullPage: true });
  await page.getByRole('tab', { name: 'Q2' }).click();
  await expect(panel.locator('.circuit-rotation')).toHaveCount(8);
  await expect(panel.locator('svg[aria-label*="(random)"]')).toBeVisible();
  await page.screenshot({ path: screenshotPath('circuit-random.png'), fullPage: true });

  // Export JSON: the compiled programs, their dead parameters and the angles now.
  await page.getByRole('button', { name: 'Export circuit', exact: true }).click();
  const file = await download(page, () =>
    page.getByRole('button', { name: 'Export JSON', exact: true }).click(),
  );
  expect(file.name).toMatch(/^resqunn_circuits_.*\.json$/);
  const json = JSON.parse(file.text) as {
    config: string;
    layers: { family: string; deadParams: number[]; params?: number[]; gates: unknown[] }[];
  };
  expect(json.config).toContain('a=strong,random');
  expect(json.layers.map((l) => l.family)).toEqual(['strong', 'random']);
  expect(json.layers[0].deadParams).toEqual([2, 5, 8, 11]);
  expect(json.layers[0].params).toHaveLength(12);
  expect(json.layers[0].gates).toHaveLength(20);
});

test('with 1,000 shots Q1 stays at exactly zero without an edge and comes back, noisy, with 1-2', async ({
  page,
  lab,
}) => {
  const noEdge = `n=2;k=2,2;a=strong,random;${TINY};shots=1000`;
  await lab.open(noEdge);
  await lab.train(noEdge);
  const first = await page.evaluate(() => window.resqunnLab.metrics());
  expect(first?.config).toBe(noEdge);
  for (const s of first!.steps) {
    expect(s.gradNorms.Q1).toBe(0);
    expect(s.gradNorms.Q2).toBeGreaterThan(0);
    expect(s.shotNoise?.Q2).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('shot-note')).toContainText('1,000 shots');
  // Q2's noise floor is drawn; Q1 has none to draw (no cotangent reaches it) and runs in the lane.
  await expect(page.locator('path.noise-floor[data-layer="Q2"]')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('shots-no-edge.png'), fullPage: true });

  const withEdge = `n=2;k=2,2;a=strong,random;e=1-2;${TINY};shots=1000`;
  await lab.train(withEdge);
  const second = await page.evaluate(() => window.resqunnLab.metrics());
  expect(second?.config).toBe(withEdge);
  for (const s of second!.steps) {
    expect(s.gradNorms.Q1).toBeGreaterThan(0);
    expect(s.shotNoise?.Q1).toBeGreaterThan(0);
  }
  await expect(page.locator('path.noise-floor[data-layer="Q1"]')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('shots-edge-1-2.png'), fullPage: true });
});

test('opened with no configuration, the app runs the default circuit (basic, L = 3, none dead) and Q1 comes alive with 1-2', async ({
  page,
  lab,
}) => {
  await page.goto('/?backend=wasm');
  await waitForReady(page);
  // The default circuit is written into the link: a link without a=/d= means ryrz at depth 1.
  // A page opened without a link trains it for 4 epochs (src/state/page/firstRun.ts).
  const circuitCode = 'n=2;k=2,2;d=3,3;a=basic,basic';
  const defaultCode = `${circuitCode};ep=4`;
  await expect(page.getByTestId('config-code')).toHaveText(defaultCode);
  expect(new URL(page.url()).searchParams.get('c')).toBe(defaultCode);
  for (const layer of ['Q1', 'Q2']) {
    const node = page.locator(`.node.quanv[data-layer="${layer}"]`);
    await expect(node).toHaveAttribute(
      'aria-label',
      /basic circuit, depth 3, 12 parameters, none dead/,
    );
    await expect(node.locator('.node-params')).toHaveText('12 parameters, none dead');
    await expect(page.getByLabel(`${layer} circuit family`)).toHaveValue('basic');
    await expect(page.getByLabel(`${layer} depth`)).toHaveValue('3');
  }

  // The first-run lesson holds on the default: under measured gradients Q1 gets none …
  const legend = (layer: string) =>
    page.locator(`[data-testid="gradient-legend"] [data-layer="${layer}"]`);
  // The worker got the circuit too (its run record's text, parsed and written again there).
  expect(await page.evaluate(() => window.resqunnLab.metrics()?.config)).toBe(defaultCode);
  await page.evaluate(() => window.resqunnLab.step(2));
  await expect(legend('Q1')).toHaveAttribute('data-gradient', 'none');
  await expect(legend('Q2')).toHaveAttribute('data-gradient', 'present');
  // … until the residual connection 1-2 skips Q2's encoding.
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Connection from').selectOption('1');
  await form.getByLabel('Connection to').selectOption('2');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId('config-code')).toHaveText(`${circuitCode};e=1-2;ep=4`);
  await page.waitForFunction(() => window.resqunnLab.metrics()?.config.includes('e=1-2'));
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
  expect(await page.evaluate(() => window.resqunnLab.metrics()?.config)).toBe(
    `${circuitCode};e=1-2;ep=4`,
  );
  await page.evaluate(() => window.resqunnLab.step(2));
  await expect(legend('Q1')).toHaveAttribute('data-gradient', 'present');
  await page.screenshot({ path: screenshotPath('default-circuit.png'), fullPage: true });

  // The circuit panel draws it: 3 ansatz layers of RX(θ) and a CNOT ring, nothing dotted.
  await page.getByRole('button', { name: 'Circuit', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Quanv circuit' });
  await expect(panel.locator('.circuit-rotation')).toHaveCount(12);
  await expect(panel.locator('.circuit-rotation[data-dead="true"]')).toHaveCount(0);
  await expect(panel.getByTestId('circuit-dead-summary')).toHaveText('12 parameters, none dead.');
  await page.screenshot({ path: screenshotPath('default-circuit-panel.png'), fullPage: true });
  expect(lab.errors).toEqual([]);
});
