// Host start: the time from spawning the host CLI to its READY line, to the first /healthz that answers
// 200 and to the first kiosk.info (and sale.films) answered, with the sale's background catalogue refresh
// on (`sale.prefetchSeconds` 300, the default) and off (0), against central reachable (the simulator in
// a process of its own) and unreachable (a loopback port that accepts and never answers). Fresh data
// folder per start, so the refresh finds an empty cache; starts alternate on/off.
// Run: npx tsx bench/host-start.bench.ts [starts per case, default 5] [reachable|unreachable: that case only]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { OFFLINE_HOST_ARGS } from '../tests/support/host-process';
import { percentile, round } from './stats';

const ROOT = resolve(import.meta.dirname, '..');

function spawnReady(argv: string[], env: Record<string, string>): Promise<{ child: ChildProcess; line: string; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stderr!.resume();
  return new Promise((resolveReady, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolveReady({ child, line, readyMs: performance.now() - started });
    });
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited ${code}`)));
  });
}

/** Polls `attempt` every 5 ms until it holds; the time from `t0`. */
async function firstSuccess(t0: number, attempt: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  while (performance.now() - t0 < timeoutMs) {
    if (await attempt().catch(() => false)) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 5));
  }
  return Number.NaN;
}

async function uiCall(uiUrl: string, secret: string, name: string, input: unknown): Promise<{ ok: boolean }> {
  const response = await request(`${uiUrl}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-secret': secret },
    body: JSON.stringify(input),
    reset: true,
  });
  return (await response.body.json()) as { ok: boolean };
}

async function oneStart(centralArgs: string[], prefetchSeconds: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-host-start-'));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ sale: { prefetchSeconds } }));
  const t0 = performance.now();
  const { child, line, readyMs } = await spawnReady(['--import', 'tsx', 'electron/host/cli.ts', '--data-dir', dataDir, ...centralArgs], {
    KIOSK_LOG_LEVEL: 'error',
  });
  try {
    const printService = /print-service=(\S+)/u.exec(line)![1]!;
    const ui = /ui=(\S+)/u.exec(line)![1]!;
    let secret = '';
    const [healthzMs, kioskInfoMs] = await Promise.all([
      firstSuccess(t0, async () => (await request(`${printService}/healthz`, { reset: true })).statusCode === 200),
      firstSuccess(t0, async () => {
        if (!secret) secret = /name="kiosk-secret" content="([^"]+)"/u.exec(await (await request(ui)).body.text())?.[1] ?? '';
        return (await uiCall(ui, secret, 'kiosk.info', {})).ok;
      }),
    ]);
    const filmsStarted = performance.now();
    const films = await uiCall(ui, secret, 'sale.films', {});
    return { readyMs, healthzMs, kioskInfoMs, saleFilmsMs: performance.now() - filmsStarted, saleFilmsOk: films.ok };
  } finally {
    child.kill('SIGKILL');
  }
}

const summary = (samples: number[]) => ({ p50: round(percentile(samples, 50), 0), max: round(Math.max(...samples), 0) });

export async function benchHostStart(starts = 5, only?: 'reachable' | 'unreachable'): Promise<Record<string, unknown>> {
  const load = loadavg()[0]!;
  const sim = await spawnReady(['--import', 'tsx', 'electron/simulator/cli.ts', '--port', '0'], {});
  // Central that never answers: the connection is taken, the request waits for the client's timeout.
  const held: Socket[] = [];
  let connections = 0;
  const silent = createServer((socket) => {
    connections += 1;
    held.push(socket);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = (silent.address() as { port: number }).port;
  const cases = {
    reachable: [
      '--demo',
      '--central-url',
      /central=(\S+)/u.exec(sim.line)![1]!,
      '--central-token',
      /token=(\S+)/u.exec(sim.line)![1]!,
      '--cinema-id',
      '0200',
      '--printer',
      'virtual',
    ],
    // The tests' offline cinema (its own client identity), its central URL pointed at the silent port.
    unreachable: OFFLINE_HOST_ARGS.map((arg) => (arg.includes('127.0.0.1:9/') ? `http://127.0.0.1:${silentPort}/WSVistaWebClient` : arg)),
  };
  const report: Record<string, unknown> = { starts, loadAverageAtStart: round(load, 2) };
  try {
    for (const [name, args] of Object.entries(cases)) {
      if (only && name !== only) continue;
      const samples: Record<'on' | 'off', Awaited<ReturnType<typeof oneStart>>[]> = { on: [], off: [] };
      const centralConnections: Record<'on' | 'off', number[]> = { on: [], off: [] };
      for (let i = 0; i < starts; i += 1) {
        for (const mode of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          const before = connections;
          samples[mode].push(await oneStart(args, mode === 'on' ? 300 : 0));
          centralConnections[mode].push(connections - before);
        }
      }
      for (const mode of ['on', 'off'] as const) {
        const s = samples[mode];
        report[`${name}/prefetch-${mode}`] = {
          readyMs: summary(s.map((x) => x.readyMs)),
          healthzMs: summary(s.map((x) => x.healthzMs)),
          kioskInfoMs: summary(s.map((x) => x.kioskInfoMs)),
          // After READY: what the start left to do once both servers listen, without the module loading's spread.
          healthzAfterReadyMs: summary(s.map((x) => x.healthzMs - x.readyMs)),
          kioskInfoAfterReadyMs: summary(s.map((x) => x.kioskInfoMs - x.readyMs)),
          firstSaleFilmsMs: summary(s.map((x) => x.saleFilmsMs)),
          saleFilmsOk: s.filter((x) => x.saleFilmsOk).length,
          ...(name === 'unreachable' ? { connectionsToCentral: centralConnections[mode] } : {}),
        };
      }
    }
  } finally {
    for (const socket of held) socket.destroy();
    silent.close();
    sim.child.kill('SIGTERM');
  }
  report.loadAverageAtEnd = round(loadavg()[0]!, 2);
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[3];
  console.log(
    JSON.stringify(
      await benchHostStart(Number(process.argv[2] ?? 5), only === 'reachable' || only === 'unreachable' ? only : undefined),
      null,
      2,
    ),
  );
}
