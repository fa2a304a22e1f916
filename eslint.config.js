// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Layers of DEVELOPERS.md: a lower layer never imports a higher one. */
const layers = ['sim', 'model', 'data', 'engine', 'state', 'ui'];
const higher = {
  sim: ['model', 'data', 'engine', 'state', 'ui'],
  data: ['model', 'engine', 'state', 'ui'],
  model: ['engine', 'state', 'ui'],
  engine: ['state', 'ui'],
  state: ['ui'],
  ui: [],
};

export default tseslint.config(
  {
    // src/sim/assembly is AssemblyScript (compiled by asc, checked by it, not by tsc or ESLint).
    ignores: [
      'dist',
      'node_modules',
      'public',
      'test-results',
      'playwright-report',
      'src/sim/assembly',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...layers.map((layer) => ({
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: higher[layer].map((h) => ({
            group: [`../${h}/*`, `../../${h}/*`, `../${h}`],
            message: `src/${layer} must not import the higher layer src/${h} (DEVELOPERS.md: one direction of dependency).`,
          })),
        },
      ],
    },
  })),
);
