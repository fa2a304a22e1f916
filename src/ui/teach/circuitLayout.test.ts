import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CircuitDiagram } from './CircuitDiagram';
import { CIRCUIT_FAMILIES, compileCircuit } from '../../sim/circuit/circuitProgram';
import { deadParameters } from '../../sim/circuit/deadParameters';
import { compileCustomCircuit, readCustomCircuit } from '../../sim/circuit/customCircuit';
import { angleAt, circuitLayout, formatAngle } from './circuitLayout';

const ryrz = (qubits: number, depth: number) =>
  compileCircuit({ family: 'ryrz', qubits, depth, structureSeed: 0 });

const cases = [
  [4, 1],
  [4, 3],
  [9, 2],
] as const;

describe('circuitLayout', () => {
  it.each(cases)('has n encodes, L·(2n + n) ansatz gates and n readouts for n=%i, L=%i', (n, L) => {
    const { gates, columns } = circuitLayout(ryrz(n, L));
    const count = (kind: string) => gates.filter((g) => g.kind === kind).length;
    expect(gates).toHaveLength(n + L * 3 * n + n);
    expect([count('encode'), count('ry'), count('rz'), count('cnot'), count('measure')]).toEqual([
      n,
      L * n,
      L * n,
      L * n,
      n,
    ]);
    expect(columns).toBe(2 + L * (n + 2));
  });

  it.each(cases)(
    'draws the CNOT ring j → j+1 mod n in order, one per column (n=%i, L=%i)',
    (n, L) => {
      const cnots = circuitLayout(ryrz(n, L)).gates.filter((g) => g.kind === 'cnot');
      const ring = Array.from({ length: n }, (_, j) => [j, (j + 1) % n]);
      expect(cnots.map((g) => [g.control, g.qubit])).toEqual(
        Array.from({ length: L }, () => ring).flat(),
      );
      expect(cnots.map((g) => [g.control, g.qubit]).slice(n - 1, n)).toEqual([[n - 1, 0]]);
      const columns = cnots.map((g) => g.column);
      expect(new Set(columns).size).toBe(columns.length);
      expect([...columns].sort((a, b) => a - b)).toEqual(columns);
    },
  );

  it('puts all encodes in column 0, a layer’s RY then RZ in one column each, readout last', () => {
    const { gates, columns } = circuitLayout(ryrz(4, 2));
    const cols = (kind: string, layer?: number) => [
      ...new Set(
        gates
          .filter((g) => g.kind === kind && (layer === undefined || g.param?.layer === layer))
          .map((g) => g.column),
      ),
    ];
    expect(cols('encode')).toEqual([0]);
    expect([cols('ry', 0), cols('rz', 0), cols('ry', 1), cols('rz', 1)]).toEqual([
      [1],
      [2],
      [7],
      [8],
    ]);
    expect(cols('measure')).toEqual([columns - 1]);
  });

  it.each(cases)('orders sections strictly and covers every column once (n=%i, L=%i)', (n, L) => {
    const { sections, gates, columns } = circuitLayout(ryrz(n, L));
    expect(sections.map((s) => s.label)).toEqual([
      'encoding',
      ...Array.from({ length: L }, (_, l) => `ansatz layer ${l + 1}`),
      'readout',
    ]);
    expect(sections[0].from).toBe(0);
    expect(sections[sections.length - 1].to).toBe(columns - 1);
    sections.forEach((s, i) => {
      expect(s.from).toBeLessThanOrEqual(s.to);
      if (i > 0) expect(s.from).toBe(sections[i - 1].to + 1);
    });
    // Every gate of ansatz layer l lies within its section.
    for (const g of gates) {
      const s = sections.find((sec) => g.column >= sec.from && g.column <= sec.to);
      if (g.kind === 'encode') expect(s?.label).toBe('encoding');
      else if (g.kind === 'measure') expect(s?.label).toBe('readout');
      else expect(s?.label).toMatch(/^ansatz layer \d$/);
      if (g.param) expect(s?.label).toBe(`ansatz layer ${g.param.layer + 1}`);
    }
  });

  it.each(cases)(
    'uses every angle index 0..2nL-1 exactly once, θ even, φ odd (n=%i, L=%i)',
    (n, L) => {
      const params = circuitLayout(ryrz(n, L)).gates.flatMap((g) =>
        g.param ? [{ g, p: g.param }] : [],
      );
      const indices = params.map(({ p }) => p.index).sort((a, b) => a - b);
      expect(indices).toEqual(Array.from({ length: 2 * n * L }, (_, i) => i));
      for (const { g, p } of params) {
        expect(p.index).toBe((p.layer * n + g.qubit) * 2 + (g.kind === 'rz' ? 1 : 0));
        // the last layer's φ is dead (docs/model.md §6), nothing else
        expect(p.dead).toBe(g.kind === 'rz' && p.layer === L - 1);
      }
    },
  );
});

describe('circuitLayout of every family', () => {
  const programs = CIRCUIT_FAMILIES.flatMap((family) =>
    [4, 9].flatMap((qubits) =>
      [1, 2, 3].map((depth) => compileCircuit({ family, qubits, depth, structureSeed: 3 })),
    ),
  );
  it.each(programs.map((p) => [`${p.family}, ${p.qubits} qubits, L = ${p.depth}`, p] as const))(
    'draws every gate of the program once, in its layer, dead ones marked: %s',
    (_, program) => {
      const { gates, sections } = circuitLayout(program);
      const dead = deadParameters(program);
      const rotations = gates.filter((g) => g.param);
      expect(rotations.map((g) => g.param!.index).sort((a, b) => a - b)).toEqual(
        Array.from({ length: program.paramCount }, (_, i) => i),
      );
      for (const g of rotations) {
        const source = program.gates.find((s) => s.op === 'rot' && s.param === g.param!.index);
        expect(source).toMatchObject({ axis: g.kind.slice(1), qubit: g.qubit });
        expect(g.param!.dead).toBe(dead[g.param!.index]);
        const s = sections.find((sec) => g.column >= sec.from && g.column <= sec.to);
        expect(s?.label).toBe(`ansatz layer ${g.param!.layer + 1}`);
      }
      const cnots = (list: readonly { kind?: string; op?: string }[]) =>
        list.filter((g) => g.kind === 'cnot' || g.op === 'cnot').length;
      expect(cnots(gates)).toBe(cnots(program.gates));
      // no two gates share a cell, and a CNOT's line crosses no other gate in its column
      const cells = new Set<string>();
      for (const g of gates) {
        const lo = Math.min(g.qubit, g.control ?? g.qubit);
        const hi = Math.max(g.qubit, g.control ?? g.qubit);
        for (let q = lo; q <= hi; q++) {
          const key = `${g.column}:${q}`;
          expect(cells.has(key), key).toBe(false);
          cells.add(key);
        }
      }
    },
  );
});

describe('formatAngle', () => {
  it('reduces to [0, 2π) with two decimals', () => {
    expect(formatAngle(6.5)).toBe('0.22');
    expect(formatAngle(1)).toBe('1.00');
    expect(formatAngle(0)).toBe('0.00');
    expect(formatAngle(2 * Math.PI)).toBe('0.00');
    expect(formatAngle(3 * 2 * Math.PI + 1.5)).toBe('1.50');
  });

  it('wraps negative angles upwards', () => {
    expect(formatAngle(-1)).toBe((2 * Math.PI - 1).toFixed(2));
    expect(formatAngle(-0.5)).toBe('5.78');
    expect(formatAngle(-2 * Math.PI - 0.5)).toBe('5.78');
  });

  it('does not print a number for non-finite values', () => {
    expect(formatAngle(Number.NaN)).toBe('—');
  });
});

describe('angleAt and CircuitDiagram', () => {
  const angles = Float32Array.from({ length: 2 * 4 * 2 }, (_, i) => i / 10);

  it('reads a gate’s own angle, or null without angles', () => {
    const rz = circuitLayout(ryrz(4, 2)).gates.find(
      (g) => g.kind === 'rz' && g.qubit === 3 && g.param?.layer === 1,
    )!;
    expect(angleAt(angles, rz)).toBeCloseTo(1.5);
    expect(angleAt(null, rz)).toBeNull();
  });

  const render = (a: Float32Array | null, frozen = false) =>
    renderToStaticMarkup(
      createElement(CircuitDiagram, {
        layer: 'Q1',
        program: ryrz(4, 2),
        angles: a,
        colour: '#000',
        frozen,
      }),
    );
  const valueOf = (html: string, testid: string) =>
    new RegExp(`data-testid="${testid}".*?<text class="gate-value"[^>]*>([^<]*)<`).exec(html)?.[1];

  it('labels each rotation gate with its live value', () => {
    const html = render(angles);
    expect(valueOf(html, 'gate-ry-l0-q0')).toBe('0.00');
    expect(valueOf(html, 'gate-rz-l0-q1')).toBe('0.30');
    expect(valueOf(html, 'gate-ry-l1-q2')).toBe('1.20');
    expect(valueOf(html, 'gate-rz-l1-q3')).toBe('1.50');
    expect(html.match(/class="gate-value"/g)).toHaveLength(16);
    expect(html).toContain('aria-label="Circuit of Q1: 4 qubits');
  });

  it('shows parameter symbols without angles, says frozen, and marks the dead φ', () => {
    const html = render(null, true);
    expect(valueOf(html, 'gate-ry-l1-q0')).toBe('θ8');
    expect(valueOf(html, 'gate-rz-l0-q3')).toBe('θ7');
    expect(html).toContain('Circuit of Q1 (frozen)');
    // L = 2: the last layer's four φ are dead, the first layer's are not
    expect(html.match(/data-dead="true"/g)).toHaveLength(4);
    expect(html).toMatch(/data-testid="gate-rz-l1-q0"[^>]*data-dead="true"/);
    expect(html).toMatch(/data-testid="gate-rz-l0-q0"[^>]*data-dead="false"/);
  });
});

describe('circuitLayout of a custom circuit', () => {
  it('places every gate of the wider set and draws each', () => {
    const read = readCustomCircuit('hrz_rx0_cz01_swap23_crz12_ry3~0.5_sdg0', 4);
    if (!read.ok) throw new Error(read.errors.join('; '));
    const program = compileCustomCircuit(read.circuit, {
      family: 'basic',
      qubits: 4,
      structureSeed: 0,
    });
    const { gates } = circuitLayout(program);
    const ansatz = gates.filter((g) => g.kind !== 'encode' && g.kind !== 'measure');
    expect(ansatz.map((g) => [g.kind, g.column, g.at])).toEqual([
      ['rx', 1, 4],
      ['cz', 2, 5],
      ['swap', 1, 6],
      ['crz', 3, 7],
      ['fry', 2, 8],
      ['fixed', 3, 9],
    ]);
    expect(gates.filter((g) => g.kind === 'encode').every((g) => g.encoding === 'hrz')).toBe(true);
    const markup = renderToStaticMarkup(
      createElement(CircuitDiagram, {
        layer: 'Q1',
        program,
        angles: null,
        colour: '#000',
        frozen: false,
      }),
    );
    for (const text of ['H·RZ', 'S†', 'circuit-swap', 'circuit-cz', '0.50', 'θ1']) {
      expect(markup).toContain(text);
    }
  });
});
