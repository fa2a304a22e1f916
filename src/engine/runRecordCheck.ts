import { describeConfigErrors } from '../model/config/config';
import { parseConfigText } from '../model/config/configText';
import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { RunState } from './protocol';
import { RUN_FORMAT, RUN_VERSION, type RunRecord } from './runRecord';
import { checkCheckpoint } from './checkpoint';

/*
 * Checking a run record from outside (a file, storage written by another version, a CLI runs
 * file): one check for the app and the scripts, beside the format it checks (runRecord.ts).
 */

const RUN_STATES: readonly RunState[] = ['idle', 'loading', 'paused', 'training', 'done', 'error'];

export type RecordCheck =
  | { readonly ok: true; readonly record: RunRecord }
  | { readonly ok: false; readonly message: string };

/**
 * A run record from JSON, checked field by field, or why it cannot be used. Non-finite numbers,
 * which JSON writes as null (a diverged run), come back as NaN.
 */
export function checkRunRecord(value: unknown): RecordCheck {
  const fail = (message: string): RecordCheck => ({ ok: false, message });
  if (!isObject(value)) return fail('a run must be a JSON object');
  if (value.format !== RUN_FORMAT) {
    return fail(`it is not a ResQuNN Lab run (format ${JSON.stringify(value.format ?? null)})`);
  }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version)) {
    return fail('its format version is missing');
  }
  if (value.version > RUN_VERSION) {
    return fail(
      `it was written by a newer version of ResQuNN Lab (run format ${value.version}; ` +
        `this app reads ${RUN_VERSION}): update the app to open it`,
    );
  }
  if (value.version < 1) return fail(`its format version ${value.version} is not known`);
  if (typeof value.config !== 'string') return fail('its configuration is missing');
  const parsed = parseConfigText(value.config);
  if (!parsed.ok) {
    return fail(`its configuration is not valid: ${describeConfigErrors(parsed.errors)}`);
  }
  if (!Array.isArray(value.steps)) return fail('its steps are missing');
  if (!Array.isArray(value.epochs)) return fail('its epochs are missing');
  const steps: StepMetrics[] = [];
  for (const [i, s] of value.steps.entries()) {
    const step = checkStep(s);
    if (typeof step === 'string') return fail(`step ${i + 1}: ${step}`);
    steps.push(step);
  }
  const epochs: EpochMetrics[] = [];
  for (const [i, e] of value.epochs.entries()) {
    if (!isObject(e)) return fail(`epoch ${i + 1} is not an object`);
    const fields = ['epoch', 'step', 'trainAccuracy', 'testAccuracy', 'trainLoss', 'testLoss'];
    const bad = fields.find((f) => !isNumberOrNull(e[f]));
    if (bad) return fail(`epoch ${i + 1}: ${bad} is not a number`);
    epochs.push({
      epoch: num(e.epoch),
      step: num(e.step),
      trainAccuracy: num(e.trainAccuracy),
      testAccuracy: num(e.testAccuracy),
      trainLoss: num(e.trainLoss),
      testLoss: num(e.testLoss),
    });
  }
  const errors = Array.isArray(value.errors) ? value.errors.filter(isObject) : [];
  // Optional: runs saved before checkpoints existed have none (they restart from the seed).
  let checkpoint: RunRecord['checkpoint'];
  if (value.checkpoint !== undefined) {
    const checked = checkCheckpoint(value.checkpoint);
    if (!checked.ok) return fail(`its checkpoint: ${checked.message}`);
    if (checked.checkpoint.config !== value.config) {
      return fail(`its checkpoint is of another configuration (${checked.checkpoint.config})`);
    }
    checkpoint = checked.checkpoint;
  }
  const record: RunRecord = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    runId: typeof value.runId === 'number' && Number.isFinite(value.runId) ? value.runId : 0,
    config: value.config,
    backend: typeof value.backend === 'string' ? value.backend : '',
    state: RUN_STATES.includes(value.state as RunState) ? (value.state as RunState) : 'paused',
    stepsPerEpoch: typeof value.stepsPerEpoch === 'number' ? value.stepsPerEpoch : 0,
    totalSteps: typeof value.totalSteps === 'number' ? value.totalSteps : steps.length,
    steps,
    epochs,
    errors: errors as unknown as RunRecord['errors'],
    ...(checkpoint ? { checkpoint } : {}),
  };
  return { ok: true, record };
}

function checkStep(s: unknown): StepMetrics | string {
  if (!isObject(s)) return 'not an object';
  for (const f of ['step', 'epoch', 'loss', 'batchAccuracy']) {
    if (!isNumberOrNull(s[f])) return `${f} is not a number`;
  }
  if (!isObject(s.gradNorms)) return 'gradNorms is missing';
  const gradNorms: Record<string, number> = {};
  for (const [layer, norm] of Object.entries(s.gradNorms)) {
    if (!/^(Q\d{1,2}|H)$/.test(layer)) return `unknown layer ${JSON.stringify(layer)}`;
    if (!isNumberOrNull(norm)) return `the gradient norm of ${layer} is not a number`;
    gradNorms[layer] = num(norm);
  }
  // Optional: runs saved before routes were recorded (docs/model.md §8) have no flowNorms.
  let flowNorms: Record<string, number> | undefined;
  if (s.flowNorms !== undefined) {
    if (!isObject(s.flowNorms)) return 'flowNorms is not an object';
    flowNorms = {};
    for (const [route, norm] of Object.entries(s.flowNorms)) {
      if (!/^(\d-\d|c:(\d|H))$/.test(route)) return `unknown route ${JSON.stringify(route)}`;
      if (!isNumberOrNull(norm)) return `the flow of route ${route} is not a number`;
      flowNorms[route] = num(norm);
    }
  }
  // Optional: only runs with finite shots have a noise floor.
  let shotNoise: Record<string, number> | undefined;
  if (s.shotNoise !== undefined) {
    if (!isObject(s.shotNoise)) return 'shotNoise is not an object';
    shotNoise = {};
    for (const [layer, v] of Object.entries(s.shotNoise)) {
      if (!/^Q\d{1,2}$/.test(layer)) return `unknown layer ${JSON.stringify(layer)} in shotNoise`;
      if (!isNumberOrNull(v)) return `the shot noise of ${layer} is not a number`;
      shotNoise[layer] = num(v);
    }
  }
  return {
    step: num(s.step),
    epoch: num(s.epoch),
    loss: num(s.loss),
    batchAccuracy: num(s.batchAccuracy),
    gradNorms,
    ...(flowNorms ? { flowNorms } : {}),
    ...(shotNoise ? { shotNoise } : {}),
    millis: typeof s.millis === 'number' ? s.millis : 0,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumberOrNull(v: unknown): v is number | null {
  return v === null || typeof v === 'number';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
