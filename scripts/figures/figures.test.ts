import { describe, expect, it } from 'vitest';
import { emptyRunRecord, type RunRecord } from '../../src/engine/runRecord';
import type { StepMetrics } from '../../src/model/metrics';
import { composeFigures, stripTimes, subtitle } from './compose';
import { DEFAULT_CONFIG } from '../../src/model/config/config';
import { parseConfigText } from '../../src/model/config/configText';
import { accessibilityFigure } from './accessibilityFigure';
import { allReached, observedAccess, type ConfigRun } from './figureRun';
import { curvesAndBarsFigure } from './curvesAndBarsFigure';
import { gradNormFigure } from './gradNormFigure';
import { manifestJson } from './manifest';
import {
  allRuns,
  benchmarkRuns,
  configText,
  curveChoices,
  DEFAULT_SETTINGS,
  qubitRuns,
  sweep,
  type FigureSettings,
} from './plan';
import { decadeTicks, logDomain, movingAverage, stepTicks, textWidth, wrapWords } from './plots';
import { el, escapeXml, num, svgDocument } from './svg';

const SETTINGS: FigureSettings = { ...DEFAULT_SETTINGS, steps: 3, test: 10 };

/** A run whose quanv layers have the given gradient (0 = none). */
function fakeRun(
  config: string,
  norms: Record<string, number>,
  steps = 3,
  accuracy = 0.5,
): RunRecord {
  const record = emptyRunRecord(1, config, 'wasm');
  for (let i = 1; i <= steps; i++) {
    const step: StepMetrics = {
      step: i,
      epoch: 1,
      loss: 2.3 - i * 0.1,
      batchAccuracy: 0.1 * i,
      gradNorms: { ...norms },
      millis: 17 * i,
    };
    record.steps.push(step);
  }
  record.epochs.push({
    epoch: 1,
    step: steps,
    trainAccuracy: accuracy,
    testAccuracy: accuracy,
    trainLoss: 2,
    testLoss: 2,
  });
  record.state = 'done';
  return record;
}

/** Every run the settings need, with gradients exactly as predicted (or not, for `lie`). */
function fakeRecords(settings: FigureSettings, lie?: string): Map<string, RunRecord> {
  const records = new Map<string, RunRecord>();
  for (const n of settings.layers) {
    for (const e of sweep(settings, n)) {
      const norms: Record<string, number> = { H: 1 };
      for (const [id, access] of Object.entries(e.predicted)) {
        norms[id] = access === 'gradient' ? 0.01 : 0;
      }
      if (e.edges === lie) norms.Q1 = 0.5;
      records.set(e.config, fakeRun(e.config, norms));
    }
  }
  for (const r of [...benchmarkRuns(settings), ...qubitRuns(settings)]) {
    if (!records.has(r.config))
      records.set(r.config, fakeRun(r.config, { Q1: 0.1, Q2: 0.1, H: 1 }));
  }
  return records;
}

describe('svg writer', () => {
  it('escapes text and attributes, and rounds numbers', () => {
    expect(escapeXml('a < b & "c"')).toBe('a &lt; b &amp; &quot;c&quot;');
    expect(num(1 / 3)).toBe('0.33');
    expect(num(-0.001)).toBe('0');
    expect(el('text', { x: 1.234, hidden: false, y: undefined }, 'Q&A')).toBe(
      '<text x="1.23">Q&A</text>',
    );
    expect(el('rect', { width: 2 })).toBe('<rect width="2"/>');
  });

  it('writes a standalone document with title, description and background', () => {
    const doc = svgDocument(
      { width: 10, height: 5, title: 'T <1>', description: 'D', fontFamily: 'Arial' },
      el('g', {}),
    );
    expect(
      doc.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"',
      ),
    ).toBe(true);
    expect(doc).toContain('<title>T &lt;1&gt;</title>');
    expect(doc).toContain('<rect width="10" height="5" fill="#ffffff"/>');
  });
});

describe('plot helpers', () => {
  it('estimates text widths and wraps words', () => {
    expect(textWidth('X+O1 | O1+O2', 11, true)).toBeGreaterThan(textWidth('X+O1 | O1+O2', 11));
    expect(textWidth('iii')).toBeLessThan(textWidth('MMM'));
    const lines = wrapWords('tap chained · measured gradients · 30 steps of 16 images', 120, 10.5);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('tap chained · measured gradients · 30 steps of 16 images');
  });

  it('makes log domains of whole decades and thins their ticks', () => {
    expect(logDomain([0.02, 3])).toEqual([0.01, 10]);
    expect(logDomain([])).toEqual([1e-4, 1]);
    expect(logDomain([5, 6])).toEqual([0.1, 10]);
    expect(decadeTicks([1e-6, 1e2], 400)).toHaveLength(9);
    expect(decadeTicks([1e-6, 1e2], 60).length).toBeLessThan(9);
    expect(decadeTicks([1e-6, 1e2], 60)).toContain(100);
  });

  it('averages and ticks steps', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 3)).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(stepTicks([1, 30], 6)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(stepTicks([1, 2], 6)).toEqual([1, 2]);
  });
});

describe('planning', () => {
  it('writes canonical configurations that carry the settings', () => {
    const text = configText(SETTINGS, 2, { edges: '1-2' });
    // Defaults (seed 1, batch 16, chained, measured) are left out, as everywhere; the circuit is
    // the app's default (basic, L = 3), written out since a text without it means ryrz at L = 1.
    expect(text).toBe('n=2;k=2,2;d=3,3;a=basic,basic;e=1-2;train=48;test=10');
    expect(
      configText({ ...SETTINGS, seed: 4, tap: 'raw', family: 'strong', depth: 2 }, 3, {
        kernel: 3,
        model: 'frozen',
      }),
    ).toBe('n=3;k=3,3,3;d=2,2,2;a=strong,strong,strong;tap=raw;m=frozen;train=48;test=10;seed=4');
  });

  it("trains the app's default layers unless told otherwise", () => {
    const parsed = parseConfigText(configText(DEFAULT_SETTINGS, 2));
    expect(parsed.ok && parsed.config.layers).toEqual(DEFAULT_CONFIG.layers);
  });

  it('names the circuit in every subtitle', () => {
    expect(subtitle(SETTINGS)).toMatch(/^basic L = 3 · tap chained · /);
    expect(subtitle({ ...SETTINGS, family: 'ryrz', depth: 1 })).toMatch(/^ryrz L = 1 · /);
  });

  it('sweeps every configuration and picks the curves to draw', () => {
    const two = sweep(SETTINGS, 2);
    expect(two).toHaveLength(8);
    expect(two[0]).toMatchObject({ edges: '', name: 'no residual' });
    expect(curveChoices(two, 2).map((e) => e.name)).toEqual(['no residual', 'O1+O2']);
    expect(sweep(SETTINGS, 3)).toHaveLength(64);
    expect(curveChoices(sweep(SETTINGS, 3), 3).map((e) => e.name)).toEqual([
      'no residual',
      'O1+O2 | O2+O3',
      'O1+O2+O3',
    ]);
  });

  it('trains each configuration once', () => {
    const runs = allRuns(SETTINGS);
    expect(new Set(runs).size).toBe(runs.length);
    // 8 sweeps + frozen + classical + two 3×3 (no residual and O1+O2 are shared).
    expect(runs).toHaveLength(12);
    expect(allRuns({ ...SETTINGS, benchmarks: false, qubits: false })).toHaveLength(8);
  });
});

describe('figures', () => {
  it('reads measured access from the gradient norms', () => {
    const run = fakeRun('n=2;k=2,2', { Q1: 0, Q2: 0.3, H: 1 });
    expect(observedAccess(run, 2)).toEqual({ Q1: 'none', Q2: 'gradient' });
    expect(allReached(observedAccess(run, 2))).toBe(false);
    expect(observedAccess(fakeRun('n=2;k=2,2', { H: 1 }), 2)).toEqual({
      Q1: 'frozen',
      Q2: 'frozen',
    });
  });

  it('draws the accessibility grid and says whether prediction and measurement agree', () => {
    const records = fakeRecords(SETTINGS);
    const rows: ConfigRun[] = sweep(SETTINGS, 2).map((e) => ({
      ...e,
      layers: 2,
      record: records.get(e.config)!,
    }));
    const agree = accessibilityFigure(rows, { layers: 2, subtitle: 's' });
    expect(agree.svg).toContain('4 of 8 configurations give every quanv layer gradient');
    expect(agree.svg).toContain('agree in all 8');
    expect(Number.isInteger(agree.width) && Number.isInteger(agree.height)).toBe(true);
    const lying = fakeRecords(SETTINGS, '0-1');
    const rows2 = rows.map((r) => ({ ...r, record: lying.get(r.config)! }));
    const disagree = accessibilityFigure(rows2, { layers: 2, subtitle: 's' });
    expect(disagree.svg).toContain('disagree in 1');
    expect(disagree.svg).toContain('>mismatch<');
  });

  it('puts layers without gradient in the lane of the gradient figure', () => {
    const none = fakeRun('n=2;k=2,2', { Q1: 0, Q2: 0.2, H: 1 });
    const figure = gradNormFigure(
      [
        {
          config: none.config,
          name: 'no residual',
          edges: '',
          layers: 2,
          predicted: {},
          record: none,
        },
      ],
      's',
    );
    expect(figure.svg).toContain('lane 0: no gradient');
    const lively = fakeRun('n=2;k=2,2', { Q1: 0.1, Q2: 0.2, H: 1 });
    const all = gradNormFigure(
      [
        {
          config: lively.config,
          name: 'x',
          edges: '1-2',
          layers: 2,
          predicted: {},
          record: lively,
        },
      ],
      's',
    );
    expect(all.svg).toContain('every layer got gradient');
  });

  it('draws curves and bars, and is a pure function of the runs', () => {
    const entries = [
      { label: 'a', colour: '#000', record: fakeRun('n=2;k=2,2', { H: 1 }, 5, 0.25) },
      { label: 'b', colour: '#f00', dashed: true, record: fakeRun('n=2;k=2,2', { H: 1 }, 5, 0.75) },
    ];
    const settings = { title: 'T', subtitle: 's', smoothing: 3 };
    const one = curvesAndBarsFigure(entries, settings);
    expect(one.svg).toContain('>75%<');
    expect(one.svg).toContain('stroke-dasharray="5 3"');
    expect(curvesAndBarsFigure(entries, settings).svg).toBe(one.svg);
  });

  it('composes every figure and data file, without wall times', () => {
    const records = fakeRecords(SETTINGS);
    const { figures, data } = composeFigures(SETTINGS, records);
    expect(figures.map((f) => f.kind)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(figures.map((f) => f.name)).toContain('resqunn_fig-a_accessibility_n2_seed1');
    const runs = JSON.parse(data.find((d) => d.kind === 'runs')!.text) as RunRecord[];
    expect(runs).toHaveLength(records.size);
    expect(runs.every((r) => r.steps.every((s) => s.millis === 0) && !('runId' in r))).toBe(true);
    expect(stripTimes(records.values().next().value!).steps[0].millis).toBe(0);
    expect(data.find((d) => d.kind === 'table')!.text.split('\n')[0]).toContain('edges');
  });

  it('names the dataset: every run trains on it, every subtitle, data file and the manifest say which', () => {
    const mine = { ...SETTINGS, dataset: 'clothes.0a1b2c3d' };
    expect(configText(mine, 2, { edges: '1-2' })).toBe(
      'n=2;k=2,2;d=3,3;a=basic,basic;e=1-2;train=48;test=10;data=clothes.0a1b2c3d',
    );
    expect(allRuns(mine).every((c) => c.endsWith(';data=clothes.0a1b2c3d'))).toBe(true);
    const { figures, data } = composeFigures(mine, fakeRecords(mine));
    for (const f of figures) expect(f.figure.svg, f.name).toContain('data clothes.0a1b2c3d');
    for (const d of data) expect(d.description, d.name).toContain('on clothes.0a1b2c3d');
    const table = data.find((d) => d.kind === 'table')!.text.split('\n');
    expect(table[0].endsWith(',dataset')).toBe(true);
    expect(table[1].endsWith(',clothes.0a1b2c3d')).toBe(true);
    expect(JSON.parse(manifestJson(mine, 'wasm', 3, [])).settings.dataset).toBe('clothes.0a1b2c3d');
    // The built-in data is named too.
    expect(subtitle(SETTINGS)).toContain('data MNIST');
  });

  it('writes a manifest without timestamps', () => {
    const text = manifestJson(SETTINGS, 'wasm (SIMD)', 3, [
      { file: 'a.svg', format: 'svg', title: 't', configurations: ['n=2'], seed: 1 },
    ]);
    const manifest = JSON.parse(text);
    expect(manifest.settings).toMatchObject({ steps: 3, pngScale: 3, backend: 'wasm' });
    expect(text).not.toMatch(/20\d\d-\d\d-\d\d/);
  });
});
