/*
 * What the Trainability view's study workers share: the page's two commands (run these settings
 * under an id; cancel that id), the three ways a study ends, and the dispatch of the commands to
 * a study, which stops when its id is cancelled or a newer run starts.
 */

export type StudyCommand<S> =
  | { readonly type: 'run'; readonly id: number; readonly settings: S }
  | { readonly type: 'cancel'; readonly id: number };

export type StudyEnd =
  | { readonly type: 'done'; readonly id: number; readonly seconds: number }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/**
 * Routes commands to `run(id, settings, stopped)`; `stopped()` turns true once the run is
 * cancelled or superseded. A run that throws ends in an `error` event with its message.
 */
export function studyCommands<S>(
  run: (id: number, settings: unknown, stopped: () => boolean) => Promise<void>,
  post: (end: StudyEnd) => void,
) {
  let current = 0;
  const cancelled = new Set<number>();
  return {
    handle(command: StudyCommand<S>): Promise<void> {
      const { id } = command;
      if (command.type === 'cancel') {
        cancelled.add(id);
        return Promise.resolve();
      }
      current = id;
      return run(id, command.settings, () => cancelled.has(id) || current !== id).catch(
        (e: unknown) =>
          post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) }),
      );
    },
  };
}
