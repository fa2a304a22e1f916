import { createStore } from 'zustand/vanilla';

/**
 * Teaching mode, apart from training: whether the circuit panel is open, which step of the
 * guided tour is showing (null: no tour), and the presenter view's large type. Page-local UI
 * state: nothing here reaches the engine or the URL.
 */
export interface TeachingState {
  readonly circuitOpen: boolean;
  readonly tourStep: number | null;
  readonly presenter: boolean;
}

function createTeachingStore() {
  return createStore<TeachingState>(() => ({
    circuitOpen: false,
    tourStep: null,
    presenter: false,
  }));
}

export type TeachingStore = ReturnType<typeof createTeachingStore>;

/** The page's one teaching store. */
export const teaching = createTeachingStore();

export function toggleCircuit(store: TeachingStore = teaching): void {
  store.setState({ circuitOpen: !store.getState().circuitOpen });
}

export function togglePresenter(store: TeachingStore = teaching): void {
  store.setState({ presenter: !store.getState().presenter });
}

/** Shows tour step `index` (clamped to the tour's `length` steps); null closes the tour. */
export function showTourStep(index: number | null, length: number, store = teaching): void {
  store.setState({ tourStep: index === null ? null : Math.max(0, Math.min(length - 1, index)) });
}
