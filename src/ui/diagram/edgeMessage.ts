import type { Edge } from '../../model/config/config';

/*
 * The diagram's one-line status under the figure, with what caused it, so that a line whose
 * cause has gone (a refused edge since made moot by an edit, a connection since cancelled)
 * disappears instead of lingering.
 */

export interface EdgeMessage {
  readonly text: string;
  /** `refused` lines hold while the edges are as they were; `connecting` while a source is picked. */
  readonly cause: 'refused' | 'connecting' | 'done';
  /** The edges when the line was written. */
  readonly edges: string;
}

export const NO_MESSAGE: EdgeMessage = { text: '', cause: 'done', edges: '' };

export const edgesKey = (edges: readonly Edge[]) => edges.map((e) => `${e.from}-${e.to}`).join(',');

/** The line to show now, or '' once its cause is gone. */
export function visibleMessage(
  message: EdgeMessage,
  edges: readonly Edge[],
  connecting: boolean,
): string {
  if (message.cause === 'refused' && message.edges !== edgesKey(edges)) return '';
  if (message.cause === 'connecting' && !connecting) return '';
  return message.text;
}
