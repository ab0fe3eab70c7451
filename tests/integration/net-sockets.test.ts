import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { uiClient } from '../support/ui-client';

/** The usual default open-file limit: before the caps, 1,100 idle sockets used it up. */
const FILE_LIMIT = 1_024;
const FLOOD = 1_100;
/** Sources other than the kiosk's own 127.0.0.1, as LAN peers would be (Linux answers on all of 127/8). */
const SOURCES = Array.from({ length: 20 }, (_, i) => `127.0.0.${i + 2}`);

let host: HostProcess;
const sockets: Socket[] = [];

beforeAll(async () => {
  host = await startHostProcess(['--demo'], { fileLimit: FILE_LIMIT });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await host?.stop('SIGKILL');
});

const portOf = (url: string) => Number(new URL(url).port);

/** Opens a socket and settles once it is connected or refused; never throws. */
function open(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', () => undefined);
    // Flowing, so that a close by the server is seen at once (a paused socket never reaches 'end').
    socket.resume();
    socket.once('connect', () => resolve(socket));
    socket.once('close', () => resolve(socket));
  });
}

/** Resolves with the milliseconds until the peer closed the socket, or with Infinity after `limitMs`. */
function closedWithin(socket: Socket, limitMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(Number.POSITIVE_INFINITY), limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('socket exhaustion, with the host under ulimit -n 1024', () => {
  it('keeps the UI server and the print service answering while 1,100 idle sockets hit the print service from 20 sources', async () => {
    const port = portOf(host.printServiceUrl);
    for (let i = 0; i < FLOOD; i += 1) sockets.push(await open(port, SOURCES[i % SOURCES.length]!));
    await new Promise((r) => setTimeout(r, 300));
    const held = sockets.filter((s) => !s.destroyed && s.readyState === 'open');
    // Half of what the limit leaves after a reserve, and at most 32 from one source.
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(Math.floor((FILE_LIMIT - 256) / 2));
    for (const source of SOURCES) expect(held.filter((s) => s.localAddress === source).length).toBeLessThanOrEqual(32);

    // The kiosk page, its calls, and the service's own health check, all while the flood holds its sockets.
    const page = await request(host.uiUrl, { headersTimeout: 4_000, reset: true });
    expect(page.statusCode).toBe(200);
    await page.body.dump();
    const call = await uiClient(host.uiUrl);
    expect((await call('kiosk.info', {})).ok).toBe(true);
    const health = await request(`${host.printServiceUrl}/healthz`, { headersTimeout: 4_000, reset: true });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    expect(host.child.exitCode).toBeNull();
  });

  it('closes a half-sent request within 8 s and a slow body within 14 s', async () => {
    for (const s of sockets.splice(0)) s.destroy();
    const connected = async (port: number) => {
      const socket = await open(port, '127.0.0.1');
      sockets.push(socket);
      expect(socket.readyState).toBe('open');
      return socket;
    };
    const halfSent = async (port: number) => {
      const socket = await connected(port);
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      return closedWithin(socket, 8_000);
    };
    const slowBody = async (port: number) => {
      const socket = await connected(port);
      socket.write(
        'POST /sarft/v1/tickets/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"printNo":',
      );
      return closedWithin(socket, 14_000);
    };
    const [printService, ui, body] = await Promise.all([
      halfSent(portOf(host.printServiceUrl)),
      halfSent(portOf(host.uiUrl)),
      slowBody(portOf(host.printServiceUrl)),
    ]);
    expect(printService).toBeLessThan(8_000);
    expect(ui).toBeLessThan(8_000);
    expect(body).toBeLessThan(14_000);
  });
});
