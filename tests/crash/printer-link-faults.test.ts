import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { startFaultProxy } from '../support/tcp-fault-proxy';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { ticketSourceModes } from '../support/ticket-source-modes';

let printer: RunningVirtualPrinter;
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let host: RunningHost;

  beforeAll(async () => {
    printer = await startVirtualPrinter({ dir: join(tempDir('link-faults'), 'printer') });
    proxy = await startFaultProxy({ host: '127.0.0.1', port: printer.port });
    // The claim outlives one ticket's time-out, as the defaults do (120 s against 15 s a ticket).
    host = await startDemoHost({ printer: { url: proxy.url, ticketTimeoutMs: 800 }, printService: { claimTtlSeconds: 2 } }, { strictSeed });
  });
  afterAll(async () => {
    await host?.stop();
    await proxy?.close();
    await printer?.close();
  });

  const codeOf = (lines: string[]) => lines.map((l) => /Ticket: (\d{16})/u.exec(l)?.[1]).find(Boolean);

  /** Each ticket's state must match what the printer really got: printed only if it came out whole, unprinted only if none of it came out. */
  async function expectStatesMatchPrinter(bookingNumber: number): Promise<string[]> {
    await new Promise((r) => setTimeout(r, 2_300)); // claims of unreported tickets run out
    await host.core.printService!.service.query({ printNo: String(bookingNumber) }, { terminalId: 't', sessionId: 's' });
    const jobs = printer.jobs();
    const whole = new Set(jobs.flatMap((j) => j.pieces.slice(0, j.cuts).map((p) => codeOf(p.lines))));
    const seen = new Set(jobs.flatMap((j) => j.pieces.map((p) => codeOf(p.lines))));
    const tickets = host.core.db
      .prepare('SELECT ticket_code, state FROM tickets WHERE booking_number = ? ORDER BY sequence')
      .all(bookingNumber) as { ticket_code: string; state: string }[];
    for (const t of tickets) {
      if (t.state === 'printed') expect(whole.has(t.ticket_code)).toBe(true);
      else if (t.state === 'unprinted') expect(seen.has(t.ticket_code)).toBe(false);
      else expect(t.state).toBe('unknown');
    }
    return tickets.map((t) => t.state);
  }

  describe('faults on the link between the host and the printer (a TCP fault proxy)', () => {
    it('latency: everything prints, a little later', async () => {
      proxy.setFaults({ latencyMs: 80 });
      const b = bookingPicker(host)('unprinted', 2);
      expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: true,
        value: { printed: 2 },
      });
      expect(await expectStatesMatchPrinter(b.bookingNumber)).toEqual(['printed', 'printed']);
    });

    it('reset in the middle of the second ticket: the first printed, the second unknown, the rest unprinted', async () => {
      proxy.setFaults({ resetAfterBytes: 700 });
      const b = bookingPicker(host)('unprinted', 4);
      expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: true,
        value: { printed: 1, unknown: 1, failed: 2 },
      });
      await eventually(
        async () => printer.jobs().length,
        (n) => n > 0,
      );
      expect(await expectStatesMatchPrinter(b.bookingNumber)).toEqual(['printed', 'unknown', 'unprinted', 'unprinted']);
    });

    it('silent hang in the middle of a ticket: unknown after the ticket time-out, never printed twice', async () => {
      proxy.setFaults({ hangAfterBytes: 300 });
      const b = bookingPicker(host)('unprinted', 2);
      expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: true,
        value: { printed: 0, unknown: 1, failed: 1 },
      });
      expect(await expectStatesMatchPrinter(b.bookingNumber)).toEqual(['unknown', 'unprinted']);
      proxy.setFaults({});
      expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: false,
        error: { code: 'TICKET_UNKNOWN' },
      });
    });
  });
});
