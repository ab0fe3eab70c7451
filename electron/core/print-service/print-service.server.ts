import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ZodError } from 'zod';
import { sarftCalls, type SarftCallName } from '../../../shared/contract/sarft';
import { SarftCode, sarftMessages, type SarftCodeValue } from '../../../shared/contract/sarft-codes';
import { BodyTooLargeError, parseJsonObject, readBody, sendJson } from '../net/http-body';
import { closableServer, listen } from '../net/listen';
import type { Logger } from '../app/logger';
import type { PrintService, ServiceOutcome } from './print-service';
import type { TerminalAuth } from './terminal-auth';

export const MAX_BODY_BYTES = 64 * 1024;

export interface PrintServiceServerDeps {
  service: PrintService;
  auth: TerminalAuth;
  logger: Logger;
  health: () => Record<string, unknown>;
  /** Called after a print-result commits: new outbox events wait. */
  afterPrintResult?: () => void;
}

export interface RunningPrintServiceServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const routes = new Map<string, SarftCallName>(Object.entries(sarftCalls).map(([name, call]) => [call.path, name as SarftCallName]));

/** HTTP face of the local print service (SARFT-CONTRACT.md): JSON in, JSON out, a result code on every reply. */
export async function startPrintServiceServer(deps: PrintServiceServerDeps, options: { port: number; host: string }): Promise<RunningPrintServiceServer> {
  const server = closableServer(
    createServer((req, res) => {
      const requestId = randomUUID();
      handle(req, res, requestId, deps).catch((error: unknown) => {
        deps.logger.error({ requestId, err: (error as Error).message }, 'print service fault');
        if (!res.headersSent) reply(res, 500, requestId, SarftCode.OtherError, 'internal error');
      });
    }),
  );
  server.keepAliveTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const port = await listen(server, options.port, options.host);
  return { url: `http://${options.host}:${port}`, port, close: () => server.closeNow() };
}

async function handle(req: IncomingMessage, res: ServerResponse, requestId: string, deps: PrintServiceServerDeps): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, deps.health());
  const name = routes.get(path);
  if (!name) return reply(res, 404, requestId, SarftCode.Malformed, 'no such call');
  if (req.method !== 'POST') return reply(res, 405, requestId, SarftCode.Malformed, 'use POST', undefined, { allow: 'POST' });

  const contentType = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/iu.test(contentType)) return reply(res, 415, requestId, SarftCode.Malformed, 'Content-Type must be application/json');
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      res.setHeader('connection', 'close');
      return reply(res, 413, requestId, SarftCode.Malformed, `body over ${MAX_BODY_BYTES} bytes`);
    }
    throw error;
  }
  const json = parseJsonObject(raw);
  if (!json) return reply(res, 400, requestId, SarftCode.Malformed, 'body must be a JSON object');
  const parsed = sarftCalls[name].request.safeParse(json);
  if (!parsed.success) return reply(res, 400, requestId, SarftCode.Malformed, 'validation failed', validationDetails(parsed.error));

  if (name === 'auth') {
    const body = parsed.data as { username: string; password: string; terminalId: string };
    const outcome = await deps.auth.login(body.username, body.password, body.terminalId);
    deps.logger.info({ requestId, call: name, terminalId: body.terminalId, outcome: outcome.kind }, 'auth');
    if (outcome.kind === 'ok') return reply(res, 200, requestId, SarftCode.Ok, undefined, undefined, undefined, { token: outcome.token, expiresIn: outcome.expiresIn });
    return reply(res, 200, requestId, outcome.kind === 'disabled' ? SarftCode.TerminalDisabled : SarftCode.BadCredentials);
  }

  const bearer = /^Bearer (\S+)$/u.exec(String(req.headers.authorization ?? ''))?.[1];
  const terminal = bearer ? deps.auth.authenticate(bearer) : undefined;
  if (!terminal) return reply(res, 401, requestId, SarftCode.TokenInvalid);
  const caller = { terminalId: terminal.terminal_id };

  let outcome: ServiceOutcome<object>;
  if (name === 'query') outcome = await deps.service.query(parsed.data as never, caller);
  else if (name === 'applyPrint') outcome = await deps.service.applyPrint(parsed.data as never, caller);
  else {
    outcome = deps.service.printResult(parsed.data as never, caller);
    deps.afterPrintResult?.();
  }
  deps.logger.info({ requestId, call: name, terminalId: caller.terminalId, printNo: (parsed.data as { printNo?: string }).printNo, resultCode: outcome.code }, 'print service call');
  const status = outcome.code === SarftCode.Malformed ? 400 : 200;
  return reply(res, status, requestId, outcome.code, 'message' in outcome ? outcome.message : undefined, 'details' in outcome ? outcome.details : undefined, undefined, outcome.value);
}

function reply(
  res: ServerResponse,
  status: number,
  requestId: string,
  code: SarftCodeValue,
  message?: string,
  details?: Record<string, unknown>,
  headers?: Record<string, string>,
  value?: object,
): void {
  const body = { ...(value ?? {}), resultCode: code, message: message ?? sarftMessages[code], requestId, ...(details ? { details } : {}) };
  sendJson(res, status, body, { 'x-request-id': requestId, ...(headers ?? {}) });
}

/** Names the offending fields without echoing their (possibly hostile) values. */
function validationDetails(error: ZodError): Record<string, unknown> {
  return { fields: error.issues.slice(0, 10).map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message })) };
}
