import { useExplore, useExploreController } from './ExploreContext';

/** The header's switch between the single-run view and the Explore view. */
export function ViewTabs() {
  const view = useExplore((s) => s.view);
  const explore = useExploreController();
  const tab = (id: 'single' | 'explore' | 'trainability', text: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === id}
      className="view-tab"
      onClick={() => explore.show(id)}
    >
      {text}
    </button>
  );
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {tab('single', 'Single run')}
      {tab('explore', 'Explore')}
      {tab('trainability', 'Trainability')}
    </div>
  );
}
