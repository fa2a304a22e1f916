import { BACKEND_ORDER, type BackendName } from '../../engine/backend';
import type { BackendMeasurement } from '../../engine/backendMeasure';
import type { EngineEvent } from '../../engine/protocol';

/*
 * This device's fastest backend per size class (src/engine/backendFit.ts), kept in localStorage so
 * the next visit starts on it without measuring again. A link's `backend=` still wins: the worker
 * then measures nothing. Anything unreadable in storage counts as nothing remembered.
 */

const KEY = 'resqunn-backend-measurements';

type Memory = Record<string, BackendMeasurement>;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function isMeasurement(value: unknown): value is BackendMeasurement {
  const m = value as Partial<BackendMeasurement> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.sizeClass === 'string' &&
    typeof m.tookMs === 'number' &&
    Array.isArray(m.timings) &&
    typeof m.chosen === 'object' &&
    m.chosen !== null &&
    BACKEND_ORDER.includes(m.chosen.backend as BackendName)
  );
}

/** The remembered measurements by size class; {} when there are none or they cannot be read. */
export function readBackendMemory(store: Storage | null = storage()): Memory {
  try {
    const parsed = JSON.parse(store?.getItem(KEY) ?? '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, m]) => isMeasurement(m)));
  } catch {
    return {};
  }
}

/** Keeps a new measurement from a `backend` event (a remembered one is already kept). */
export function rememberMeasurement(event: EngineEvent, store: Storage | null = storage()): void {
  if (event.type !== 'backend') return;
  const measured = event.choice.measured;
  if (!measured || measured.remembered || !store) return;
  const memory = { ...readBackendMemory(store), [measured.sizeClass]: measured };
  try {
    store.setItem(KEY, JSON.stringify(memory));
  } catch {
    // storage full or refused: the next visit measures again
  }
}
