import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../core/observability/logger';
import { StoreDamagedError } from '../core/storage/database';
import { AuditKeyError } from '../core/audit/audit-key';
import { defaultDataDir, HostConfigError, startHost } from './host';

/**
 * `npm run headless -- [--demo] [--data-dir DIR] [--central-url URL --central-token-file FILE --cinema-id ID]
 *  [--print-service-port N] [--ui-port N] [--printer tcp://HOST:PORT | file:PATH | virtual]`
 */
const USAGE = `usage: npm run headless -- [--demo [--strict-seed]] [--data-dir DIR]
  [--central-url URL --central-token-file FILE --cinema-id ID]
  [--client-class C --client-id ID --client-name NAME]   the client identity Vista issued with the token
    (OptionalClientClass/Id/Name; required outside --demo, and never seed 003's 111.111.111.111 / 3rdParty)
  [--sarft-upstream URL --sarft-upstream-user U --sarft-upstream-password-file FILE]   the cinema's SarftKioskService as the ticket source
  [--print-service-port N] [--ui-port N] [--printer tcp://HOST:PORT | file:PATH | virtual]
  [--terminal-id ID [--terminal-user NAME] --terminal-password-file FILE]
  [--counter-terminal-id ID]   the box office's own print-service terminal id (default COUNTER-01)
  [--tls] [--bind ADDRESS] [--insecure-plaintext]
  [--print-service-url URL [--print-service-fingerprint AA:BB:...]]
  [--scanner serial:/dev/ttyACM0?baud=9600&suffix=CR]
  [--audit-key-file FILE]   HMAC key of the audit chain, outside the data folder (made when absent)
  printer: tcp://HOST:PORT | serial:/dev/ttyUSB0?baud=38400&parity=none&flow=rtscts | file:/dev/usb/lp0 | virtual
  secrets: --central-token-file, --terminal-password-file and --sarft-upstream-password-file (or KIOSK_*_FILE)
    read the secret from an owner-only file; --central-token TOKEN and --terminal-password PASSWORD still work
    but every user of the machine sees them in ps`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      'strict-seed': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'central-url': { type: 'string', default: process.env.KIOSK_CENTRAL_URL },
      'central-token': { type: 'string', default: process.env.KIOSK_CENTRAL_TOKEN },
      'central-token-file': { type: 'string', default: process.env.KIOSK_CENTRAL_TOKEN_FILE },
      'sarft-upstream': { type: 'string', default: process.env.KIOSK_SARFT_UPSTREAM },
      'sarft-upstream-user': { type: 'string', default: process.env.KIOSK_SARFT_UPSTREAM_USER },
      'sarft-upstream-password': { type: 'string', default: process.env.KIOSK_SARFT_UPSTREAM_PASSWORD },
      'sarft-upstream-password-file': { type: 'string', default: process.env.KIOSK_SARFT_UPSTREAM_PASSWORD_FILE },
      'cinema-id': { type: 'string', default: process.env.KIOSK_CINEMA_ID },
      'client-class': { type: 'string', default: process.env.KIOSK_CLIENT_CLASS },
      'client-id': { type: 'string', default: process.env.KIOSK_CLIENT_ID },
      'client-name': { type: 'string', default: process.env.KIOSK_CLIENT_NAME },
      'print-service-port': { type: 'string', default: process.env.KIOSK_PRINT_SERVICE_PORT ?? '0' },
      'ui-port': { type: 'string', default: process.env.KIOSK_UI_PORT ?? '0' },
      printer: { type: 'string', default: process.env.KIOSK_PRINTER },
      'terminal-id': { type: 'string', default: process.env.KIOSK_TERMINAL_ID },
      'terminal-user': { type: 'string', default: process.env.KIOSK_TERMINAL_USER },
      'terminal-password': { type: 'string', default: process.env.KIOSK_TERMINAL_PASSWORD },
      'terminal-password-file': { type: 'string', default: process.env.KIOSK_TERMINAL_PASSWORD_FILE },
      'counter-terminal-id': { type: 'string', default: process.env.KIOSK_COUNTER_TERMINAL_ID },
      tls: { type: 'boolean', default: process.env.KIOSK_TLS === '1' },
      bind: { type: 'string', default: process.env.KIOSK_BIND },
      'insecure-plaintext': { type: 'boolean', default: process.env.KIOSK_INSECURE_PLAINTEXT === '1' },
      'print-service-url': { type: 'string', default: process.env.KIOSK_PRINT_SERVICE_URL },
      'print-service-fingerprint': { type: 'string', default: process.env.KIOSK_PRINT_SERVICE_FINGERPRINT },
      scanner: { type: 'string', multiple: true },
      'audit-key-file': { type: 'string', default: process.env.KIOSK_AUDIT_KEY_FILE },
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
// Files this host makes (the database, config.json, the host secret) are for the service user only.
process.umask(0o077);
/** A secret from its file (one trailing newline dropped), else from the flag, which `ps` shows to every user: warned. */
const secret = (name: 'central-token' | 'terminal-password' | 'sarft-upstream-password'): string | undefined => {
  const file = parsed[`${name}-file`];
  if (file !== undefined && parsed[name] !== undefined) fail(`give --${name} or --${name}-file, not both`);
  if (file === undefined) {
    if (process.argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`)))
      console.error(`warning: --${name} is visible to every user of this machine in ps; use --${name}-file FILE instead`);
    return parsed[name];
  }
  let value: string;
  try {
    value = readFileSync(file, 'utf8').replace(/\r?\n$/u, '');
  } catch (error) {
    fail(`--${name}-file: ${(error as Error).message}`);
  }
  if (!value) fail(`--${name}-file ${file} is empty`);
  return value;
};
const centralToken = secret('central-token');
const terminalPassword = secret('terminal-password');
const sarftPassword = secret('sarft-upstream-password');
if ([parsed['sarft-upstream'], parsed['sarft-upstream-user'], sarftPassword].filter(Boolean).length % 3 !== 0)
  fail('--sarft-upstream, --sarft-upstream-user and --sarft-upstream-password-file go together');
if (Boolean(parsed['terminal-id']) !== Boolean(terminalPassword)) fail('--terminal-id and --terminal-password-file go together');

const logger = createLogger();
try {
  const host = await startHost(
    {
      demo: parsed.demo,
      ...(parsed['strict-seed'] ? { strictSeed: true } : {}),
      dataDir: parsed['data-dir'] ?? defaultDataDir(parsed.demo),
      ...(parsed['central-url'] ? { centralUrl: parsed['central-url'] } : {}),
      ...(centralToken ? { centralToken } : {}),
      ...(parsed['sarft-upstream'] && parsed['sarft-upstream-user'] && sarftPassword
        ? { sarftUpstream: { url: parsed['sarft-upstream'], username: parsed['sarft-upstream-user'], password: sarftPassword } }
        : {}),
      ...(parsed['cinema-id'] ? { cinemaId: parsed['cinema-id'] } : {}),
      clientIdentity: {
        ...(parsed['client-class'] ? { optionalClientClass: parsed['client-class'] } : {}),
        ...(parsed['client-id'] ? { optionalClientId: parsed['client-id'] } : {}),
        ...(parsed['client-name'] ? { optionalClientName: parsed['client-name'] } : {}),
      },
      printServicePort: port('print-service-port'),
      uiPort: port('ui-port'),
      ...(parsed.printer ? { printer: parsed.printer } : {}),
      ...(parsed['terminal-id']
        ? {
            terminal: {
              id: parsed['terminal-id'],
              password: terminalPassword!,
              ...(parsed['terminal-user'] ? { username: parsed['terminal-user'] } : {}),
            },
          }
        : {}),
      ...(parsed['counter-terminal-id'] ? { counterTerminalId: parsed['counter-terminal-id'] } : {}),
      tls: parsed.tls,
      ...(parsed.scanner ? { scanners: parsed.scanner } : {}),
      ...(parsed.bind ? { bind: parsed.bind } : {}),
      ...(parsed['audit-key-file'] ? { auditKeyFile: parsed['audit-key-file'] } : {}),
      ...(parsed['insecure-plaintext'] ? { insecurePlaintext: true } : {}),
      ...(parsed['print-service-url'] ? { printServiceUrl: parsed['print-service-url'] } : {}),
      ...(parsed['print-service-fingerprint'] ? { printServiceFingerprint: parsed['print-service-fingerprint'] } : {}),
    },
    logger,
  );
  if (host.demo) printDemoCodes(host.demo.bookings, host.uiUrl);
  if (host.core.firstRunCode) printFirstRunCode(host.core.firstRunCode, host.config.dataDir, host.uiUrl);
  // Terminals pin this fingerprint (--print-service-fingerprint); it is printed alone on its line.
  if (host.fingerprint) console.log(host.fingerprint);
  console.log(
    `READY print-service=${host.printServiceUrl} ui=${host.uiUrl}${host.demo?.sim ? ` central=${host.centralUrl}` : ''}${host.demo?.sarft ? ` sarft=${host.demo.sarft.url}` : ''}`,
  );

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
  if (error instanceof HostConfigError || error instanceof AuditKeyError) fail(error.message);
  if (error instanceof StoreDamagedError) {
    console.error(`cannot start: ${error.message}`);
    process.exit(3);
  }
  console.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
}

function printDemoCodes(bookings: { printNo: string; verifyCode: string; ticketCount: number; state: string }[], uiUrl: string): void {
  console.log('Demo pickup codes (pickup number / verify code):');
  for (const b of bookings) console.log(`  ${b.printNo}  ${b.verifyCode}  ${b.ticketCount} ticket(s)  ${b.state}`);
  console.log(`Staff consoles: ${uiUrl}/tech (first run: create the technician, then staff accounts) and ${uiUrl}/office (box office).`);
}

/** Out of band on purpose: whoever reaches the UI port cannot see this console or the 0600 file. */
function printFirstRunCode(code: string, dataDir: string, uiUrl: string): void {
  console.log(`FIRST-RUN CODE ${code}`);
  console.log(`  No technician exists yet: open ${uiUrl}/tech and type this one-time code (also in ${join(dataDir, 'first-run-code')}),`);
  console.log('  or run: npm run staff -- add --username NAME --role technician --data-dir DIR (password on stdin or --password-file).');
}
