import type { RunRecord } from '../../engine/runRecord';
import type { LabStore } from '../labStore';
import { plainCopy, type ArchivedRun } from './archiveState';
import type { StoredRun } from './runStorage';

/*
 * This page's runs in the archive: their keys, their numbers in the list (`#n`, unique across
 * sessions: saved runs keep theirs, this session's come after them, imports after those), and
 * which run takes the place of one replaced before it was worth comparing.
 */

export interface SessionRuns {
  /** `s<session>-<runId>` of the run whose place this one holds. */
  key(runId: number): string;
  /** A session run's number, given on first asking. */
  numberOf(runId: number): number;
  /** The next free number (an imported run's). */
  takeNumber(): number;
  /** Saved runs hold numbers up to `top`: this session's are given again after them. */
  renumberAfter(top: number): void;
  /** Has steps and holds a place of its own (or the place of the run it replaced). */
  isListed(record: RunRecord): boolean;
  /** The recorder's runs into `runs` (live objects: the recorder keeps mutating them). */
  sync(runs: readonly ArchivedRun[]): { runs: ArchivedRun[]; changed: boolean };
  /** A session run as storage keeps it. */
  stored(record: RunRecord): StoredRun;
}

export function createSessionRuns(lab: LabStore, session: string, now: () => number): SessionRuns {
  const firstSeen = new Map<number, number>();
  /** Per session run id: its number in the list. Final once the saved runs are loaded. */
  const numbers = new Map<number, number>();
  let nextNumber = 1;
  /**
   * Per session run id: the earlier run whose place in the list it took (see takePlace()): it
   * keeps that run's key, number and first-seen time, so the list and storage hold one entry.
   */
  const placeOf = new Map<number, number>();
  const superseded = new Set<number>();
  const owner = (runId: number) => placeOf.get(runId) ?? runId;
  const numberOf = (id: number) => {
    const runId = owner(id);
    let n = numbers.get(runId);
    if (n === undefined) {
      n = nextNumber++;
      numbers.set(runId, n);
    }
    return n;
  };
  const key = (runId: number) => `s${session}-${owner(runId)}`;

  /**
   * A run replaced (by an edit or a reset) before it finished its first epoch is not worth
   * comparing: its successor takes its place in the list (README, "Sharing, figures and export"). A run that
   * finished an epoch, ended, or stopped on an error keeps its own entry.
   */
  const takePlace = (record: RunRecord) => {
    if (placeOf.has(record.runId) || firstSeen.has(record.runId)) return;
    let before: RunRecord | null = null;
    for (const r of lab.getState().recorder.runs.values())
      if (r.runId < record.runId && r.steps.length > 0 && (!before || r.runId > before.runId))
        before = r;
    if (!before || superseded.has(before.runId)) return;
    if (before.state === 'done' || before.epochs.length > 0 || before.errors.length > 0) return;
    placeOf.set(record.runId, owner(before.runId));
    superseded.add(before.runId);
  };

  return {
    key,
    numberOf,
    takeNumber: () => nextNumber++,
    renumberAfter(top) {
      nextNumber = top + 1;
      numbers.clear();
    },
    isListed: (record) => record.steps.length > 0 && !superseded.has(record.runId),
    sync(listed) {
      let changed = false;
      const runs = [...listed];
      for (const record of lab.getState().recorder.runs.values()) {
        if (record.steps.length === 0) continue;
        takePlace(record);
        if (superseded.has(record.runId)) continue;
        const at = runs.findIndex((r) => r.key === key(record.runId));
        if (at < 0) {
          if (!firstSeen.has(record.runId)) firstSeen.set(record.runId, now());
          runs.push({
            key: key(record.runId),
            source: 'session',
            savedAt: firstSeen.get(record.runId) as number,
            record,
            number: numberOf(record.runId),
            interrupted: false,
          });
          changed = true;
        } else if (runs[at].record !== record) {
          runs[at] = { ...runs[at], record };
          changed = true;
        }
      }
      return { runs, changed };
    },
    stored: (record) => ({
      key: key(record.runId),
      source: 'session',
      savedAt: firstSeen.get(owner(record.runId)) ?? now(),
      record: plainCopy(record),
      number: numberOf(record.runId),
    }),
  };
}
