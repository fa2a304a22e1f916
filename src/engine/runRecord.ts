import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { EngineEvent, EngineError, RunState } from './protocol';
import type { Checkpoint } from './checkpoint';

/** The run file format's name and version: written into every record, checked on the way in. */
export const RUN_FORMAT = 'resqunn-run';
export const RUN_VERSION = 1;

/**
 * Everything one run produced, as the CLI writes it to JSON and `window.resqunnLab.metrics()`
 * returns it: one format for scripts, figures and the app.
 */
export interface RunRecord {
  readonly format: typeof RUN_FORMAT;
  readonly version: typeof RUN_VERSION;
  readonly runId: number;
  /** The configuration's compact text form (`n=2;k=2,2;e=1-2`). */
  config: string;
  backend: string;
  state: RunState;
  stepsPerEpoch: number;
  totalSteps: number;
  readonly steps: StepMetrics[];
  readonly epochs: EpochMetrics[];
  errors: EngineError[];
  /**
   * The latest checkpoint (engine/checkpoint.ts): restoring it continues the run at its step.
   * Absent from runs saved before checkpoints existed, and from runs with no step yet.
   */
  checkpoint?: Checkpoint;
}

export function emptyRunRecord(runId: number, config: string, backend: string): RunRecord {
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    runId,
    config,
    backend,
    state: 'paused',
    stepsPerEpoch: 0,
    totalSteps: 0,
    steps: [],
    epochs: [],
    errors: [],
  };
}

/**
 * Folds the engine's event stream into run records, one per run id. Pure bookkeeping: the CLI
 * and the page's store both use it, so both see the same numbers.
 */
export class RunRecorder {
  readonly runs = new Map<number, RunRecord>();
  backend = '';
  /** The record a coming restore continues (resumeFrom). */
  private history: RunRecord | null = null;

  /**
   * The next run that starts from a checkpoint of `record`'s configuration (a 'run' event with
   * `startStep`) begins with `record`'s steps and epochs up to that step, so its record reads as
   * one run.
   */
  resumeFrom(record: RunRecord): void {
    this.history = record;
  }

  /** Applies one event; returns the run it touched, if any. */
  apply(event: EngineEvent): RunRecord | null {
    switch (event.type) {
      case 'backend':
        this.backend = event.choice.name;
        return null;
      case 'run': {
        const resumed = this.runs.get(event.runId);
        if (event.resumedAt !== undefined && resumed && resumed.config === event.config) {
          // A restarted engine continues this run (ResumePoint): its steps stay, each once.
          const at = event.resumedAt;
          dropAfter(resumed.steps, at);
          dropAfter(resumed.epochs, at);
          return resumed;
        }
        // A new run abandons the one before it (an edit, a reset, a restarted worker): it will
        // never train again, so it must not stay 'training' in the records scripts read.
        for (const earlier of this.runs.values()) {
          if (earlier.state === 'training' || earlier.state === 'loading') earlier.state = 'paused';
        }
        const record = emptyRunRecord(event.runId, event.config, this.backend);
        record.stepsPerEpoch = event.stepsPerEpoch;
        record.totalSteps = event.totalSteps;
        const start = event.startStep;
        if (start !== undefined && this.history?.config === event.config) {
          record.steps.push(...this.history.steps.filter((s) => s.step <= start));
          record.epochs.push(...this.history.epochs.filter((e) => e.step <= start));
          this.history = null;
        }
        this.runs.set(event.runId, record);
        return record;
      }
      case 'metrics': {
        const record = this.runs.get(event.runId);
        if (!record) return null;
        record.steps.push(...event.steps);
        record.epochs.push(...event.epochs);
        return record;
      }
      case 'state': {
        const record = this.runs.get(event.runId);
        if (record) record.state = event.state;
        return record ?? null;
      }
      case 'checkpoint': {
        const record = this.runs.get(event.runId);
        if (record) record.checkpoint = event.checkpoint;
        return record ?? null;
      }
      case 'error': {
        const record = this.runs.get(event.runId);
        if (record) record.errors.push(event.error);
        return record ?? null;
      }
      default:
        return null;
    }
  }

  latest(): RunRecord | null {
    let last: RunRecord | null = null;
    for (const r of this.runs.values()) last = r;
    return last;
  }
}

/** Removes the entries past `step` (none should be there: the page resumes from its last one). */
function dropAfter(list: { readonly step: number }[], step: number): void {
  const cut = list.findIndex((x) => x.step > step);
  if (cut >= 0) list.splice(cut);
}
