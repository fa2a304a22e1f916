/*
 * The checks on what scripts pass to `window.resqunnLab`: a script is input like any other, so
 * a wrong argument gets a message that names the call, what it expects and what it got, instead
 * of a raw TypeError, a promise that never settles, or a step taken anyway.
 */
import { FAULT_KINDS, type FaultKind } from '../../engine/protocol';

/** The most steps one `step(n)` call may ask for (the longest run allowed is far shorter). */
const MAX_STEPS_PER_CALL = 1_000_000;

/** What `state()` says: the page's run as a script sees it (automation.ts). */
const AUTOMATION_STATES = ['idle', 'loading', 'training', 'paused', 'done', 'error'] as const;
export type AutomationState = (typeof AUTOMATION_STATES)[number];

/** A value as a message shows it: `NaN`, `-1`, `"5"` (a string), `an object`. */
function describeArg(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The configuration text of `configure(text)`, or the message for a wrong argument. */
export function checkConfigureArg(text: unknown): string | null {
  if (typeof text === 'string') return null;
  return `configure(text) expects the configuration as text, like "n=2;k=2,2;e=1-2" (got ${describeArg(text)})`;
}

/** `step(n)`'s count, or the message for a wrong one. */
export function checkStepCount(
  n: unknown,
): { ok: true; count: number } | { ok: false; message: string } {
  if (n === undefined) return { ok: true, count: 1 };
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_STEPS_PER_CALL) {
    return {
      ok: false,
      message: `step(n) expects a whole number of steps from 1 to ${MAX_STEPS_PER_CALL} (got ${describeArg(n)}); nothing was run`,
    };
  }
  return { ok: true, count: n };
}

/** Why `step` cannot run in this state (null when it can). */
export function stepRefusal(state: AutomationState): string | null {
  switch (state) {
    case 'idle':
    case 'loading':
      return 'step(n): the lab is still loading; await waitFor(["paused"]) first';
    case 'done':
      return 'step(n): the run is done; call configure(text) or reset to train again';
    case 'error':
      return 'step(n): the run was stopped by an error (see the notice); reset it first';
    default:
      return null;
  }
}

/** `waitFor(states, timeoutMs)`'s arguments, or the message for wrong ones. */
export function checkWaitForArgs(
  states: unknown,
  timeoutMs: unknown,
): { ok: true; states: AutomationState[]; timeoutMs: number } | { ok: false; message: string } {
  const list = states === undefined ? ['done', 'error'] : states;
  const known = AUTOMATION_STATES.join(', ');
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((s) => (AUTOMATION_STATES as readonly unknown[]).includes(s))
  ) {
    return {
      ok: false,
      message: `waitFor(states) expects a non-empty array of states among ${known} (got ${Array.isArray(list) ? JSON.stringify(list) : describeArg(list)})`,
    };
  }
  const timeout = timeoutMs === undefined ? 600_000 : timeoutMs;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    return {
      ok: false,
      message: `waitFor(states, timeoutMs) expects a positive number of milliseconds (got ${describeArg(timeoutMs)})`,
    };
  }
  return { ok: true, states: list as AutomationState[], timeoutMs: timeout };
}

/** `injectFault(kind)`'s kind, or the message for a wrong one. */
export function checkFaultKind(kind: unknown): string | null {
  if ((FAULT_KINDS as readonly unknown[]).includes(kind)) return null;
  return `injectFault(kind) expects one of ${FAULT_KINDS.join(', ')} (got ${describeArg(kind)})`;
}

export type { FaultKind };
