// Sync calls on purpose: Electron's asar support (the bundle lives in app.asar) surely covers these.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { KIOSK_CSP } from '../core/security/csp';
import type { ProtocolRequestLike, SchemePrivileges } from './seams';
import { STATIC_MIME } from '../core/net/static-mime';

/**
 * The UI is served from `app://kiosk/`, not `file://`: a file URL's origin is the whole disk (any
 * file a page links to is "same origin"), while a custom scheme's origin is exactly this bundle,
 * with our headers (CSP) on every response. Electron's security checklist, "avoid file://".
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** standard: real origins and relative URLs; secure: a secure context like https; fetch for the bundle's own assets. Nothing that bypasses CSP. */
export const APP_SCHEME_PRIVILEGES: SchemePrivileges = { standard: true, secure: true, supportFetchAPI: true };

/** True only for `app://kiosk/…` itself: scheme and host compared exactly, never as a string prefix. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

const SECURITY_HEADERS = {
  'content-security-policy': KIOSK_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/**
 * The file of the bundle a URL names, or null. Refuses anything that could leave the bundle's
 * folder: `..` or `.` segments after decoding (`%2e%2e%2f`), backslashes, NUL, colons (a Windows
 * drive, `C:`), and a path that
 * resolves (symbolic links included) outside `dist` or into a sibling such as `dist-evil/`.
 */
export function bundleFileOf(url: string, dist: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (/[\\\0:]/u.test(path)) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const root = resolve(dist);
  const file = resolve(root, ...(segments.length ? segments : ['index.html']));
  if (!file.startsWith(root + sep)) return null;
  try {
    const realFile = realpathSync(file);
    if (!realFile.startsWith(realpathSync(root) + sep) || !statSync(realFile).isFile()) return null;
    return realFile;
  } catch {
    return null;
  }
}

/** The `app:` protocol handler: the bundle's files, read-only, each with the kiosk's CSP. */
export function serveBundle(request: ProtocolRequestLike, dist: string): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
  const file = bundleFileOf(request.url, dist);
  if (!file) return refuse(404, 'not found');
  const headers = {
    'content-type': STATIC_MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    ...SECURITY_HEADERS,
  };
  return new Response(request.method === 'HEAD' ? null : readFileSync(file), { status: 200, headers });
}
