// A whole cinema's load: 50 terminals for 60 s, each repeating query → apply-print → print-result
// (with a second query on the way) against a host process, the simulator at 20 ms latency; and a bare
// node:http server answering a fixed body from the same load generator, as the ceiling.
// Run: npx tsx bench/cinema-load.bench.ts [seconds] [terminals]
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { Pool, request } from 'undici';
import { listen } from '../electron/core/net/listen';
import { openDatabase } from '../electron/core/storage/database';
import { TerminalsRepository } from '../electron/core/storage/repositories/terminals.repository';
import { TerminalAuth } from '../electron/core/print-service/terminal-auth';
import { percentile, round } from './stats';

const TSX = 'node_modules/.bin/tsx';
type Call = 'query' | 'applyPrint' | 'printResult';

function spawnReady(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(TSX, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KIOSK_LOG_LEVEL: 'error' } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve({ child, line });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
  });
}

export async function benchCinemaLoad(seconds = 60, terminals = 50): Promise<Record<string, unknown>> {
  const sim = await spawnReady(['electron/simulator/cli.ts', '--port', '0']);
  const central = /central=(\S+)/u.exec(sim.line)![1]!;
  const token = /token=(\S+)/u.exec(sim.line)![1]!;
  const simOrigin = new URL(central).origin;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cinema-'));
  // Load, not abuse: the per-terminal query limit is lifted for this run, and so are the per-source
  // login budget, password-check queue and socket cap (every simulated kiosk comes from 127.0.0.1).
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      // Every simulated kiosk connects from 127.0.0.1: as a trusted operator source it would get the 32
      // sockets reserved for monitoring, and the per-source socket cap (32) would refuse the 33rd too.
      printService: {
        limits: { queriesPerMinute: 1_000_000, sourceLoginsPerMinute: 1_000, passwordCheckQueue: 1_000 },
        trustedSources: [],
      },
      net: { printServiceConnectionsPerSource: terminals + 16 },
    }),
  );
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  const auth = new TerminalAuth(new TerminalsRepository(db), 12 * 3_600_000, Date.now);
  const accounts = Array.from({ length: terminals }, (_, i) => ({
    id: `LOAD-${String(i).padStart(2, '0')}`,
    password: `load-password-${i}`,
  }));
  for (const a of accounts) await auth.register(a.id, a.id, a.password);
  db.close();
  const host = await spawnReady([
    'electron/host/cli.ts',
    '--demo',
    '--data-dir',
    dataDir,
    '--central-url',
    central,
    '--central-token',
    token,
    '--cinema-id',
    '0200',
  ]);
  const serviceUrl = /print-service=(\S+)/u.exec(host.line)![1]!;
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"resultCode":0,"message":"success","requestId":"x"}'),
    );
  });
  const barePort = await listen(bare, 0, '127.0.0.1');

  try {
    for (const path of ['/booking', '/markcollected']) {
      await request(`${simOrigin}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path, latencyMs: 20 }),
      }).then((r) => r.body.dump());
    }
    const stock = async (count: number) => {
      const r = await request(`${simOrigin}/__sim/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count, ticketCount: 1 }),
      });
      return (await r.body.json()) as { printNo: string; verifyCode: string }[];
    };
    const pool = new Pool(serviceUrl, { connections: terminals });
    const latency: Record<Call, number[]> = { query: [], applyPrint: [], printResult: [] };
    let errors = 0;
    let collections = 0;
    const post = async (call: Call | 'auth', path: string, body: unknown, bearer?: string) => {
      const started = performance.now();
      const r = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
      const reply = (await r.body.json()) as Record<string, unknown>;
      if (call !== 'auth') latency[call].push(performance.now() - started);
      return reply;
    };
    const deadline = performance.now() + seconds * 1000;
    const began = performance.now();
    await Promise.all(
      accounts.map(async (a) => {
        const { token: bearer } = (await post('auth', '/sarft/v1/auth', { username: a.id, password: a.password, terminalId: a.id })) as {
          token: string;
        };
        let queue: { printNo: string; verifyCode: string }[] = [];
        while (performance.now() < deadline) {
          if (queue.length === 0) queue = await stock(20);
          const b = queue.pop()!;
          const q = await post('query', '/sarft/v1/tickets/query', { printNo: b.printNo }, bearer);
          const claim = await post(
            'applyPrint',
            '/sarft/v1/tickets/apply-print',
            { printNo: b.printNo, verifyCodeMd5: createHash('md5').update(b.verifyCode).digest('hex') },
            bearer,
          );
          const tickets = (claim.tickets as { ticketCode: string }[] | undefined) ?? [];
          await post('query', '/sarft/v1/tickets/query', { printNo: b.printNo }, bearer);
          const result = await post(
            'printResult',
            '/sarft/v1/tickets/print-result',
            { printNo: b.printNo, printToken: claim.printToken, printed: tickets.map((t) => t.ticketCode), failed: [] },
            bearer,
          );
          if (q.resultCode !== 0 || claim.resultCode !== 0 || result.resultCode !== 0) errors += 1;
          else collections += 1;
        }
      }),
    );
    const elapsed = (performance.now() - began) / 1000;
    await pool.close();
    const total = Object.values(latency).reduce((n, xs) => n + xs.length, 0);

    // The ceiling: the same generator, the same connections, a server that does nothing.
    const barePool = new Pool(`http://127.0.0.1:${barePort}`, { connections: terminals });
    const bareLatency: number[] = [];
    const bareDeadline = performance.now() + Math.min(seconds, 10) * 1000;
    const bareBegan = performance.now();
    await Promise.all(
      accounts.map(async () => {
        while (performance.now() < bareDeadline) {
          const started = performance.now();
          const r = await barePool.request({
            method: 'POST',
            path: '/',
            headers: { 'content-type': 'application/json' },
            body: '{"printNo":"1"}',
          });
          await r.body.dump();
          bareLatency.push(performance.now() - started);
        }
      }),
    );
    const bareElapsed = (performance.now() - bareBegan) / 1000;
    await barePool.close();

    const perCall = Object.fromEntries(
      Object.entries(latency).map(([call, xs]) => [
        call,
        { requests: xs.length, p50Ms: round(percentile(xs, 50)), p99Ms: round(percentile(xs, 99)) },
      ]),
    );
    return {
      terminals,
      seconds,
      centralLatencyMs: 20,
      requestsPerSecond: Math.round(total / elapsed),
      collectionsPerSecond: round(collections / elapsed),
      errors,
      perCall,
      bareNodeHttp: {
        requestsPerSecond: Math.round(bareLatency.length / bareElapsed),
        p50Ms: round(percentile(bareLatency, 50), 2),
        p99Ms: round(percentile(bareLatency, 99), 2),
      },
    };
  } finally {
    bare.close();
    host.child.kill('SIGTERM');
    sim.child.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchCinemaLoad(Number(process.argv[2] ?? 60), Number(process.argv[3] ?? 50)), null, 2));
}
