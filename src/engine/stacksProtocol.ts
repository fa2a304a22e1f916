/*
 * The messages between the page and the deep-stack worker. The settings are validated on the
 * page and again where they enter the worker (src/model/trainability/stackSettings.ts).
 */
import type { StackSettings } from '../model/trainability/stackSettings';
import type { StackRow } from '../model/trainability/stackStudy';
import type { StudyCommand, StudyEnd } from './studyCommands';

export type StacksCommand = StudyCommand<StackSettings>;

export type StacksEvent =
  /** A slice of work ended: every stack's rows so far, every sample's norm so far, progress 0–1. */
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly rows: readonly StackRow[];
      readonly norms: readonly (readonly (readonly number[])[])[];
      readonly progress: number;
    }
  | StudyEnd;
