import { createHash } from 'node:crypto';
import { silentLogger } from '../../electron/core/observability/logger';
import { startHost, type HostOptions, type RunningHost } from '../../electron/host/host';
import { PrintServiceClient } from '../../electron/core/print-service/print-service.client';
import type { DemoBooking, DemoState } from '../../electron/simulator/central-sim.state';
import { tempDir } from './host-process';

/**
 * The demo host in this process: real simulator, real print service, real virtual printer, real SQLite file.
 * `strictSeed`: the simulator answers only what seed 003 shows, and the tickets come from its
 * SarftKioskService stand-in (the `vista-sarft` ticket source).
 */
export function startDemoHost(overrides: HostOptions['overrides'] = {}, options: { strictSeed?: boolean } = {}): Promise<RunningHost> {
  // A printer URL in the overrides replaces the demo's virtual printer.
  return startHost(
    {
      demo: true,
      ...(options.strictSeed ? { strictSeed: true } : {}),
      dataDir: tempDir('kiosk-it'),
      printServicePort: 0,
      uiPort: 0,
      ...(overrides.printer?.url ? {} : { printer: 'virtual' }),
      overrides,
    },
    silentLogger(),
  );
}

/** A print-service client logged in as one of the demo terminals (0: this kiosk, 1: a second kiosk). */
export function terminalClient(host: RunningHost, index: number): PrintServiceClient {
  const t = host.demo!.terminals[index]!;
  return new PrintServiceClient({
    baseUrl: host.printServiceUrl,
    terminalId: t.terminalId,
    username: t.username,
    password: t.password,
    timeoutMs: 10_000,
  });
}

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Hands out demo bookings of a state, each once per host. */
export function bookingPicker(host: RunningHost): (state: DemoState, tickets?: number) => DemoBooking {
  const used = new Set<number>();
  return (state, tickets) => {
    const found = host
      .demo!.sim!.state.demoBookings()
      .find((b) => b.state === state && (tickets === undefined || b.ticketCount === tickets) && !used.has(b.bookingNumber));
    if (found) {
      used.add(found.bookingNumber);
      return found;
    }
    if (state !== 'unprinted') throw new Error(`no ${state} demo booking left`);
    const made = host.demo!.sim!.state.createBooking({ ticketCount: tickets ?? 1 });
    used.add(made.bookingNumber);
    return host.demo!.sim!.state.demoBookings().find((b) => b.bookingNumber === made.bookingNumber)!;
  };
}
