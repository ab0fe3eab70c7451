import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { sarftCalls, type SarftCallName } from '../../../shared/contract/sarft';
import { SarftCode, sarftMessages, type SarftCodeValue } from '../../../shared/contract/sarft-codes';
import { BodyTimeoutError, BodyTooLargeError, joinSharedJson, readBody, sendJson, sendJsonText } from '../net/http-body';
import { closableServer, listen } from '../net/listen';
import { applyHttpTimeouts, guardConnections, httpServerOptions, sourceAddress, type ServerLimits } from '../net/connection-guard';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { PrintServiceGate, GateOutcome } from './print-service.gate';
import { decodeSarftRequest, encodeDialectReply, type Dialect } from './sarft-dialects';
import { isStoreFailure, STORE_FAILING_MESSAGE } from '../storage/store-failure';

export const MAX_BODY_BYTES = 64 * 1024;

export interface PrintServiceServerDeps {
  gate: PrintServiceGate;
  metrics: Metrics;
  logger: Logger;
  /** Liveness and readiness; `ok: false` answers 503. */
  health: () => Promise<{ ok: boolean; status: string } & Record<string, unknown>>;
  /** Who sees /metrics and the detailed /healthz: these exact source addresses, or a peer with the bearer token. */
  operators?: { trustedSources: string[]; metricsToken?: string | undefined };
}

export interface PrintServiceListenOptions {
  port: number;
  host: string;
  tls?: { key: string; cert: string };
  /** Socket caps and HTTP timeouts; the defaults suit a test, a host passes its configured ones. */
  limits?: ServerLimits;
}

const DEFAULT_LIMITS: ServerLimits = {
  caps: { max: 256, perSource: 32 },
  timeouts: { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxRequestsPerSocket: 1_000 },
};

export interface RunningPrintServiceServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const routes = new Map<string, SarftCallName>(Object.entries(sarftCalls).map(([name, call]) => [call.path, name as SarftCallName]));

/** HTTP(S) face of the local print service (SARFT-CONTRACT.md): JSON or XML by Content-Type, a result code on every reply. */
export async function startPrintServiceServer(
  deps: PrintServiceServerDeps,
  options: PrintServiceListenOptions,
): Promise<RunningPrintServiceServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    handle(req, res, requestId, deps, limits.timeouts.requestTimeoutMs).catch((error: unknown) => {
      deps.logger.error({ requestId, err: (error as Error).message }, 'print service fault');
      // The terminal tells a failing store from other faults by this message (SARFT has no code of its own for it).
      if (!res.headersSent && isStoreFailure(error))
        sendJson(res, 503, { resultCode: SarftCode.OtherError, message: STORE_FAILING_MESSAGE, requestId });
      if (!res.headersSent) sendJson(res, 500, { resultCode: SarftCode.OtherError, message: 'internal error', requestId });
    });
  };
  const httpOptions = httpServerOptions(limits.timeouts);
  const server = closableServer(
    options.tls
      ? createHttpsServer({ ...httpOptions, key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' }, onRequest)
      : createHttpServer(httpOptions, onRequest),
  );
  applyHttpTimeouts(server, limits.timeouts);
  const guard = guardConnections(server, limits.caps);
  // Refusals are counted, not logged one by one: a flood would flood the log too.
  deps.metrics.gauge('net_connections_open', 'Open sockets of the print service', () => guard.open());
  deps.metrics.gauge('net_connections_refused', 'Sockets closed at once since start: over the overall or the per-source cap', () =>
    guard.refused(),
  );
  const port = await listen(server, options.port, options.host);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`, port, close: () => server.closeNow() };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  deps: PrintServiceServerDeps,
  bodyTimeoutMs: number,
): Promise<void> {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (req.method === 'GET' && path === '/healthz') {
    const health = await deps.health();
    // Others on the LAN learn whether the service is up, not what it is connected to.
    return sendJson(res, health.ok ? 200 : 503, isOperator(req, deps) ? health : { ok: health.ok, status: health.status });
  }
  if (req.method === 'GET' && path === '/metrics') {
    if (!isOperator(req, deps)) return sendJson(res, 403, { message: 'metrics need a trusted source address or the metrics token' });
    const text = await deps.metrics.text();
    res.writeHead(200, { 'content-type': deps.metrics.contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const name = routes.get(path);
  const contentType = req.headers['content-type'] ?? '';
  const encoding = /^(application|text)\/xml\b/iu.test(contentType) ? ('xml' as const) : ('json' as const);
  const context = {
    requestId,
    sourceAddress: req.socket.remoteAddress ?? 'unknown',
    bearer: /^Bearer (\S{1,512})$/u.exec(String(req.headers.authorization ?? ''))?.[1],
  };
  // A plain function, not a closure made per request: this path runs for every call.
  const refuse = refusal.bind(null, { res, deps, dialect: encoding, name, path, context });
  if (!name) return refuse(404, SarftCode.Malformed, 'no such call');
  if (req.method !== 'POST') return refuse(405, SarftCode.Malformed, 'use POST');
  if (encoding === 'json' && !/^application\/json\b/iu.test(contentType)) {
    return refuse(415, SarftCode.Malformed, 'Content-Type must be application/json or application/xml');
  }

  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES, bodyTimeoutMs);
  } catch (error) {
    if (error instanceof BodyTimeoutError) return;
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.setHeader('connection', 'close');
    return refuse(413, SarftCode.Malformed, `body over ${MAX_BODY_BYTES} bytes`);
  }

  // The one dispatch point of the dialects (sarft-dialects.ts): our JSON first, as before; the gate sees only our requests.
  const decoded = decodeSarftRequest(name, encoding, raw, context.bearer);
  if (!decoded.ok) {
    return refusal({ res, deps, dialect: decoded.dialect, name, path, context }, 400, SarftCode.Malformed, decoded.reason, decoded.details);
  }
  context.bearer = decoded.bearer;
  const { dialect, request } = decoded;
  const outcome = await deps.gate.handle(name, request as never, context);
  deps.logger.info({ requestId, call: name, dialect, resultCode: outcome.code, source: context.sourceAddress }, 'print service call');
  reply(res, dialect, name, requestId, outcome, (request as { printNo?: string }).printNo);
}

/** Answers a request refused before it reached a call: counted and logged, never audited. */
function refusal(
  on: {
    res: ServerResponse;
    deps: PrintServiceServerDeps;
    dialect: Dialect;
    name: SarftCallName | undefined;
    path: string;
    context: { requestId: string; sourceAddress: string };
  },
  status: number,
  code: SarftCodeValue,
  reason: string,
  details?: Record<string, unknown>,
): void {
  const { res, deps, dialect, name, path, context } = on;
  deps.gate.refusedAtTransport(name ?? 'unknown', code);
  deps.logger.info(
    { requestId: context.requestId, call: name ?? path.slice(0, 64), source: context.sourceAddress, status, reason },
    'print service refused a request',
  );
  reply(res, dialect, name ?? 'query', context.requestId, { code, status, message: reason, ...(details ? { details } : {}) });
}

/** A trusted source address, or the configured bearer token; without `operators` (a test's server) everyone. */
function isOperator(req: IncomingMessage, deps: PrintServiceServerDeps): boolean {
  if (!deps.operators) return true;
  if (deps.operators.trustedSources.includes(sourceAddress(req.socket))) return true;
  const token = deps.operators.metricsToken;
  const presented = /^Bearer (\S{1,512})$/u.exec(String(req.headers.authorization ?? ''))?.[1];
  return (
    token !== undefined &&
    presented !== undefined &&
    presented.length === token.length &&
    timingSafeEqual(Buffer.from(presented), Buffer.from(token))
  );
}

function reply(
  res: ServerResponse,
  dialect: Dialect,
  name: SarftCallName,
  requestId: string,
  outcome: GateOutcome,
  printNo?: string,
): void {
  // The members every reply carries, after the call's own: a later member of the same name would win.
  const perCall = {
    resultCode: outcome.code,
    message: outcome.message ?? sarftMessages[outcome.code],
    requestId,
    ...(outcome.details ? { details: outcome.details } : {}),
    ...(outcome.retryAfter !== undefined ? { retryAfter: outcome.retryAfter } : {}),
  };
  const headers: Record<string, string> = {
    'x-request-id': requestId,
    ...(outcome.retryAfter !== undefined ? { 'retry-after': String(outcome.retryAfter) } : {}),
  };
  if (dialect === 'json') {
    // A frozen value is one the service shares between calls (a query answered from the local copy).
    if (outcome.value && Object.isFrozen(outcome.value))
      return sendJsonText(res, outcome.status, joinSharedJson(outcome.value, perCall), headers);
    return sendJson(res, outcome.status, { ...(outcome.value ?? {}), ...perCall }, headers);
  }
  const { contentType, payload } = encodeDialectReply(dialect, name, { ...(outcome.value ?? {}), ...perCall }, printNo);
  const bytes = Buffer.from(payload);
  res.writeHead(outcome.status, {
    'content-type': contentType,
    'content-length': String(bytes.length),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(bytes);
}
