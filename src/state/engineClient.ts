import {
  FAULT,
  HEARTBEAT,
  type EngineCommand,
  type EngineEvent,
  type EngineFault,
  type FaultKind,
  type Heartbeat,
} from '../engine/protocol';
import type { WorkerOptions } from '../engine/worker';

/**
 * The page's handle on the training worker. When the worker crashes, or stops without a word, a
 * new one is started and the last configuration is sent again, so the user keeps going; the
 * metrics already received live in the store, not in the worker, and survive.
 *
 * A worker that closes itself raises no error. Two things notice it: a Web Lock the worker holds
 * for its whole life (released the moment it ends, so the page learns at once), and a heartbeat
 * with a deadline, for a worker that is alive but stuck. The deadline grows with the longest
 * step seen, because the worker answers only between steps.
 *
 * A worker that fails before it says anything did not load (offline, or the app changed on the
 * server): the next one is started after a growing pause, not at once in a loop, and commands
 * sent meanwhile wait for it.
 */
export interface EngineClient {
  send(command: EngineCommand): void;
  /** For tests of the recovery and of the divergence stop (see protocol.ts). */
  injectFault(fault: FaultKind): void;
  dispose(): void;
}

export interface EngineClientCallbacks {
  onEvent(event: EngineEvent): void;
  /**
   * The worker died (`silent`: without an error); a fresh one is already starting. Returns the
   * command that starts its run (a configure that resumes the page's run), or nothing for the
   * last configure again.
   */
  onCrash(message: string, silent: boolean): EngineCommand | void;
}

export type WorkerFactory = (options: WorkerOptions) => Worker;

/** How the client watches the worker; tests shorten the times. */
export interface Liveness {
  readonly pingEveryMs: number;
  /** No answer for this long (or 4× the longest step, if longer) counts as a dead worker. */
  readonly silenceMs: number;
  /** Waits until the named lock is free (its holder ended); absent where Web Locks are. */
  readonly whenLockFree?: (name: string) => Promise<void>;
}

/** The message for a worker that failed before its first word. */
export const LOAD_FAILED =
  'the training worker could not be loaded (the page is offline, or the app changed on the server); reload the page once online';

/** The pause before the next try after `failures` workers in a row failed to load. */
export function loadRetryDelayMs(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, failures - 1));
}

const DEFAULT_LIVENESS: Liveness = {
  pingEveryMs: 2000,
  silenceMs: 20_000,
  whenLockFree:
    typeof navigator !== 'undefined' && 'locks' in navigator
      ? (name) => navigator.locks.request(name, () => undefined)
      : undefined,
};

export const createTrainingWorker: WorkerFactory = (options) =>
  new Worker(new URL('../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: JSON.stringify(options),
  });

export function createEngineClient(
  options: WorkerOptions,
  callbacks: EngineClientCallbacks,
  factory: WorkerFactory = createTrainingWorker,
  liveness: Liveness = DEFAULT_LIVENESS,
): EngineClient {
  let worker: Worker;
  let generation = 0;
  let lastConfigure: EngineCommand | null = null;
  let disposed = false;
  /** When the oldest ping still unanswered went out (any message answers it); null when none. */
  let pingSentAt: number | null = null;
  let longestStepMs = 0;
  /** Whether the current worker has said anything (it loaded). */
  let heard = false;
  let loadFailures = 0;
  /** Commands waiting for the next worker while a restart is delayed; null when none is. */
  let queue: EngineCommand[] | null = null;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const start = () => {
    generation += 1;
    const mine = generation;
    const lifeLock = liveness.whenLockFree ? `resqunn-worker-${Math.random()}` : undefined;
    worker = factory({ ...options, lifeLock });
    pingSentAt = null;
    heard = false;
    worker.onmessage = (event: MessageEvent<EngineEvent | Heartbeat>) => {
      pingSentAt = null;
      heard = true;
      loadFailures = 0;
      const data = event.data;
      if (data.type === HEARTBEAT) {
        if (data.lockHeld && lifeLock) {
          void liveness.whenLockFree?.(lifeLock).then(() => {
            if (mine === generation) restart('it ended without an error', true);
          });
        }
        return;
      }
      if (data.type === 'metrics') {
        for (const s of data.steps) longestStepMs = Math.max(longestStepMs, s.millis);
      }
      callbacks.onEvent(data);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      restart(event.message || 'the training worker stopped unexpectedly');
    };
    worker.onmessageerror = () => restart('a message from the training worker could not be read');
  };

  const restart = (message: string, silent = false) => {
    if (disposed || queue !== null) return;
    worker.terminate();
    const loaded = heard;
    loadFailures = loaded ? 0 : loadFailures + 1;
    const first = callbacks.onCrash(loaded ? message : LOAD_FAILED, silent && loaded) ?? null;
    queue = [];
    const begin = () => {
      restartTimer = null;
      const waiting = queue ?? [];
      queue = null;
      start();
      // A configuration sent while the restart waited replaces the one it would have resent.
      let from = waiting.length;
      while (from > 0 && waiting[from - 1].type !== 'configure') from -= 1;
      const opening = from > 0 ? [] : [first ?? lastConfigure];
      for (const command of [...opening, ...waiting.slice(Math.max(0, from - 1))]) {
        if (command) worker.postMessage(command);
      }
    };
    if (loaded) begin();
    else restartTimer = setTimeout(begin, loadRetryDelayMs(loadFailures));
  };

  const silenceLimit = () => Math.max(liveness.silenceMs, 4 * longestStepMs);
  // Measured from the unanswered ping, not from the last message: a background tab's timers
  // slow to one a minute, and an idle worker has nothing else to say.
  const timer = setInterval(() => {
    if (queue !== null) return; // no worker until the delayed restart
    const now = Date.now();
    if (pingSentAt === null) {
      pingSentAt = now;
      worker.postMessage({ type: HEARTBEAT } satisfies Heartbeat);
    } else if (now - pingSentAt > silenceLimit()) {
      const seconds = Math.round((now - pingSentAt) / 1000);
      restart(`it stopped answering for ${seconds} s`, true);
    }
  }, liveness.pingEveryMs);

  start();
  return {
    send(command) {
      if (command.type === 'configure') lastConfigure = command;
      if (queue) queue.push(command);
      else worker.postMessage(command);
    },
    injectFault(fault) {
      worker.postMessage({ type: FAULT, fault } satisfies EngineFault);
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
      if (restartTimer !== null) clearTimeout(restartTimer);
      worker.postMessage({ type: 'stop' } satisfies EngineCommand);
      worker.terminate();
    },
  };
}
