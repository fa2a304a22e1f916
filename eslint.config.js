// @ts-check
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The layers (README, "Where things are"): a lower layer never imports a higher one. */
const layers = ['util', 'sim', 'model', 'data', 'engine', 'state', 'ui'];
const higher = {
  util: ['sim', 'model', 'data', 'engine', 'state', 'ui'],
  sim: ['model', 'data', 'engine', 'state', 'ui'],
  data: ['model', 'engine', 'state', 'ui'],
  model: ['engine', 'state', 'ui'],
  engine: ['state', 'ui'],
  state: ['ui'],
  ui: [],
};

export default defineConfig(
  {
    // src/sim/cpu/assembly is AssemblyScript (compiled by asc, checked by it, not by tsc or ESLint).
    ignores: [
      'dist',
      'node_modules',
      'public',
      'test-results',
      'playwright-report',
      'src/sim/cpu/assembly',
      'src/sim/trainability/assembly',
      'src/sim/shots/assembly',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/state/**/*.ts'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    // A promise nobody awaits loses its error: the store and the engine must handle every one.
    files: ['src/state/**/*.ts', 'src/engine/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  ...layers.map((layer) => ({
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: higher[layer].map((h) => ({
            group: [`../${h}/*`, `../../${h}/*`, `../../../${h}/*`, `../${h}`],
            message: `src/${layer} must not import the higher layer src/${h} (README, "Where things are": one direction of dependency).`,
          })),
        },
      ],
    },
  })),
);
