import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintServiceClient } from '../../electron/core/print-service/print-service.client';
import type { RunningHost } from '../../electron/host/host';
import { silentLogger } from '../../electron/core/observability/logger';
import { startHost } from '../../electron/host/host';
import { tempDir } from '../support/host-process';

let host: RunningHost;

beforeAll(async () => {
  host = await startHost(
    { demo: true, dataDir: tempDir('tls'), printServicePort: 0, uiPort: 0, printer: 'virtual', tls: true },
    silentLogger(),
  );
});
afterAll(() => host?.stop());

function client(fingerprint: string | undefined): PrintServiceClient {
  const t = host.demo!.terminals[1]!;
  return new PrintServiceClient({
    baseUrl: host.printServiceUrl,
    terminalId: t.terminalId,
    username: t.username,
    password: t.password,
    timeoutMs: 5_000,
    ...(fingerprint ? { fingerprint } : {}),
  });
}

const authRequests = async () => {
  const text = await host.core.printService!.metrics.text();
  return Number(/sarft_requests_total\{call="auth",code="0"\} (\d+)/u.exec(text)?.[1] ?? 0);
};

describe('TLS on the LAN', () => {
  it('serves https with a certificate whose SHA-256 fingerprint is 32 pairs, kept in the data folder', () => {
    expect(host.printServiceUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/u);
    expect(host.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/u);
    expect(host.config.printService.host).toBe('0.0.0.0');
  });

  it('a terminal pinned to the right fingerprint collects', async () => {
    const kiosk = client(host.fingerprint);
    try {
      const booking = host.demo!.bookings.find((b) => b.state === 'unprinted')!;
      expect(await kiosk.call('query', { printNo: booking.printNo })).toMatchObject({ kind: 'reply', resultCode: 0 });
      expect(await authRequests()).toBe(1);
    } finally {
      await kiosk.close();
    }
  });

  it('a wrong fingerprint is refused before any credential is sent', async () => {
    const before = await authRequests();
    const wrong = host.fingerprint!.replace(/^../u, host.fingerprint!.startsWith('00') ? '11' : '00');
    const kiosk = client(wrong);
    try {
      const reply = await kiosk.call('query', { printNo: '1' });
      expect(reply).toMatchObject({ kind: 'unreachable' });
      expect(reply.kind === 'unreachable' && reply.message).toMatch(/fingerprint/u);
      expect(await authRequests()).toBe(before);
    } finally {
      await kiosk.close();
    }
  });

  it('a terminal with no pin does not trust the self-signed certificate', async () => {
    const kiosk = client(undefined);
    try {
      expect(await kiosk.call('query', { printNo: '1' })).toMatchObject({ kind: 'unreachable' });
    } finally {
      await kiosk.close();
    }
  });

  it('the kiosk on the same host collects over TLS too', async () => {
    const booking = host.demo!.bookings.find((b) => b.state === 'unprinted' && b.ticketCount === 1)!;
    expect(await host.core.handlers['kiosk.collect']({ printNo: booking.printNo, verifyCode: booking.verifyCode })).toMatchObject({
      ok: true,
      value: { printed: 1 },
    });
  });
});
