// Collection latency: from the kiosk's collect call (printer check, apply-print, printing, print-result)
// to the last byte the virtual printer received (its connection closed; also: until it stored the job with its preview), over 200 one-ticket collections; and bytes per ticket.
// Run: npm run bench -- collection   (or: npx tsx bench/collection.bench.ts [count])
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredJob } from '../electron/simulator/virtual-printer';
import { setTimingHook } from '../electron/core/observability/timing-marks';
import { percentile, round } from './stats';

export async function benchCollection(count = 200): Promise<Record<string, unknown>> {
  const host = await startHost(
    { demo: true, dataDir: mkdtempSync(join(tmpdir(), 'bench-collect-')), printServicePort: 0, uiPort: 0, printer: 'virtual' },
    silentLogger(),
  );
  const sim = host.demo!.sim!.state;
  const printer = host.demo!.printer!;
  const latencies: number[] = [];
  const untilStored: number[] = [];
  const bytesPerTicket: number[] = [];
  // The breakdown: time from one mark to the next, per collection (marks come from an optional hook).
  const marks: [string, number][] = [];
  const segments = new Map<string, number[]>();
  setTimingHook((mark, at) => marks.push([mark, at]));
  try {
    for (let i = 0; i < count + 10; i += 1) {
      const booking = sim.createBooking({ ticketCount: 1, sessionId: ['29617', '29618', '29619'][i % 3] });
      const job = once(printer.events, 'job') as Promise<[StoredJob]>;
      const received = once(printer.events, 'received').then(() => performance.now());
      marks.length = 0;
      const started = performance.now();
      marks.push(['start', started]);
      const result = await host.core.handlers['kiosk.collect']({ printNo: String(booking.bookingNumber), verifyCode: booking.bookingId });
      marks.push(['collect returned', performance.now()]);
      // The last byte is in when the printer's connection has closed; storing the job (files, PNG preview) is the simulator's own work.
      const lastByte = Math.max(await received, marks.at(-1)![1]);
      const [stored] = await job;
      const elapsed = lastByte - started;
      marks.push(['job stored by the printer', performance.now()]);
      if (!result.ok || result.value.printed !== 1) throw new Error(`collection failed: ${JSON.stringify(result)}`);
      if (i >= 10) {
        untilStored.push(marks.at(-1)![1] - started);
        latencies.push(elapsed); // the first ten warm up the JIT and connections
        bytesPerTicket.push(stored.bytes);
        for (let m = 1; m < marks.length; m += 1) {
          const name = `${marks[m - 1]![0]} → ${marks[m]![0]}`;
          segments.set(name, [...(segments.get(name) ?? []), marks[m]![1] - marks[m - 1]![1]]);
        }
      }
    }
    // A four-ticket booking for the per-booking figure.
    const four = sim.createBooking({ ticketCount: 4, sessionId: '29619' });
    const job = once(printer.events, 'job') as Promise<[StoredJob]>;
    await host.core.handlers['kiosk.collect']({ printNo: String(four.bookingNumber), verifyCode: four.bookingId });
    const [fourJob] = await job;
    setTimingHook(undefined);
    const breakdown = Object.fromEntries(
      [...segments].map(([name, values]) => [name, { p50Ms: round(percentile(values, 50)), p95Ms: round(percentile(values, 95)) }]),
    );
    return {
      breakdown,
      collections: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      untilJobStoredP50Ms: round(percentile(untilStored, 50)),
      untilJobStoredP95Ms: round(percentile(untilStored, 95)),
      bytesPerTicket: Math.round(bytesPerTicket.reduce((a, b) => a + b, 0) / bytesPerTicket.length),
      bytesPer4TicketBooking: fourJob.bytes,
    };
  } finally {
    setTimingHook(undefined);
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchCollection(Number(process.argv[2] ?? 200)), null, 2));
}
