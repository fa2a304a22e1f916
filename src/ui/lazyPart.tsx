import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';

/*
 * A part of the page that loads when first shown (React.lazy), with what a failed load needs: the
 * file can be missing (offline with no service worker yet, a new deploy that removed it), and a
 * failed import would otherwise take the whole page down with it. The part then says what
 * happened and offers to load it again; the rest of the page keeps working.
 */

interface BoundaryProps {
  readonly what: string;
  readonly onRetry: () => void;
  readonly children: ReactNode;
}

class LoadBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="notice notice-error lazy-part-failed">
        <strong>{this.props.what} could not be loaded</strong> ({error.message}). Check the network
        connection (after one visit online the lab works offline), then{' '}
        <button type="button" onClick={this.props.onRetry}>
          try again
        </button>
        .
      </div>
    );
  }
}

/** `load` resolves to the part's component; `what` names it in the failure message. */
export function lazyPart<P extends object>(
  load: () => Promise<ComponentType<P>>,
  what: string,
): ComponentType<P> {
  const make = () => lazy(() => load().then((component) => ({ default: component })));
  // React.lazy keeps a failed import: a retry needs a new one.
  let current = make();
  function LazyPart(props: P) {
    const [attempt, setAttempt] = useState(0);
    const Loaded = current;
    return (
      <LoadBoundary
        key={attempt}
        what={what}
        onRetry={() => {
          current = make();
          setAttempt((a) => a + 1);
        }}
      >
        <Suspense fallback={null}>
          <Loaded {...props} />
        </Suspense>
      </LoadBoundary>
    );
  }
  return LazyPart;
}
