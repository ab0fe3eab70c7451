// Collection latency: from the kiosk's collect call (printer check, apply-print, printing, print-result)
// to the last byte the virtual printer received, over 200 one-ticket collections; and bytes per ticket.
// Run: npm run bench -- collection   (or: npx tsx bench/collection.bench.ts [count])
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredJob } from '../electron/simulator/virtual-printer';
import { percentile, round } from './stats';

export async function benchCollection(count = 200): Promise<Record<string, number>> {
  const host = await startHost({ demo: true, dataDir: mkdtempSync(join(tmpdir(), 'bench-collect-')), printServicePort: 0, uiPort: 0, printer: 'virtual' }, silentLogger());
  const sim = host.demo!.sim!.state;
  const printer = host.demo!.printer!;
  const latencies: number[] = [];
  const bytesPerTicket: number[] = [];
  try {
    for (let i = 0; i < count + 10; i += 1) {
      const booking = sim.createBooking({ ticketCount: 1, sessionId: ['29617', '29618', '29619'][i % 3] });
      const job = once(printer.events, 'job') as Promise<[StoredJob]>;
      const started = performance.now();
      const result = await host.core.handlers['kiosk.collect']({ printNo: String(booking.bookingNumber), verifyCode: booking.bookingId });
      const [stored] = await job;
      const elapsed = performance.now() - started;
      if (!result.ok || result.value.printed !== 1) throw new Error(`collection failed: ${JSON.stringify(result)}`);
      if (i >= 10) {
        latencies.push(elapsed); // the first ten warm up the JIT and connections
        bytesPerTicket.push(stored.bytes);
      }
    }
    // A four-ticket booking for the per-booking figure.
    const four = sim.createBooking({ ticketCount: 4, sessionId: '29619' });
    const job = once(printer.events, 'job') as Promise<[StoredJob]>;
    await host.core.handlers['kiosk.collect']({ printNo: String(four.bookingNumber), verifyCode: four.bookingId });
    const [fourJob] = await job;
    return {
      collections: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      bytesPerTicket: Math.round(bytesPerTicket.reduce((a, b) => a + b, 0) / bytesPerTicket.length),
      bytesPer4TicketBooking: fourJob.bytes,
    };
  } finally {
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchCollection(Number(process.argv[2] ?? 200)), null, 2));
}
