/*
 * What the Trainability view's two controllers share: one worker per study kind, started with
 * the first study; a new study cancels the running one and only the newest one's events count;
 * and the link parameter a study keeps its settings in.
 */
import type { StudyCommand } from '../../engine/studyCommands';

export interface StudyWorker<S, E> {
  postMessage(command: StudyCommand<S>): void;
  onmessage: ((e: MessageEvent<E>) => void) | null;
  terminate(): void;
}

export function studySession<S, E extends { readonly id: number }>(
  createWorker: () => StudyWorker<S, E>,
  onEvent: (event: E) => void,
) {
  let worker: StudyWorker<S, E> | null = null;
  let id = 0;
  return {
    /** Sends a study (a running one is cancelled first). */
    start(settings: S): void {
      if (worker) worker.postMessage({ type: 'cancel', id });
      worker ??= createWorker();
      id += 1;
      const mine = id;
      worker.onmessage = (e) => {
        if (e.data.id === mine) onEvent(e.data);
      };
      worker.postMessage({ type: 'run', id, settings });
    },
    cancel(): void {
      worker?.postMessage({ type: 'cancel', id });
    },
    dispose(): void {
      worker?.terminate();
      worker = null;
    },
  };
}

/** A link parameter's value, decoded where it can be (null when the link has none). */
export function readLinkParam(search: string, name: string): string | null {
  const match = new RegExp(`[?&]${name}=([^&]*)`).exec(search);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1]; // the raw text: the parse names what it cannot read
  }
}

/** `search` with `name=value` last (or without it, for null), other parameters kept. */
export function searchWithParam(search: string, name: string, value: string | null): string {
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && part.split('=')[0] !== name);
  const all = value === null ? others : [...others, `${name}=${value}`];
  return all.length > 0 ? `?${all.join('&')}` : '';
}
