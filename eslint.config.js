// Lint, with the import-layer rules of ARCHITECTURE.md (VS Code's layering rule is the model).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import { readFileSync } from 'node:fs';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'net', 'http', 'https', 'os', 'util', 'events', 'stream'];
const layer = (files, forbidden, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }] },
});

// Inside core, each folder may import only its own layer and below (electron/core/layers.json holds the table;
// tests/unit/core-layers.test.ts also forbids folder and file cycles). A rule set later in this file replaces an
// earlier one for the same files, so each folder's rule repeats core's process-layer patterns.
const CORE_WIDE = [
  'electron',
  '**/main/**',
  '**/preload/**',
  '**/host/**',
  '**/simulator/**',
  '**/renderer/**',
  '**/tests/**',
  '**/bench/**',
];
const CORE_WIDE_MESSAGE = 'core/ is plain Node: no electron, no host, no simulator.';
const coreTable = JSON.parse(readFileSync(new URL('./electron/core/layers.json', import.meta.url), 'utf8'));
const coreLayerRules = Object.entries(coreTable.layers).map(([folder, level]) => {
  const above = Object.entries(coreTable.layers)
    .filter(([, other]) => other > level)
    .map(([name]) => name);
  const patterns = [{ group: CORE_WIDE, message: CORE_WIDE_MESSAGE }];
  if (above.length > 0) {
    patterns.push({
      regex: `^(?:\\.\\./)+(?:(?:electron/)?core/)?(?:${above.join('|')})(?:/|$)`,
      message: `core/${folder} is layer ${level}: it imports only its own layer and below (electron/README.md).`,
    });
  }
  return { files: [`electron/core/${folder}/**`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'renderer/dist/', 'dist/', 'dist-electron/', '.data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // TypeScript checks names; no-undef only misfires on DOM and Node globals.
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      // Layout is Prettier's (npm run lint checks it); these template rules would fight it.
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$)[^.]', message: 'shared/ imports nothing but zod.' },
            { regex: '(^|/)(electron|renderer|tests|bench)(/|$)', message: 'shared/ imports nothing but zod and itself.' },
          ],
        },
      ],
    },
  },
  layer(
    ['renderer/**'],
    [...NODE_BUILTINS, 'electron', '**/electron/**', '**/tests/**', '**/bench/**', 'better-sqlite3', 'undici', 'pino', 'serialport'],
    'renderer/ imports only shared/ and browser packages.',
  ),
  layer(
    ['renderer/src/components/**', 'renderer/src/pages/**'],
    [
      ...NODE_BUILTINS,
      'electron',
      '**/electron/**',
      '**/tests/**',
      '**/bench/**',
      'better-sqlite3',
      'undici',
      'pino',
      'serialport',
      '**/services/bridge',
    ],
    'Screens talk to stores; only stores (and the composables they use) call the bridge.',
  ),
  layer(
    ['electron/core/**'],
    ['electron', '**/main/**', '**/preload/**', '**/host/**', '**/simulator/**', '**/renderer/**', '**/tests/**', '**/bench/**'],
    'core/ is plain Node: no electron, no host, no simulator.',
  ),
  ...coreLayerRules,
  layer(
    ['electron/simulator/**'],
    ['electron', '**/main/**', '**/preload/**', '**/host/**', '**/renderer/**', '**/tests/**'],
    'The simulator is a peer: it may use core helpers, nothing else.',
  ),
  layer(
    ['electron/host/**'],
    ['electron', '**/main/**', '**/preload/**', '**/renderer/**', '**/tests/**'],
    'The host is headless: no electron.',
  ),
  layer(
    ['electron/preload/**'],
    ['**/core/**', '**/host/**', '**/simulator/**', '**/renderer/**', ...NODE_BUILTINS],
    'The preload exposes the contract and nothing else.',
  ),
  layer(['electron/main/**'], ['**/simulator/**', '**/renderer/**', '**/tests/**'], 'main/ wires Electron to the core and host.'),
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
