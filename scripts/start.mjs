// `npm start`: the standalone demo. Electron when its binary is installed, otherwise the headless
// host serving the UI to any Chromium (the URL is printed on the READY line).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('exit', (code) => resolve(code ?? 1));
  });

if (!existsSync('renderer/dist/index.html')) {
  const code = await run('npx', ['vite', 'build', '--logLevel', 'warn']);
  if (code !== 0) process.exit(code);
}

// Not require('electron'): since Electron 45 that downloads the binary when it is missing. The
// package's path.txt exists once `node node_modules/electron/install.js` has installed it.
let electronBinary;
try {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const candidate = join(packageDir, 'dist', readFileSync(join(packageDir, 'path.txt'), 'utf8'));
  if (existsSync(candidate)) electronBinary = candidate;
} catch {
  // No electron package, or its binary was never installed.
}

if (electronBinary && process.env.KIOSK_HEADLESS !== '1') {
  const code = await run('node', ['scripts/build-electron.mjs']);
  if (code !== 0) process.exit(code);
  process.exit(await run(electronBinary, ['dist-electron/main/main.js']));
}
console.log('Electron binary not installed: starting the headless host. Open the ui= URL below in Chromium (--kiosk for a kiosk).');
process.exit(await run('npx', ['tsx', 'electron/host/cli.ts', '--demo', ...process.argv.slice(2)]));
