/*
 * Where everything of the architecture diagram goes, in a fixed coordinate system (the SVG's
 * viewBox): the chain X → Q1 → … → Qn → H on one baseline, a merge point ⊕ after every quanv
 * layer, an output port ● per source, and residual arcs over the chain. Pure: the same numbers
 * for the same network, so relayout can be animated and tested.
 */

import type { Edge, Tap } from '../../model/config/config';

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

export const QUANV_HEIGHT = 104;
export const END_SIZE = { width: 48, height: 60 } as const;
export const MERGE_RADIUS = 10;
export const PORT_RADIUS = 6;
/** Between a layer's right edge and its ⊕; the raw tap's port sits halfway. */
const MERGE_OFFSET = 22;
/** From ⊕ to the chained tap's port. */
const PORT_AFTER_MERGE = 18;
const SIDE_MARGIN = 4;
const GAP = { min: 18, max: 96 } as const;
const QUANV_WIDTH = { min: 80, max: 172 } as const;
/** Arcs: the lowest clears the nodes, each level above it this much higher. */
const ARC_BASE = QUANV_HEIGHT / 2 + 18;
const ARC_STEP = 20;
const ARC_CORNER = 14;

/**
 * Arc levels: longer skips fly over shorter ones, and arcs that overlap never share a level.
 * Greedy by span, so an arc is always above every arc nested inside it. Level 1 is the lowest.
 */
export function arcLevels(edges: readonly Edge[]): number[] {
  const order = edges
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.to - a.e.from - (b.e.to - b.e.from) || a.e.from - b.e.from);
  const levels = new Array<number>(edges.length).fill(1);
  const placed: { e: Edge; level: number }[] = [];
  for (const { e, i } of order) {
    let level = 1;
    for (const p of placed) {
      const inside = p.e.from >= e.from && p.e.to <= e.to;
      const overlaps = p.e.from < e.to && e.from < p.e.to;
      if (inside || overlaps) level = Math.max(level, p.level + 1);
    }
    levels[i] = level;
    placed.push({ e, level });
  }
  return levels;
}

export function arcHeight(level: number): number {
  return ARC_BASE + ARC_STEP * (level - 1);
}

/**
 * A residual arc drawn as a bracket over the chain, like the skip connections of a paper's
 * figure: up from the port, across, down onto the merge point, with rounded corners. Always the
 * same commands, so CSS can animate `d` when the layout changes.
 */
export function arcPath(x1: number, x2: number, y: number, height: number, endY = y): string {
  const top = y - height;
  const c = Math.min(ARC_CORNER, Math.abs(x2 - x1) / 2);
  return (
    `M${r(x1)},${r(y)} L${r(x1)},${r(top + c)} Q${r(x1)},${r(top)} ${r(x1 + c)},${r(top)} ` +
    `L${r(x2 - c)},${r(top)} Q${r(x2)},${r(top)} ${r(x2)},${r(top + c)} L${r(x2)},${r(endY)}`
  );
}

const r = (v: number) => Math.round(v * 10) / 10;

/** Height of the drawing: room for the highest arc an n-layer network can need. */
function diagramHeight(layers: number): number {
  return baselineFor(layers) + QUANV_HEIGHT / 2 + 10;
}

function baselineFor(layers: number): number {
  return arcHeight(layers) + 16;
}

/** A quanv node's width in the narrowest layout: room for its longest line of text. */
const NARROW_QUANV = 104;

/**
 * The narrowest width that holds `layers` quanv nodes at their smallest, with the smallest gaps:
 * a narrower panel (a phone) draws the diagram at this width, scaled down as a whole.
 */
export function minLayoutWidth(layers: number): number {
  const n = Math.max(1, Math.min(4, Math.floor(layers)));
  const mergeSlot = MERGE_OFFSET + PORT_AFTER_MERGE;
  // Quanv nodes a little wider than their least, so "18 p · 9 dead" fits at any scale.
  return 2 * SIDE_MARGIN + END_SIZE.width * 2 + n * (mergeSlot + NARROW_QUANV) + (n + 1) * GAP.min;
}

export function layoutDiagram(input: DiagramInput, width: number): DiagramLayout {
  const n = Math.max(1, Math.min(4, Math.floor(input.layers)));
  const baseline = baselineFor(n);
  // Quanv nodes share what is left after the fixed pieces and the smallest gaps, within limits;
  // the gaps then share the rest, and the chain is centred.
  const mergeSlot = MERGE_OFFSET + PORT_AFTER_MERGE;
  const usable = width - 2 * SIDE_MARGIN;
  const ends = END_SIZE.width * 2 + n * mergeSlot;
  const quanvWidth = Math.max(
    QUANV_WIDTH.min,
    Math.min(QUANV_WIDTH.max, (usable - ends - (n + 1) * GAP.min) / n),
  );
  const fixed = ends + n * quanvWidth;
  const gap = Math.max(GAP.min, Math.min(GAP.max, (usable - fixed) / (n + 1)));
  const total = fixed + gap * (n + 1);
  let cursor = Math.max(SIDE_MARGIN, (width - total) / 2);

  const nodes: NodeBox[] = [];
  const merges: MergePoint[] = [];
  const ports: Port[] = [];
  const wires: { x1: number; x2: number }[] = [];
  const place = (id: string, index: number, size: { width: number; height: number }) => {
    const box = { id, index, x: cursor, y: baseline - size.height / 2, ...size };
    nodes.push(box);
    cursor += size.width;
    return box;
  };

  const input0 = place('X', 0, END_SIZE);
  ports.push({ from: 0, x: input0.x + input0.width + Math.min(12, gap / 2), y: baseline });
  let wireStart = cursor;
  for (let i = 1; i <= n; i++) {
    cursor += gap;
    wires.push({ x1: wireStart, x2: cursor });
    const box = place(`Q${i}`, i, { width: quanvWidth, height: QUANV_HEIGHT });
    const right = box.x + box.width;
    const mergeX = right + MERGE_OFFSET;
    merges.push({ to: i, x: mergeX, y: baseline });
    wires.push({ x1: right, x2: mergeX - MERGE_RADIUS });
    if (i < n) {
      const portX = input.tap === 'raw' ? right + MERGE_OFFSET / 2 : mergeX + PORT_AFTER_MERGE;
      ports.push({ from: i, x: portX, y: baseline });
    }
    wireStart = mergeX + MERGE_RADIUS;
    cursor = right + mergeSlot;
  }
  cursor += gap;
  wires.push({ x1: wireStart, x2: cursor });
  place('H', n + 1, END_SIZE);

  const valid = input.edges.filter((e) => e.from >= 0 && e.to <= n && e.from < e.to);
  const levels = arcLevels(valid);
  const arcEnds = valid.map((e) => ({
    x1: ports.find((p) => p.from === e.from)?.x ?? 0,
    x2: merges[e.to - 1].x,
  }));
  const arcs = valid.map((e, k): Arc => {
    const { x1, x2 } = arcEnds[k];
    const height = arcHeight(levels[k]);
    // Higher arcs come down through this one's top: keep the label clear of their legs.
    const legs = valid.flatMap((_, j) =>
      levels[j] > levels[k] ? [arcEnds[j].x1, arcEnds[j].x2] : [],
    );
    return {
      from: e.from,
      to: e.to,
      d: arcPath(x1, x2, baseline, height, baseline - MERGE_RADIUS),
      peakX: labelX(x1, x2, legs),
      peakY: baseline - height,
    };
  });

  return { width, height: diagramHeight(n), baseline, nodes, merges, ports, arcs, wires };
}
/** Where along an arc's top its label goes: the middle, unless another arc's leg is there. */
export function labelX(x1: number, x2: number, legs: readonly number[]): number {
  const candidates = [0.5, 0.35, 0.65, 0.25, 0.75].map((t) => x1 + (x2 - x1) * t);
  const clearance = (x: number) => Math.min(Infinity, ...legs.map((leg) => Math.abs(leg - x)));
  return candidates.find((x) => clearance(x) >= 28) ?? candidates[0];
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
