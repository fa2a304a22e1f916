import { GradientPanel, TrainingCharts } from './charts/ChartsPanel';
import { lazyPart } from './lazyPart';
import { ConfigPanel } from './controls/ConfigPanel';
import { RunControls } from './controls/RunControls';
import { DatasetPanel } from './data/DatasetPanel';
import { DiagramPanel } from './diagram/DiagramPanel';
import { useExplore } from './explore/ExploreContext';
import { ViewTabs } from './explore/ViewTabs';
import { Inspector } from './inspect/Inspector';
import { LinkBanner } from './LinkBanner';
import { Notices } from './Notices';
import { InterruptedRunNotice } from './runs/InterruptedRunNotice';
import { RunArchiveNotice } from './runs/RunArchiveNotice';
import { RunsButton } from './runs/RunsButton';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TeachingButtons } from './teach/TeachingButtons';
import { TOUR } from './teach/tourSteps';
import { useTeaching } from './teach/useTeaching';
import { ThemeSwitch } from './ThemeSwitch';
import './teach/teach.css';
import './App.css';
import './responsive.css';

// Views not on the first paint load when first shown: the first visit downloads and runs less.
const ExploreView = lazyPart(
  () => import('./explore/ExploreView').then((m) => m.ExploreView),
  'The Explore view',
);
const TrainabilityView = lazyPart(
  () => import('./trainability/TrainabilityView').then((m) => m.TrainabilityView),
  'The Trainability view',
);
const CircuitPanel = lazyPart(
  () => import('./teach/CircuitPanel').then((m) => m.CircuitPanel),
  'The Circuit panel',
);
const TourCard = lazyPart(() => import('./teach/TourCard').then((m) => m.TourCard), 'The tour');

/**
 * The page: controls on the left; the network and its gradients in the middle (the point of the
 * app); one image's feature maps, the loss and the accuracy on the right. In teaching mode the
 * guided tour takes the settings' place and the quanv circuit opens above the gradient chart.
 */
export function App() {
  const circuitOpen = useTeaching((s) => s.circuitOpen);
  const presenter = useTeaching((s) => s.presenter);
  const tourStep = useTeaching((s) => s.tourStep);
  const focus = tourStep === null ? undefined : TOUR[tourStep].focus.join(' ');
  // The single-run view stays mounted behind the Explore view: its charts keep their state.
  const view = useExplore((s) => s.view);
  const explore = view === 'explore';
  return (
    <div className={`app${presenter ? ' presenter' : ''}`} data-tour-focus={focus}>
      <header className="app-header">
        <h1>
          ResQuNN <span>Lab</span>
        </h1>
        <p>
          Train quanvolutional networks live in your browser, and watch residual connections bring
          gradient back to the early quanv layers.
        </p>
        <ViewTabs />
        <TeachingButtons />
        <RunsButton />
        <ThemeSwitch />
        <ShortcutsHelp />
      </header>
      <div className="alerts">
        <LinkBanner />
        <Notices />
        <RunArchiveNotice />
        <InterruptedRunNotice />
      </div>
      {explore && (
        <main className="explore-main">
          <ExploreView />
        </main>
      )}
      {view === 'trainability' && (
        <main className="trainability-main">
          <TrainabilityView />
        </main>
      )}
      {/* Kept mounted (hidden) under the other views; the page's one main landmark is the view shown. */}
      <div
        className="workspace"
        role={view === 'single' ? 'main' : undefined}
        style={view !== 'single' ? { display: 'none' } : undefined}
      >
        <aside className="sidebar" aria-label="Controls">
          <RunControls />
          <DatasetPanel />
          {tourStep === null ? <ConfigPanel /> : <TourCard />}
        </aside>
        <div className={`center${circuitOpen ? ' with-circuit' : ''}`}>
          <DiagramPanel />
          {circuitOpen && <CircuitPanel />}
          <GradientPanel />
        </div>
        <div className="right">
          <Inspector />
          <TrainingCharts />
        </div>
      </div>
    </div>
  );
}
