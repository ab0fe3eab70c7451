import { parseArgs } from 'node:util';
import { createLogger } from '../core/app/logger';
import { defaultDataDir, HostConfigError, startHost } from './host';

/**
 * `npm run headless -- [--demo] [--data-dir DIR] [--central-url URL --central-token TOKEN --cinema-id ID]
 *  [--print-service-port N] [--ui-port N] [--printer tcp://HOST:PORT | file:PATH | virtual]`
 */
const USAGE = `usage: npm run headless -- [--demo] [--data-dir DIR]
  [--central-url URL --central-token TOKEN --cinema-id ID]
  [--print-service-port N] [--ui-port N] [--printer tcp://HOST:PORT | file:PATH | virtual]
  [--terminal-id ID [--terminal-user NAME] --terminal-password PASSWORD]
  [--tls] [--bind ADDRESS] [--insecure-plaintext]
  [--print-service-url URL [--print-service-fingerprint AA:BB:...]]
  [--scanner serial:/dev/ttyACM0?baud=9600&suffix=CR]
  printer: tcp://HOST:PORT | serial:/dev/ttyUSB0?baud=38400&parity=none&flow=rtscts | file:/dev/usb/lp0 | virtual`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'central-url': { type: 'string', default: process.env.KIOSK_CENTRAL_URL },
      'central-token': { type: 'string', default: process.env.KIOSK_CENTRAL_TOKEN },
      'cinema-id': { type: 'string', default: process.env.KIOSK_CINEMA_ID },
      'print-service-port': { type: 'string', default: process.env.KIOSK_PRINT_SERVICE_PORT ?? '0' },
      'ui-port': { type: 'string', default: process.env.KIOSK_UI_PORT ?? '0' },
      printer: { type: 'string', default: process.env.KIOSK_PRINTER },
      'terminal-id': { type: 'string', default: process.env.KIOSK_TERMINAL_ID },
      'terminal-user': { type: 'string', default: process.env.KIOSK_TERMINAL_USER },
      'terminal-password': { type: 'string', default: process.env.KIOSK_TERMINAL_PASSWORD },
      tls: { type: 'boolean', default: process.env.KIOSK_TLS === '1' },
      bind: { type: 'string', default: process.env.KIOSK_BIND },
      'insecure-plaintext': { type: 'boolean', default: process.env.KIOSK_INSECURE_PLAINTEXT === '1' },
      'print-service-url': { type: 'string', default: process.env.KIOSK_PRINT_SERVICE_URL },
      'print-service-fingerprint': { type: 'string', default: process.env.KIOSK_PRINT_SERVICE_FINGERPRINT },
      scanner: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = (name: 'print-service-port' | 'ui-port'): number => {
  const value = Number(parsed[name]);
  if (!Number.isInteger(value) || value < 0 || value > 65535) fail(`--${name} must be a port number (0 for any free port)`);
  return value;
};
if (Boolean(parsed['terminal-id']) !== Boolean(parsed['terminal-password'])) fail('--terminal-id and --terminal-password go together');

const logger = createLogger();
try {
  const host = await startHost(
    {
      demo: parsed.demo,
      dataDir: parsed['data-dir'] ?? defaultDataDir(parsed.demo),
      ...(parsed['central-url'] ? { centralUrl: parsed['central-url'] } : {}),
      ...(parsed['central-token'] ? { centralToken: parsed['central-token'] } : {}),
      ...(parsed['cinema-id'] ? { cinemaId: parsed['cinema-id'] } : {}),
      printServicePort: port('print-service-port'),
      uiPort: port('ui-port'),
      ...(parsed.printer ? { printer: parsed.printer } : {}),
      ...(parsed['terminal-id'] ? { terminal: { id: parsed['terminal-id'], password: parsed['terminal-password']!, ...(parsed['terminal-user'] ? { username: parsed['terminal-user'] } : {}) } } : {}),
      tls: parsed.tls,
      ...(parsed.scanner ? { scanners: parsed.scanner } : {}),
      ...(parsed.bind ? { bind: parsed.bind } : {}),
      ...(parsed['insecure-plaintext'] ? { insecurePlaintext: true } : {}),
      ...(parsed['print-service-url'] ? { printServiceUrl: parsed['print-service-url'] } : {}),
      ...(parsed['print-service-fingerprint'] ? { printServiceFingerprint: parsed['print-service-fingerprint'] } : {}),
    },
    logger,
  );
  if (host.demo) printDemoCodes(host.demo.bookings, host.uiUrl);
  // Terminals pin this fingerprint (--print-service-fingerprint); it is printed alone on its line.
  if (host.fingerprint) console.log(host.fingerprint);
  console.log(`READY print-service=${host.printServiceUrl} ui=${host.uiUrl}${host.demo?.sim ? ` central=${host.centralUrl}` : ''}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => process.exit(1), 1_800).unref();
    host.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  if (error instanceof HostConfigError) fail(error.message);
  console.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
}

function printDemoCodes(bookings: { printNo: string; verifyCode: string; ticketCount: number; state: string }[], uiUrl: string): void {
  console.log('Demo pickup codes (pickup number / verify code):');
  for (const b of bookings) console.log(`  ${b.printNo}  ${b.verifyCode}  ${b.ticketCount} ticket(s)  ${b.state}`);
  console.log(`Staff consoles: ${uiUrl}/tech (first run: create the technician, then staff accounts) and ${uiUrl}/office (box office).`);
}
