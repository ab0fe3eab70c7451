import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';

export interface ConnectionCaps {
  /** Open sockets the server keeps at once from other sources; it closes the excess at once. */
  max: number;
  /** Open sockets from one source address. */
  perSource: number;
  /**
   * Sources with room of their own beyond `max` (this machine's own kiosk and monitoring), so that a
   * flood from the LAN cannot lock them out; each still has its per-source cap.
   */
  reserved?: { sources: string[]; max: number };
}

export interface HttpTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxRequestsPerSocket: number;
}

/** How often Node looks for requests past headersTimeout/requestTimeout (its default, 30 s, lets a half-sent request live far longer). */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** The soft limit on open files of this process (`ulimit -n`); Node has no getrlimit, Linux shows it in /proc. */
export function openFileLimit(procLimitsPath = '/proc/self/limits'): number {
  try {
    const line = readFileSync(procLimitsPath, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/u)[0];
    const value = Number(soft);
    if (soft === 'unlimited') return 1_048_576;
    if (Number.isInteger(value) && value > 0) return value;
  } catch {
    // Not Linux: assume the usual default.
  }
  return 1_024;
}

/** Descriptors kept back for the store, the printer, the central API, logs and the UI's own files. */
const RESERVED_FILES = 256;

/**
 * Caps that keep the LAN-facing print service from starving everything else of file descriptors:
 * it gets at most half of what is left after a reserve, the loopback UI a quarter (at most 256).
 */
export function derivedCaps(fileLimit: number): { printService: number; ui: number } {
  const budget = Math.max(64, fileLimit - RESERVED_FILES);
  return { printService: Math.max(16, Math.floor(budget / 2)), ui: Math.max(8, Math.min(256, Math.floor(budget / 4))) };
}

/** IPv4 peers of a dual-stack socket show as ::ffff:a.b.c.d; count and compare them as a.b.c.d. */
export function sourceAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Caps open sockets overall and per source address, closing the excess at once in the 'connection'
 * event (before TLS or HTTP reads a byte), so that one peer, or a LAN full of idle sockets, cannot
 * use up the process's file descriptors. server.maxConnections backs the count up inside Node.
 */
export function guardConnections(server: Server | NetServer, caps: ConnectionCaps): { open(): number; refused(): number } {
  const reserved = new Set(caps.reserved?.sources ?? []);
  const reservedMax = caps.reserved?.max ?? 0;
  server.maxConnections = caps.max + reservedMax;
  const bySource = new Map<string, number>();
  const open = { general: 0, reserved: 0 };
  let refused = 0;
  server.on('drop', () => (refused += 1));
  server.on('connection', (socket: Socket) => {
    const source = sourceAddress(socket);
    const pool = reserved.has(source) ? 'reserved' : 'general';
    const count = bySource.get(source) ?? 0;
    if (count >= caps.perSource || open[pool] >= (pool === 'reserved' ? reservedMax : caps.max)) {
      socket.destroy();
      refused += 1;
      return;
    }
    bySource.set(source, count + 1);
    open[pool] += 1;
    socket.once('close', () => {
      open[pool] -= 1;
      const left = (bySource.get(source) ?? 1) - 1;
      if (left <= 0) bySource.delete(source);
      else bySource.set(source, left);
    });
  });
  return { open: () => open.general + open.reserved, refused: () => refused };
}

/** createServer options that must be given at creation (the checking interval cannot be changed later). */
export function httpServerOptions(timeouts: HttpTimeouts): {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
  };
}

/** Bounds how long a request may take to arrive and how long and how often a kept-alive socket is reused. */
export function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = timeouts.maxRequestsPerSocket;
}

/** The `net` section of the configuration, as this module reads it. */
export interface NetSettings {
  printServiceMaxConnections?: number | undefined;
  printServiceConnectionsPerSource: number;
  uiMaxConnections?: number | undefined;
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  keepAliveTimeoutSeconds: number;
  maxRequestsPerSocket: number;
}

export interface ServerLimits {
  caps: ConnectionCaps;
  timeouts: HttpTimeouts;
}

/** Room kept for this machine's own sockets to the print service (its kiosk, monitoring) beyond the LAN cap. */
const RESERVED_FOR_TRUSTED = 32;

/** Settings over derived defaults: caps from the open-file limit, the same timeouts for both servers. */
export function netLimits(
  net: NetSettings,
  trustedSources: string[] = [],
  fileLimit = openFileLimit(),
): { printService: ServerLimits; ui: ServerLimits } {
  const derived = derivedCaps(fileLimit);
  const timeouts: HttpTimeouts = {
    headersTimeoutMs: net.headersTimeoutSeconds * 1000,
    requestTimeoutMs: net.requestTimeoutSeconds * 1000,
    keepAliveTimeoutMs: net.keepAliveTimeoutSeconds * 1000,
    maxRequestsPerSocket: net.maxRequestsPerSocket,
  };
  const printMax = net.printServiceMaxConnections ?? derived.printService;
  const uiMax = net.uiMaxConnections ?? derived.ui;
  return {
    printService: {
      caps: {
        max: printMax,
        perSource: Math.min(net.printServiceConnectionsPerSource, printMax),
        reserved: { sources: trustedSources, max: RESERVED_FOR_TRUSTED },
      },
      timeouts,
    },
    // Everything on the UI server comes from this machine: one source, so its per-source cap is its cap.
    ui: { caps: { max: uiMax, perSource: uiMax }, timeouts },
  };
}
