import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { printerProfileSchema, type PrinterProfile } from '../../electron/core/config/config';
import { DomainEvents } from '../../electron/core/observability/domain-events';
import { PrinterRegistry } from '../../electron/core/printing/printer-registry';
import { TicketPrinter } from '../../electron/core/printing/ticket-printer';
import { buildSlipBytes } from '../../electron/core/printing/slip-layout';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { startSocat } from '../support/socat';

const profileFor = (url: string, more: Partial<PrinterProfile> = {}): PrinterProfile =>
  printerProfileSchema.parse({ url, ticketTimeoutMs: 1_000, ...more });
const slipBytes = (title: string, profile: PrinterProfile) =>
  buildSlipBytes({ heading: 'Cinema 影院', title, lines: ['line 1', '¥45.00'] }, profile);

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('TicketPrinter against the virtual printer over TCP', () => {
  let printer: RunningVirtualPrinter;
  let registry: PrinterRegistry;
  let tickets: TicketPrinter;
  const dir = tempDir('ticket-printer');

  beforeAll(async () => {
    printer = await startVirtualPrinter({ dir: join(dir, 'captures') });
  });
  afterAll(async () => {
    await printer?.close();
  });
  beforeEach(() => {
    printer.setCondition({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false });
    printer.setFaults({});
    registry = new PrinterRegistry(profileFor(printer.url), undefined);
    tickets = new TicketPrinter(registry);
  });

  it('prints a document: status before, the bytes, the confirmation, the status after', async () => {
    const bytes = slipBytes('one', tickets.profile);
    const before = printer.jobs().length;
    const reply = await tickets.printDocument(bytes, undefined, { statusAfter: true });
    expect(reply).toEqual({ outcome: 'printed', status: { state: 'ready', ready: true } });
    const job = (
      await eventually(
        async () => printer.jobs(),
        (j) => j.length > before,
      )
    ).at(-1)!;
    expect(job.bytes).toBe(bytes.length);
    expect(job.unprintedBytes).toBe(0);
  });

  it('sends nothing to a printer that is not ready, and does not call the step before the first byte', async () => {
    printer.setCondition({ paperOut: true });
    let asked = false;
    const before = printer.jobs().length;
    const reply = await tickets.printDocument(slipBytes('none', tickets.profile), () => (asked = true));
    expect(reply).toMatchObject({ outcome: 'not-ready', status: { state: 'paper-out', ready: false } });
    expect(asked).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(printer.jobs().length).toBe(before);
  });

  it('sends nothing when the step before the first byte calls the job off', async () => {
    const before = printer.jobs().length;
    expect(await tickets.printDocument(slipBytes('off', tickets.profile), () => false)).toMatchObject({
      outcome: 'cancelled',
      status: { ready: true },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(printer.jobs().length).toBe(before);
  });

  it('answers not-ready (offline) when the printer cannot be reached', async () => {
    registry.replace('ticket', profileFor(`tcp://127.0.0.1:${await closedPort()}`));
    expect(await tickets.printDocument(slipBytes('x', tickets.profile))).toMatchObject({
      outcome: 'not-ready',
      status: { state: 'offline', ready: false },
    });
    expect(await tickets.status()).toMatchObject({ state: 'offline', ready: false });
  });

  it('reads the status before each further document of a run and stops when the paper ran out', async () => {
    printer.setFaults({ paperOutAfterCuts: 1 });
    const result = await tickets.run(async (run) => {
      const first = await run.print(slipBytes('first', run.profile));
      const second = await run.print(slipBytes('second', run.profile));
      return [first, second];
    });
    expect(result).toEqual({ ready: true, value: ['printed', 'not-ready'] });
  });

  it('marks a document unconfirmed as unknown, clears the buffer and sends nothing more in the run', async () => {
    printer.setFaults({ paperOutAfterBytes: 40 });
    const before = printer.jobs().length;
    const result = await tickets.run(async (run) => [
      await run.print(slipBytes('cut short', run.profile)),
      await run.print(slipBytes('never', run.profile)),
    ]);
    expect(result).toEqual({ ready: true, value: ['unknown', 'not-ready'] });
    const job = (
      await eventually(
        async () => printer.jobs(),
        (j) => j.length > before,
      )
    ).at(-1)!;
    // Part of it came out; the rest was cleared from the printer's buffer, not left waiting for paper.
    expect(job.bytes).toBeLessThan(slipBytes('cut short', tickets.profile).length);
    expect(job.unprintedBytes).toBe(0);
  });

  it('sends the next job to the printer the registry holds now, and announces the change', async () => {
    const other = await startVirtualPrinter({ dir: join(dir, 'other') });
    try {
      const events = new DomainEvents();
      const changes: unknown[] = [];
      events.on('printer.changed', (change) => changes.push(change));
      const live = new PrinterRegistry(profileFor(printer.url), undefined, events);
      const onLive = new TicketPrinter(live);
      live.replace('ticket', profileFor(other.url, { paperWidthMm: 58 }));
      expect(changes).toEqual([{ role: 'ticket' }]);
      expect(onLive.profile.paperWidthMm).toBe(58);
      expect((await onLive.printDocument(slipBytes('moved', onLive.profile))).outcome).toBe('printed');
      await eventually(
        async () => other.jobs(),
        (j) => j.length === 1,
      );
    } finally {
      await other.close();
    }
  });

  it('sends slips to the ticket printer until a slip printer is set up, then to the slip printer', async () => {
    const slips = new TicketPrinter(registry, 'slip');
    expect(slips.profile).toBe(registry.current('ticket').profile);
    const other = await startVirtualPrinter({ dir: join(dir, 'slips') });
    try {
      registry.replace('slip', profileFor(other.url));
      expect((await slips.printDocument(slipBytes('slip', slips.profile))).outcome).toBe('printed');
      await eventually(
        async () => other.jobs(),
        (j) => j.length === 1,
      );
    } finally {
      await other.close();
    }
  });

  it('keeps the preview of the last job for the technician', async () => {
    const bytes = slipBytes('preview', tickets.profile);
    await tickets.printDocument(bytes, () => {
      tickets.resetPreview(bytes);
      return true;
    });
    expect(tickets.lastJobBytes()).toEqual(bytes);
  });
});

describe('TicketPrinter over a serial line (a pty bridged by socat to the virtual printer)', () => {
  it('prints and confirms a document', async () => {
    const dir = tempDir('ticket-printer-serial');
    const printer = await startVirtualPrinter({ dir: join(dir, 'captures') });
    const link = join(dir, 'ttyPRINTER');
    const bridge = await startSocat(`pty,raw,echo=0,link=${link}`, `tcp:127.0.0.1:${printer.port}`, [link]);
    try {
      const tickets = new TicketPrinter(new PrinterRegistry(profileFor(`serial:${link}?baud=38400`), undefined));
      expect(await tickets.printDocument(slipBytes('serial', tickets.profile), undefined, { statusAfter: true })).toEqual({
        outcome: 'printed',
        status: { state: 'ready', ready: true },
      });
    } finally {
      await bridge.stop();
      await printer.close();
    }
  });
});
