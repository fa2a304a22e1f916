import { createServer } from 'vite';

/** A running dev server for one test-only page. */
export interface CheckPageServer {
  /** The page's address. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a test-only check of e2e/pages (not part of the app's build; `check` names its module,
 * e.g. 'simcheck') on the one check page, from a Vite dev server of its own, on a free port.
 */
export async function startCheckPage(check: string): Promise<CheckPageServer> {
  const module = `e2e/pages/${check}.ts`;
  const server = await createServer({
    // No file watching: an edit elsewhere in the tree must not reload the page mid-check.
    server: { port: 0, host: 'localhost', watch: null },
    logLevel: 'error',
    // Scan the page's imports up front, so the dev server does not re-optimise the
    // dependencies and reload the page mid-run.
    optimizeDeps: { entries: [module] },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5173/';
  return { url: `${base}e2e/pages/check.html?check=${check}`, close: () => server.close() };
}
