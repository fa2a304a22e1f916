/*
 * The deep-stack panel's controller: settings are validated here (before any work), kept in the
 * link as `stacks=L=8;K=32;seed=1;b=8;e=2-8/n=2;k=2,2;…;data=name.hash` (the stack's settings,
 * then the base configuration's text, which names the data as every configuration does), and
 * sent to the stack worker; its events fill the store. The data follows the page's choice (the
 * single run's dataset) unless a link or an Explore row named the study's own.
 */
import type { StacksEvent } from '../../engine/stacksProtocol';
import { formatEdgeList } from '../../model/config/configEdges';
import { formatConfigText, parseConfigText } from '../../model/config/configText';
import {
  formatStackText,
  parseStackText,
  STACK_LIMITS,
  validateStackSettings,
  withStackDataset,
  type RawStackSettings,
  type StackSettings,
} from '../../model/trainability/stackSettings';
import type { AddressBar } from './trainabilityController';
import { createStacksStore } from './stacksStore';
import { readLinkParam, searchWithParam, studySession, type StudyWorker } from './studySession';

export const STACKS_PARAM = 'stacks';

export type StacksWorker = StudyWorker<StackSettings, StacksEvent>;

export function formatStacksLink(s: StackSettings): string {
  return `${formatStackText(s)}/${s.base}`;
}

/** The settings a link's stacks= names (null without one), and what in it was refused. */
export function readStacksLink(
  search: string,
): { settings: StackSettings | null; errors: string[] } | null {
  const text = readLinkParam(search, STACKS_PARAM);
  if (text === null) return null;
  const slash = text.indexOf('/');
  const parsed = parseStackText(slash < 0 ? text : text.slice(0, slash));
  const raw = slash < 0 ? parsed.raw : { ...parsed.raw, base: text.slice(slash + 1) };
  const checked = validateStackSettings(raw);
  const errors = [...parsed.errors, ...(checked.ok ? [] : checked.errors)];
  return { settings: checked.ok && parsed.errors.length === 0 ? checked.settings : null, errors };
}

/** `search` with stacks= set (or removed, for null), other parameters kept. */
export function searchWithStacks(search: string, settings: StackSettings | null): string {
  return searchWithParam(search, STACKS_PARAM, settings && formatStacksLink(settings));
}

/**
 * A configuration's text as a stack study's raw settings: its circuit, tap, stride, padding and
 * data as the base, its edges as the user's own stack, at its own layer count, so that stack is
 * the configuration's network; a one-layer configuration (Explore's n = 1 rows) is the smallest
 * stack, 2, its layer repeated, its edges kept. Deeper is the panel's n: the edges stay valid.
 */
export function stackOfConfig(configText: string): RawStackSettings {
  const parsed = parseConfigText(configText);
  if (!parsed.ok) return { base: configText };
  const c = parsed.config;
  return {
    base: formatConfigText(c),
    layers: Math.max(c.layers.length, STACK_LIMITS.layers.min),
    edges: formatEdgeList(c.edges),
  };
}

export function createStacksController(createWorker: () => StacksWorker, address: AddressBar) {
  const link = readStacksLink(address.read());
  const store = createStacksStore(link?.settings ?? undefined, link !== null);
  /**
   * Whether the study's data follows the page's choice (the single run's dataset): a link's study
   * keeps its data, one from nothing measures on the page's; an Explore row's keeps its own until
   * the page's choice changes.
   */
  let followsPage = link === null;
  if (link && link.errors.length > 0) store.setState({ errors: link.errors });
  const onEvent = (e: StacksEvent) => {
    if (e.type === 'progress')
      store.setState({ rows: e.rows, norms: e.norms, progress: e.progress });
    else if (e.type === 'done') store.setState({ status: 'done', seconds: e.seconds, progress: 1 });
    else if (e.type === 'cancelled') store.setState({ status: 'cancelled' });
    else store.setState({ status: 'error', errors: [e.message] });
  };
  const session = studySession(createWorker, onEvent);
  /** The page's dataset as last told (pageDataset); null before the panel first shows. */
  let page: string | null = null;
  const writeLink = () => {
    const { open, settings } = store.getState();
    address.write(searchWithStacks(address.read(), open ? settings : null));
  };

  /** Validates and keeps new settings (and the link); returns the refusals, empty when taken. */
  const update = (raw: RawStackSettings): readonly string[] => {
    const checked = validateStackSettings({ ...store.getState().settings, ...raw });
    if (!checked.ok) {
      store.setState({ errors: checked.errors });
      return checked.errors;
    }
    store.setState({ settings: checked.settings, errors: [] });
    writeLink();
    return [];
  };

  /** Measures on `dataset` from now on, and follows the page's later choices. */
  const adoptDataset = (dataset: string): readonly string[] => {
    followsPage = true;
    const { base } = store.getState().settings;
    const next = withStackDataset(base, dataset);
    return next === base ? [] : update({ base: next });
  };

  return {
    store,
    /** Whether the page was opened with a stacks= link. */
    fromLink: link !== null,
    /** Shows the stack panel (or the barren-plateau one) in the Trainability view. */
    setOpen(open: boolean): void {
      store.setState({ open });
      writeLink();
    },
    /** Validates and keeps new settings (and the link); returns the refusals, empty when taken. */
    update,
    /**
     * The page's dataset (the single run's choice), told when the panel shows and whenever it
     * changes: taken while the study follows the page, and whenever the choice changes.
     */
    pageDataset(dataset: string): readonly string[] {
      const changed = page !== null && page !== dataset;
      page = dataset;
      return changed || followsPage ? adoptDataset(dataset) : [];
    },
    adoptDataset,
    /** Opens the panel on a configuration (Explore's row, the single run's): its n, edges, circuit, data. */
    openConfig(configText: string): readonly string[] {
      followsPage = false;
      store.setState({ open: true });
      const refused = update(stackOfConfig(configText));
      if (refused.length > 0) writeLink();
      return refused;
    },
    /** Starts the study of the current settings (a running one is cancelled first). */
    run(): void {
      const { settings } = store.getState();
      store.setState({
        status: 'running',
        shown: settings,
        rows: [],
        norms: [],
        progress: 0,
        errors: [],
        seconds: null,
      });
      writeLink();
      session.start(settings);
    },
    cancel(): void {
      if (store.getState().status === 'running') session.cancel();
    },
    dispose: session.dispose,
  };
}

export type StacksController = ReturnType<typeof createStacksController>;
