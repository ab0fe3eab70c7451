// Print-service query throughput and p99 at 10 connections, beside a bare node:http server answering
// the same reply bytes in the same run, the two taking turns every half second (the ratio is the figure). Run: npx tsx bench/query-throughput.bench.ts [seconds]
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool, request } from 'undici';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { listen } from '../electron/core/net/listen';
import { percentile, round } from './stats';

const CONNECTIONS = 10;

/** One side of the comparison: its keep-alive pool and what its slices measured so far. */
class Side {
  private readonly pool: Pool;
  private readonly latencies: number[] = [];
  private errors = 0;
  private elapsedMs = 0;
  private cpuMicros = 0;

  constructor(
    url: string,
    private readonly path: string,
    private readonly body: string,
    private readonly headers: Record<string, string>,
  ) {
    this.pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
  }

  /** Drives the side with CONNECTIONS workers for `ms`. */
  async slice(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    const worker = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const response = await this.pool.request({ method: 'POST', path: this.path, headers: this.headers, body: this.body });
        const text = await response.body.text();
        this.latencies.push(performance.now() - started);
        if (response.statusCode !== 200 || !text.includes('"resultCode":0')) this.errors += 1;
      }
    };
    const began = performance.now();
    const cpuBefore = process.cpuUsage();
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const cpu = process.cpuUsage(cpuBefore);
    this.elapsedMs += performance.now() - began;
    this.cpuMicros += cpu.user + cpu.system;
  }

  async result() {
    await this.pool.close();
    const n = this.latencies.length;
    return {
      requestsPerSecond: Math.round(n / (this.elapsedMs / 1000)),
      p50Ms: round(percentile(this.latencies, 50), 2),
      p99Ms: round(percentile(this.latencies, 99), 2),
      // CPU time per request (server and load generator together): steadier than requests/s on a shared machine.
      cpuMicrosPerRequest: round(this.cpuMicros / n, 1),
      errors: this.errors,
    };
  }
}

/** Half-second slices, the two sides taking turns: both meet the same background load, so their ratio holds on a shared machine. */
const SLICE_MS = 500;

export async function benchQueryThroughput(seconds = 5): Promise<Record<string, unknown>> {
  // The per-terminal query limit (60 a minute) would refuse a load test: lifted here.
  const host = await startHost(
    {
      demo: true,
      dataDir: mkdtempSync(join(tmpdir(), 'bench-query-')),
      printServicePort: 0,
      uiPort: 0,
      printer: 'virtual',
      overrides: { printService: { limits: { queriesPerMinute: 10_000_000 } } },
    },
    silentLogger(),
  );
  // The bare server answers the print service's own reply, byte for byte, so both send the same size.
  let fixed = '';
  const bare = createServer((_req, res) => {
    _req.resume();
    _req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(fixed) });
      res.end(fixed);
    });
  });
  const barePort = await listen(bare, 0, '127.0.0.1');
  try {
    const t = host.demo!.terminals[1]!;
    const auth = await request(`${host.printServiceUrl}/sarft/v1/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: t.username, password: t.password, terminalId: t.terminalId }),
    });
    const token = ((await auth.body.json()) as { token: string }).token;
    const booking = host.demo!.bookings.find((b) => b.state === 'unprinted')!;
    const body = JSON.stringify({ printNo: booking.printNo });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const sample = await request(`${host.printServiceUrl}/sarft/v1/tickets/query`, { method: 'POST', headers, body });
    fixed = await sample.body.text();
    // QUERY_BENCH_SERVICE_ONLY=1 leaves the bare server out, so a --cpu-prof profile shows the service alone.
    const serviceOnly = process.env.QUERY_BENCH_SERVICE_ONLY === '1';
    const sides = () =>
      [
        new Side(host.printServiceUrl, '/sarft/v1/tickets/query', body, headers),
        new Side(`http://127.0.0.1:${barePort}`, '/', body, headers),
      ] as const;
    const warmUp = sides(); // not counted: connections, JIT
    for (const side of warmUp) await side.slice(200);
    await Promise.all(warmUp.map((side) => side.result()));
    const [serviceSide, bareSide] = sides();
    for (let turn = 0; turn < (seconds * 1000) / SLICE_MS; turn += 1) {
      await serviceSide.slice(SLICE_MS);
      if (!serviceOnly) await bareSide.slice(SLICE_MS);
    }
    const service = await serviceSide.result();
    const baseline = await bareSide.result();
    if (serviceOnly) return { connections: CONNECTIONS, seconds, replyBytes: Buffer.byteLength(fixed), printService: service };
    return {
      connections: CONNECTIONS,
      seconds,
      replyBytes: Buffer.byteLength(fixed),
      printService: service,
      bareNodeHttp: baseline,
      throughputRatio: round(service.requestsPerSecond / baseline.requestsPerSecond, 2),
      cpuRatio: round(baseline.cpuMicrosPerRequest / service.cpuMicrosPerRequest, 2),
    };
  } finally {
    bare.close();
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchQueryThroughput(Number(process.argv[2] ?? 5)), null, 2));
}
