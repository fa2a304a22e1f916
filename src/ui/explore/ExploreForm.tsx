import { useEffect, useRef, useState } from 'react';
import { SEMANTICS, TAPS, type Depth } from '../../model/config/config';
import { CIRCUIT_FAMILIES } from '../../sim/circuit/circuitProgram';
import {
  EXPLORE_DEFAULTS,
  MAX_EXPLORE_SEEDS,
  exploreOptions,
  type ExploreFormValues,
} from './exploreOptions';
import { useExplore, useExploreController } from './ExploreContext';
import { useConfig } from '../LabContext';
import { planFormValues } from './planFormValues';

/** What to sweep: the layer count and settings every configuration shares, and the seeds. */
export function ExploreForm() {
  const explore = useExploreController();
  const status = useExplore((s) => s.status);
  const problem = useExplore((s) => s.problem);
  const plan = useExplore((s) => s.plan);
  // The single-run view's dataset: a sweep trains on it too (exploreOptions).
  const dataset = useConfig((s) => s.config.dataset);
  const [v, setV] = useState(() =>
    plan ? planFormValues(plan, EXPLORE_DEFAULTS) : EXPLORE_DEFAULTS,
  );
  // A sweep this form did not start (the API's, or one restored) shows the settings it ran with.
  const ownPlan = useRef(plan);
  useEffect(() => {
    if (plan && plan !== ownPlan.current) setV((old) => planFormValues(plan, old));
    ownPlan.current = plan;
  }, [plan]);
  const set = <K extends keyof ExploreFormValues>(key: K, value: ExploreFormValues[K]) =>
    setV((old) => ({ ...old, [key]: value }));
  const num =
    (
      key: 'layers' | 'steps' | 'epochs' | 'train' | 'test' | 'batch' | 'seeds' | 'seed' | 'shots',
    ) =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      set(key, Number(e.target.value));
  const busy = status === 'running' || status === 'paused';
  const count = 2 ** ((v.layers * (v.layers + 1)) / 2);
  return (
    <form
      className="explore-form"
      aria-label="Sweep settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (!(v.seeds >= 1 && v.seeds <= MAX_EXPLORE_SEEDS)) {
          explore.store.setState({
            problem: `Seeds must be 1 to ${MAX_EXPLORE_SEEDS} here (the CLI takes more).`,
          });
          return;
        }
        explore.start(exploreOptions(v, dataset)).catch(() => undefined); // the store shows the problem
        ownPlan.current = explore.store.getState().plan;
      }}
    >
      <label>
        Layers
        <select value={v.layers} onChange={num('layers')} aria-label="Layers">
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n} ({2 ** ((n * (n + 1)) / 2)} edge sets)
            </option>
          ))}
        </select>
      </label>
      <label>
        Kernels
        <select value={v.kernel} onChange={(e) => set('kernel', Number(e.target.value) as 2 | 3)}>
          <option value={2}>2×2 (4 qubits)</option>
          <option value={3}>3×3 (9 qubits)</option>
        </select>
      </label>
      <Choice
        label="Circuit"
        value={v.family}
        options={CIRCUIT_FAMILIES}
        onChange={(x) => set('family', x)}
      />
      <label title="Ansatz layers L of every layer's circuit">
        Depth
        <select
          value={v.depth}
          onChange={(e) => set('depth', Number(e.target.value) as Depth)}
          aria-label="Depth"
        >
          {[1, 2, 3, 4].map((d) => (
            <option key={d} value={d}>
              L = {d}
            </option>
          ))}
        </select>
      </label>
      <label title="Shots per ⟨Z⟩ estimate; 0 means exact expectation values">
        Shots
        <input
          type="number"
          min={0}
          max={1_000_000}
          value={v.shots}
          onChange={num('shots')}
          aria-label="Shots"
        />
      </label>
      <Choice label="Tap" value={v.tap} options={TAPS} onChange={(x) => set('tap', x)} />
      <Choice
        label="Gradients"
        value={v.semantics}
        options={SEMANTICS}
        onChange={(x) => set('semantics', x)}
      />
      <Choice
        label="Length"
        value={v.budget}
        options={['steps', 'epochs'] as const}
        onChange={(x) => set('budget', x)}
      />
      {v.budget === 'steps' ? (
        <label>
          Steps
          <input type="number" min={1} value={v.steps} onChange={num('steps')} aria-label="Steps" />
        </label>
      ) : (
        <>
          <label>
            Epochs
            <input type="number" min={1} value={v.epochs} onChange={num('epochs')} />
          </label>
          <label>
            Train
            <input type="number" min={1} value={v.train} onChange={num('train')} />
          </label>
        </>
      )}
      <label>
        Batch
        <input type="number" min={1} value={v.batch} onChange={num('batch')} />
      </label>
      <label>
        Test
        <input type="number" min={1} value={v.test} onChange={num('test')} aria-label="Test" />
      </label>
      <label>
        Seeds
        <input
          type="number"
          min={1}
          max={MAX_EXPLORE_SEEDS}
          value={v.seeds}
          onChange={num('seeds')}
          aria-label="Seeds"
        />
      </label>
      <label>
        From seed
        <input type="number" min={0} value={v.seed} onChange={num('seed')} />
      </label>
      <label>
        Configurations
        <select
          value={v.filter}
          onChange={(e) => set('filter', e.target.value as ExploreFormValues['filter'])}
        >
          <option value="all">all {count}</option>
          <option value="contains">containing edges…</option>
          <option value="full">full access only (predicted)</option>
          <option value="partial">some layer cut (predicted)</option>
        </select>
      </label>
      {v.filter === 'contains' && (
        <label>
          Edges
          <input value={v.contains} onChange={(e) => set('contains', e.target.value)} />
        </label>
      )}
      <label className="explore-check">
        <input
          type="checkbox"
          checked={v.references}
          onChange={(e) => set('references', e.target.checked)}
        />
        benchmarks (frozen, classical)
      </label>
      <label className="explore-wide">
        More settings
        <input
          value={v.extra}
          placeholder="config text, e.g. lr=0.05;t=1,0"
          onChange={(e) => set('extra', e.target.value)}
          aria-label="More settings"
        />
      </label>
      <button type="submit" className="explore-start" disabled={busy}>
        Run sweep
      </button>
      {problem && (
        <p className="explore-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** A labelled drop-down of plain string choices. */
function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange(value: T): void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
