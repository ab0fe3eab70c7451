// Installs the Debian packages the tests drive for real, when missing: Chromium (end-to-end tests),
// socat (serial pseudo-terminal pairs), zbar-tools (a third-party QR decoder for the print previews)
// and a CJK font (the previews' Chinese text).
// Needs root (or sudo): it runs apt-get. `npm run setup` calls it.
import { execFileSync, spawnSync } from 'node:child_process';

const wanted = {
  chromium: '/usr/bin/chromium',
  socat: '/usr/bin/socat',
  'zbar-tools': '/usr/bin/zbarimg',
  'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
};
const missing = Object.entries(wanted)
  .filter(([, path]) => spawnSync('test', ['-e', path]).status !== 0)
  .map(([pkg]) => pkg);
if (missing.length === 0) {
  console.log('test dependencies present');
  process.exit(0);
}
const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
const run = (args) =>
  execFileSync(asRoot[0] ?? args[0], asRoot.length ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
console.log(`installing ${missing.join(', ')} with apt-get`);
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
