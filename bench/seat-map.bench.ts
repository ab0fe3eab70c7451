// Seat map of a 400-seat hall (the simulator's 2号厅 IMAX, session 29618) in Chromium, against a demo host
// and its simulator on loopback:
// (1) from the seat-plan answer arriving in the page (the `sale.seatPlan` reply's JSON parsed) to an
//     interactive map: every seat button in the document and a frame painted after it with the main
//     thread free again (the first requestAnimationFrame after the last seat, then a task);
//     `reloads` rounds after 3 warm-up ones, each Back to the tickets and Choose seats again (the plan
//     read again from central, the map drawn anew);
// (2) memory of a kiosk left on the seat map: `hourReloads` reloads back to back stand for an hour of
//     reloads at one every 15 s (240): the JS heap after a forced garbage collection and the DOM node
//     count before and after. A shortened run: the same number of reloads without the hour's waits.
// Needs the built renderer (`npm run build:renderer`) and Debian's Chromium.
// Run: npm run bench -- seat-map   (or: npx tsx bench/seat-map.bench.ts [reloads] [hourReloads])
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { startCentralSim } from '../electron/simulator/central-sim.server';
import { simGet } from '../tests/support/sim-control';
import { percentile, round } from './stats';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SESSION = '29618';

/** Marks in the page when a seat-plan reply's JSON is parsed, then waits for the map to be interactive. */
const MARK_PLAN_ANSWER = `(() => {
  const json = Response.prototype.json;
  Response.prototype.json = function () {
    const isPlan = this.url.endsWith('/api/call/sale.seatPlan');
    return json.call(this).then((value) => {
      if (isPlan) window.__planAnsweredAt = performance.now();
      return value;
    });
  };
})()`;
const UNTIL_INTERACTIVE = `new Promise((resolve) => {
  const check = () => {
    if (window.__planAnsweredAt !== undefined && document.querySelectorAll('[data-testid="seat"]').length >= 380)
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - window.__planAnsweredAt), 0));
    else requestAnimationFrame(check);
  };
  check();
})`;

async function drawOnce(page: Page): Promise<number> {
  await page.getByRole('button', { name: '返回', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '选择票类和数量' }).waitFor();
  await page.evaluate('window.__planAnsweredAt = undefined');
  const drawn = page.evaluate<number>(UNTIL_INTERACTIVE);
  await page.getByRole('button', { name: '选择座位' }).click();
  return drawn;
}

async function heap(page: Page): Promise<{ heapBytes: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heapBytes: metric('JSHeapUsedSize'), nodes: metric('Nodes') };
}

export async function benchSeatMap(reloads = 40, hourReloads = 240): Promise<Record<string, number | string>> {
  const sim = await startCentralSim({ seed: 3 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-seat-map-'));
  const host = await startHost(
    {
      demo: true,
      dataDir,
      centralUrl: sim.baseUrl,
      centralToken: sim.token,
      cinemaId: sim.cinemaId,
      printServicePort: 0,
      uiPort: 0,
      printer: 'virtual',
    },
    silentLogger(),
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const loadAtStart = loadavg()[0]!;
  try {
    const sessions = await simGet<{ sessionId: string; filmTitle: string; seats: { total: number } }[]>(sim.baseUrl, '/__sim/sessions');
    const session = sessions.find((s) => s.sessionId === SESSION)!;
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const page = await context.newPage();
    await page.addInitScript(MARK_PLAN_ANSWER);
    await page.goto(host.uiUrl);
    await page.getByRole('button', { name: '购票' }).click();
    await page.getByRole('button', { name: new RegExp(session.filmTitle, 'u') }).click();
    await page.getByRole('button', { name: /2号厅/u }).first().click();
    await page.getByRole('button', { name: '增加一张 标准票', exact: true }).click();
    await page.evaluate('window.__planAnsweredAt = undefined');
    const first = page.evaluate<number>(UNTIL_INTERACTIVE);
    await page.getByRole('button', { name: '选择座位' }).click();
    await first;
    const seatsDrawn = await page.getByTestId('seat').count();

    const times: number[] = [];
    for (let i = 0; i < reloads + 3; i += 1) {
      const ms = await drawOnce(page);
      if (i >= 3) times.push(ms);
    }

    const before = await heap(page);
    const started = Date.now();
    for (let i = 0; i < hourReloads; i += 1) await drawOnce(page);
    const hourRunSeconds = (Date.now() - started) / 1000;
    const after = await heap(page);
    await context.close();
    return {
      session: SESSION,
      seatsInHall: session.seats.total,
      seatsDrawn,
      reloads,
      planAnswerToInteractiveP50Ms: round(percentile(times, 50)),
      planAnswerToInteractiveP95Ms: round(percentile(times, 95)),
      planAnswerToInteractiveMaxMs: round(Math.max(...times)),
      hourReloads,
      hourRunSeconds: round(hourRunSeconds),
      heapBeforeMB: round(before.heapBytes / 1e6, 2),
      heapAfterMB: round(after.heapBytes / 1e6, 2),
      domNodesBefore: before.nodes,
      domNodesAfter: after.nodes,
      loadAverageStart: round(loadAtStart, 2),
      loadAverageEnd: round(loadavg()[0]!, 2),
    };
  } finally {
    await browser.close();
    await host.stop();
    await sim.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchSeatMap(Number(process.argv[2] ?? 40), Number(process.argv[3] ?? 240)));
}
