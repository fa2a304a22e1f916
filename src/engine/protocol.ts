import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { BackendChoice, BackendName } from './backend';

/**
 * The typed message protocol between the page and the training engine (a Web Worker in the app,
 * an in-process port in Node). Configurations cross as their compact text form and are validated
 * again where they enter the engine: a branded value does not survive structured clone.
 */
export type EngineCommand =
  /** Load data and build the network for this configuration; the run waits, paused, at step 0. */
  | { readonly type: 'configure'; readonly config: string }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Run exactly `count` steps, then pause. */
  | { readonly type: 'step'; readonly count: number }
  /** Back to step 0 of the same configuration, from its seed. */
  | { readonly type: 'reset' }
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
  | { readonly kind: 'internal'; readonly message: string };

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
      readonly phase: 'data' | 'epoch';
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
    }
  /** Every step's numbers arrive, batched: at most ~30 of these a second. */
  | {
      readonly type: 'metrics';
      readonly runId: number;
      readonly steps: readonly StepMetrics[];
      readonly epochs: readonly EpochMetrics[];
    }
  | { readonly type: 'inspect'; readonly result: InspectResult }
  | { readonly type: 'error'; readonly runId: number; readonly error: EngineError };

/** The two ends of the engine's channel, the same in a worker and in Node. */
export interface EnginePort {
  post(event: EngineEvent): void;
}
