import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import { silentLogger } from '../../electron/core/observability/logger';
import { startHost, type RunningHost } from '../../electron/host/host';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { UiCallName, UiOutput } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { eventually, simSend } from '../support/sim-control';

/**
 * The catalogue cache (seed 003 §2.1): showtimes stay on screen, marked with their age, when central is
 * down or slow after a first load; ticket types are asked three times, then the last good answer is
 * used; the cache is a SQLite file that a restarted host answers from at once.
 */
let sim: RunningCentralSim;
let host: RunningHost;
const dataDir = tempDir('sale-cache');
// Refresh on every call (a millisecond), so that each call meets central; one second of request timeout.
const sale = {
  nowShowingRefreshSeconds: 0.001,
  sessionDataRefreshSeconds: 0.001,
  cinemaRefreshSeconds: 0.001,
  ticketTypeRetryDelayMs: 50,
  // No background refresh: each call alone decides when central is asked.
  prefetchSeconds: 0,
};
const central = { requestTimeoutMs: 1_000 };

const call = <N extends UiCallName>(h: RunningHost, name: N, input: Record<string, unknown> = {}) =>
  dispatchUiCall(h.core.handlers, name, input) as Promise<Result<UiOutput<N>>>;
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const fault = (spec: Record<string, unknown>) => simSend(sim.baseUrl, 'POST', '/__sim/faults', spec);
const clearFaults = () => simSend(sim.baseUrl, 'DELETE', '/__sim/faults');

beforeAll(async () => {
  sim = await startCentralSim({ seed: 3 });
  host = await startHostOn(sim, dataDir, { sale, central });
});
afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

describe('the catalogue cache', () => {
  it('answers from central first, fresh', async () => {
    const films = value(await call(host, 'sale.films'));
    expect(films.films.length).toBeGreaterThan(0);
    expect(films.freshness).toMatchObject({ stale: false, ageSeconds: 0 });
    const sessions = value(await call(host, 'sale.sessions'));
    expect(sessions.sessions.length).toBeGreaterThan(0);
    expect(value(await call(host, 'sale.seatPlan', { sessionId: '29618' })).freshness.stale).toBe(false);
  });

  it('offers a walk-up customer only the types they may buy, and prices the showtime "from" those alone', async () => {
    // Session 29617 has the seed's §3.3 types: 标准票 ¥100, 学生票 ¥50, 优选区标准票 ¥120, and the test
    // vouchers 0142 (¥50) and 0043 (¥20, cheaper than any ticket a customer can buy).
    const types = value(await call(host, 'sale.ticketTypes', { sessionId: '29617' }));
    expect(types.ticketTypes.map((t) => t.ticketTypeCode).sort()).toEqual(['0010', '0044', '0056']);
    expect(types.ticketTypes.every((t) => !t.description.includes('代金券'))).toBe(true);
    const sessions = value(await call(host, 'sale.sessions'));
    expect(sessions.sessions.find((x) => x.sessionId === '29617')?.priceFromCents).toBe(5000);
  });

  it('keeps showing showtimes, marked stale with their age, while central is down', async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    await fault({ path: 'GetNowShowingScheduledFilms', status: 500 });
    try {
      // The first call answers from the cache at once and refreshes behind; later calls see the failure.
      await call(host, 'sale.films');
      await new Promise((r) => setTimeout(r, 200));
      const films = value(await call(host, 'sale.films'));
      expect(films.films.length).toBeGreaterThan(0);
      expect(films.freshness.stale).toBe(true);
      expect(films.freshness.ageSeconds).toBeGreaterThanOrEqual(1);
      const sessions = value(await call(host, 'sale.sessions'));
      expect(sessions.freshness.stale).toBe(true);
    } finally {
      await clearFaults();
    }
  });

  it('answers at once from the cache while central hangs', async () => {
    await fault({ path: 'GetNowShowingScheduledFilms', hang: true });
    try {
      const started = performance.now();
      const films = value(await call(host, 'sale.films'));
      expect(performance.now() - started).toBeLessThan(500);
      expect(films.films.length).toBeGreaterThan(0);
    } finally {
      await clearFaults();
    }
  });

  it('comes back fresh when central answers again', async () => {
    // The hung refresh ends with its timeout (1 s); the next refresh succeeds.
    const fresh = await eventually(
      () => call(host, 'sale.films'),
      (r) => r.ok && !r.value.freshness.stale,
      5_000,
    );
    expect(fresh).toMatchObject({ ok: true, value: { freshness: { stale: false } } });
  });

  it('asks for ticket types three times before it gives up', async () => {
    value(await call(host, 'sale.ticketTypes', { sessionId: '29618' }));
    // Two failures then an answer: the third try is fresh.
    await fault({ path: '29618/tickets', status: 500, times: 2 });
    const third = value(await call(host, 'sale.ticketTypes', { sessionId: '29618' }));
    expect(third.freshness.stale).toBe(false);
    // Three failures: the last good answer, marked stale; the fourth call would have been fresh.
    await fault({ path: '29618/tickets', status: 500, times: 3 });
    const lastGood = value(await call(host, 'sale.ticketTypes', { sessionId: '29618' }));
    expect(lastGood.freshness.stale).toBe(true);
    expect(lastGood.ticketTypes).toEqual(third.ticketTypes);
    const next = value(await call(host, 'sale.ticketTypes', { sessionId: '29618' }));
    expect(next.freshness.stale).toBe(false);
  });

  it('never cached and central down: says central cannot be reached', async () => {
    await fault({ path: '29619/tickets', status: 500, times: 3 });
    expect(await call(host, 'sale.ticketTypes', { sessionId: '29619' })).toMatchObject({
      ok: false,
      error: { code: 'CENTRAL_UNREACHABLE' },
    });
    await clearFaults();
  });

  it('a restarted host with central gone shows the showtimes from its SQLite file at once, with their age', async () => {
    await host.stop();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1_100));
    host = await startHost(
      {
        dataDir,
        demo: false,
        terminal: { id: 'KIOSK-CACHE', password: 'terminal-password-1' },
        centralUrl: 'http://127.0.0.1:9/WSVistaWebClient',
        centralToken: sim.token,
        cinemaId: sim.cinemaId,
        // Outside --demo a host needs the identity Vista issued (issue 13).
        clientIdentity: { optionalClientClass: 'RSP', optionalClientId: '10.0.0.9', optionalClientName: 'CinemaKiosk' },
        printServicePort: 0,
        uiPort: 0,
        printer: 'virtual',
        overrides: { sale, central },
      },
      silentLogger(),
    );
    const films = value(await call(host, 'sale.films'));
    expect(films.films.length).toBeGreaterThan(0);
    expect(films.cinemaName).not.toBe('');
    expect(films.freshness.ageSeconds).toBeGreaterThanOrEqual(1);
    expect(Date.parse(films.freshness.fetchedAt)).toBeLessThanOrEqual(stoppedAt);
    // The refresh behind the first answer fails: from then on the screens say the data is stale.
    const later = await eventually(
      () => call(host, 'sale.films'),
      (r) => r.ok && r.value.freshness.stale,
      5_000,
    );
    expect(later).toMatchObject({ ok: true, value: { freshness: { stale: true } } });
    expect(value(await call(host, 'sale.sessions')).sessions.length).toBeGreaterThan(0);
    // The seat plan read fresh fails: the last plan read, marked stale.
    const plan = value(await call(host, 'sale.seatPlan', { sessionId: '29618' }));
    expect(plan.freshness.stale).toBe(true);
    expect(plan.plan.areas.length).toBeGreaterThan(0);
    // Nothing is held on a stale map: the hold reads the plan fresh and central is not there.
    expect(await call(host, 'sale.seatPlan', { sessionId: '29619' })).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNREACHABLE' } });
  });
});
