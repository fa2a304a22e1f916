import type { Page } from '@playwright/test';
import { parseConfigText } from '../src/model/config/configText';
import { configPrograms } from '../src/model/layerProgram';
import { float64ExpectZ } from '../src/sim/circuit/float64Program';
import { importQasm } from '../src/sim/circuit/qasm/qasmImport';
import { violations } from './axeViolations';
import { expect, test } from './fixtures';
import { download, screenshotPath, TINY } from './labHelpers';

/*
 * The gate editor (issue 23): a new user opens the Circuit panel, edits a copy of a family,
 * drags a gate onto a wire with the mouse, trains, shares the link, exports OpenQASM 2 and gets
 * the same ⟨Z⟩ from the file in another simulator (the float64 one, from the re-imported file).
 */

const CONFIG = `n=1;k=2;d=1;a=basic;ep=2;${TINY}`;

const configCode = (page: Page) =>
  decodeURIComponent(new URL(page.url()).searchParams.get('c') ?? '');

async function firstNorm(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const record = await window.resqunnLab.step(1);
    return record?.steps.at(-1)?.gradNorms.Q1 ?? NaN;
  });
}

test('edit a copy, drag a gate, train, share the link, export OpenQASM 2', async ({
  page,
  lab,
  context,
}) => {
  await lab.open(CONFIG, { settled: true });
  const before = await firstNorm(page);
  expect(before).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Circuit', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Quanv circuit' });
  await panel.getByRole('button', { name: 'Edit a copy of basic' }).click();
  await expect.poll(() => configCode(page)).toContain('g=rx0_rx1_rx2_rx3_cx01_cx12_cx23_cx30');
  const editor = panel.getByTestId('circuit-editor');
  await expect(editor).toBeVisible();
  await expect(panel.getByTestId('circuit-dead-summary')).toContainText('4 parameters');
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');

  // A real mouse drag: RY from the palette onto wire q2, in the column after the RX layer.
  const ry = editor.locator('.palette-gate[data-gate="ry"]');
  const cell = editor.locator('.circuit-cell[data-cell-qubit="2"][data-cell-column="2"]');
  const from = await ry.boundingBox();
  const to = await cell.boundingBox();
  if (!from || !to) throw new Error('palette or cell not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect.poll(() => configCode(page)).toMatch(/g=rx0_rx1_rx2_rx3_ry2_cx01/);
  await expect(panel.getByTestId('circuit-dead-summary')).toContainText('5 parameters');
  await expect(page.locator('.node.quanv[data-layer="Q1"]')).toHaveAttribute(
    'aria-label',
    /custom circuit of 9 gates, 5 parameters/,
  );

  // The keyboard path: cursor to q3, insert an RZ by key, delete it, undo the delete.
  const drawing = editor.locator('.circuit-scroll');
  await drawing.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('z');
  await expect.poll(() => configCode(page)).toContain('rz3');
  await page.keyboard.press('Delete');
  await expect.poll(() => configCode(page)).not.toContain('rz3');
  await page.keyboard.press('Control+z');
  await expect.poll(() => configCode(page)).toContain('rz3');
  await page.keyboard.press('Control+z');
  await expect.poll(() => configCode(page)).not.toContain('rz3');

  // Train the edited circuit: its gradient is not the family's.
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
  const after = await firstNorm(page);
  expect(after).toBeGreaterThan(0);
  expect(after).not.toBeCloseTo(before, 6);
  const code = configCode(page);
  await lab.train(code);

  expect(await violations(page), 'gate editor').toEqual([]);
  await editor.locator('g.circuit-editable').first().click();
  await expect(editor.getByTestId('gate-inspector')).toBeVisible();
  await page.screenshot({ path: screenshotPath('gate-editor.png'), fullPage: true });

  // Export OpenQASM 2 and the JSON; the file's ⟨Z⟩ for a window is the page's circuit's.
  await panel.locator('summary', { hasText: 'OpenQASM' }).click();
  const qasm = await download(page, () =>
    panel.getByRole('button', { name: 'Export OpenQASM 2.0' }).click(),
  );
  expect(qasm.name).toMatch(/\.qasm$/);
  await page.getByRole('button', { name: 'Export circuit', exact: true }).click();
  const json = JSON.parse(
    (await download(page, () => page.getByRole('button', { name: 'Export JSON' }).click())).text,
  ) as { config: string; layers: { params?: number[] }[] };
  const params = json.layers[0].params;
  if (!params) throw new Error('the JSON export has no angles');
  const parsed = parseConfigText(json.config);
  if (!parsed.ok) throw new Error('the exported configuration does not read');
  const pageProgram = configPrograms(parsed.config)[0];
  const imported = importQasm(qasm.text, 4);
  if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
  const pixels = [0.1, 0.7, 0.35, 0.9];
  const fromFile = float64ExpectZ(
    { ...pageProgram, gates: imported.circuit.gates, paramCount: imported.circuit.paramCount },
    pixels,
    imported.circuit.params,
  );
  const fromPage = float64ExpectZ(pageProgram, pixels, params);
  fromFile.forEach((z, j) => expect(z).toBeCloseTo(fromPage[j], 12));

  // An invalid paste: line and column, and nothing changes.
  const link = configCode(page);
  await panel
    .getByLabel(/Paste OpenQASM/)
    .fill('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[4];\nmeasure q[0] -> c[0];\n');
  await panel.getByRole('button', { name: 'Import into Q1' }).click();
  await expect(panel.getByTestId('qasm-problems')).toContainText(/line 4, column 1: measure/);
  expect(configCode(page)).toBe(link);

  // The link round-trips: a fresh page opens the same custom circuit.
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await fresh.waitForFunction(() => window.resqunnLab?.state() === 'paused', null, {
    timeout: 120_000,
  });
  expect(configCode(fresh)).toBe(code);
  await fresh.getByRole('button', { name: 'Circuit', exact: true }).click();
  await expect(fresh.getByTestId('circuit-editor')).toBeVisible();
  await expect(fresh.getByTestId('circuit-dead-summary')).toContainText('5 parameters');

  // A rotation made fixed (its angle then no parameter), and trainable again.
  await fresh.getByTestId('circuit-editor').locator('g.circuit-editable').first().click();
  await fresh.getByTestId('gate-inspector').getByLabel('trainable').uncheck();
  await expect.poll(() => configCode(fresh)).toContain('g=rx0~1.5708_');
  await expect(fresh.getByTestId('circuit-dead-summary')).toContainText('4 parameters');
  await fresh.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => configCode(fresh)).toBe(code);
  expect(lab.errors).toEqual([]);
});

/** A one-finger touch from one point to another, as a touch screen sends it (CDP touch events). */
async function touchDrag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  const steps = 12;
  for (let k = 1; k <= steps; k++) {
    const point = {
      x: from.x + ((to.x - from.x) * k) / steps,
      y: from.y + ((to.y - from.y) * k) / steps,
    };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const centre = (box: { x: number; y: number; width: number; height: number } | null) => {
  if (!box) throw new Error('not laid out');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

test('drags a gate from the palette and moves a placed gate by touch', async ({ page, lab }) => {
  await lab.open(`n=1;k=2;d=1;a=basic;g=rx0_rx1_rx2_rx3;ep=2;${TINY}`, { settled: true });
  await page.getByRole('button', { name: 'Circuit', exact: true }).click();
  const editor = page.getByTestId('circuit-editor');
  await expect(editor).toBeVisible();
  // what the editor receives must be touch pointers, not mouse events
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { pointerTypes: string[] }).pointerTypes = seen;
    window.addEventListener('pointerdown', (e) => seen.push(e.pointerType), true);
  });

  const ry = editor.locator('.palette-gate[data-gate="ry"]');
  const cell = (qubit: number, column: number) =>
    editor.locator(`.circuit-cell[data-cell-qubit="${qubit}"][data-cell-column="${column}"]`);
  await touchDrag(page, centre(await ry.boundingBox()), centre(await cell(2, 2).boundingBox()));
  await expect.poll(() => configCode(page)).toContain('g=rx0_rx1_rx2_rx3_ry2');
  await expect(page.getByTestId('circuit-dead-summary')).toContainText('5 parameters');

  // the placed RY, dragged by touch onto wire q3
  const placed = editor.locator('g.circuit-editable').last();
  await touchDrag(page, centre(await placed.boundingBox()), centre(await cell(3, 2).boundingBox()));
  await expect.poll(() => configCode(page)).toContain('g=rx0_rx1_rx2_rx3_ry3');
  const types = await page.evaluate(
    () => (window as unknown as { pointerTypes: string[] }).pointerTypes,
  );
  expect(types).toEqual(['touch', 'touch']);
  expect(lab.errors).toEqual([]);
});

for (const [encoding, body] of [
  ['rx', 'rx(pi*x) a;'],
  ['hrz', 'h a; rz(pi*x) a;'],
] as const) {
  test(`exports a custom circuit of the ${encoding} encoding as OpenQASM 2 and 3 from the Circuit panel`, async ({
    page,
    lab,
  }) => {
    const config = `n=1;k=2;d=1;a=basic;g=${encoding}_rx0_cry12_sdg2_cx30;ep=2;${TINY}`;
    await lab.open(config, { settled: true });
    await page.getByRole('button', { name: 'Circuit', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Quanv circuit' });
    await panel.locator('summary', { hasText: 'OpenQASM' }).click();
    const parsed = parseConfigText(config);
    if (!parsed.ok) throw new Error('bad config');
    const program = configPrograms(parsed.config)[0];
    for (const version of ['2.0', '3.0']) {
      const file = await download(page, () =>
        panel.getByRole('button', { name: `Export OpenQASM ${version}` }).click(),
      );
      expect(file.text).toContain(`OPENQASM ${version};`);
      expect(file.text).toContain(`gate encode(x) a { ${body} }`);
      const imported = importQasm(file.text, 4);
      if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
      expect(imported.circuit.gates).toEqual(program.gates);
    }
    await expect(panel).not.toContainText('Not exported');
    expect(lab.errors).toEqual([]);
  });
}
