import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { startCentralSim, type RunningCentralSim } from '../simulator/central-sim.server';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../simulator/virtual-printer';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../simulator/alipay-gateway/alipay-sim.server';
import type { DemoBooking } from '../simulator/central-sim.state';
import { startSmtpSink, type RunningSmtpSink } from '../simulator/smtp-sink/smtp-sink.server';

/** Demo wiring: the embedded (or an external) simulator, the virtual printer and the demo files. */
export interface DemoTerminal {
  terminalId: string;
  username: string;
  password: string;
}

export interface DemoWorld {
  central: { url: string; token: string; cinemaId: string };
  /** The embedded simulator's SarftKioskService stand-in (the cinema's local service): its URL and account. */
  sarft?: { url: string; username: string; password: string };
  sim?: RunningCentralSim;
  printer?: RunningVirtualPrinter;
  /** The embedded Alipay gateway simulator and the demo app's keys, made at start (never committed). */
  payment?: { gatewayUrl: string; appId: string; appPrivateKey: string; alipayPublicKey: string; sim: RunningAlipaySim };
  /** The embedded SMTP relay: every e-mailed receipt lands as a file in `<data-dir>/mail/`. */
  mail?: RunningSmtpSink;
  terminals: DemoTerminal[];
  bookings: DemoBooking[];
  close(): Promise<void>;
}

/**
 * The embedded demo is a fresh world on every start: a new simulator means new bookings, so the
 * store and printer captures of an earlier run are cleared with it. With an external simulator
 * (`--central-url`) everything is kept.
 */
export async function startDemoWorld(options: {
  dataDir: string;
  external?: { url: string; token: string; cinemaId: string };
  virtualPrinter: boolean;
  /** The embedded simulator answers only what seed 003 shows. */
  strictSeed?: boolean;
}): Promise<DemoWorld> {
  let sim: RunningCentralSim | undefined;
  let pay: RunningAlipaySim | undefined;
  let mail: RunningSmtpSink | undefined;
  let central = options.external;
  if (!central) {
    for (const file of ['kiosk.sqlite', 'kiosk.sqlite-wal', 'kiosk.sqlite-shm', 'virtual-printer', 'mail'])
      rmSync(join(options.dataDir, file), { recursive: true, force: true });
    sim = await startCentralSim({ seed: Date.now() % 100_000, strictSeed: options.strictSeed === true });
    central = { url: sim.baseUrl, token: sim.token, cinemaId: sim.cinemaId };
    pay = await startAlipayGatewaySim();
    mail = await startSmtpSink({ dir: join(options.dataDir, 'mail') });
  }
  const payment = pay
    ? {
        gatewayUrl: pay.gatewayUrl,
        appId: pay.appId,
        appPrivateKey: pay.appPrivateKeyPem!,
        alipayPublicKey: pay.alipayPublicKeyPem,
        sim: pay,
      }
    : undefined;
  const printer = options.virtualPrinter ? await startVirtualPrinter({ dir: join(options.dataDir, 'virtual-printer') }) : undefined;
  const bookings = sim ? sim.state.demoBookings() : await fetchSimBookings(central.url);
  const terminals = demoTerminals(options.dataDir);

  writeFileSync(join(options.dataDir, 'demo-bookings.json'), JSON.stringify(bookings, null, 2));
  const demoJson = join(options.dataDir, 'demo.json');
  writeFileSync(
    demoJson,
    JSON.stringify(
      {
        centralUrl: central.url,
        connectApiToken: central.token,
        cinemaId: central.cinemaId,
        ...(payment
          ? {
              paymentGatewayUrl: payment.gatewayUrl,
              alipayAppId: payment.appId,
              alipayAppPrivateKey: payment.appPrivateKey,
              alipayPublicKey: payment.alipayPublicKey,
            }
          : {}),
        ...(mail ? { smtpHost: mail.host, smtpPort: mail.port, smtpUser: mail.user, smtpPassword: mail.password, mailDir: mail.dir } : {}),
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  chmodSync(demoJson, 0o600);
  return {
    central,
    ...(sim ? { sim, sarft: { url: sim.sarft.url, username: sim.sarft.username, password: sim.sarft.password } } : {}),
    ...(printer ? { printer } : {}),
    ...(payment ? { payment } : {}),
    ...(mail ? { mail } : {}),
    terminals,
    bookings,
    close: async () => {
      await Promise.allSettled([sim?.close(), printer?.close(), pay?.close(), mail?.close()]);
    },
  };
}

/** Two terminal accounts for the print service: this kiosk's own and one for a second kiosk. */
function demoTerminals(dataDir: string): DemoTerminal[] {
  const path = join(dataDir, 'demo-terminals.json');
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DemoTerminal[];
  const terminals = ['KIOSK-01', 'KIOSK-02'].map((terminalId) => ({
    terminalId,
    username: terminalId,
    password: randomBytes(12).toString('base64url'),
  }));
  writeFileSync(path, JSON.stringify(terminals, null, 2), { mode: 0o600 });
  return terminals;
}

async function fetchSimBookings(centralUrl: string): Promise<DemoBooking[]> {
  const origin = new URL(centralUrl).origin;
  const response = await request(`${origin}/__sim/bookings`, { signal: AbortSignal.timeout(5_000) });
  if (response.statusCode !== 200) throw new Error(`${origin}/__sim/bookings answered ${response.statusCode}`);
  return (await response.body.json()) as DemoBooking[];
}
