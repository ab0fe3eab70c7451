// The sale: (1) the catalogue (films and sessions) answered from the SQLite cache vs read from central
// (the simulator on loopback; cache emptied before each call); (2) a seat hold: the kiosk's sale.hold
// end to end (ticket types and seat plan read fresh, checks, order row and audit committed, AddTickets,
// held committed) and AddTickets alone through the Vista adapter. Each hold is cancelled after.
// Run: npm run bench -- sale   (or: npx tsx bench/sale.bench.ts)
import { performance } from 'node:perf_hooks';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { dispatchUiCall } from '../electron/core/api/ui-dispatch';
import { VistaSaleClient } from '../electron/core/central/vista-sale.client';
import { vistaSaleSettings } from '../electron/core/app/sale-services';
import { newOrderId } from '../electron/core/sale/seat-hold.service';
import { allSeats, isSelectable } from '../shared/domain/seat-plan';
import type { UiCallName, UiOutput } from '../shared/contract/ui';
import type { Result } from '../shared/errors';
import { percentile, round } from './stats';

const summary = (samples: number[]) => ({ p50: round(percentile(samples, 50), 2), p95: round(percentile(samples, 95), 2) });

export async function benchSale(samples = 100, warmup = 10): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sale-'));
  const host = await startHost(
    {
      demo: true,
      dataDir,
      printServicePort: 0,
      uiPort: 0,
      printer: 'virtual',
      overrides: { sale: { prefetchSeconds: 0, nowShowingRefreshSeconds: 86_400, cinemaRefreshSeconds: 86_400 } },
    },
    silentLogger(),
  );
  const call = async <N extends UiCallName>(name: N, input: Record<string, unknown>): Promise<UiOutput<N>> => {
    const reply = (await dispatchUiCall(host.core.handlers, name, input)) as Result<UiOutput<N>>;
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  const timed = async (work: () => Promise<unknown>, before?: () => void): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < samples + warmup; i += 1) {
      before?.();
      const started = performance.now();
      await work();
      if (i >= warmup) out.push(performance.now() - started);
    }
    return out;
  };
  const load = { start: loadavg()[0]! };
  try {
    const browse = async () => {
      await call('sale.films', {});
      await call('sale.sessions', {});
    };
    const fromCache = await timed(browse);
    const emptyCache = () => host.core.db.prepare("DELETE FROM catalogue_cache WHERE kind IN ('now-showing', 'cinema')").run();
    const fromCentral = await timed(browse, emptyCache);

    // 2号厅 IMAX (400 seats): one free seat per hold, each hold cancelled after.
    const plan = await call('sale.seatPlan', { sessionId: '29618' });
    const types = await call('sale.ticketTypes', { sessionId: '29618' });
    const free = allSeats(plan.plan).filter((s) => isSelectable(s) && !s.sofa);
    let next = 0;
    const holdOne = async () => {
      const seat = free[next++ % free.length]!;
      const type = types.ticketTypes.find((t) => t.areaCategoryCode === seat.areaCategoryCode)!;
      const order = await call('sale.hold', {
        sessionId: '29618',
        tickets: [{ ticketTypeCode: type.ticketTypeCode, qty: 1 }],
        seats: [{ areaNumber: seat.areaNumber, rowIndex: seat.rowIndex, columnIndex: seat.columnIndex }],
      });
      return { order, seat, type };
    };
    const holdSamples: number[] = [];
    for (let i = 0; i < samples + warmup; i += 1) {
      const started = performance.now();
      const { order } = await holdOne();
      if (i >= warmup) holdSamples.push(performance.now() - started);
      await call('sale.cancel', { orderId: order.orderId, reason: 'customer' });
      // Let the outbox release the seat before the next hold reads the plan.
      await new Promise((r) => setTimeout(r, 20));
    }

    const client = new VistaSaleClient(vistaSaleSettings(host.config.central!));
    const addOnly: number[] = [];
    try {
      for (let i = 0; i < samples + warmup; i += 1) {
        const seat = free[(next++ + 7) % free.length]!;
        const type = types.ticketTypes.find((t) => t.areaCategoryCode === seat.areaCategoryCode)!;
        const id = newOrderId();
        const started = performance.now();
        const answer = await client.addTickets({
          userSessionId: id,
          sessionId: '29618',
          tickets: [{ ticketTypeCode: type.ticketTypeCode, qty: 1, priceCents: type.priceCents }],
          seats: [
            {
              areaCategoryCode: seat.areaCategoryCode,
              areaNumber: seat.areaNumber,
              rowIndex: seat.rowIndex,
              columnIndex: seat.columnIndex,
            },
          ],
        });
        if (i >= warmup) addOnly.push(performance.now() - started);
        if (answer.kind !== 'held') throw new Error(`AddTickets: ${answer.kind}`);
        await client.cancelOrder(id);
      }
    } finally {
      await client.close();
    }
    return {
      samples,
      loadAverage: { start: round(load.start, 2), end: round(loadavg()[0]!, 2) },
      catalogueFromCacheMs: summary(fromCache),
      catalogueFromCentralMs: summary(fromCentral),
      holdEndToEndMs: summary(holdSamples),
      addTicketsRoundTripMs: summary(addOnly),
    };
  } finally {
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSale(), null, 2));
}
