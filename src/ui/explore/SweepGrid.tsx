import { useMemo, useState } from 'react';
import type { ObservedAccess, SweepRow } from '../../model/sweep/sweepRows';
import { AccuracyBar } from './AccuracyBar';

/**
 * The sweep's rows as a table: access per layer (predicted / measured, ◐ where seeds disagree),
 * test accuracy as mean with its 95% CI, first-step gradient norms across seeds. Only the rows in
 * view are in the DOM (fixed row height), so 1,024 configurations scroll as smoothly as 8.
 */
const ROW_HEIGHT = 30;
const VIEW_ROWS = 16;
const OVERSCAN = 6;

type SortKey = 'plan' | 'accuracy' | 'name';

const mark = (a: ObservedAccess | undefined) =>
  a === undefined ? '–' : a === 'mixed' ? '◐' : a ? '●' : '○';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function sortRows(rows: readonly SweepRow[], key: SortKey, descending: boolean): SweepRow[] {
  const order = rows.map((r, i) => ({ r, i }));
  const value = (x: { r: SweepRow; i: number }) =>
    key === 'plan' ? x.i : key === 'accuracy' ? (x.r.testAccuracy.mean ?? -1) : 0;
  order.sort((a, b) =>
    key === 'name' ? a.r.name.localeCompare(b.r.name) : value(a) - value(b) || a.i - b.i,
  );
  if (descending) order.reverse();
  return order.map((x) => x.r);
}

export function SweepGrid({
  rows,
  references,
  layers,
  chance,
  onOpen,
  onStacks,
}: {
  rows: readonly SweepRow[];
  references: readonly SweepRow[];
  layers: readonly string[];
  /** Accuracy by guessing, for the bars' chance line (sweepDataset.ts). */
  chance: number;
  onOpen(row: SweepRow): void;
  /** Opens the row's configuration in the Trainability view's deep-stack study. */
  onStacks(row: SweepRow): void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'plan',
    descending: false,
  });
  const [scrollTop, setScrollTop] = useState(0);
  const sorted = useMemo(() => sortRows(rows, sort.key, sort.descending), [rows, sort]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(sorted.length, first + VIEW_ROWS + 2 * OVERSCAN);
  // aria-sort belongs on the column header, not on the button inside it.
  const sortOf = (key: SortKey) =>
    sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none';
  const header = (key: SortKey, text: string) => (
    <button
      type="button"
      className="sweep-sort"
      onClick={() =>
        setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'accuracy' }))
      }
    >
      {text}
      {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
    </button>
  );
  const columns = `minmax(90px, 1fr) minmax(150px, 2fr) repeat(${layers.length}, 64px) 200px minmax(${70 * layers.length}px, 2fr) 64px`;
  const line = (r: SweepRow, extra = '') => (
    <div
      key={r.config}
      role="row"
      className={`sweep-row${extra}`}
      style={{ gridTemplateColumns: columns, height: ROW_HEIGHT }}
      data-testid="explore-row"
      data-config={r.config}
      data-edges={r.edges}
      data-agree={String(Object.entries(r.predicted).every(([l, p]) => r.measuredAccess[l] === p))}
      tabIndex={0}
      onClick={() => onOpen(r)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(r);
      }}
      title={`Open ${r.name} in the single-run view`}
    >
      <span role="cell" className="mono">
        {r.model === 'resqunn' ? r.edges || '(none)' : ''}
      </span>
      <span role="cell">{r.name}</span>
      {layers.map((l) => {
        const p = r.predicted[l];
        const m = r.measuredAccess[l];
        const disagree = m === 'mixed' || (m !== undefined && p !== m);
        return (
          <span
            role="cell"
            key={l}
            className={`sweep-access${disagree ? ' sweep-disagree' : ''}`}
            title={`${l}: predicted ${p === undefined ? 'frozen' : p ? 'gradient' : 'none'}, measured ${m === 'mixed' ? 'mixed across seeds' : m === undefined ? '–' : m ? 'gradient' : 'none'}`}
          >
            {mark(p)} / {mark(m)}
          </span>
        );
      })}
      <span role="cell" className="sweep-accuracy">
        <AccuracyBar accuracy={r.testAccuracy} chance={chance} />
        {r.errors.length > 0 && r.testAccuracy.values.length === 0 ? (
          <span className="sweep-failed" data-testid="row-failed" title={r.errors.join('\n')}>
            failed: {r.errors[0]}
          </span>
        ) : (
          <span className="mono" title={r.errors.length > 0 ? r.errors.join('\n') : undefined}>
            {r.testAccuracy.values.length === 0 ? '…' : pct(r.testAccuracy.mean)}
            {r.errors.length > 0 ? ` (${r.errors.length} failed)` : ''}
          </span>
        )}
      </span>
      <span role="cell" className="mono sweep-first">
        {layers.map((l) => {
          const g = r.firstStepGradNorm[l];
          return g ? (
            <span key={l} title={`‖∇${l}‖ at step 1: mean ${g.mean} variance ${g.variance ?? '–'}`}>
              {g.mean.toExponential(1)}
              {g.variance !== null ? ` ±${Math.sqrt(g.variance).toExponential(0)}` : ''}
            </span>
          ) : (
            <span key={l}>–</span>
          );
        })}
      </span>
      <span role="cell">
        {r.model === 'resqunn' && (
          <button
            type="button"
            className="sweep-stacks"
            data-testid="explore-stacks"
            title={`Study ${r.name}'s gradient norms over random initialisations, and deeper`}
            onClick={(e) => {
              e.stopPropagation();
              onStacks(r);
            }}
            onKeyDown={(e) => e.stopPropagation()}
          >
            stacks
          </button>
        )}
      </span>
    </div>
  );
  return (
    <div className="sweep-grid" role="table" aria-label="Configurations">
      <div role="row" className="sweep-head" style={{ gridTemplateColumns: columns }}>
        <span role="columnheader" aria-sort={sortOf('plan')}>
          {header('plan', 'Edges')}
        </span>
        <span role="columnheader" aria-sort={sortOf('name')}>
          {header('name', 'Configuration')}
        </span>
        {layers.map((l) => (
          <span role="columnheader" key={l} title="predicted / observed: ● gradient ○ none ◐ mixed">
            {l}
          </span>
        ))}
        <span role="columnheader" aria-sort={sortOf('accuracy')}>
          {header('accuracy', 'Test accuracy (95% CI)')}
        </span>
        <span role="columnheader">‖∇‖ at step 1, mean ± sd ({layers.join(', ')})</span>
        <span role="columnheader">Trainability</span>
      </div>
      {references.map((r) => line(r, ' sweep-reference'))}
      <div
        className="sweep-body"
        style={{ height: Math.min(sorted.length, VIEW_ROWS) * ROW_HEIGHT + 2 }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: sorted.length * ROW_HEIGHT, position: 'relative' }}>
          <div style={{ position: 'absolute', top: first * ROW_HEIGHT, left: 0, right: 0 }}>
            {sorted.slice(first, last).map((r) => line(r))}
          </div>
        </div>
      </div>
    </div>
  );
}
