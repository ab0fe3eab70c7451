// The sale bench's peers in a process of their own: the central simulator, the Alipay gateway simulator
// and the virtual printer, so that their work does not run on the host's event loop (as in a cinema:
// central and Alipay remote, the printer a device). Started by sale-pay.bench.ts over IPC: READY with the
// URLs and the demo's Alipay keys; `{latencyMs}` sets the simulators' latency (answered `{latencySet}`);
// for every printer connection the time its last byte was in (performance.timeOrigin + now, comparable
// across processes).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCentralSim } from '../electron/simulator/central-sim.server';
import { startAlipayGatewaySim } from '../electron/simulator/alipay-gateway/alipay-sim.server';
import { startVirtualPrinter } from '../electron/simulator/virtual-printer';

/**
 * The endings of every central path the kiosk calls (a latency fault matches a path's ending: there
 * is no fault for all paths at once): the catalogue, ticket types and seat plan, AddTickets, GetOrder,
 * CancelOrder, StartExternalPayment, CompleteOrder, QueryOrderBookingStatus, RefundBooking,
 * GetSingleBooking and MarkBookingAsCollected.
 */
const CENTRAL_PATHS = [
  'Cinemas',
  'GetNowShowingScheduledFilms',
  'tickets',
  'seat-plan',
  'order',
  'order/cancel',
  'order/startexternalpayment',
  'order/payment',
  'order/query-booking-status',
  'booking/refund',
  'svc/booking',
  'booking/markcollected',
];

const sim = await startCentralSim({ port: 0, seed: 1, sale: { holdMs: 3_600_000 } });
const pay = await startAlipayGatewaySim();
const printer = await startVirtualPrinter({ dir: mkdtempSync(join(tmpdir(), 'bench-sale-printer-')) });
printer.events.on('received', () => process.send!({ receivedAt: performance.timeOrigin + performance.now() }));
process.on('message', (message: { latencyMs?: number }) => {
  if (message.latencyMs === undefined) return;
  const latencyMs = message.latencyMs;
  sim.faults.clear();
  pay.faults.clear();
  if (latencyMs > 0) {
    for (const path of CENTRAL_PATHS) sim.faults.add({ path, latencyMs });
    // The gateway's one path: every Alipay method.
    pay.faults.add({ path: 'gateway.do', latencyMs });
  }
  process.send!({ latencySet: latencyMs });
});
process.send!({
  ready: {
    centralUrl: sim.baseUrl,
    token: sim.token,
    cinemaId: sim.cinemaId,
    printerUrl: printer.url,
    alipay: { gatewayUrl: pay.gatewayUrl, appId: pay.appId, appPrivateKey: pay.appPrivateKeyPem!, alipayPublicKey: pay.alipayPublicKeyPem },
  },
});
process.on('disconnect', () => {
  void Promise.allSettled([sim.close(), pay.close(), printer.close()]).then(() => process.exit(0));
});
