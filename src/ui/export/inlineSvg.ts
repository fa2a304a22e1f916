import { PRINT_THEME, styleAttributes, transformAttribute, type StyleProperty } from './printStyle';

/*
 * A live, CSS-styled SVG of the page as a standalone SVG document: every computed style that
 * matters is written as a presentation attribute (no stylesheet, no CSS variables, no web fonts),
 * the print theme's colours are used whatever the page's theme, content that overflows the
 * viewBox (labels, arcs) is kept, and interaction-only parts (focus halos, hit areas, drag
 * ghosts) are dropped.
 */

export type Background = 'white' | 'transparent';

export interface SvgExportOptions {
  readonly background: Background;
  /** Written as the document's <title> (shown by viewers, read by screen readers). */
  readonly title?: string;
  /** Written as <desc>: what the figure shows, and its configuration. */
  readonly description?: string;
}

export interface ExportedSvg {
  /** The SVG document, XML declaration included. */
  readonly markup: string;
  /** Its size in CSS pixels (the PNG's size at scale 1). */
  readonly width: number;
  readonly height: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const DROPPED_ATTRIBUTES = ['style', 'tabindex', 'focusable', 'pointer-events', 'cursor'];
/** Parts of the page's SVGs that exist only for interaction. */
const INTERACTIVE =
  '[data-export="skip"], foreignObject, .arc-hit, .port-halo, .merge-halo, .ghost';

export function exportSvgElement(live: SVGSVGElement, options: SvgExportOptions): ExportedSvg {
  const restore = applyPrintTheme(live);
  try {
    const frame = exportFrame(live);
    const clone = live.cloneNode(true) as SVGSVGElement;
    inlineTree(live, clone);
    finishRoot(clone, frame, options);
    const markup = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
    return { markup, width: frame.width, height: frame.height };
  } finally {
    restore();
  }
}

/** Sets the print theme's variables on the SVG for the duration of the export. */
function applyPrintTheme(svg: SVGSVGElement): () => void {
  const previous = Object.keys(PRINT_THEME).map((name) => [
    name,
    svg.style.getPropertyValue(name),
    svg.style.getPropertyPriority(name),
  ]);
  for (const [name, value] of Object.entries(PRINT_THEME)) svg.style.setProperty(name, value);
  return () => {
    for (const [name, value, priority] of previous) {
      if (value) svg.style.setProperty(name, value, priority);
      else svg.style.removeProperty(name);
    }
  };
}

interface Frame {
  /** The exported viewBox, in the SVG's user units. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Its size in CSS pixels. */
  readonly width: number;
  readonly height: number;
}

/** The SVG's viewBox (or its pixel box), grown to hold content drawn outside it. */
function exportFrame(svg: SVGSVGElement): Frame {
  const rect = svg.getBoundingClientRect();
  const attrWidth = Number(svg.getAttribute('width'));
  const attrHeight = Number(svg.getAttribute('height'));
  const pixelWidth = attrWidth > 0 ? attrWidth : rect.width;
  const pixelHeight = attrHeight > 0 ? attrHeight : rect.height;
  const vb = svg.viewBox.baseVal;
  const hasViewBox = vb && vb.width > 0 && vb.height > 0;
  const base = hasViewBox
    ? { x: vb.x, y: vb.y, w: vb.width, h: vb.height }
    : { x: 0, y: 0, w: pixelWidth, h: pixelHeight };
  const unit = hasViewBox && base.w > 0 ? pixelWidth / base.w : 1;
  let { x, y, w, h } = base;
  try {
    const box = svg.getBBox();
    if (box.width > 0 && box.height > 0) {
      const pad = 2;
      const x0 = Math.min(x, Math.floor(box.x - pad));
      const y0 = Math.min(y, Math.floor(box.y - pad));
      const x1 = Math.max(x + w, Math.ceil(box.x + box.width + pad));
      const y1 = Math.max(y + h, Math.ceil(box.y + box.height + pad));
      [x, y, w, h] = [x0, y0, x1 - x0, y1 - y0];
    }
  } catch {
    // not rendered (display: none): keep the declared box
  }
  return {
    x,
    y,
    w,
    h,
    width: Math.max(1, Math.round(w * unit)),
    height: Math.max(1, Math.round(h * unit)),
  };
}

function inlineTree(liveRoot: SVGSVGElement, cloneRoot: SVGSVGElement): void {
  const styles = new Map<Element, CSSStyleDeclaration>();
  const removed: Element[] = [];
  const visit = (live: Element, clone: Element, parent: CSSStyleDeclaration | null) => {
    const style = getComputedStyle(live);
    const isRoot = live === liveRoot;
    if (!isRoot && (style.display === 'none' || live.matches(INTERACTIVE))) {
      removed.push(clone);
      return;
    }
    if (!isRoot && Number(style.opacity) === 0 && !live.closest('defs')) {
      removed.push(clone);
      return;
    }
    styles.set(live, style);
    const read = (s: CSSStyleDeclaration) => (p: StyleProperty) => s.getPropertyValue(p);
    const attributes = styleAttributes(read(style), parent ? read(parent) : null, (name) =>
      clone.hasAttribute(name),
    );
    for (const [name, value] of attributes) clone.setAttribute(name, value);
    writeTransform(live, clone, style);
    for (const name of DROPPED_ATTRIBUTES) clone.removeAttribute(name);
    if (!isRoot) {
      for (const name of [...clone.getAttributeNames()]) {
        if (name.startsWith('aria-') || name === 'role') clone.removeAttribute(name);
      }
    }
    const liveChildren = live.children;
    const cloneChildren = clone.children;
    for (let i = 0; i < liveChildren.length; i++) {
      visit(liveChildren[i], cloneChildren[i], style);
    }
  };
  visit(liveRoot, cloneRoot, null);
  for (const element of removed) element.remove();
}

/** A CSS transform (the diagram moves some groups with `style="transform: …"`) as an attribute. */
function writeTransform(live: Element, clone: Element, style: CSSStyleDeclaration): void {
  const inline = (live as SVGElement).style?.transform ?? '';
  if (live.hasAttribute('transform') && inline === '') return;
  // Patterns, markers and gradients have their own transform attributes (patternTransform…),
  // which Chromium also reports as `transform`; only drawn elements take one.
  if (!(live instanceof SVGGraphicsElement) || live instanceof SVGSVGElement) return;
  const [ox, oy] = style.transformOrigin.split(' ').map((v) => parseFloat(v) || 0);
  let originX = ox;
  let originY = oy;
  if (style.transformBox === 'fill-box' && live instanceof SVGGraphicsElement) {
    const box = live.getBBox();
    originX += box.x;
    originY += box.y;
  }
  const attribute = transformAttribute(style.transform, originX, originY);
  if (attribute) clone.setAttribute('transform', attribute);
}

function finishRoot(svg: SVGSVGElement, frame: Frame, options: SvgExportOptions): void {
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('version', '1.1');
  svg.setAttribute('width', String(frame.width));
  svg.setAttribute('height', String(frame.height));
  svg.setAttribute('viewBox', [frame.x, frame.y, frame.w, frame.h].map(round).join(' '));
  svg.removeAttribute('class');
  svg.setAttribute('overflow', 'hidden');
  const first = svg.firstChild;
  if (options.title) {
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = options.title;
    svg.insertBefore(title, first);
  }
  if (options.description) {
    const desc = document.createElementNS(SVG_NS, 'desc');
    desc.textContent = options.description;
    svg.insertBefore(desc, first);
  }
  if (options.background === 'white') {
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', round(frame.x));
    rect.setAttribute('y', round(frame.y));
    rect.setAttribute('width', round(frame.w));
    rect.setAttribute('height', round(frame.h));
    rect.setAttribute('fill', '#ffffff');
    rect.setAttribute('stroke', 'none');
    svg.insertBefore(rect, first);
  }
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
