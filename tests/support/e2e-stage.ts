import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HostOptions, RunningHost } from '../../electron/host/host';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import { launchChromium } from './chromium';
import { startExternalSim, startHostOn } from './external-sim-host';
import { readJson, startHostProcess, tempDir, type HostProcess } from './host-process';
import { makeOfficeStaff } from './office-page';
import { uiClient } from './ui-client';

type UiClient = Awaited<ReturnType<typeof uiClient>>;
type Viewport = { width: number; height: number };

/**
 * What an end-to-end file started, stopped in reverse: Chromium, the host, then the simulator. What never
 * started (a `beforeAll` that failed half-way) is passed over, so the failure that counts is the first.
 */
export async function stopStage(stage: {
  browser?: Browser | undefined;
  host?: { stop(): Promise<unknown> } | undefined;
  sim?: RunningCentralSim | undefined;
}): Promise<void> {
  await stage.browser?.close();
  await stage.host?.stop();
  await stage.sim?.close();
}

export interface SimHostStage {
  sim: RunningCentralSim;
  host: RunningHost;
  browser: Browser;
  dataDir: string;
}

/**
 * A central simulator of the file's own, a demo host on it (a fresh data folder named for the file, these
 * settings) and Chromium. `beforeHost` prepares the simulator before the host reads it (shows the file
 * owns); `officeStaff` adds the box office's accounts (`makeOfficeStaff`). A step that fails stops what had
 * started before it.
 */
export async function startSimHostStage(
  name: string,
  options: { overrides?: HostOptions['overrides']; beforeHost?: (sim: RunningCentralSim) => Promise<void>; officeStaff?: boolean } = {},
): Promise<SimHostStage> {
  const sim = await startExternalSim();
  let host: RunningHost | undefined;
  try {
    await options.beforeHost?.(sim);
    const dataDir = tempDir(name);
    host = await startHostOn(sim, dataDir, options.overrides ?? {});
    if (options.officeStaff) await makeOfficeStaff(await uiClient(host.uiUrl), dataDir);
    return { sim, host, browser: await launchChromium(), dataDir };
  } catch (error) {
    await stopStage({ host, sim });
    throw error;
  }
}

export interface OfficeStage {
  host: HostProcess;
  ui: UiClient;
  browser: Browser;
  page: Page;
}

/**
 * The box office's stage: `npm run headless` with these arguments on a fresh data folder named for the file
 * (or `dataDir`, when the file put peers there first), its `config.json` written first when given, the
 * office's accounts (`makeOfficeStaff`), and one Chromium page at this size.
 */
export async function startOfficeStage(
  name: string,
  options: { args: string[]; config?: Record<string, unknown>; viewport: Viewport; dataDir?: string },
): Promise<OfficeStage> {
  const dataDir = options.dataDir ?? tempDir(name);
  if (options.config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(options.config));
  const host = await startHostProcess(options.args, { dataDir });
  let browser: Browser | undefined;
  try {
    const ui = await uiClient(host.uiUrl);
    await makeOfficeStaff(ui, dataDir);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: options.viewport })).newPage();
    return { host, ui, browser, page };
  } catch (error) {
    await stopStage({ browser, host });
    throw error;
  }
}

/**
 * Picks from the demo host's unprinted bookings (its `demo-bookings.json`) one with this many tickets that no
 * earlier pick returned, so that the tests of a file never share a booking.
 */
export function unprintedDemoBookings(dataDir: string): (tickets: number) => DemoBooking {
  const bookings = readJson<DemoBooking[]>(join(dataDir, 'demo-bookings.json'));
  const used = new Set<number>();
  return (tickets) => {
    const b = bookings.find((x) => x.state === 'unprinted' && x.ticketCount === tickets && !used.has(x.bookingNumber));
    if (!b) throw new Error(`no unprinted demo booking with ${tickets} tickets`);
    used.add(b.bookingNumber);
    return b;
  };
}
