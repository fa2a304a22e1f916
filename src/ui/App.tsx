import { ConfigPanel } from './controls/ConfigPanel';
import { RunControls } from './controls/RunControls';
import { ChartsPanel } from './charts/ChartsPanel';
import { DiagramPanel } from './diagram/DiagramPanel';
import { Inspector } from './inspect/Inspector';
import { LinkBanner } from './LinkBanner';
import { Notices } from './Notices';

/** The page: controls left, the network and its gradients in the middle, one image on the right. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          ResQuNN <span>Lab</span>
        </h1>
        <p>
          Residual quanvolutional networks, trained live in your browser: with several trainable
          quanv layers only the last one gets gradient — residual connections bring it back.
        </p>
      </header>
      <div className="alerts">
        <LinkBanner />
        <Notices />
      </div>
      <main className="workspace">
        <aside className="sidebar" aria-label="Controls">
          <RunControls />
          <ConfigPanel />
        </aside>
        <div className="center">
          <DiagramPanel />
          <ChartsPanel />
        </div>
        <Inspector />
      </main>
    </div>
  );
}
