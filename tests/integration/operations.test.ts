import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningHost } from '../../electron/host/host';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { eventually } from '../support/sim-control';

let host: RunningHost;

beforeAll(async () => {
  host = await startDemoHost();
});
afterAll(() => host?.stop());

const get = async (path: string) => {
  const response = await request(`${host.printServiceUrl}${path}`);
  return { status: response.statusCode, type: String(response.headers['content-type']), text: await response.body.text() };
};

describe('operational endpoints', () => {
  it('/healthz reports the store, the central API and the printer, and degrades when the printer is out of paper', async () => {
    const booking = bookingPicker(host)('unprinted', 1);
    await host.core.handlers['kiosk.collect']({ printNo: booking.printNo, verifyCode: booking.verifyCode });
    const healthy = JSON.parse((await get('/healthz')).text) as Record<string, unknown>;
    expect(healthy).toMatchObject({ ok: true, status: 'ok', store: 'ok', printer: 'ready', central: { reachable: true } });
    host.demo!.printer!.setCondition({ paperOut: true });
    try {
      // /healthz answers from a printer probe a few seconds old at most.
      const degraded = await eventually(
        () => get('/healthz'),
        (r) => r.text.includes('not ready'),
        15_000,
      );
      expect(degraded.status).toBe(200);
      expect(JSON.parse(degraded.text)).toMatchObject({ status: 'degraded', printer: 'not ready' });
    } finally {
      host.demo!.printer!.setCondition({ paperOut: false });
    }
    expect((await get('/healthz')).text).not.toMatch(/\d{16}|verify/iu);
  });

  it('/metrics speaks Prometheus text: requests by call and code, latency histogram, claims, lockouts, outbox', async () => {
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.text).toMatch(/sarft_requests_total\{call="applyPrint",code="0"\} \d+/u);
    expect(metrics.text).toMatch(/sarft_request_duration_seconds_bucket\{le="0\.05",call="applyPrint"\} \d+/u);
    for (const gauge of ['sarft_claims_outstanding', 'sarft_lockouts_active', 'sync_outbox_depth'])
      expect(metrics.text).toMatch(new RegExp(`^${gauge} \\d+$`, 'mu'));
  });
});
