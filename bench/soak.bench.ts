// Soak: many one-ticket collections in one host process (the in-process demo host, its simulator and
// the virtual printer over TCP), with the resident set size at start, after 1,000 and at the end.
// Run: npx tsx bench/soak.bench.ts   (SOAK_COLLECTIONS=10000 by default; node --expose-gc --import tsx
// bench/soak.bench.ts also collects garbage before each reading, so the figure is what stays, not what waits)
import { EventEmitter, once } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { request } from 'undici';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import type { StoredJob } from '../electron/simulator/virtual-printer';
import { percentile, round } from './stats';

/** Bookings made through the simulator's control API, this many per request. */
const BATCH = 500;
const MB = 1024 * 1024;

interface Reading {
  after: number;
  rssMb: number;
  heapUsedMb: number;
  atSeconds: number;
}

export async function benchSoak(collections = Number(process.env.SOAK_COLLECTIONS ?? 10_000)): Promise<Record<string, unknown>> {
  // SOAK_PEERS=process runs the simulator and the virtual printer in a child process: the RSS is then the host's alone.
  const peers = process.env.SOAK_PEERS === 'process' ? await startPeers() : undefined;
  const host = await startHost(
    {
      demo: true,
      dataDir: mkdtempSync(join(tmpdir(), 'bench-soak-')),
      printServicePort: 0,
      uiPort: 0,
      ...(peers
        ? {
            centralUrl: peers.ready.centralUrl,
            centralToken: peers.ready.token,
            cinemaId: peers.ready.cinemaId,
            printer: peers.ready.printerUrl,
          }
        : { printer: 'virtual' }),
    },
    silentLogger(),
  );
  const printer = peers?.events ?? host.demo!.printer!.events;
  const controlUrl = `${new URL(peers?.ready.centralUrl ?? host.demo!.central.url).origin}/__sim/bookings`;
  const began = performance.now();
  const readings: Reading[] = [];
  const read = (after: number) => {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    readings.push({
      after,
      rssMb: round(memory.rss / MB),
      heapUsedMb: round(memory.heapUsed / MB),
      atSeconds: round((performance.now() - began) / 1000),
    });
  };
  const latencies: number[] = [];
  let waiting: { printNo: string; verifyCode: string }[] = [];
  const nextBooking = async () => {
    if (waiting.length === 0) {
      const made = await request(controlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: BATCH, ticketCount: 1 }),
      });
      if (made.statusCode !== 201) throw new Error(`the simulator made no bookings: ${made.statusCode} ${await made.body.text()}`);
      waiting = (await made.body.json()) as { printNo: string; verifyCode: string }[];
    }
    return waiting.shift()!;
  };
  // SOAK_HEAP_PROFILE=FILE: a sampling heap profile of what is still alive at the end (open it in Chrome's DevTools, or sum it per file).
  const heapProfile = process.env.SOAK_HEAP_PROFILE;
  const inspector = heapProfile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('HeapProfiler.startSampling', { samplingInterval: 4096 });
  }
  try {
    // Warm-up first (JIT, connections, the store's first pages), so that "start" is the host at work, not at boot.
    for (let i = 0; i < 50; i += 1) await collect(host, printer, await nextBooking());
    read(0);
    for (let i = 1; i <= collections; i += 1) {
      latencies.push(await collect(host, printer, await nextBooking()));
      if (i === 1_000 || i === collections) read(i);
      if (process.env.SOAK_PROGRESS === '1' && i % 1_000 === 0)
        console.error(`${i} collections, rss ${round(process.memoryUsage().rss / MB)} MB`);
    }
    if (inspector) {
      (globalThis as { gc?: () => void }).gc?.();
      const { profile } = await inspector.post('HeapProfiler.getSamplingProfile');
      writeFileSync(heapProfile!, JSON.stringify(profile));
      inspector.disconnect();
    }
    const start = readings[0]!;
    const end = readings.at(-1)!;
    return {
      collections,
      seconds: round((performance.now() - began) / 1000),
      gcBeforeReadings: typeof (globalThis as { gc?: unknown }).gc === 'function',
      readings,
      rssGrowthPercent: round((100 * (end.rssMb - start.rssMb)) / start.rssMb),
      rssGrowthAfterFirst1000Percent: readings.length > 2 ? round((100 * (end.rssMb - readings[1]!.rssMb)) / readings[1]!.rssMb) : null,
      collectionP50Ms: round(percentile(latencies, 50)),
      collectionP95Ms: round(percentile(latencies, 95)),
      peers: peers ? 'own process' : 'this process',
      // In this process, the simulator and the virtual printer keep every booking and job:
      // their JSON size is a floor for what of the growth is theirs, not the host's.
      ...(peers
        ? {}
        : {
            fixtures: {
              simulatorBookings: host.demo!.sim!.state.bookings().length,
              simulatorBookingsJsonMb: round(JSON.stringify(host.demo!.sim!.state.bookings()).length / MB),
              virtualPrinterJobs: host.demo!.printer!.jobs().length,
              virtualPrinterJobsJsonMb: round(JSON.stringify(host.demo!.printer!.jobs()).length / MB),
            },
          }),
    };
  } finally {
    await host.stop();
    peers?.child.disconnect();
  }
}

type Host = Awaited<ReturnType<typeof startHost>>;

interface PeersReady {
  centralUrl: string;
  token: string;
  cinemaId: string;
  printerUrl: string;
}

/** bench/soak-peers.ts in a child process; its printed jobs come back as 'job' events. */
async function startPeers(): Promise<{ child: ChildProcess; ready: PeersReady; events: EventEmitter }> {
  const child = fork(fileURLToPath(new URL('./soak-peers.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events = new EventEmitter();
  const ready = new Promise<PeersReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the soak's peers ended (${code})`)));
    child.on('message', (message: { ready?: PeersReady; job?: number }) => {
      if (message.ready) resolve(message.ready);
      if (message.job !== undefined) events.emit('job', message);
    });
  });
  return { child, ready: await ready, events };
}

async function collect(host: Host, printerEvents: EventEmitter, booking: { printNo: string; verifyCode: string }): Promise<number> {
  const job = once(printerEvents, 'job') as Promise<[StoredJob]>;
  const started = performance.now();
  const result = await host.core.handlers['kiosk.collect']({ printNo: booking.printNo, verifyCode: booking.verifyCode });
  await job;
  if (!result.ok || result.value.printed !== 1) throw new Error(`collection failed: ${JSON.stringify(result)}`);
  return performance.now() - started;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSoak(), null, 2));
}
