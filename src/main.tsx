// The tokens and resets first: component styles, imported by their components, come after.
import './ui/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAutomationApi } from './state/automation';
import { createController } from './state/controller';
import { readBackendOrder } from './state/urlState';
import { createEngineClient } from './state/engineClient';
import { createRunArchive } from './state/runArchive';
import { openRunStorage } from './state/runStorage';
import { App } from './ui/App';
import { LabContext } from './ui/LabContext';
import { RunArchiveContext } from './ui/runs/RunArchiveContext';

// One worker for the page's lifetime; the data folder is resolved against the page, so the app
// also works from a sub-path.
const options = {
  dataUrl: new URL(`${import.meta.env.BASE_URL}data`, window.location.href).href,
  // `?backend=wasm,cpu` picks the tfjs backends to try (to compare them, or to test).
  backends: readBackendOrder(window.location.search),
};
const controller = createController((callbacks) => createEngineClient(options, callbacks));
window.resqunnLab = createAutomationApi(controller.lab, controller);
// Every run with steps is kept (IndexedDB, or memory where that is unavailable) for comparison.
const archive = createRunArchive(controller.lab, openRunStorage);
window.addEventListener('pagehide', () => {
  void archive.flush();
  controller.dispose();
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <LabContext.Provider value={controller}>
      <RunArchiveContext.Provider value={archive}>
        <App />
      </RunArchiveContext.Provider>
    </LabContext.Provider>
  </StrictMode>,
);
