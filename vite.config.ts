import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { KIOSK_CSP } from './electron/core/security/csp';

/**
 * The page carries its CSP itself too, so that it holds wherever the bundle is opened, whatever
 * serves it. Same policy as the header (one source, csp.ts), minus frame-ancestors, which browsers
 * ignore in a meta tag: the header alone keeps the page out of frames. Never stricter than the
 * header, so browser-kiosk mode (ui-server.ts) behaves exactly as before.
 */
export function metaCsp(csp: string): string {
  return csp
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !/^frame-ancestors\b/u.test(directive))
    .join('; ');
}

export function kioskCspMeta(): Plugin {
  const content = metaCsp(KIOSK_CSP);
  if (/["<>&]/u.test(content)) throw new Error('the CSP cannot go into an HTML attribute as it is');
  return {
    name: 'kiosk-csp-meta',
    // Build only: Vite's dev server injects inline scripts that this policy forbids.
    apply: 'build',
    // Right after <meta charset>: a meta CSP governs only what follows it, and the charset stays first.
    transformIndexHtml: (html) => {
      const charset = /<meta charset="[^"]*"\s*\/?>/iu.exec(html);
      if (!charset) throw new Error('renderer/index.html has no <meta charset>: the CSP meta goes after it');
      const at = charset.index + charset[0].length;
      return `${html.slice(0, at)}\n    <meta http-equiv="Content-Security-Policy" content="${content}" />${html.slice(at)}`;
    },
  };
}

// The renderer is a static bundle served by the host (browser-kiosk mode) or by Electron's app:// protocol.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue(), kioskCspMeta()],
  build: {
    outDir: fileURLToPath(new URL('./renderer/dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
