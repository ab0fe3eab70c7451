// The software's share of a sale: from the customer's pay confirmation (`sale.pay` with a payment code
// the gateway pays at once) to the last ticket byte at the virtual printer, through trade.pay,
// StartExternalPayment, CompleteOrder and the ticket's print (apply-print with its central check, the
// ticket, the printer's confirmation), one seat each; 100 sales after 10 warm-up ones, with the
// simulators at 0 ms and at 50 ms latency. The simulators and the virtual printer run in a child process
// (bench/sale-peers.ts), the host in this one. The time the host waits on the simulators is read from
// the timing marks around every central call (`central.sent` → `central.answered`) and every gateway
// call (`payment.sent` → `payment.answered`, the SDK's signing and its check of the answer included):
// the software's share is the total less the time at least one such call was in flight. Each sale
// starts once the last one's receipt has printed and the outbox has drained.
// Run: npm run bench -- sale-pay   (or: npx tsx bench/sale-pay.bench.ts [samples] [latencies, e.g. 0,50])
import { fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../electron/core/observability/logger';
import { setTimingHook } from '../electron/core/observability/timing-marks';
import { startHost } from '../electron/host/host';
import { holdOne, kioskCall, orderReaches, saleSettled, seatsOnSale } from './sale-orders';
import { inFlightMs, percentile, round } from './stats';

/** A payment code the gateway simulator pays at once (`10000`; electron/simulator/alipay-gateway/README.md). */
const PAYS_AT_ONCE = '286543210987654321';

const summary = (values: number[]) => ({ p50Ms: round(percentile(values, 50), 2), p95Ms: round(percentile(values, 95), 2) });

export async function benchSalePay(samples = 100, latencies: number[] = [0, 50], warmup = 10): Promise<Record<string, unknown>> {
  const peers = await startPeers();
  const host = await startHost(
    {
      demo: true,
      dataDir: mkdtempSync(join(tmpdir(), 'bench-sale-pay-')),
      printServicePort: 0,
      uiPort: 0,
      centralUrl: peers.ready.centralUrl,
      centralToken: peers.ready.token,
      cinemaId: peers.ready.cinemaId,
      printer: peers.ready.printerUrl,
      overrides: {
        payment: { alipay: peers.ready.alipay },
        sale: { prefetchSeconds: 0, nowShowingRefreshSeconds: 86_400, cinemaRefreshSeconds: 86_400 },
      },
    },
    silentLogger(),
  );
  const call = kioskCall(host);
  const received: number[] = [];
  peers.events.on('received', (at: number) => received.push(at));
  const marks: [string, number][] = [];
  setTimingHook((mark, at) => void (/^(central|payment)\./u.test(mark) && marks.push([mark, at])));
  const byLatency: Record<string, unknown> = {};
  try {
    const seats = await seatsOnSale(host);
    const needed = latencies.length * (samples + warmup);
    if (seats.length < needed) throw new Error(`${seats.length} seats on sale, ${needed} needed`);
    let next = 0;
    for (const latencyMs of latencies) {
      await peers.setLatency(latencyMs);
      const load = { atStart: round(loadavg()[0]!, 2) };
      const total: number[] = [];
      const waiting: number[] = [];
      const centralWait: number[] = [];
      const gatewayWait: number[] = [];
      const software: number[] = [];
      const toPaid: number[] = [];
      const toCompleted: number[] = [];
      for (let i = 0; i < samples + warmup; i += 1) {
        const orderId = await holdOne(host, seats[next++]!);
        const completed = orderReaches(host, orderId, 'completed');
        const printed = orderReaches(host, orderId, 'printed');
        received.length = 0;
        marks.length = 0;
        const started = performance.now();
        const paid = await call('sale.pay', { orderId, paymentCode: PAYS_AT_ONCE });
        const paidAt = performance.now();
        if (paid.state !== 'paid' && paid.state !== 'completing' && paid.state !== 'completed' && paid.state !== 'printed')
          throw new Error(`sale.pay answered ${paid.state}`);
        const completedAt = await completed;
        await printed;
        await saleSettled(host, orderId);
        // The tickets print before the receipt: the first connection that ended after the start is theirs
        // (a late report of the last sale's receipt ended before it).
        const ended = received.filter((at) => at > started).sort((a, b) => a - b)[0];
        if (ended === undefined) throw new Error('the virtual printer reported no job for this sale');
        if (i < warmup) continue;
        const wait = inFlightMs(marks, /^(central|payment)\./u, started, ended);
        total.push(ended - started);
        waiting.push(wait);
        centralWait.push(inFlightMs(marks, /^central\./u, started, ended));
        gatewayWait.push(inFlightMs(marks, /^payment\./u, started, ended));
        software.push(ended - started - wait);
        toPaid.push(paidAt - started);
        toCompleted.push(completedAt - started);
      }
      byLatency[`${latencyMs}ms`] = {
        loadAverage: { ...load, atEnd: round(loadavg()[0]!, 2) },
        sales: total.length,
        totalMs: summary(total),
        softwareShareMs: summary(software),
        waitingOnSimulatorsMs: summary(waiting),
        waitingOnCentralMs: summary(centralWait),
        waitingOnGatewayMs: summary(gatewayWait),
        untilPaidMs: summary(toPaid),
        untilCompletedMs: summary(toCompleted),
      };
    }
    return {
      peers: 'central and Alipay gateway simulators and the virtual printer in a child process',
      window: "sale.pay called → the ticket's last byte in at the virtual printer",
      ...byLatency,
    };
  } finally {
    setTimingHook(undefined);
    await host.stop();
    await peers.close();
  }
}

interface PeersReady {
  centralUrl: string;
  token: string;
  cinemaId: string;
  printerUrl: string;
  alipay: { gatewayUrl: string; appId: string; appPrivateKey: string; alipayPublicKey: string };
}

/** bench/sale-peers.ts in a child process, spoken to over IPC. */
async function startPeers() {
  const child = fork(fileURLToPath(new URL('./sale-peers.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events = new EventEmitter();
  const ready = await new Promise<PeersReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sale bench's peers ended (${code})`)));
    child.on('message', (message: { ready?: PeersReady; receivedAt?: number; latencySet?: number }) => {
      if (message.ready) resolve(message.ready);
      // The child's clock as time since this process's origin, so that it compares with performance.now() here.
      if (message.receivedAt !== undefined) events.emit('received', message.receivedAt - performance.timeOrigin);
      if (message.latencySet !== undefined) events.emit('latency', message.latencySet);
    });
  });
  return {
    ready,
    events,
    setLatency: async (latencyMs: number) => {
      const set = once(events, 'latency');
      child.send({ latencyMs });
      await set;
    },
    close: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const latencies = (process.argv[3] ?? '0,50').split(',').map(Number);
  console.log(JSON.stringify(await benchSalePay(Number(process.argv[2] ?? 100), latencies), null, 2));
}
