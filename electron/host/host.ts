import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeSections, readConfigFile, writeConfigSection } from '../core/config/config-file';
import { hostSecret, isSealed, isSealedWithoutContext, openSecret } from '../core/security/secret-box';
import { openCentralToken, sealCentralToken } from '../core/config/central-token';
import { openSavedAlipay } from '../core/config/payment-key';
import { openSavedMail } from '../core/config/mail-password';
import { makeDataFolderPrivate } from '../core/storage/private-data-folder';
import { clientIdentityProblem, DEMO_CLIENT_IDENTITY, parseConfig, type AppConfig, type AppConfigInput } from '../core/config/config';
import { startKioskCore, type KioskCore } from '../core/app/kiosk-core';
import type { Logger } from '../core/observability/logger';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../simulator/virtual-printer';
import { startUiServer } from './ui-server';
import { netLimits, openFileLimit } from '../core/net/connection-guard';
import { cleartextProblem } from '../core/net/cleartext';
import { startDemoWorld, type DemoWorld } from './demo';
import { savedSarftUpstream, type SarftUpstreamFlags } from './sarft-upstream';

export interface HostOptions {
  demo: boolean;
  /** The embedded demo simulator answers only what seed 003 shows (`--demo --strict-seed`). */
  strictSeed?: boolean;
  dataDir: string;
  centralUrl?: string;
  centralToken?: string;
  cinemaId?: string;
  /** The cinema's SarftKioskService as the ticket source (vista-sarft); `--demo --strict-seed` uses the embedded stand-in. */
  sarftUpstream?: SarftUpstreamFlags;
  printServicePort: number;
  uiPort: number;
  /** `tcp://HOST:PORT`, `serial:…`, `file:PATH` or `virtual`; else the saved profile's, else `virtual` in demo. */
  printer?: string;
  /** This kiosk's own terminal account (the demo makes one). */
  terminal?: { id: string; username?: string; password: string };
  /** Serve the print service over HTTPS with a self-signed certificate. */
  tls?: boolean;
  /** Bind address of the print service (loopback unless TLS is on or this names one). */
  bind?: string;
  /** Collect through a remote print service instead of running one. */
  printServiceUrl?: string;
  printServiceFingerprint?: string;
  /** Allow cleartext on the LAN (a non-loopback bind without TLS, http:// to another machine); /healthz reports it. */
  insecurePlaintext?: boolean;
  /** Serial scanners: `serial:/dev/ttyACM0?baud=9600&suffix=CR&prefix=…`. */
  scanners?: string[];
  /** The audit chain's HMAC key, a file outside the data folder (made at first start when absent). */
  auditKeyFile?: string;
  /** The counter PC's own print-service terminal id (office.terminalId; default COUNTER-01). */
  counterTerminalId?: string;
  /** The third-party client identity Vista issued (over config.json's); outside the demo it must be the cinema's own. */
  clientIdentity?: Partial<Record<'optionalClientClass' | 'optionalClientId' | 'optionalClientName', string>>;
  /** Per-section settings over the defaults, e.g. `{ printService: { claimTtlSeconds: 5 } }`. */
  overrides?: { [K in keyof AppConfigInput]?: Partial<NonNullable<AppConfigInput[K]>> };
}

export interface RunningHost {
  printServiceUrl: string;
  /** SHA-256 of the print service's certificate, with --tls. */
  fingerprint?: string;
  uiUrl: string;
  centralUrl?: string;
  demo?: DemoWorld;
  /** The virtual printer of a non-demo kiosk started with `--printer virtual`. */
  virtualPrinter?: RunningVirtualPrinter;
  core: KioskCore;
  config: AppConfig;
  stop(): Promise<void>;
}

export const RENDERER_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../renderer/dist');

export class HostConfigError extends Error {}

/** Starts the headless host: the core, the UI over HTTP, and in demo mode the simulated world. */
export async function startHost(options: HostOptions, logger: Logger): Promise<RunningHost> {
  const remote = options.printServiceUrl;
  const external = options.centralUrl
    ? { url: options.centralUrl, token: options.centralToken ?? '', cinemaId: options.cinemaId ?? '' }
    : undefined;
  if (external && (!external.token || !external.cinemaId))
    throw new HostConfigError('--central-url needs --central-token-file (or --central-token) and --cinema-id');
  if (remote && options.demo)
    throw new HostConfigError('--print-service-url is for a kiosk without its own print service; leave out --demo');
  if (options.strictSeed && (!options.demo || external))
    throw new HostConfigError(
      '--strict-seed is for the embedded demo simulator (--demo without --central-url); start an external one with npm run sim -- --strict-seed',
    );
  if (remote && !options.terminal) throw new HostConfigError('--print-service-url needs --terminal-id and --terminal-password-file');
  makeDataFolderPrivate(options.dataDir);
  // A damaged host secret stops the start here, before anything is sealed or signed with it.
  hostSecret(options.dataDir);
  let o: NonNullable<HostOptions['overrides']>;
  try {
    o = mergeSections(readConfigFile(options.dataDir), options.overrides ?? {}) as NonNullable<HostOptions['overrides']>;
    // The central token is sealed in config.json, bound to the central's origin; the key is the host secret of this data folder.
    if (typeof o.central?.connectApiToken === 'string') {
      const { connectApiToken: saved, ...rest } = o.central;
      const token = savedCentralToken(options.dataDir, saved, String(o.central.url ?? ''), Boolean(external ?? options.demo), logger);
      o.central = token === undefined ? rest : { ...rest, connectApiToken: token };
    }
    // The Alipay app key is sealed the same way, bound to its app id and gateway.
    if (o.payment?.alipay) {
      const opened = openSavedAlipay(options.dataDir, o.payment.alipay);
      if (opened.problem) logger.warn({ section: 'payment' }, opened.problem);
      o.payment = opened.alipay ? { ...o.payment, alipay: opened.alipay } : {};
    }
    // The SMTP password likewise, bound to its relay and account.
    if (o.mail) {
      const opened = openSavedMail(options.dataDir, o.mail);
      if (opened.problem) logger.warn({ section: 'mail' }, opened.problem);
      o.mail = opened.mail;
    }
    if (o.sarftUpstream && !options.sarftUpstream) o.sarftUpstream = savedSarftUpstream(options.dataDir, o.sarftUpstream);
  } catch (error) {
    throw new HostConfigError(`${join(options.dataDir, 'config.json')}: ${(error as Error).message}`);
  }
  if (!options.demo && !external && !remote && !o.central?.url)
    throw new HostConfigError('give --demo, --central-url with --central-token-file and --cinema-id, or --print-service-url');
  // Flags over config.json. The demo runs with seed 003's example identity and partial refunds (its
  // default simulator takes both); a cinema's host never starts with a placeholder or without an identity.
  const centralBase = {
    // A strict-seed simulator takes no ticket list: there the demo refunds whole bookings, as a real Vista does.
    ...(options.demo ? { ...DEMO_CLIENT_IDENTITY, partialRefunds: options.strictSeed !== true } : {}),
    ...o.central,
    ...options.clientIdentity,
  };
  const cleartext = [
    cleartextProblem({ bind: options.bind, tls: options.tls }),
    remote ? cleartextProblem({ url: remote, what: '--print-service-url' }) : undefined,
    cleartextProblem({ url: external?.url ?? (o.central?.url as string | undefined) ?? 'https://unset', what: 'the central API URL' }),
    cleartextProblem({
      url: options.sarftUpstream?.url ?? (o.sarftUpstream?.url as string | undefined) ?? 'https://unset',
      what: '--sarft-upstream',
    }),
  ].filter((p): p is string => p !== undefined);
  if (cleartext.length > 0 && !options.insecurePlaintext) {
    throw new HostConfigError(
      `${cleartext.join('; ')}: passwords, tokens and customers' codes would cross the network readable by anyone on it. Use --tls (and an https:// URL with --print-service-fingerprint), bind 127.0.0.1, or accept the risk with --insecure-plaintext (KIOSK_INSECURE_PLAINTEXT=1)`,
    );
  }
  if (!options.demo && !remote) {
    const problem = clientIdentityProblem(centralBase);
    if (problem) throw new HostConfigError(`cannot start outside --demo: ${problem}`);
  }
  const printerChoice = options.printer ?? (o.printer?.url as string | undefined) ?? (options.demo ? 'virtual' : undefined);
  if (!printerChoice) throw new HostConfigError('give --printer tcp://HOST:PORT, serial:PATH?baud=N, file:PATH or virtual');

  const demo = options.demo
    ? await startDemoWorld({
        dataDir: options.dataDir,
        ...(external ? { external } : {}),
        virtualPrinter: printerChoice === 'virtual',
        strictSeed: options.strictSeed === true,
      })
    : undefined;
  const virtualPrinter =
    !demo && printerChoice === 'virtual' ? await startVirtualPrinter({ dir: join(options.dataDir, 'virtual-printer') }) : undefined;
  const cleanup = async () => Promise.allSettled([demo?.close(), virtualPrinter?.close()]);
  const central = demo?.central ?? external;
  // The ticket source: the flags' SarftKioskService, the embedded stand-in with --demo --strict-seed, else config.json's.
  const sarftUpstream = options.sarftUpstream ?? (options.strictSeed ? demo?.sarft : undefined);
  const own =
    options.terminal ??
    (demo
      ? { id: demo.terminals[0]!.terminalId, username: demo.terminals[0]!.username, password: demo.terminals[0]!.password }
      : undefined);
  if (!own) {
    await cleanup();
    throw new HostConfigError('give --terminal-id and --terminal-password-file for this kiosk');
  }

  const printerUrl = printerChoice === 'virtual' ? (demo?.printer ?? virtualPrinter)!.url : printerChoice;
  const parsed = parseConfig({
    dataDir: options.dataDir,
    // Flags over the file: the demo's simulator or --central-url, else the technician's saved connection.
    ...(central
      ? { central: { ...centralBase, url: central.url, connectApiToken: central.token, cinemaId: central.cinemaId } }
      : o.central
        ? { central: centralBase }
        : {}),
    ...(sarftUpstream
      ? { sarftUpstream: { ...o.sarftUpstream, ...sarftUpstream } }
      : o.sarftUpstream
        ? { sarftUpstream: o.sarftUpstream }
        : {}),
    printService: {
      ...o.printService,
      port: options.printServicePort,
      host: options.bind ?? (options.tls ? '0.0.0.0' : '127.0.0.1'),
      tls: options.tls ?? false,
    },
    terminal: {
      id: own.id,
      username: own.username ?? own.id,
      password: own.password,
      ...(remote ? { printServiceUrl: remote } : {}),
      ...(options.printServiceFingerprint ? { printServiceFingerprint: options.printServiceFingerprint } : {}),
      ...o.terminal,
    },
    printer: { ...o.printer, url: printerUrl },
    ui: { port: options.uiPort, ...o.ui },
    ...(options.scanners?.length ? { scanners: options.scanners.map(scannerFromUrl) } : o.scanners ? { scanners: o.scanners } : {}),
    sync: { ...o.sync },
    net: { ...o.net, ...(options.insecurePlaintext ? { insecurePlaintext: true } : {}) },
    ...(o.office || options.counterTerminalId
      ? { office: { ...o.office, ...(options.counterTerminalId ? { terminalId: options.counterTerminalId } : {}) } }
      : {}),
    ...(o.slipPrinter ? { slipPrinter: o.slipPrinter } : {}),
    // The demo's gateway simulator and its made-up keys, else the technician's saved Alipay settings.
    ...(demo?.payment
      ? {
          payment: {
            alipay: {
              appId: demo.payment.appId,
              gatewayUrl: demo.payment.gatewayUrl,
              appPrivateKey: demo.payment.appPrivateKey,
              alipayPublicKey: demo.payment.alipayPublicKey,
            },
          },
        }
      : o.payment
        ? { payment: o.payment }
        : {}),
    // The demo's SMTP relay (it stores each message in <data-dir>/mail/), else the technician's saved one.
    ...(demo?.mail
      ? {
          mail: {
            from: 'receipts@cinema-demo.example',
            fromName: '演示影城 Demo Cinema',
            baseDelayMs: 500,
            maxDelayMs: 5_000,
            ...o.mail,
            host: demo.mail.host,
            port: demo.mail.port,
            security: 'none',
            user: demo.mail.user,
            password: demo.mail.password,
          },
        }
      : o.mail
        ? { mail: o.mail }
        : {}),
    ...(o.storage ? { storage: o.storage } : {}),
    // The sale's cache intervals, hold time and cut-off, from config.json (`sale`).
    ...(o.sale ? { sale: o.sale } : {}),
    // The cinema's time zone, from config.json (`cinema.timeZone`).
    ...(o.cinema ? { cinema: o.cinema } : {}),
    ...(options.auditKeyFile || o.audit
      ? { audit: { ...o.audit, ...(options.auditKeyFile ? { keyFile: options.auditKeyFile } : {}) } }
      : {}),
  });
  if (!parsed.ok) {
    await cleanup();
    throw new HostConfigError(`configuration is invalid:\n  ${parsed.problems.join('\n  ')}`);
  }
  const config = parsed.config;
  let core: KioskCore;
  try {
    core = await startKioskCore(config, logger);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const accounts = demo?.terminals.map((t) => ({ id: t.terminalId, username: t.username, password: t.password })) ?? [
    { id: config.terminal.id, username: config.terminal.username, password: config.terminal.password },
  ];
  const auth = core.printService?.auth;
  for (const t of auth ? accounts : []) {
    if (!auth!.isRegistered(t.id)) await auth!.register(t.id, t.username, t.password);
  }
  const limits = netLimits(config.net, config.printService.trustedSources);
  // The caps follow the open-file limit (LimitNOFILE of the service unit): say which ones apply.
  logger.info(
    {
      openFileLimit: openFileLimit(),
      printServiceMaxConnections: limits.printService.caps.max,
      perSource: limits.printService.caps.perSource,
      uiMaxConnections: limits.ui.caps.max,
    },
    'connection caps',
  );
  const ui = await startUiServer({
    port: config.ui.port,
    staticDir: RENDERER_DIST,
    handlers: core.handlers,
    events: core.events,
    logger,
    limits: limits.ui,
    staffSessionValid: core.staffSessionValid,
  });
  return {
    printServiceUrl: core.printServiceUrl.replace('//0.0.0.0:', '//127.0.0.1:'),
    ...(core.printService?.fingerprint ? { fingerprint: core.printService.fingerprint } : {}),
    uiUrl: ui.url,
    ...(central ? { centralUrl: central.url } : {}),
    ...(demo ? { demo } : {}),
    ...(virtualPrinter ? { virtualPrinter } : {}),
    core,
    config,
    stop: async () => {
      await ui.close();
      await core.stop();
      await cleanup();
    },
  };
}

/**
 * The token saved with the central address in config.json. A token sealed for another origin (the
 * address edited by hand) is never used: refused, or left out when the flags give the connection.
 */
function savedCentralToken(dataDir: string, saved: string, url: string, flagsGiveCentral: boolean, logger: Logger): string | undefined {
  if (!isSealed(saved)) return saved;
  if (isSealedWithoutContext(saved)) {
    // Saved by a version that did not bind the token to its origin: bind it to the address beside it now.
    const plain = openSecret(dataDir, saved);
    const section = readConfigFile(dataDir).central;
    if (section && typeof section === 'object')
      writeConfigSection(dataDir, 'central', { ...section, connectApiToken: sealCentralToken(dataDir, plain, url) });
    return plain;
  }
  try {
    return openCentralToken(dataDir, saved, url);
  } catch {
    const problem = `the central token was saved for another address than central.url (${url}): the address was changed outside the technician console, so the token is not sent there`;
    if (flagsGiveCentral) {
      logger.warn({ url }, problem);
      return undefined;
    }
    throw new Error(
      `${problem}. Put the address back in config.json, or start with --central-url, --central-token-file and --cinema-id and enter the token again in the technician console`,
    );
  }
}

/** `serial:/dev/ttyACM0?baud=9600&suffix=CR&prefix=]Q1` → a scanner section (validated by the config schema). */
function scannerFromUrl(url: string): Record<string, unknown> {
  const m = /^serial:([^?]+)(?:\?(.*))?$/u.exec(url);
  if (!m) throw new HostConfigError(`--scanner ${url}: expected serial:PATH?baud=N&suffix=CR|LF|CRLF|none&prefix=TEXT`);
  const q = new URLSearchParams(m[2] ?? '');
  return {
    path: m[1],
    baudRate: Number(q.get('baud') ?? 9600),
    suffix: q.get('suffix') ?? 'CR',
    ...(q.get('prefix') ? { prefix: q.get('prefix') } : {}),
  };
}

export const defaultDataDir = (demo: boolean): string => resolve(demo ? join('.data', 'demo') : join('.data', 'host'));
