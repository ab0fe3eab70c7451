import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type AppConfig } from '../core/config/config';
import { startKioskCore, type KioskCore } from '../core/app/kiosk-core';
import type { Logger } from '../core/app/logger';
import { startUiServer } from './ui-server';
import { startDemoWorld, type DemoWorld } from './demo';

export interface HostOptions {
  demo: boolean;
  dataDir: string;
  centralUrl?: string;
  centralToken?: string;
  cinemaId?: string;
  printServicePort: number;
  uiPort: number;
  /** `tcp://HOST:PORT`, `file:PATH` or `virtual`. */
  printer: string;
  terminal?: { id: string; username: string; password: string };
  /** Per-section settings over the defaults, e.g. `{ printService: { claimTtlSeconds: 5 } }`. */
  overrides?: { [K in keyof AppConfig]?: Partial<AppConfig[K]> };
}

export interface RunningHost {
  printServiceUrl: string;
  uiUrl: string;
  centralUrl: string;
  demo?: DemoWorld;
  core: KioskCore;
  config: AppConfig;
  stop(): Promise<void>;
}

export const RENDERER_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../renderer/dist');

export class HostConfigError extends Error {}

/** Starts the headless host: the core, the UI over HTTP, and in demo mode the simulated world. */
export async function startHost(options: HostOptions, logger: Logger): Promise<RunningHost> {
  const external = options.centralUrl ? { url: options.centralUrl, token: options.centralToken ?? '', cinemaId: options.cinemaId ?? '' } : undefined;
  if (external && (!external.token || !external.cinemaId)) throw new HostConfigError('--central-url needs --central-token and --cinema-id');
  if (!options.demo && !external) throw new HostConfigError('give --demo, or --central-url with --central-token and --cinema-id');
  if (!options.demo && options.printer === 'virtual') throw new HostConfigError('--printer virtual is for --demo; give tcp://HOST:PORT or file:PATH');

  const demo = options.demo ? await startDemoWorld({ dataDir: options.dataDir, ...(external ? { external } : {}), virtualPrinter: options.printer === 'virtual' }) : undefined;
  const central = demo?.central ?? external!;
  const ownTerminal = options.terminal ?? (demo ? { id: demo.terminals[0]!.terminalId, username: demo.terminals[0]!.username, password: demo.terminals[0]!.password } : undefined);
  if (!ownTerminal) {
    await demo?.close();
    throw new HostConfigError('give --terminal-id, --terminal-user and --terminal-password for this kiosk');
  }

  const o = options.overrides ?? {};
  const parsed = parseConfig({
    dataDir: options.dataDir,
    central: { url: central.url, connectApiToken: central.token, cinemaId: central.cinemaId, ...o.central },
    printService: { port: options.printServicePort, ...o.printService },
    terminal: { ...ownTerminal, ...o.terminal },
    printer: { url: options.printer === 'virtual' ? demo!.printer!.url : options.printer, ...o.printer },
    ui: { port: options.uiPort, ...o.ui },
    sync: { ...o.sync },
  });
  if (!parsed.ok) {
    await demo?.close();
    throw new HostConfigError(`configuration is invalid:\n  ${parsed.problems.join('\n  ')}`);
  }
  const config = parsed.config;
  const core = await startKioskCore(config, logger);
  for (const t of demo?.terminals ?? [ownTerminal].map((t) => ({ terminalId: t.id, username: t.username, password: t.password }))) {
    if (!core.terminalAuth.isRegistered(t.terminalId)) await core.terminalAuth.register(t.terminalId, t.username, t.password);
  }
  const ui = await startUiServer({ port: config.ui.port, staticDir: RENDERER_DIST, handlers: core.handlers, events: core.events, logger });
  return {
    printServiceUrl: core.printService.url,
    uiUrl: ui.url,
    centralUrl: central.url,
    ...(demo ? { demo } : {}),
    core,
    config,
    stop: async () => {
      await ui.close();
      await core.stop();
      await demo?.close();
    },
  };
}

export const defaultDataDir = (demo: boolean): string => resolve(demo ? join('.data', 'demo') : join('.data', 'host'));
