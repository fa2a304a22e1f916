import { GradientPanel, TrainingCharts } from './charts/ChartsPanel';
import { ConfigPanel } from './controls/ConfigPanel';
import { RunControls } from './controls/RunControls';
import { DiagramPanel } from './diagram/DiagramPanel';
import { Inspector } from './inspect/Inspector';
import { LinkBanner } from './LinkBanner';
import { Notices } from './Notices';
import { RunArchiveNotice } from './runs/RunArchiveNotice';
import { RunsButton } from './runs/RunsButton';

/**
 * The page: controls on the left; the network and its gradients in the middle (the point of the
 * app); one image's feature maps, the loss and the accuracy on the right.
 */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          ResQuNN <span>Lab</span>
        </h1>
        <p>
          Train quanvolutional networks live in your browser, and watch residual connections bring
          gradient back to the early quanv layers.
        </p>
        <RunsButton />
      </header>
      <div className="alerts">
        <LinkBanner />
        <Notices />
        <RunArchiveNotice />
      </div>
      <main className="workspace">
        <aside className="sidebar" aria-label="Controls">
          <RunControls />
          <ConfigPanel />
        </aside>
        <div className="center">
          <DiagramPanel />
          <GradientPanel />
        </div>
        <div className="right">
          <Inspector />
          <TrainingCharts />
        </div>
      </main>
    </div>
  );
}
