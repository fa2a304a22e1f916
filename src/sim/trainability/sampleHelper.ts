/*
 * A study's second thread over its life (sampleThreads.ts splits the samples): started by the
 * first study that wants it and kept for the next; ended when a study stops while its range still
 * runs there (a cancel frees that core at once, and a newer study gets a fresh thread rather than
 * waiting behind work nobody will read); and where it does not start in time, one thread with
 * the reason, remembered so that later studies do not wait for it again.
 */
import type { RangeResult, SampleThread } from './sampleThreads';

/** A started second thread: ranges in, one after another; results out. */
export interface SampleHelper {
  readonly run: SampleThread;
  /** Ends it. Its ranges in flight are never answered: the keeper rejects them. */
  close(): void | Promise<void>;
}

/** A range dropped because its study stopped: nobody reads it, and nobody should redo it. */
export class RangeAbandoned extends Error {
  constructor() {
    super('the study stopped, so its samples on the second thread were dropped');
  }
}

/** A study's hold on the second thread; `run` null: one thread, for `note`'s reason. */
export interface HelperLease {
  readonly run: SampleThread | null;
  readonly note: string;
  /** The study ended or stopped: a range of its still running is dropped with its thread. */
  release(): void;
}

interface Kept {
  readonly helper: SampleHelper;
  /** The rejections of its ranges in flight. */
  readonly pending: Set<(e: Error) => void>;
  ended: boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface KeeperOptions {
  /** Why there is no second thread at all (one core, or asked for one); null: start one. */
  readonly oneThread?: string | null;
  /** How long a start may take before the study goes on alone. */
  readonly startMs?: number;
}

export function sampleHelperKeeper(
  start: () => Promise<SampleHelper>,
  { oneThread = null, startMs = 20_000 }: KeeperOptions = {},
) {
  let kept: Promise<Kept> | null = null;
  let refusal = oneThread;
  /** The newest lease: one study at a time sends ranges (an older one has been superseded). */
  let holder: object | null = null;

  function end(k: Kept): void {
    if (k.ended) return;
    k.ended = true;
    for (const reject of k.pending) reject(new RangeAbandoned());
    k.pending.clear();
    void k.helper.close();
  }

  function startKept(): Promise<Kept> {
    const started = start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`it did not start within ${startMs / 1000} s`));
        // one that starts after all is not needed any more
        void started.then(
          (h) => h.close(),
          () => undefined,
        );
      }, startMs);
    });
    return Promise.race([started, late])
      .then((helper): Kept => ({ helper, pending: new Set(), ended: false }))
      .finally(() => clearTimeout(timer));
  }

  function lease(k: Kept): HelperLease {
    const mine = new Set<(e: Error) => void>();
    const token = {};
    holder = token;
    const run: SampleThread = (range) =>
      new Promise<RangeResult>((resolve, reject) => {
        if (k.ended || holder !== token) return reject(new RangeAbandoned());
        const settle = () => {
          k.pending.delete(reject);
          mine.delete(reject);
        };
        k.pending.add(reject);
        mine.add(reject);
        k.helper.run(range).then(
          (r) => {
            settle();
            resolve(r);
          },
          (e: unknown) => {
            // it crashed: the study redoes the range itself, a later study starts a new thread
            settle();
            reject(e instanceof Error ? e : new Error(String(e)));
            end(k);
          },
        );
      });
    return {
      run,
      note: '',
      release: () => {
        if (mine.size > 0) end(k);
      },
    };
  }

  return {
    /** The second thread for one study, or one thread and why; never rejects. */
    async acquire(): Promise<HelperLease> {
      for (;;) {
        if (refusal !== null) return { run: null, note: refusal, release: () => undefined };
        const current = (kept ??= startKept());
        let k: Kept;
        try {
          k = await current;
        } catch (e) {
          refusal = `the second thread did not start (${message(e)})`;
          continue;
        }
        // a stopped study's range still runs there, or it crashed: start afresh
        if (k.ended || k.pending.size > 0) {
          end(k);
          if (kept === current) kept = null;
          continue;
        }
        return lease(k);
      }
    },
  };
}

export type SampleHelperKeeper = ReturnType<typeof sampleHelperKeeper>;
