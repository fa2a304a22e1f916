import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * A copy of a store that tells its subscribers at most once per `intervalMs`. The engine sends
 * up to 30 metric batches a second; drawing each one costs a frame of painting, which on a
 * software-rendered browser (no GPU: headless Chromium on SwiftShader) competes with the training
 * worker for the CPU and makes clicks feel late (measured: median click-to-paint 150 ms at 10
 * updates a second, 80 ms at 5, on two cores). What the page shows lags the numbers by at most one interval; no data is
 * lost (run records live in the source store's recorder).
 */
export function createThrottledView<T extends object>(
  source: StoreApi<T>,
  intervalMs: number,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): StoreApi<T> {
  const view = createStore<T>(() => source.getState());
  let pending = false;
  let last = -Infinity;
  const copy = () => {
    pending = false;
    last = Date.now();
    view.setState(source.getState(), true);
  };
  source.subscribe(() => {
    if (pending) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) return copy();
    pending = true;
    schedule(copy, wait);
  });
  return view;
}
