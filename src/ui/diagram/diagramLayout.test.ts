import { describe, expect, it } from 'vitest';
import {
  arcLevels,
  labelX,
  layoutDiagram,
  mergeNear,
  minLayoutWidth,
  outsideDiagram,
} from './diagramLayout';

const WIDTH = 800;

describe('layoutDiagram', () => {
  it('lays the chain out left to right within the view, for 1 to 4 layers', () => {
    for (let n = 1; n <= 4; n++) {
      const layout = layoutDiagram({ layers: n, edges: [], tap: 'chained' }, WIDTH);
      expect(layout.nodes.map((b) => b.id)).toEqual([
        'X',
        ...Array.from({ length: n }, (_, i) => `Q${i + 1}`),
        'H',
      ]);
      for (let k = 1; k < layout.nodes.length; k++) {
        const prev = layout.nodes[k - 1];
        expect(layout.nodes[k].x).toBeGreaterThan(prev.x + prev.width);
      }
      const lastNode = layout.nodes[layout.nodes.length - 1];
      expect(layout.nodes[0].x).toBeGreaterThanOrEqual(0);
      expect(lastNode.x + lastNode.width).toBeLessThanOrEqual(WIDTH);
      expect(layout.merges.map((m) => m.to)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(layout.ports.map((p) => p.from)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('puts each merge point after its layer and before the next', () => {
    const layout = layoutDiagram({ layers: 3, edges: [], tap: 'chained' }, WIDTH);
    for (const m of layout.merges) {
      const layer = layout.nodes[m.to];
      const next = layout.nodes[m.to + 1];
      expect(m.x).toBeGreaterThan(layer.x + layer.width);
      expect(m.x).toBeLessThan(next.x);
    }
  });

  it('taps h_a after the merge when chained, O_a before it when raw', () => {
    const chained = layoutDiagram({ layers: 2, edges: [], tap: 'chained' }, WIDTH);
    const raw = layoutDiagram({ layers: 2, edges: [], tap: 'raw' }, WIDTH);
    const merge1 = chained.merges[0].x;
    expect(chained.ports[1].x).toBeGreaterThan(merge1);
    expect(raw.ports[1].x).toBeLessThan(merge1);
  });

  it('draws one arc per valid edge, higher for longer skips', () => {
    const layout = layoutDiagram(
      {
        layers: 3,
        edges: [
          { from: 0, to: 1 },
          { from: 0, to: 3 },
          { from: 2, to: 1 },
        ],
        tap: 'chained',
      },
      WIDTH,
    );
    expect(layout.arcs.map((a) => `${a.from}-${a.to}`)).toEqual(['0-1', '0-3']);
    expect(layout.arcs[1].peakY).toBeLessThan(layout.arcs[0].peakY);
    expect(layout.arcs[1].peakY).toBeGreaterThan(0);
    expect(layout.arcs[0].d).toMatch(/^M[\d.]+,[\d.]+ L/);
  });

  it('fits four layers into a narrow view and centres two in a wide one', () => {
    const narrow = layoutDiagram({ layers: 4, edges: [], tap: 'chained' }, 680);
    const last = narrow.nodes[narrow.nodes.length - 1];
    expect(last.x + last.width).toBeLessThanOrEqual(680);
    const wide = layoutDiagram({ layers: 2, edges: [], tap: 'chained' }, 1400);
    const right = wide.nodes[wide.nodes.length - 1];
    expect(wide.nodes[0].x).toBeCloseTo(1400 - (right.x + right.width), 5);
  });
});

describe('labelX', () => {
  it('centres a label unless another arc comes down there', () => {
    expect(labelX(0, 100, [])).toBe(50);
    expect(labelX(0, 100, [300])).toBe(50);
    expect(labelX(0, 200, [100])).toBe(70);
  });
});

describe('arcLevels', () => {
  it('keeps disjoint arcs low and lifts arcs over the ones they overlap or contain', () => {
    const chain = [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
    ];
    expect(arcLevels(chain)).toEqual([1, 1, 1]);
    expect(
      arcLevels([
        { from: 0, to: 3 },
        { from: 0, to: 1 },
        { from: 0, to: 2 },
        { from: 1, to: 3 },
      ]),
    ).toEqual([4, 1, 2, 3]);
  });
});

describe('hit testing', () => {
  const layout = layoutDiagram({ layers: 2, edges: [], tap: 'chained' }, WIDTH);

  it('finds the merge point near the pointer', () => {
    const m = layout.merges[1];
    expect(mergeNear(layout, m.x + 5, m.y - 5)?.to).toBe(2);
    expect(mergeNear(layout, m.x + 100, m.y - 100)).toBeNull();
  });

  it('knows when the pointer left the drawing', () => {
    expect(outsideDiagram(layout, 500, 100)).toBe(false);
    expect(outsideDiagram(layout, 500, layout.height + 40)).toBe(true);
    expect(outsideDiagram(layout, -40, 100)).toBe(true);
  });
});

describe('the narrowest diagram', () => {
  it('holds every node inside its width, for 1 to 4 layers', () => {
    for (let n = 1; n <= 4; n++) {
      const width = minLayoutWidth(n);
      const layout = layoutDiagram({ layers: n, edges: [], tap: 'chained' }, width);
      const right = Math.max(...layout.nodes.map((b) => b.x + b.width));
      expect(right).toBeLessThanOrEqual(width);
      expect(Math.min(...layout.nodes.map((b) => b.x))).toBeGreaterThanOrEqual(0);
    }
  });
});
