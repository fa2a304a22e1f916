import { useStore } from 'zustand';
import { teaching, type TeachingState } from '../../state/teachingStore';

/** A slice of the teaching state (circuit panel, tour step, presenter view). */
export function useTeaching<T>(select: (state: TeachingState) => T): T {
  return useStore(teaching, select);
}
