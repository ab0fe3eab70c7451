// Lint, with the import-layer rules of ARCHITECTURE.md (VS Code's layering rule is the model).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'net', 'http', 'https', 'os', 'util', 'events', 'stream'];
const layer = (files, forbidden, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }] },
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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // TypeScript checks names; no-undef only misfires on DOM and Node globals.
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
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
  layer(['renderer/**'], [...NODE_BUILTINS, 'electron', '**/electron/**', '**/tests/**', '**/bench/**', 'better-sqlite3', 'undici', 'pino', 'serialport'], 'renderer/ imports only shared/ and browser packages.'),
  layer(['renderer/src/components/**', 'renderer/src/pages/**'], [...NODE_BUILTINS, 'electron', '**/electron/**', '**/tests/**', '**/bench/**', 'better-sqlite3', 'undici', 'pino', 'serialport', '**/services/bridge'], 'Screens talk to stores; only stores (and the composables they use) call the bridge.'),
  layer(['electron/core/**'], ['electron', '**/main/**', '**/preload/**', '**/host/**', '**/simulator/**', '**/renderer/**', '**/tests/**', '**/bench/**'], 'core/ is plain Node: no electron, no host, no simulator.'),
  layer(['electron/simulator/**'], ['electron', '**/main/**', '**/preload/**', '**/host/**', '**/renderer/**', '**/tests/**'], 'The simulator is a peer: it may use core helpers, nothing else.'),
  layer(['electron/host/**'], ['electron', '**/main/**', '**/preload/**', '**/renderer/**', '**/tests/**'], 'The host is headless: no electron.'),
  layer(['electron/preload/**'], ['**/core/**', '**/host/**', '**/simulator/**', '**/renderer/**', ...NODE_BUILTINS], 'The preload exposes the contract and nothing else.'),
  layer(['electron/main/**'], ['**/simulator/**', '**/renderer/**', '**/tests/**'], 'main/ wires Electron to the core and host.'),
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
