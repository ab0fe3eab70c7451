// `npm start`: the standalone demo. Electron when its binary is installed, otherwise the headless
// host serving the UI to any Chromium (the URL is printed on the READY line).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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

let electronBinary;
try {
  const candidate = require('electron');
  if (typeof candidate === 'string' && existsSync(candidate)) electronBinary = candidate;
} catch {
  // The electron package throws when its binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD).
}

if (electronBinary && process.env.KIOSK_HEADLESS !== '1') {
  const code = await run('node', ['scripts/build-electron.mjs']);
  if (code !== 0) process.exit(code);
  process.exit(await run(electronBinary, ['dist-electron/main/main.js']));
}
console.log('Electron binary not installed: starting the headless host. Open the ui= URL below in Chromium (--kiosk for a kiosk).');
process.exit(await run('npx', ['tsx', 'electron/host/cli.ts', '--demo', ...process.argv.slice(2)]));
