// Kiosk first load: cold loads of the customer screen in Chromium (a new browser context each, so
// nothing is cached), from navigation start to (1) the first contentful paint, (2) the load event and
// (3) time to interactive for the first screen: the Start button visible and enabled and the page's
// kiosk.info answered (the printer state and the cinema's language are known). Also the renderer's
// JavaScript as the kiosk loads it, raw and gzipped, and the whole build's JavaScript gzipped.
// Needs the built renderer (`npm run build:renderer`) and Debian's Chromium.
// Run: npm run bench -- kiosk-load   (or: npx tsx bench/kiosk-load.bench.ts [loads])
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { percentile, round } from './stats';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function benchKioskLoad(loads = 15): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-kiosk-load-'));
  const host = await startHost({ demo: true, dataDir, printServicePort: 0, uiPort: 0, printer: 'virtual' }, silentLogger());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const fcp: number[] = [];
  const loaded: number[] = [];
  const interactive: number[] = [];
  let kioskJsBytes = 0;
  let kioskJsGzip = 0;
  try {
    for (let i = 0; i < loads + 1; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1024 } });
      const page = await context.newPage();
      const scripts = new Map<string, Buffer>();
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script')
          void response.body().then(
            (body) => scripts.set(response.url(), body),
            () => undefined,
          );
      });
      const infoAnswered = page.waitForResponse((r) => r.url().endsWith('/api/call/kiosk.info'));
      await page.goto(host.uiUrl);
      await page.getByTestId('start').waitFor({ state: 'visible' });
      await infoAnswered;
      await page.waitForFunction(`!document.querySelector('[data-testid="start"]').disabled`);
      const figures = await page.evaluate<{ fcp: number; load: number; now: number }>(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { fcp: paint ? paint.startTime : NaN, load: nav ? nav.loadEventEnd : NaN, now: performance.now() };
      })()`);
      // The first load warms the host (its static files in the page cache); it is not counted.
      if (i > 0) {
        fcp.push(figures.fcp);
        loaded.push(figures.load);
        interactive.push(figures.now);
      }
      if (i === 1) {
        kioskJsBytes = [...scripts.values()].reduce((sum, b) => sum + b.length, 0);
        kioskJsGzip = [...scripts.values()].reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  const assets = join('renderer', 'dist', 'assets');
  const allJs = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const allJsGzip = allJs.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
  return {
    loads,
    firstContentfulPaintP50Ms: round(percentile(fcp, 50)),
    loadEventP50Ms: round(percentile(loaded, 50)),
    timeToInteractiveP50Ms: round(percentile(interactive, 50)),
    timeToInteractiveP95Ms: round(percentile(interactive, 95)),
    kioskJsBytes,
    kioskJsGzipBytes: kioskJsGzip,
    allJsGzipBytes: allJsGzip,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchKioskLoad(Number(process.argv[2] ?? 15)));
}
