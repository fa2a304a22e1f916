import { test as base } from '@playwright/test';
import { openLab, trainToEnd, type OpenOptions } from './labHelpers';

/*
 * The page set-up every browser test shares, as a Playwright fixture: a spec asks for `lab` and
 * gets the app opened on a configuration, trained to its end, and the page's uncaught errors.
 */

export interface Lab {
  /** Opens the app on `config` (wasm unless told otherwise) and waits for its first run. */
  open(config: string, options?: OpenOptions): Promise<void>;
  /** Configures the open page with `config` and trains that run to its end. */
  train(config: string): Promise<void>;
  /** Uncaught errors the page has thrown so far. */
  readonly errors: readonly string[];
}

export const test = base.extend<{ lab: Lab }>({
  lab: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use({
      open: (config, options) => openLab(page, config, options),
      train: (config) => trainToEnd(page, config),
      errors,
    });
  },
});

export { expect } from '@playwright/test';
