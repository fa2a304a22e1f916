import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { BackendChoice, BackendName } from './backend';
import type { Checkpoint } from './checkpoint';
import type { ExportFile } from '../model/export/exportModel';

/**
 * The typed message protocol between the page and the training engine (a Web Worker in the app,
 * an in-process port in Node). Configurations cross as their compact text form and are validated
 * again where they enter the engine: a branded value does not survive structured clone.
 */
export type EngineCommand =
  /**
   * Load data and build the network for this configuration; the run waits, paused, at step 0, or
   * picks up at `resume` (a restarted worker continuing the page's run). `tag` comes back on the
   * 'run' event this starts, or on the error that refuses it: the page knows its run is ready.
   */
  | {
      readonly type: 'configure';
      readonly config: string;
      readonly resume?: ResumePoint;
      readonly tag?: number;
    }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Run exactly `count` steps, then pause. */
  | { readonly type: 'step'; readonly count: number }
  /** Back to step 0 of the same configuration, from its seed. */
  | { readonly type: 'reset' }
  /**
   * A new run of the checkpoint's configuration, continuing from its step exactly as the run it
   * was taken from would have (engine/checkpoint.ts); paused there, or training with `play`.
   * A checkpoint that does not fit is refused with a 'checkpoint' error and changes nothing.
   */
  | { readonly type: 'restore'; readonly checkpoint: Checkpoint; readonly play?: boolean }
  /** Post the current run's checkpoint now (the page hides, the worker is about to go). */
  | { readonly type: 'checkpoint' }
  /** The current run's model for PyTorch, as files (model/export/): answered by 'modelExport'. */
  | { readonly type: 'exportModel'; readonly requestId: number }
  /**
   * While playing, at most `stepsPerSecond` steps a second (a class watching); null: as fast as
   * the backend goes. Kept across runs; 'step' is never slowed.
   */
  | { readonly type: 'pace'; readonly stepsPerSecond: number | null }
  /** Feature maps and class probabilities for one 14×14 image (a test digit or a drawing). */
  | { readonly type: 'inspect'; readonly image: Float32Array; readonly requestId: number }
  /** Tear down: free every tensor. The engine answers nothing after this. */
  | { readonly type: 'stop' };

/**
 * Where a fresh engine picks up a run another engine had trained (its worker died): the run keeps
 * the page's id, and the engine replays it from the seed to `step` (training is deterministic)
 * without posting those steps again, then trains on if `play`. With the run's latest checkpoint
 * the replay starts at the checkpoint's step instead of the seed (the same numbers either way:
 * restoring a checkpoint continues a run bit for bit).
 */
export interface ResumePoint {
  readonly runId: number;
  /** The last step whose metrics the page holds. */
  readonly step: number;
  readonly play: boolean;
  /** The run's latest checkpoint, at or before `step`; one that does not fit is not used. */
  readonly checkpoint?: Checkpoint;
}

/**
 * Fault injection, for tests of the page's recovery and of the divergence stop. Handled by the
 * worker entry: `crash` throws an uncaught error (the page sees the worker crash); `silent`
 * closes the worker without a word (the page must notice by itself); `diverge` makes the current
 * run's parameters NaN, so that its next step diverges through the engine's real check.
 */
export const FAULT = 'fault';
export type FaultKind = 'crash' | 'silent' | 'diverge' | 'gpu';
export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'silent', 'diverge', 'gpu'];
export interface EngineFault {
  readonly type: typeof FAULT;
  readonly fault: FaultKind;
}

/**
 * Liveness, beside the engine's protocol: the page sends one every few seconds and the worker
 * entry answers it at once (between steps). `lockHeld` says the worker now holds its life lock
 * (see engineClient.ts), which is released only when the worker ends.
 */
export const HEARTBEAT = 'heartbeat';
export interface Heartbeat {
  readonly type: typeof HEARTBEAT;
  readonly lockHeld?: boolean;
}

export type RunState = 'idle' | 'loading' | 'paused' | 'training' | 'done' | 'error';

/** A failure the engine reports instead of throwing; each says what the user can do. */
export type EngineError =
  | {
      readonly kind: 'invalid-config';
      readonly message: string;
      readonly errors: readonly string[];
    }
  | {
      readonly kind: 'diverged';
      readonly message: string;
      readonly step: number;
      /** The first layer whose gradient (or output) stopped being finite: `Q2`, `H` or `loss`. */
      readonly layer: string;
    }
  | { readonly kind: 'data'; readonly message: string; readonly file: string }
  | { readonly kind: 'backend'; readonly message: string; readonly backend: BackendName }
  | { readonly kind: 'checkpoint'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string }
  /** None of the backends asked for starts; `working` are those that do here, to offer instead. */
  | {
      readonly kind: 'no-backend';
      readonly message: string;
      readonly working: readonly BackendName[];
    };

export interface InspectResult {
  readonly requestId: number;
  /** The text of the configuration whose run this was taken from: stale results are told apart. */
  readonly config: string;
  /** Per quanv layer, its output channels: `maps[i][c]` is a height×width image in [-1, 1]. */
  readonly maps: readonly (readonly Float32Array[])[];
  readonly height: number;
  readonly width: number;
  readonly probabilities: readonly number[];
  /**
   * Per quanv layer, its current angles flat in its circuit program's parameter order (ryrz:
   * [L, n, 2], θ of RY on qubit q in ansatz layer l at `(l·n + q)·2`, φ of RZ right after). For
   * the circuit drawing's live values and its JSON export.
   */
  readonly angles: readonly Float32Array[];
}

export type EngineEvent =
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  | { readonly type: 'state'; readonly state: RunState; readonly runId: number }
  | {
      readonly type: 'progress';
      /** `replay`: a resumed run recomputing the steps the page already has (ResumePoint). */
      readonly phase: 'data' | 'epoch' | 'replay';
      readonly done: number;
      readonly total: number;
      readonly runId: number;
    }
  /** A run began (after configure or reset): the charts start a fresh series. */
  | {
      readonly type: 'run';
      readonly runId: number;
      readonly config: string;
      readonly stepsPerEpoch: number;
      readonly totalSteps: number;
      /** The run continues the page's run of this id from this step (ResumePoint), not from 0. */
      readonly resumedAt?: number;
      /** The configure command's tag this run answers. */
      readonly tag?: number;
      /** Steps already done: set when the run continues from a checkpoint (restore). */
      readonly startStep?: number;
    }
  /**
   * The run's checkpoint: every CHECKPOINT_INTERVAL_STEPS steps, when a run pauses or ends, and on
   * the 'checkpoint' command. Posted after the metrics of every step it includes.
   */
  | { readonly type: 'checkpoint'; readonly runId: number; readonly checkpoint: Checkpoint }
  /** Every step's numbers arrive, batched: at most ~30 of these a second. */
  | {
      readonly type: 'metrics';
      readonly runId: number;
      readonly steps: readonly StepMetrics[];
      readonly epochs: readonly EpochMetrics[];
    }
  | { readonly type: 'inspect'; readonly result: InspectResult }
  | {
      readonly type: 'modelExport';
      readonly requestId: number;
      /** The configuration and step exported, and the recorded logits' test accuracy. */
      readonly config: string;
      readonly step: number;
      readonly accuracy: number;
      readonly files: readonly ExportFile[];
    }
  /** Why an exportModel request has no answer (no run yet). */
  | { readonly type: 'modelExportFailed'; readonly requestId: number; readonly message: string }
  | {
      readonly type: 'error';
      readonly runId: number;
      readonly error: EngineError;
      /** The tag of the configure command this error refused, if it refused one. */
      readonly tag?: number;
    };

/** The two ends of the engine's channel, the same in a worker and in Node. */
export interface EnginePort {
  post(event: EngineEvent): void;
}
