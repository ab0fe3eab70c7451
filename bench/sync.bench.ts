// Outbox drain rate against the simulator at 0 ms and 50 ms central latency, and the sync lag from
// print-result to central acknowledgement (p50, p95) in normal operation.
// Run: npx tsx bench/sync.bench.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost, type RunningHost } from '../electron/host/host';
import { percentile, round } from './stats';

async function waitDrained(host: RunningHost): Promise<void> {
  while (host.core.printService!.outbox.depth().depth > 0) await new Promise((r) => setTimeout(r, 5));
}

async function drainRate(latencyMs: number, events: number): Promise<number> {
  const host = await startHost(
    { demo: true, dataDir: mkdtempSync(join(tmpdir(), 'bench-sync-')), printServicePort: 0, uiPort: 0, printer: 'virtual' },
    silentLogger(),
  );
  try {
    const sim = host.demo!.sim!;
    if (latencyMs > 0) sim.faults.add({ path: '/markcollected', latencyMs });
    const outbox = host.core.printService!.outbox;
    const bookings = Array.from({ length: events }, () => sim.state.createBooking({ ticketCount: 1 }));
    const started = performance.now();
    host.core.db.transaction(() => {
      for (const b of bookings)
        outbox.add(
          {
            kind: 'mark-collected',
            bookingNumber: b.bookingNumber,
            payload: { bookingNumber: b.bookingNumber, ticketSequenceNumbers: [1], ticketCodes: [b.tickets[0]!.ticketCode] },
            idempotencyKey: `bench:${b.bookingNumber}`,
          },
          Date.now(),
        );
    })();
    host.core.printService!.outboxWorker.kick();
    await waitDrained(host);
    const seconds = (performance.now() - started) / 1000;
    if (!bookings.every((b) => b.tickets[0]!.collected)) throw new Error('not every mark arrived');
    return round(events / seconds);
  } finally {
    await host.stop();
  }
}

async function lag(collections: number): Promise<{ p50Ms: number; p95Ms: number }> {
  const host = await startHost(
    { demo: true, dataDir: mkdtempSync(join(tmpdir(), 'bench-lag-')), printServicePort: 0, uiPort: 0, printer: 'virtual' },
    silentLogger(),
  );
  try {
    for (let i = 0; i < collections; i += 1) {
      const b = host.demo!.sim!.state.createBooking({ ticketCount: 1, sessionId: ['29617', '29618', '29619'][i % 3] });
      await host.core.handlers['kiosk.collect']({ printNo: String(b.bookingNumber), verifyCode: b.bookingId });
    }
    await waitDrained(host);
    const lags = host.core.printService!.outboxWorker.stats.lags;
    return { p50Ms: round(percentile(lags, 50)), p95Ms: round(percentile(lags, 95)) };
  } finally {
    await host.stop();
  }
}

export async function benchSync(): Promise<Record<string, unknown>> {
  return {
    drainEventsPerSecondAt0ms: await drainRate(0, 2_000),
    drainEventsPerSecondAt50ms: await drainRate(50, 200),
    lagFromPrintResultToAcknowledgement: await lag(200),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchSync(), null, 2));
