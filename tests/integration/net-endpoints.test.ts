import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import type { RunningHost } from '../../electron/host/host';
import type { UiEvent } from '../../shared/contract/ui';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { startDemoHost } from '../support/in-process-host';
import { tempDir } from '../support/host-process';
import { startFaultProxy } from '../support/tcp-fault-proxy';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';

const METRICS_TOKEN = 'metrics-token-for-the-scraper-0123';
let host: RunningHost;
let printer: RunningVirtualPrinter;
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
let techSession: string;
// Another program on this machine, or a LAN peer: not in printService.trustedSources.
const fromElsewhere = new Agent({ localAddress: '127.0.0.2' });

beforeAll(async () => {
  printer = await startVirtualPrinter({ dir: tempDir('net-printer') });
  // The proxy counts every connection the host opens to the printer.
  proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(new URL(printer.url).port) });
  host = await startDemoHost({ printer: { url: proxy.url }, printService: { healthProbeSeconds: 1, metricsToken: METRICS_TOKEN } });
  expect(
    (await host.core.handlers['staff.setup']({ username: 'tech1', password: 'tech-password-1', code: firstRunCode(host.config.dataDir) }))
      .ok,
  ).toBe(true);
  const login = await host.core.handlers['staff.login']({ username: 'tech1', password: 'tech-password-1' });
  if (!login.ok) throw new Error('no technician session');
  techSession = login.value.session;
});
afterAll(async () => {
  await host?.stop();
  await proxy?.close();
  await printer?.close();
  await fromElsewhere.close();
});

const health = async (dispatcher?: Agent) => {
  const response = await request(`${host.printServiceUrl}/healthz`, dispatcher ? { dispatcher } : {});
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
};

describe('/healthz and /metrics', () => {
  it('answers 50 health checks from at most a couple of printer connections', async () => {
    const before = proxy.connections();
    for (let i = 0; i < 50; i += 1) expect((await health()).body).toMatchObject({ ok: true, printer: 'ready' });
    expect(proxy.connections() - before).toBeLessThanOrEqual(2);
  });

  it('probes the printer the technician set live, not the one given at start', async () => {
    const current = (await host.core.handlers['tech.printer.get']({ session: techSession })) as {
      ok: true;
      value: { profile: Record<string, unknown> };
    };
    // Port 1 on loopback: nothing listens, the new printer is offline.
    const changed = await host.core.handlers['tech.printer.update']({
      session: techSession,
      profile: { ...current.value.profile, url: 'tcp://127.0.0.1:1' } as never,
    });
    expect(changed.ok).toBe(true);
    const seen = await eventually(
      async () => (await health()).body,
      (b) => b.printer === 'not ready',
      15_000,
    );
    expect(seen).toMatchObject({ ok: true, status: 'degraded', printer: 'not ready' });
    await host.core.handlers['tech.printer.update']({ session: techSession, profile: current.value.profile as never });
    expect(
      await eventually(
        async () => (await health()).body,
        (b) => b.printer === 'ready',
        15_000,
      ),
    ).toMatchObject({ printer: 'ready' });
  });

  it('shows only {ok, status} and refuses /metrics to a source outside the trusted ones unless it brings the metrics token', async () => {
    const outside = await health(fromElsewhere);
    expect(outside.status).toBe(200);
    expect(Object.keys(outside.body).sort()).toEqual(['ok', 'status']);
    expect(Object.keys((await health()).body)).toEqual(expect.arrayContaining(['store', 'central', 'printer', 'sync']));

    const refused = await request(`${host.printServiceUrl}/metrics`, { dispatcher: fromElsewhere });
    expect(refused.statusCode).toBe(403);
    expect(await refused.body.text()).not.toMatch(/sarft_|sync_/u);
    const wrongToken = await request(`${host.printServiceUrl}/metrics`, {
      dispatcher: fromElsewhere,
      headers: { authorization: `Bearer ${METRICS_TOKEN.replace('0', 'x')}` },
    });
    expect(wrongToken.statusCode).toBe(403);
    await wrongToken.body.dump();
    const withToken = await request(`${host.printServiceUrl}/metrics`, {
      dispatcher: fromElsewhere,
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(withToken.statusCode).toBe(200);
    expect(await withToken.body.text()).toContain('net_connections_open');
    const local = await request(`${host.printServiceUrl}/metrics`);
    expect(local.statusCode).toBe(200);
    await local.body.dump();
  });
});

describe('malformed % escapes', () => {
  it('answer 400 on the UI server and a refusal (not a fault) on the print service', async () => {
    const ui = await request(`${host.uiUrl}/assets/%E0%A4%A`);
    expect(ui.statusCode).toBe(400);
    await ui.body.dump();
    const ps = await request(`${host.printServiceUrl}/%zz`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(ps.statusCode).toBe(404);
    await ps.body.dump();
  });
});

/** An SSE client: collects the events of one stream until closed. */
async function openStream(query: string): Promise<{ status: number; events: UiEvent[]; close(): void }> {
  const controller = new AbortController();
  const response = await request(`${host.uiUrl}/api/events?${query}`, { signal: controller.signal });
  const events: UiEvent[] = [];
  let buffer = '';
  response.body.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as UiEvent);
    }
  });
  response.body.on('error', () => undefined);
  return { status: response.statusCode, events, close: () => controller.abort() };
}

describe('the UI event stream', () => {
  it('keeps scans and refund progress off the kiosk stream while a staff console listens; a staff session stream gets them', async () => {
    const page = await (await request(host.uiUrl)).body.text();
    const secret = encodeURIComponent(/name="kiosk-secret" content="([^"]+)"/u.exec(page)![1]!);
    const kiosk = await openStream(`secret=${secret}`);
    const staff = await openStream(`secret=${secret}&session=${encodeURIComponent(techSession)}`);
    const forged = await openStream(`secret=${secret}&session=not-a-session`);
    try {
      expect([kiosk.status, staff.status, forged.status]).toEqual([200, 200, 401]);
      const scan: UiEvent = { type: 'scanner.scan', raw: '0000000000111972|WQNX8JL' };
      const refund: UiEvent = {
        type: 'office.refund.progress',
        refundCode: 'R-1',
        bookingNumber: 7,
        phase: 'sending',
        attempt: 1,
        maxAttempts: 10,
      };
      const status: UiEvent = { type: 'printer.status', status: { state: 'ready', ready: true, detail: 'ok' } };
      for (const event of [scan, refund, status]) host.core.events.emit('event', event);
      await eventually(
        async () => staff.events.length + kiosk.events.length,
        (n) => n >= 4,
        5_000,
      );
      expect(staff.events).toEqual([scan, refund, status]);
      expect(kiosk.events).toEqual([status]);

      // Once the staff session ends, refund progress goes nowhere; a scan goes to the kiosk, which collects with it.
      await host.core.handlers['staff.logout']({ session: techSession });
      for (const event of [refund, scan]) host.core.events.emit('event', event);
      await eventually(
        async () => kiosk.events.length,
        (n) => n >= 2,
        5_000,
      );
      expect(kiosk.events).toEqual([status, scan]);
      expect(staff.events).toEqual([scan, refund, status]);
    } finally {
      for (const s of [kiosk, staff, forged]) s.close();
    }
  });
});
