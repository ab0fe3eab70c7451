// Collection latency: from the kiosk's collect call (printer check, apply-print, printing, print-result)
// to the last byte the virtual printer received (its connection closed; also: until it stored the job with its preview), over 200 one-ticket collections; and bytes per ticket.
// Run: npm run bench -- collection   (or: npx tsx bench/collection.bench.ts [count])
// COLLECTION_PEERS=process runs the central simulator and the virtual printer in a child process, so that
// the host's event loop carries the host's work only (as in a cinema: central remote, the printer a device).
// COLLECTION_STRACE_MARKS=1 writes `collection N start`, `… returned` and `… acknowledged` to /dev/null, so that
// an strace of the host (fsync, pwrite64, write) can be cut per collection (bench/README.md, collection).
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimingHook } from '../electron/core/observability/timing-marks';
import { percentile, round } from './stats';

const straceMarks = process.env.COLLECTION_STRACE_MARKS === '1' ? openSync('/dev/null', 'w') : undefined;
/** A write that an strace of this process shows between the collection's own system calls. */
const straceMark = (text: string) => void (straceMarks !== undefined && writeSync(straceMarks, text));

/** What the bench needs of its peers, wherever they run. */
interface Peers {
  /** `received` (with the time the last byte was in, on this process's performance clock) and `job` ({ bytes }). */
  events: EventEmitter;
  createBooking(ticketCount: number, sessionId: string): Promise<{ bookingNumber: number; bookingId: string }>;
  hostOptions: Record<string, unknown>;
  close(): Promise<void>;
}

export async function benchCollection(count = 200, peersIn: 'host' | 'process' = 'host'): Promise<Record<string, unknown>> {
  const loadAtStart = loadavg()[0]!;
  const child = peersIn === 'process' ? await startPeerProcess() : undefined;
  const host = await startHost(
    {
      demo: true,
      dataDir: mkdtempSync(join(tmpdir(), 'bench-collect-')),
      printServicePort: 0,
      uiPort: 0,
      ...(child?.hostOptions ?? { printer: 'virtual' }),
    },
    silentLogger(),
  );
  const peers = child ?? inHostPeers(host);
  const latencies: number[] = [];
  const untilStored: number[] = [];
  const bytesPerTicket: number[] = [];
  // The host process's CPU time (user + system) per collection: from the call to its return, and until
  // the next collection starts (the outbox's acknowledgement to central included). Steadier than the
  // wall clock when other work shares the cores.
  const cpuInCall: number[] = [];
  const cpuWithSync: number[] = [];
  // The breakdown: time from one mark to the next, per collection (marks come from an optional hook).
  const marks: [string, number][] = [];
  const segments = new Map<string, number[]>();
  // The steps of the collection only: the marks around each central and gateway call (the sale bench's) are left out.
  setTimingHook((mark, at) => void (/^(central|payment)\./u.test(mark) || marks.push([mark, at])));
  try {
    for (let i = 0; i < count + 10; i += 1) {
      const booking = await peers.createBooking(1, ['29617', '29618', '29619'][i % 3]!);
      const job = once(peers.events, 'job') as Promise<[{ bytes: number }]>;
      const received = once(peers.events, 'received') as Promise<[number]>;
      marks.length = 0;
      straceMark(`collection ${i} start`);
      const started = performance.now();
      const cpuAtStart = process.cpuUsage();
      marks.push(['start', started]);
      const result = await host.core.handlers['kiosk.collect']({ printNo: String(booking.bookingNumber), verifyCode: booking.bookingId });
      marks.push(['collect returned', performance.now()]);
      const cpuOfCall = process.cpuUsage(cpuAtStart);
      straceMark(`collection ${i} returned`);
      // The last byte is in when the printer's connection has closed; storing the job (files, PNG preview) is the simulator's own work.
      const lastByte = Math.max((await received)[0], marks.at(-1)![1]);
      const [stored] = await job;
      const elapsed = lastByte - started;
      marks.push(['job stored by the printer', performance.now()]);
      // Central's acknowledgement of this collection (the outbox) lands before the next one starts, as
      // it does at a kiosk where customers come seconds apart; its time is the sync bench's figure.
      await outboxDrained(host);
      straceMark(`collection ${i} acknowledged`);
      const cpuOfAll = process.cpuUsage(cpuAtStart);
      if (!result.ok || result.value.printed !== 1) throw new Error(`collection failed: ${JSON.stringify(result)}`);
      if (i >= 10) {
        untilStored.push(marks.at(-1)![1] - started);
        latencies.push(elapsed); // the first ten warm up the JIT and connections
        bytesPerTicket.push(stored.bytes);
        cpuInCall.push((cpuOfCall.user + cpuOfCall.system) / 1000);
        cpuWithSync.push((cpuOfAll.user + cpuOfAll.system) / 1000);
        for (let m = 1; m < marks.length; m += 1) {
          const name = `${marks[m - 1]![0]} → ${marks[m]![0]}`;
          segments.set(name, [...(segments.get(name) ?? []), marks[m]![1] - marks[m - 1]![1]]);
        }
      }
    }
    // A four-ticket booking for the per-booking figure.
    const four = await peers.createBooking(4, '29619');
    const job = once(peers.events, 'job') as Promise<[{ bytes: number }]>;
    await host.core.handlers['kiosk.collect']({ printNo: String(four.bookingNumber), verifyCode: four.bookingId });
    const [fourJob] = await job;
    setTimingHook(undefined);
    const breakdown = Object.fromEntries(
      [...segments].map(([name, values]) => [name, { p50Ms: round(percentile(values, 50)), p95Ms: round(percentile(values, 95)) }]),
    );
    return {
      breakdown,
      peers:
        peersIn === 'process' ? 'simulator and virtual printer in a child process' : "simulator and virtual printer in the host's process",
      loadAverage: { atStart: round(loadAtStart, 2), atEnd: round(loadavg()[0]!, 2) },
      collections: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      hostCpuPerCollection: {
        inCallP50Ms: round(percentile(cpuInCall, 50), 2),
        inCallP95Ms: round(percentile(cpuInCall, 95), 2),
        inCallMeanMs: round(cpuInCall.reduce((a, b) => a + b, 0) / cpuInCall.length, 2),
        withCentralAcknowledgementMeanMs: round(cpuWithSync.reduce((a, b) => a + b, 0) / cpuWithSync.length, 2),
      },
      untilJobStoredP50Ms: round(percentile(untilStored, 50)),
      untilJobStoredP95Ms: round(percentile(untilStored, 95)),
      bytesPerTicket: Math.round(bytesPerTicket.reduce((a, b) => a + b, 0) / bytesPerTicket.length),
      bytesPer4TicketBooking: fourJob.bytes,
    };
  } finally {
    setTimingHook(undefined);
    await host.stop();
    await child?.close();
  }
}

/** Until the outbox has no pending event (bounded: a stuck outbox fails the bench). */
async function outboxDrained(host: Awaited<ReturnType<typeof startHost>>): Promise<void> {
  for (let waited = 0; host.core.printService!.outbox.depth().depth > 0; waited += 1) {
    if (waited > 5_000) throw new Error('the outbox did not drain within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The demo host's own simulator and virtual printer. */
function inHostPeers(host: Awaited<ReturnType<typeof startHost>>): Peers {
  const sim = host.demo!.sim!.state;
  const printer = host.demo!.printer!;
  const events = new EventEmitter();
  printer.events.on('received', () => events.emit('received', performance.now()));
  printer.events.on('job', (job: { bytes: number }) => events.emit('job', job));
  return {
    events,
    createBooking: async (ticketCount, sessionId) => sim.createBooking({ ticketCount, sessionId }),
    hostOptions: {},
    close: async () => undefined,
  };
}

/** bench/collection-peers.ts in a child process, spoken to over IPC. */
async function startPeerProcess(): Promise<Peers> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./collection-peers.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events = new EventEmitter();
  const bookings = new Map<number, (booking: { bookingNumber: number; bookingId: string }) => void>();
  let nextId = 0;
  type Ready = { centralUrl: string; token: string; cinemaId: string; printerUrl: string };
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the collection bench's peers ended (${code})`)));
    child.on(
      'message',
      (message: {
        ready?: Ready;
        receivedAt?: number;
        job?: { bytes: number };
        booking?: { id: number; bookingNumber: number; bookingId: string };
      }) => {
        if (message.ready) resolve(message.ready);
        // The child's clock as time since this process's origin, so that it compares with performance.now() here.
        if (message.receivedAt !== undefined) events.emit('received', message.receivedAt - performance.timeOrigin);
        if (message.job) events.emit('job', message.job);
        if (message.booking) {
          bookings.get(message.booking.id)?.(message.booking);
          bookings.delete(message.booking.id);
        }
      },
    );
  });
  return {
    events,
    createBooking: (ticketCount, sessionId) =>
      new Promise((resolve) => {
        nextId += 1;
        bookings.set(nextId, resolve);
        child.send({ createBooking: { id: nextId, ticketCount, sessionId } });
      }),
    hostOptions: { centralUrl: ready.centralUrl, centralToken: ready.token, cinemaId: ready.cinemaId, printer: ready.printerUrl },
    close: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const peersIn = process.env.COLLECTION_PEERS === 'process' ? 'process' : 'host';
  console.log(JSON.stringify(await benchCollection(Number(process.argv[2] ?? 200), peersIn), null, 2));
}
