// Print-service query throughput and p99 at 10 connections, beside a bare node:http server answering
// a fixed JSON body in the same run (the ratio is the figure). Run: npx tsx bench/query-throughput.bench.ts [seconds]
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

async function load(url: string, path: string, body: string, headers: Record<string, string>, seconds: number) {
  const pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await pool.request({ method: 'POST', path, headers, body });
      const text = await response.body.text();
      latencies.push(performance.now() - started);
      if (response.statusCode !== 200 || !text.includes('"resultCode":0')) errors += 1;
    }
  };
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = (performance.now() - began) / 1000;
  await pool.close();
  // CPU time per request (server and load generator together) holds when the machine is shared; requests/s does not.
  const cpuMicrosPerRequest = round((cpu.user + cpu.system) / latencies.length, 1);
  return { requestsPerSecond: Math.round(latencies.length / elapsed), p50Ms: round(percentile(latencies, 50), 2), p99Ms: round(percentile(latencies, 99), 2), cpuMicrosPerRequest, errors };
}

export async function benchQueryThroughput(seconds = 5): Promise<Record<string, unknown>> {
  // The per-terminal query limit (60 a minute) would refuse a load test: lifted here.
  const host = await startHost(
    { demo: true, dataDir: mkdtempSync(join(tmpdir(), 'bench-query-')), printServicePort: 0, uiPort: 0, printer: 'virtual', overrides: { printService: { limits: { queriesPerMinute: 10_000_000 } } } },
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
    const service = await load(host.printServiceUrl, '/sarft/v1/tickets/query', body, headers, seconds);
    // QUERY_BENCH_SERVICE_ONLY=1 leaves the bare server out, so a --cpu-prof profile shows the service alone.
    if (process.env.QUERY_BENCH_SERVICE_ONLY === '1') return { connections: CONNECTIONS, seconds, replyBytes: Buffer.byteLength(fixed), printService: service };
    const baseline = await load(`http://127.0.0.1:${barePort}`, '/', body, headers, seconds);
    return { connections: CONNECTIONS, seconds, replyBytes: Buffer.byteLength(fixed), printService: service, bareNodeHttp: baseline, throughputRatio: round(service.requestsPerSecond / baseline.requestsPerSecond, 2),
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
