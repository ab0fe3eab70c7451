import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readJson, startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { simGet, simSend, eventually, type SimBookingView } from '../support/sim-control';
import { uiClient } from '../support/ui-client';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { ticketSourceModes } from '../support/ticket-source-modes';

/** 50 races in all, split between the two ticket sources (CI time). */
const RACES = 25;

describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let host: HostProcess;
  const kiosks: HostProcess[] = [];
  const printers: RunningVirtualPrinter[] = [];

  beforeAll(async () => {
    host = await startHostProcess(['--demo', ...(strictSeed ? ['--strict-seed'] : [])]);
    const terminals = readJson<{ terminalId: string; password: string }[]>(join(host.dataDir, 'demo-terminals.json'));
    for (const t of terminals.slice(0, 2)) {
      // Each kiosk's own printer, a real one's pace (it takes its time to accept a ticket), so that
      // the race is one: the loser asks while the winner is still printing.
      const printer = await startVirtualPrinter({ dir: join(tempDir(`printer-${t.terminalId}`), 'captures') });
      printer.setFaults({ acceptDelayMs: 15 });
      printers.push(printer);
      kiosks.push(
        await startHostProcess(
          [
            '--print-service-url',
            host.printServiceUrl,
            '--terminal-id',
            t.terminalId,
            '--terminal-password',
            t.password,
            '--printer',
            printer.url,
          ],
          { dataDir: tempDir(`kiosk-${t.terminalId}`) },
        ),
      );
    }
  });

  afterAll(async () => {
    // A kiosk that died during the races says why.
    for (const k of kiosks)
      if (k.child.exitCode !== null || k.child.signalCode)
        console.log(`kiosk exited (${k.child.exitCode ?? k.child.signalCode}):\n${k.stderr().slice(-3000)}`);
    await Promise.all(kiosks.map((k) => k.stop()));
    await host?.stop();
    await Promise.all(printers.map((p) => p.close()));
  });

  const printedQrs = (printer: RunningVirtualPrinter): string[] => printer.jobs().flatMap((j) => j.qrPayloads);

  describe('two remote kiosks (own processes, own printers) racing through one print service', () => {
    it(`prints every ticket exactly once over ${RACES} races; the loser gets 2010; central sees each ticket collected once`, async () => {
      const [a, b] = await Promise.all(kiosks.map((k) => uiClient(k.uiUrl)));
      const losers: string[] = [];
      const bookings: DemoBooking[] = [];
      for (let i = 0; i < RACES; i += 1) {
        const booking = await simSend<DemoBooking>(host.centralUrl, 'POST', '/__sim/bookings', {
          ticketCount: 2,
          sessionId: ['29617', '29618', '29619'][i % 3],
        }).catch((e: Error) => {
          throw new Error(`sim: ${e.message}`);
        });
        bookings.push(booking);
        const input = { printNo: booking.printNo, verifyCode: booking.verifyCode };
        const label = (name: string) => (e: Error) => {
          throw new Error(`${name}: ${e.message}`);
        };
        const results = await Promise.all([
          a!('kiosk.collect', input).catch(label('kiosk A')),
          b!('kiosk.collect', input).catch(label('kiosk B')),
        ]);
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        expect(winners[0]).toMatchObject({ ok: true, value: { printed: 2, failed: 0, unknown: 0 } });
        const loser = results.find((r) => !r.ok);
        losers.push(loser && !loser.ok ? loser.error.code : 'none');
      }
      expect(losers.every((code) => code === 'CLAIMED_ELSEWHERE')).toBe(true);

      await eventually(
        async () => printers.flatMap((p) => printedQrs(p)).length,
        (n) => n === RACES * 2,
      );
      const printed = printers.flatMap((p) => printedQrs(p));
      expect(printed).toHaveLength(RACES * 2);
      expect(new Set(printed).size).toBe(RACES * 2);
      expect(printers.every((p) => printedQrs(p).length > 0)).toBe(true);

      for (const booking of bookings) {
        const view = await eventually(
          () => simGet<SimBookingView>(host.centralUrl, `/__sim/bookings/${booking.bookingNumber}`),
          (v) => v.effects.collected === 2,
        );
        expect(view.effects.collected).toBe(2);
        expect(view.booking.Tickets.map((t) => t.TicketInfoCode).every((qr) => printed.includes(qr))).toBe(true);
      }
    });
  });
});
