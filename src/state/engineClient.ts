import {
  CRASH_FAULT,
  type CrashFault,
  type EngineCommand,
  type EngineEvent,
} from '../engine/protocol';
import type { WorkerOptions } from '../engine/worker';

/**
 * The page's handle on the training worker. When the worker crashes, a new one is started and
 * the last configuration is sent again, so the user keeps going; the metrics already received
 * live in the store, not in the worker, and survive.
 */
export interface EngineClient {
  send(command: EngineCommand): void;
  /** Makes the worker throw an uncaught error, to test the recovery (see worker.ts). */
  injectCrash(): void;
  dispose(): void;
}

export interface EngineClientCallbacks {
  onEvent(event: EngineEvent): void;
  /** The worker died; a fresh one is already starting. */
  onCrash(message: string): void;
}

export type WorkerFactory = (options: WorkerOptions) => Worker;

export const createTrainingWorker: WorkerFactory = (options) =>
  new Worker(new URL('../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: JSON.stringify(options),
  });

export function createEngineClient(
  options: WorkerOptions,
  callbacks: EngineClientCallbacks,
  factory: WorkerFactory = createTrainingWorker,
): EngineClient {
  let worker: Worker;
  let lastConfigure: EngineCommand | null = null;
  let disposed = false;

  const start = () => {
    worker = factory(options);
    worker.onmessage = (event: MessageEvent<EngineEvent>) => callbacks.onEvent(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      restart(event.message || 'the training worker stopped unexpectedly');
    };
    worker.onmessageerror = () => restart('a message from the training worker could not be read');
  };

  const restart = (message: string) => {
    if (disposed) return;
    worker.terminate();
    start();
    callbacks.onCrash(message);
    if (lastConfigure) worker.postMessage(lastConfigure);
  };

  start();
  return {
    send(command) {
      if (command.type === 'configure') lastConfigure = command;
      worker.postMessage(command);
    },
    injectCrash() {
      worker.postMessage({ type: CRASH_FAULT } satisfies CrashFault);
    },
    dispose() {
      disposed = true;
      worker.postMessage({ type: 'stop' } satisfies EngineCommand);
      worker.terminate();
    },
  };
}
