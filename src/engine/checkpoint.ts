import { parseConfigText } from '../model/config/configText';
import { describeConfigErrors } from '../model/config/config';
import type { AdamState } from '../model/adam';
import type { NamedArray } from '../model/parameters';
import { decodeBase64, encodeBase64 } from '../util/base64';

/*
 * A run's checkpoint as it travels (worker messages, the run record, run files, IndexedDB): plain
 * JSON, float32 arrays as base64 of their little-endian bytes, so every value comes back bit for
 * bit. What it holds is all a run carries between steps: the data order and every PRNG stream a
 * step draws from are functions of (seed, epoch, step) (data/batches.ts, trainingRun.ts), so the
 * step count restores them.
 */

export const CHECKPOINT_FORMAT = 'resqunn-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface EncodedArray {
  readonly name: string;
  readonly shape: readonly number[];
  /** base64 of the float32 values' bytes (little-endian). */
  readonly data: string;
}

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** The configuration's text form: a checkpoint restores only into its own configuration. */
  readonly config: string;
  /** Steps completed; training continues with step `step + 1`. */
  readonly step: number;
  /** Every parameter (frozen angles too, for the model export). */
  readonly parameters: readonly EncodedArray[];
  readonly optimizer: {
    readonly powerBeta1: number;
    readonly powerBeta2: number;
    readonly moments: readonly { readonly name: string; readonly m: string; readonly v: string }[];
  };
}

/** The run's state as the engine's run holds it, before encoding. */
export interface RunSnapshot {
  readonly config: string;
  readonly step: number;
  readonly parameters: readonly NamedArray[];
  readonly optimizer: AdamState;
}

export function encodeFloats(values: Float32Array): string {
  return encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function decodeFloats(text: string): Float32Array {
  const bytes = decodeBase64(text);
  if (bytes.length % 4 !== 0) throw new Error('its length is not a whole number of float32 values');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

export function encodeCheckpoint(state: RunSnapshot): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: state.config,
    step: state.step,
    parameters: state.parameters.map((p) => ({
      name: p.name,
      shape: [...p.shape],
      data: encodeFloats(p.values),
    })),
    optimizer: {
      powerBeta1: state.optimizer.powerBeta1,
      powerBeta2: state.optimizer.powerBeta2,
      moments: state.optimizer.moments.map((mv) => ({
        name: mv.name,
        m: encodeFloats(mv.m),
        v: encodeFloats(mv.v),
      })),
    },
  };
}

export type CheckpointCheck =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly state: RunSnapshot }
  | { readonly ok: false; readonly message: string };

/**
 * A checkpoint from outside (a message, a file), checked field by field and decoded, or why it
 * cannot be used: the message names the field and says what to do.
 */
export function checkCheckpoint(value: unknown): CheckpointCheck {
  const fail = (what: string): CheckpointCheck => ({
    ok: false,
    message: `The checkpoint cannot be used: ${what}. Export the run again, or start it from its seed.`,
  });
  if (!isObject(value) || value.format !== CHECKPOINT_FORMAT)
    return fail('it is not a ResQuNN Lab checkpoint');
  if (value.version !== CHECKPOINT_VERSION) {
    return fail(`its version ${JSON.stringify(value.version)} is not ${CHECKPOINT_VERSION}`);
  }
  if (typeof value.config !== 'string') return fail('its configuration is missing');
  const parsed = parseConfigText(value.config);
  if (!parsed.ok)
    return fail(`its configuration is not valid (${describeConfigErrors(parsed.errors)})`);
  if (typeof value.step !== 'number' || !Number.isInteger(value.step) || value.step < 0) {
    return fail('its step is not a whole number ≥ 0');
  }
  if (!Array.isArray(value.parameters)) return fail('its parameters are missing');
  const parameters: NamedArray[] = [];
  for (const p of value.parameters) {
    if (!isObject(p) || typeof p.name !== 'string') return fail('a parameter has no name');
    const shape = p.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      return fail(`parameter ${p.name} has no valid shape`);
    }
    const values = decoded(p.data);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (!values || values.length !== size) {
      return fail(`parameter ${p.name} does not hold ${size} float32 values`);
    }
    parameters.push({ name: p.name, shape: shape as number[], values });
  }
  const opt = value.optimizer;
  if (!isObject(opt) || typeof opt.powerBeta1 !== 'number' || typeof opt.powerBeta2 !== 'number') {
    return fail('its optimiser state is missing');
  }
  if (!Array.isArray(opt.moments)) return fail("its optimiser's moments are missing");
  const moments: { name: string; m: Float32Array; v: Float32Array }[] = [];
  for (const mv of opt.moments) {
    if (!isObject(mv) || typeof mv.name !== 'string')
      return fail('an optimiser moment has no name');
    const m = decoded(mv.m);
    const v = decoded(mv.v);
    const owner = parameters.find((p) => p.name === mv.name);
    if (!m || !v || !owner || m.length !== owner.values.length || v.length !== m.length) {
      return fail(`the optimiser's moments of ${mv.name} do not match a parameter`);
    }
    moments.push({ name: mv.name, m, v });
  }
  const checkpoint = value as unknown as Checkpoint;
  return {
    ok: true,
    checkpoint,
    state: {
      config: value.config,
      step: value.step,
      parameters,
      optimizer: { powerBeta1: opt.powerBeta1, powerBeta2: opt.powerBeta2, moments },
    },
  };
}

function decoded(text: unknown): Float32Array | null {
  if (typeof text !== 'string') return null;
  try {
    return decodeFloats(text);
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
