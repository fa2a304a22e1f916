/**
 * Where everything of the architecture diagram goes, in a fixed coordinate system (the SVG's
 * viewBox): the chain X → Q1 → … → Qn → H on one baseline, a merge point ⊕ after every quanv
 * layer, an output port ● per source, and residual arcs over the chain. Pure: the same numbers
 * for the same network, so relayout can be animated and tested.
 */

export interface Edge {
  readonly from: number;
  readonly to: number;
}

export type Tap = 'chained' | 'raw';

export interface DiagramInput {
  /** Quanv layers, 1…4. */
  readonly layers: number;
  readonly edges: readonly Edge[];
  readonly tap: Tap;
}

export interface NodeBox {
  /** 'X', 'Q1' … 'Qn', 'H'. */
  readonly id: string;
  /** 0 for X, i for Qi, n+1 for H. */
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface MergePoint {
  /** The merge after Q`to`. */
  readonly to: number;
  readonly x: number;
  readonly y: number;
}

export interface Port {
  /** The source: 0 for X, a for Qa. */
  readonly from: number;
  readonly x: number;
  readonly y: number;
}

export interface Arc {
  readonly from: number;
  readonly to: number;
  readonly d: string;
  /** Top of the arc, for its label. */
  readonly peakX: number;
  readonly peakY: number;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly baseline: number;
  readonly nodes: readonly NodeBox[];
  readonly merges: readonly MergePoint[];
  readonly ports: readonly Port[];
  readonly arcs: readonly Arc[];
  /** Straight connectors of the chain, left to right. */
  readonly wires: readonly { readonly x1: number; readonly x2: number }[];
}

export const VIEW_WIDTH = 1000;
export const VIEW_HEIGHT = 250;
export const BASELINE = 172;
export const QUANV_SIZE = { width: 132, height: 96 } as const;
export const END_SIZE = { width: 64, height: 64 } as const;
export const MERGE_RADIUS = 10;
export const PORT_RADIUS = 6;
/** Between a layer's right edge and its ⊕; the raw tap's port sits halfway. */
const MERGE_OFFSET = 30;
/** From ⊕ to the chained tap's port. */
const PORT_AFTER_MERGE = 22;

/** Arc height by span: longer skips fly higher, so arcs that overlap never coincide. */
export function arcHeight(span: number): number {
  return 86 + 26 * (span - 1);
}

/** A residual arc from a port up over the chain and down onto a merge point. */
export function arcPath(x1: number, x2: number, y: number, height: number, endY = y): string {
  const top = y - height;
  return `M${r(x1)},${r(y)} C${r(x1)},${r(top)} ${r(x2)},${r(top)} ${r(x2)},${r(endY)}`;
}

const r = (v: number) => Math.round(v * 10) / 10;

export function layoutDiagram(input: DiagramInput): DiagramLayout {
  const n = Math.max(1, Math.min(4, Math.floor(input.layers)));
  // Widths of the chain's pieces; the gaps share what is left of the view, within limits.
  const mergeSlot = MERGE_OFFSET + PORT_AFTER_MERGE;
  const fixed = END_SIZE.width * 2 + n * (QUANV_SIZE.width + mergeSlot);
  const gaps = n + 1;
  const gap = Math.min(72, Math.max(26, (VIEW_WIDTH - 40 - fixed) / gaps));
  const total = fixed + gap * gaps;
  let cursor = (VIEW_WIDTH - total) / 2;

  const nodes: NodeBox[] = [];
  const merges: MergePoint[] = [];
  const ports: Port[] = [];
  const wires: { x1: number; x2: number }[] = [];
  const place = (id: string, index: number, size: { width: number; height: number }) => {
    const box = {
      id,
      index,
      x: cursor,
      y: BASELINE - size.height / 2,
      width: size.width,
      height: size.height,
    };
    nodes.push(box);
    cursor += size.width;
    return box;
  };

  const input0 = place('X', 0, END_SIZE);
  ports.push({ from: 0, x: input0.x + input0.width + 12, y: BASELINE });
  let wireStart = cursor;
  for (let i = 1; i <= n; i++) {
    cursor += gap;
    wires.push({ x1: wireStart, x2: cursor });
    const box = place(`Q${i}`, i, QUANV_SIZE);
    const right = box.x + box.width;
    const mergeX = right + MERGE_OFFSET;
    merges.push({ to: i, x: mergeX, y: BASELINE });
    wires.push({ x1: right, x2: mergeX - MERGE_RADIUS });
    if (i < n) {
      const portX = input.tap === 'raw' ? right + MERGE_OFFSET / 2 : mergeX + PORT_AFTER_MERGE;
      ports.push({ from: i, x: portX, y: BASELINE });
    }
    wireStart = mergeX + MERGE_RADIUS;
    cursor = right + mergeSlot;
  }
  cursor += gap;
  wires.push({ x1: wireStart, x2: cursor });
  place('H', n + 1, END_SIZE);

  const arcs = input.edges
    .filter((e) => e.from >= 0 && e.to <= n && e.from < e.to)
    .map((e): Arc => {
      const port = ports.find((p) => p.from === e.from);
      const merge = merges[e.to - 1];
      const x1 = port?.x ?? 0;
      const height = arcHeight(e.to - e.from);
      return {
        from: e.from,
        to: e.to,
        d: arcPath(x1, merge.x, BASELINE, height, BASELINE - MERGE_RADIUS),
        // A cubic with both control points at `height` peaks at three quarters of it.
        peakX: (x1 + merge.x) / 2,
        peakY: BASELINE - height * 0.75,
      };
    });

  return {
    width: VIEW_WIDTH,
    height: VIEW_HEIGHT,
    baseline: BASELINE,
    nodes,
    merges,
    ports,
    arcs,
    wires,
  };
}

/** The merge point within `radius` of (x, y), nearest first, or null. */
export function mergeNear(
  layout: DiagramLayout,
  x: number,
  y: number,
  radius = 28,
): MergePoint | null {
  let best: MergePoint | null = null;
  let bestDistance = radius;
  for (const m of layout.merges) {
    const distance = Math.hypot(m.x - x, m.y - y);
    if (distance <= bestDistance) {
      best = m;
      bestDistance = distance;
    }
  }
  return best;
}

/** Whether a point is far enough outside the drawing that dropping an arc there removes it. */
export function outsideDiagram(layout: DiagramLayout, x: number, y: number, margin = 8): boolean {
  return x < -margin || y < -margin || x > layout.width + margin || y > layout.height + margin;
}
