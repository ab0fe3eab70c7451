// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, as sandboxed preloads must be).
import { build } from 'esbuild';
import { cpSync } from 'node:fs';

await build({
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist-electron/main/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
});
cpSync('electron/core/storage/migrations', 'dist-electron/main/migrations', { recursive: true });
await build({
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist-electron/preload/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
});
console.log('built dist-electron/');
