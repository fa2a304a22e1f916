// The tokens and resets first: component styles, imported by their components, come after.
import './ui/global.css';
import { installTokens } from './ui/tokens';
import { applyTheme, savedTheme } from './ui/theme';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAutomationApi } from './state/automation/automation';
import { createController } from './state/controller';
import { readBackendOrder } from './state/page/urlState';
import { createEngineClient } from './state/engineClient';
import { readBackendMemory, rememberMeasurement } from './state/page/backendMemory';
import { createRunArchive } from './state/runs/runArchive';
import { openRunStorage } from './state/runs/runStorage';
import { registerOfflineSupport } from './state/page/offlineSupport';
import { openSweepStorage } from './state/explore/sweepArchive';
import { createExploreController } from './state/explore/exploreController';
import { createWorkerPool, poolSize } from './state/explore/sweepWorkers';
import { createTrainabilityController } from './state/trainability/trainabilityController';
import { TrainabilityContext } from './ui/trainability/TrainabilityContext';
import { createStacksController } from './state/trainability/stacksController';
import { StacksContext } from './ui/trainability/StacksContext';
import { browserLocation, startPageHistory } from './state/page/pageHistory';
import { teaching } from './state/teachingStore';
import { App } from './ui/App';
import { TOUR } from './ui/teach/tourSteps';
import { ExploreContext } from './ui/explore/ExploreContext';
import { LabContext } from './ui/LabContext';
import { RunArchiveContext } from './ui/runs/RunArchiveContext';

installTokens(document);
// A colour scheme picked on an earlier visit (a projector's), before the first paint.
applyTheme(savedTheme());

// One worker for the page's lifetime; the data folder is resolved against the page, so the app
// also works from a sub-path.
const options = {
  dataUrl: new URL(`${import.meta.env.BASE_URL}data`, window.location.href).href,
  // `?backend=wasm,cpu` picks the tfjs backends to try (to compare them, or to test).
  backends: readBackendOrder(window.location.search),
};
// The address bar keeps the configuration, the tab and the tour step; Back/Forward restore them.
const location = browserLocation();
// The training worker picks the fastest backend by timing it, once per size class and device.
const controller = createController(
  (callbacks) =>
    createEngineClient(
      {
        ...options,
        // Read at each worker start (a crashed worker's successor knows this visit's timings).
        get measure() {
          return { remembered: readBackendMemory() };
        },
      },
      {
        ...callbacks,
        onEvent: (event) => {
          rememberMeasurement(event);
          callbacks.onEvent(event);
        },
      },
    ),
  location,
);
// The Explore view's sweeps run on training workers of their own, one per core, each with its
// kernel on one thread: they already use every core between them.
const explore = createExploreController({
  createRunners: (size) => createWorkerPool({ ...options, kernelThreads: 1 }, size),
  poolSize: poolSize(),
  storage: openSweepStorage(),
});
// The Trainability view's studies keep their settings in the address, without history entries.
const studyAddress = {
  read: () => window.location.search,
  write: (search: string) =>
    window.history.replaceState(
      window.history.state,
      '',
      `${window.location.pathname}${search}${window.location.hash}`,
    ),
};
// The Trainability view's study runs on a worker of its own, started with the first study, on
// two threads where there are two cores; `window.resqunnStudyThreads = 1` before the first study
// keeps it on one (to compare: the numbers are the same). Whether WebGPU runs in a worker here
// is asked of a small probe worker, without the study's bundle.
const trainability = createTrainabilityController(
  () =>
    new Worker(new URL('./engine/trainabilityWorker.ts', import.meta.url), {
      type: 'module',
      name: JSON.stringify({
        threads: (window as { resqunnStudyThreads?: number }).resqunnStudyThreads,
      }),
    }),
  studyAddress,
  () => new Worker(new URL('./engine/gpuProbeWorker.ts', import.meta.url), { type: 'module' }),
);
// The Trainability view's deep-stack study: a worker of its own with the data folder's URL.
const stacks = createStacksController(
  () =>
    new Worker(new URL('./engine/stacksWorker.ts', import.meta.url), {
      type: 'module',
      name: JSON.stringify({ dataUrl: options.dataUrl }),
    }),
  studyAddress,
);
if (trainability.fromLink || stacks.fromLink) explore.show('trainability');
startPageHistory({
  location,
  controller,
  explore: explore.store,
  teaching,
  tourLength: TOUR.length,
});
// Every run with steps is kept (IndexedDB, or memory where that is unavailable) for comparison.
const archive = createRunArchive(controller.lab, openRunStorage);
window.resqunnLab = createAutomationApi(controller.lab, controller, explore, (runId) =>
  archive.sessionNumber(runId),
);
// Closing the page, or hiding it (a phone may then end it unannounced), saves every step at once.
window.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'hidden') return;
  archive.saveNow();
  void archive.flush();
});
window.addEventListener('pagehide', () => {
  archive.saveNow();
  void archive.flush();
  controller.dispose();
  explore.dispose();
  trainability.dispose();
  stacks.dispose();
});

// Built apps work offline and get cross-origin isolation from their service worker. It is
// registered once the page has loaded: its precache (the whole app and the data) must not compete
// with what the first paint needs.
if (import.meta.env.PROD) {
  const register = () =>
    registerOfflineSupport(
      window,
      new URL(`${import.meta.env.BASE_URL}sw.js`, window.location.href).href,
    ).catch((error: unknown) => console.warn('ResQuNN Lab works online only here:', error));
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

// A transition: React builds the page in slices of a few milliseconds, yielding between them, so
// a slow phone stays responsive while the first render runs (the static header shows meanwhile).
const root = createRoot(document.getElementById('root') as HTMLElement);
startTransition(() =>
  root.render(
    <StrictMode>
      <LabContext.Provider value={controller}>
        <RunArchiveContext.Provider value={archive}>
          <ExploreContext.Provider value={explore}>
            <TrainabilityContext.Provider value={trainability}>
              <StacksContext.Provider value={stacks}>
                <App />
              </StacksContext.Provider>
            </TrainabilityContext.Provider>
          </ExploreContext.Provider>
        </RunArchiveContext.Provider>
      </LabContext.Provider>
    </StrictMode>,
  ),
);
