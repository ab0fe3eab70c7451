import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { isUiCallName, uiEventAudience, type UiEvent } from '../../shared/contract/ui';
import { BodyTimeoutError, BodyTooLargeError, parseJsonObject, readBody, sendJson } from '../core/net/http-body';
import { closableServer, listen } from '../core/net/listen';
import { applyHttpTimeouts, guardConnections, httpServerOptions, type ServerLimits } from '../core/net/connection-guard';
import { KIOSK_CSP } from '../core/security/csp';
import { dispatchUiCall, type UiHandlers } from '../core/api/ui-dispatch';
import type { EventEmitter } from 'node:events';
import type { Logger } from '../core/observability/logger';
import { STATIC_MIME } from '../core/net/static-mime';

/**
 * The HTTP transport of the UI contract for browser-kiosk mode: binds 127.0.0.1, checks Host and
 * Origin (DNS rebinding, CSRF) and a per-launch secret handed to the page in its HTML.
 */
export interface UiServerOptions {
  port: number;
  staticDir: string;
  handlers: UiHandlers;
  events: EventEmitter<{ event: [UiEvent] }>;
  logger: Logger;
  /** Socket caps and HTTP timeouts (a local program could otherwise hold every descriptor). */
  limits?: ServerLimits;
  /** Whether a staff session token is live: staff events (scans, refund progress) go only to such streams. */
  staffSessionValid?: (token: string) => boolean;
}

const DEFAULT_LIMITS: ServerLimits = {
  caps: { max: 128, perSource: 128 },
  timeouts: { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxRequestsPerSocket: 1_000 },
};

interface EventStream {
  res: ServerResponse;
  /** The staff session it was opened with; absent on the kiosk's stream. */
  staffSession?: string;
}

export async function startUiServer(options: UiServerOptions): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const secret = randomBytes(24).toString('base64url');
  const indexPath = join(options.staticDir, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`the UI is not built (${indexPath} missing): run npm run build:renderer`);
  const index = readFileSync(indexPath, 'utf8').replace('<head>', `<head><meta name="kiosk-secret" content="${secret}">`);
  let allowedHosts: Set<string> = new Set();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const staffSessionValid = options.staffSessionValid ?? (() => false);
  const streams = new Set<EventStream>();

  const server = closableServer(
    createServer(httpServerOptions(limits.timeouts), (req, res) => {
      handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: (error as Error).message }, 'ui server fault');
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      });
    }),
  );
  applyHttpTimeouts(server, limits.timeouts);
  guardConnections(server, limits.caps);
  options.events.on('event', deliver);
  server.on('close', () => options.events.off('event', deliver));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(String(req.headers.host ?? '')))
      return sendJson(res, 421, { ok: false, error: { code: 'UNAUTHORIZED', message: 'unexpected Host' } });
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//u, ''))) {
        return sendJson(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'unexpected Origin' } });
      }
      const presented = String(req.headers['x-kiosk-secret'] ?? url.searchParams.get('secret') ?? '');
      if (!sameSecret(presented, secret))
        return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong session secret' } });
      if (url.pathname === '/api/events' && req.method === 'GET') {
        const session = String(req.headers['x-staff-session'] ?? url.searchParams.get('session') ?? '');
        if (!session) return streamEvents(res);
        if (!staffSessionValid(session))
          return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'staff session ended: sign in again' } });
        return streamEvents(res, session);
      }
      const name = /^\/api\/call\/([\w.]+)$/u.exec(url.pathname)?.[1];
      if (!name || !isUiCallName(name) || req.method !== 'POST')
        return sendJson(res, 404, { ok: false, error: { code: 'VALIDATION', message: 'no such call' } });
      let body: Record<string, unknown> | undefined;
      try {
        body = parseJsonObject(await readBody(req, 64 * 1024, limits.timeouts.requestTimeoutMs));
      } catch (error) {
        if (error instanceof BodyTimeoutError) return;
        if (error instanceof BodyTooLargeError)
          return sendJson(res, 413, { ok: false, error: { code: 'VALIDATION', message: 'body too large' } });
        throw error;
      }
      if (!body) return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'body must be a JSON object' } });
      return sendJson(res, 200, await dispatchUiCall(options.handlers, name, body));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'method not allowed' } });
    return serveStatic(url.pathname, res);
  }

  function streamEvents(res: ServerResponse, staffSession?: string): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const stream: EventStream = { res, ...(staffSession ? { staffSession } : {}) };
    streams.add(stream);
    const heartbeat = setInterval(() => {
      // A staff stream ends with its session (sign-out, idle timeout); the page's EventSource then gets a 401.
      if (stream.staffSession && !staffSessionValid(stream.staffSession)) res.end();
      else res.write(': ping\n\n');
    }, 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      streams.delete(stream);
    });
  }

  /** Kiosk events to every page; staff events only to streams with a live staff session; scans to staff if any listens, else to the kiosk. */
  function deliver(event: UiEvent): void {
    const audience = uiEventAudience[event.type];
    const staff = [...streams].filter((s) => s.staffSession !== undefined && staffSessionValid(s.staffSession));
    const targets =
      audience === 'kiosk'
        ? [...streams]
        : audience === 'staff' || staff.length > 0
          ? staff
          : [...streams].filter((s) => s.staffSession === undefined);
    const data = `data: ${JSON.stringify(event)}\n\n`;
    for (const s of targets) s.res.write(data);
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const securityHeaders = {
      'content-security-policy': KIOSK_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      // A malformed %-escape is the client's mistake, not a fault of ours.
      return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'malformed path' } });
    }
    const relative = normalize(decoded).replace(/^([/\\])+/u, '');
    const file = join(options.staticDir, relative);
    const inside = file.startsWith(options.staticDir + sep);
    if (inside && relative !== '' && relative !== 'index.html' && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, {
        'content-type': STATIC_MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'public, max-age=31536000, immutable',
        ...securityHeaders,
      });
      res.end(readFileSync(file));
      return;
    }
    // Any other path is a route of the single-page app.
    res.writeHead(200, { 'content-type': STATIC_MIME['.html']!, 'cache-control': 'no-store', ...securityHeaders });
    res.end(index);
  }

  const port = await listen(server, options.port, '127.0.0.1');
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { url: `http://127.0.0.1:${port}`, port, close: () => server.closeNow() };
}

function sameSecret(presented: string, secret: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
