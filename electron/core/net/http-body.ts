import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

export class BodyTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`body not complete within ${timeoutMs} ms`);
  }
}

/**
 * Reads a request body, refusing (and draining no further) past `limit` bytes. With `timeoutMs`, a
 * body still incomplete then ends the connection: a bound of our own beside Node's requestTimeout,
 * which only looks every connectionsCheckingInterval and is a server-wide setting a caller may lift.
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs?: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            req.removeAllListeners('data');
            req.socket.destroy();
            reject(new BodyTimeoutError(timeoutMs));
          }, timeoutMs);
    timer?.unref();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        clearTimeout(timer);
        req.removeAllListeners('data');
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Writes a JSON reply with an explicit length, so keep-alive clients never wait for a close. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** sendJson for a body already serialized (a JSON object's text). */
export function sendJsonText(res: ServerResponse, status: number, payload: string, headers: Record<string, string> = {}): void {
  // The string goes to the socket as is: no intermediate Buffer copy on every reply.
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

/** Parses JSON, answering undefined for anything that is not a JSON object. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JSON.stringify({...value, ...perCall}) for a `value` that does not change and is sent again and
 * again (a query answered from the local copy): its text is made once and kept while the value
 * lives, and only `perCall` is serialized each time. `value` must be frozen, share no member
 * name with `perCall`, and neither may have integer-like member names (an object lists those first).
 */
export function joinSharedJson(value: Readonly<object>, perCall: object): string {
  let valueJson = sharedValueJson.get(value);
  if (valueJson === undefined) {
    valueJson = JSON.stringify(value);
    sharedValueJson.set(value, valueJson);
  }
  const rest = JSON.stringify(perCall);
  if (valueJson === '{}') return rest;
  if (rest === '{}') return valueJson;
  return `${valueJson.slice(0, -1)},${rest.slice(1)}`;
}

const sharedValueJson = new WeakMap<object, string>();
