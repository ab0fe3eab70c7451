// Soak: many one-ticket collections in one host process (the in-process demo host, its simulator and
// the virtual printer over TCP), with the resident set size at start and after every 1,000, split by where it lives.
// Run: npx tsx bench/soak.bench.ts   (SOAK_COLLECTIONS=10000 by default; node --expose-gc --import tsx
// bench/soak.bench.ts also collects garbage before each reading, so the figure is what stays, not what waits)
import { EventEmitter, once } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { Session } from 'node:inspector/promises';
import { request } from 'undici';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import type { StoredJob } from '../electron/simulator/virtual-printer';
import { percentile, round } from './stats';

/** Bookings made through the simulator's control API, this many per request. */
const BATCH = 500;
const MB = 1024 * 1024;

/** One reading of the host's memory, split where it lives, so that a growth can be traced to its owner. */
interface Memory {
  rssMb: number;
  /** Anonymous and file-backed parts of the RSS (Linux): the file-backed part is node's own code and the
   *  native modules, which the kernel may evict and read back under memory pressure; the rest is anonymous. */
  rssAnonMb?: number;
  rssFileMb?: number;
  /** What V8's heap holds in memory (every space), its new space (sized by V8 from the allocation rate:
   *  it grows to 2 × 16 MB while the host allocates fast and shrinks again when it slows), and the rest. */
  v8HeapMb: number;
  v8NewSpaceMb: number;
  v8OldSpacesMb: number;
  heapUsedMb: number;
  /** The anonymous RSS outside V8's heap: malloc (SQLite's page cache, native modules), thread stacks. */
  outsideV8Mb?: number;
  /** Memory V8 knows of outside its heap (Buffers and the like). */
  externalMb: number;
  /** The store file and its write-ahead log: what SQLite's page cache could hold at most. */
  storeMb: number;
}

interface Reading extends Memory {
  after: number;
  atSeconds: number;
}

function memory(store: string): Memory {
  const usage = process.memoryUsage();
  const spaces = getHeapSpaceStatistics();
  const physical = (names: (name: string) => boolean) =>
    spaces.filter((space) => names(space.space_name)).reduce((sum, space) => sum + space.physical_space_size, 0) / MB;
  const v8Heap = physical(() => true);
  const newSpace = physical((name) => name === 'new_space');
  // The RSS and its parts from one read of /proc/self/status, so that they add up.
  const { rssMb, rssAnonMb, rssFileMb } = rssParts();
  return {
    rssMb: round(rssMb ?? usage.rss / MB),
    ...(rssAnonMb === undefined ? {} : { rssAnonMb: round(rssAnonMb), rssFileMb: round(rssFileMb!) }),
    v8HeapMb: round(v8Heap),
    v8NewSpaceMb: round(newSpace),
    v8OldSpacesMb: round(v8Heap - newSpace),
    heapUsedMb: round(usage.heapUsed / MB),
    ...(rssAnonMb === undefined ? {} : { outsideV8Mb: round(rssAnonMb - v8Heap) }),
    externalMb: round(usage.external / MB),
    storeMb: round(fileMb(store) + fileMb(`${store}-wal`)),
  };
}

/** RssAnon and RssFile from /proc/self/status (Linux only). */
function rssParts(): { rssMb?: number; rssAnonMb?: number; rssFileMb?: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? NaN) / 1024;
    return { rssMb: kb('VmRSS'), rssAnonMb: kb('RssAnon'), rssFileMb: kb('RssFile') };
  } catch {
    return {};
  }
}

function fileMb(path: string): number {
  return existsSync(path) ? statSync(path).size / MB : 0;
}

export async function benchSoak(collections = Number(process.env.SOAK_COLLECTIONS ?? 10_000)): Promise<Record<string, unknown>> {
  // SOAK_PEERS=process runs the simulator and the virtual printer in a child process: the RSS is then the host's alone.
  const peers = process.env.SOAK_PEERS === 'process' ? await startPeers() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const store = join(dataDir, 'kiosk.sqlite');
  const host = await startHost(
    {
      demo: true,
      dataDir,
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
  const read = async (after: number) => {
    (globalThis as { gc?: () => void }).gc?.();
    // V8 hands the pages a collection freed back to the system from a background thread: a reading
    // taken at once races it (an RSS 20 MB above its own parts was seen), so let it finish first.
    await delay(1000);
    readings.push({ after, ...memory(store), atSeconds: round((performance.now() - began) / 1000) });
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
    await read(0);
    for (let i = 1; i <= collections; i += 1) {
      latencies.push(await collect(host, printer, await nextBooking()));
      // A reading every 1,000 (the table shows start, 1,000 and the end): the curve tells a cache filling up from a leak.
      if (i % 1_000 === 0 || i === collections) {
        await read(i);
        if (process.env.SOAK_PROGRESS === '1') console.error(`${i} collections`, JSON.stringify(readings.at(-1)));
      }
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
      rssAnonGrowthPercent: start.rssAnonMb === undefined ? null : round((100 * (end.rssAnonMb! - start.rssAnonMb)) / start.rssAnonMb),
      // Where the growth is: V8's heap (its new space alone is sized by V8 from the allocation rate) or outside it.
      growthMb: {
        rss: round(end.rssMb - start.rssMb),
        v8NewSpace: round(end.v8NewSpaceMb - start.v8NewSpaceMb),
        v8OldSpaces: round(end.v8OldSpacesMb - start.v8OldSpacesMb),
        outsideV8: start.outsideV8Mb === undefined ? null : round(end.outsideV8Mb! - start.outsideV8Mb),
        file: start.rssFileMb === undefined ? null : round(end.rssFileMb! - start.rssFileMb),
      },
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
