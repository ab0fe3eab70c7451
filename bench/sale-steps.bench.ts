// Payment state machine steps per second at 0 ms: orders held beforehand (not timed), then each paid by a
// payment code the gateway pays at once and taken through held → paying → paid → completing → completed
// → printed by the real services, in a demo host whose simulators (central, Alipay gateway) and virtual
// printer run in its own process, nothing stubbed, no simulated latency. One order at a time, and
// `concurrency` orders in flight. A step is a state change the ledger committed (one transaction with
// its audit record): counted from the audit trail, `sale.order.*` records of these orders, from the
// first payment to the last order printed. Each order's receipt prints too (on the same printer).
// Run: npm run bench -- sale-steps   (or: npx tsx bench/sale-steps.bench.ts [orders] [concurrency])
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { holdOne, kioskCall, orderReaches, saleSettled, seatsOnSale } from './sale-orders';
import { round } from './stats';

/** A payment code the gateway simulator pays at once (`10000`; electron/simulator/alipay-gateway/README.md). */
const PAYS_AT_ONCE = '286543210987654321';

export async function benchSaleSteps(orders = 200, concurrency = 8): Promise<Record<string, unknown>> {
  const host = await startHost(
    {
      demo: true,
      dataDir: mkdtempSync(join(tmpdir(), 'bench-sale-steps-')),
      printServicePort: 0,
      uiPort: 0,
      printer: 'virtual',
      overrides: { sale: { prefetchSeconds: 0, nowShowingRefreshSeconds: 86_400, cinemaRefreshSeconds: 86_400 } },
    },
    silentLogger(),
  );
  const call = kioskCall(host);
  const steps = host.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE subject = ? AND action LIKE 'sale.order.%' AND seq > ?");
  const lastSeq = host.core.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_log');
  try {
    const seats = await seatsOnSale(host);
    const warmup = 10;
    if (seats.length < 2 * orders + warmup) throw new Error(`${seats.length} seats on sale, ${2 * orders + warmup} needed`);
    let next = 0;
    const sell = async (orderId: string) => {
      const printed = orderReaches(host, orderId, 'printed');
      await call('sale.pay', { orderId, paymentCode: PAYS_AT_ONCE });
      await printed;
    };
    // Warm-up: the JIT, the connections, the SDK.
    for (let i = 0; i < warmup; i += 1) {
      const orderId = await holdOne(host, seats[next++]!);
      await sell(orderId);
      await saleSettled(host, orderId);
    }
    const run = async (inFlight: number) => {
      const held: string[] = [];
      for (let i = 0; i < orders; i += 1) held.push(await holdOne(host, seats[next++]!));
      const load = round(loadavg()[0]!, 2);
      const fromSeq = (lastSeq.get() as { seq: number }).seq;
      const queue = [...held];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          for (let orderId = queue.shift(); orderId !== undefined; orderId = queue.shift()) await sell(orderId);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const counted = held.reduce((n, orderId) => n + (steps.get(`order:${orderId}`, fromSeq) as { n: number }).n, 0);
      for (const orderId of held) await saleSettled(host, orderId);
      return {
        ordersInFlight: inFlight,
        orders,
        steps: counted,
        stepsPerOrder: round(counted / orders, 2),
        seconds: round(seconds, 2),
        stepsPerSecond: round(counted / seconds, 1),
        ordersPerSecond: round(orders / seconds, 1),
        loadAverage: { atStart: load, atEnd: round(loadavg()[0]!, 2) },
      };
    };
    return { oneAtATime: await run(1), concurrent: await run(concurrency) };
  } finally {
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSaleSteps(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 8)), null, 2));
}
