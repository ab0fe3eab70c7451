import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import type { StoredJob } from '../../electron/simulator/virtual-printer';
import { eventually } from '../support/sim-control';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { sourceQrCodes, ticketSourceModes } from '../support/ticket-source-modes';

describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let host: RunningHost;
  let pick: ReturnType<typeof bookingPicker>;

  beforeAll(async () => {
    host = await startDemoHost({ printService: { claimTtlSeconds: 2 }, printer: { ticketTimeoutMs: 1_000 } }, { strictSeed });
    pick = bookingPicker(host);
  });
  afterEach(async () => {
    host.demo!.printer!.setFaults({});
    host.demo!.printer!.setCondition({ paperOut: false, coverOpen: false, online: true });
    // A job is stored when its connection closes, just after the collection answers: let it land.
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(() => host?.stop());

  const printer = () => host.demo!.printer!;
  const collect = (b: { printNo: string; verifyCode: string }) =>
    host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode });
  const states = async (printNo: string) => {
    const reply = await host.core.printService!.service.query({ printNo }, { terminalId: 'test', sessionId: 'test' });
    return reply.value?.tickets.map((t) => t.state) ?? [];
  };
  async function nextJob(before: number): Promise<StoredJob> {
    const jobs = await eventually(
      async () => printer().jobs(),
      (j) => j.length > before,
    );
    return jobs.at(-1)!;
  }

  describe('printer faults on the virtual printer', () => {
    it('paper out after 2 of 4 tickets: exactly 2 printed and 2 not printed, reported so', async () => {
      const b = pick('unprinted', 4);
      const before = printer().jobs().length;
      printer().setFaults({ paperOutAfterCuts: 2 });
      expect(await collect(b)).toEqual({ ok: true, value: { printNo: b.printNo, total: 4, printed: 2, failed: 2, unknown: 0 } });
      expect((await nextJob(before)).pieces).toHaveLength(2);
      expect(await states(b.printNo)).toEqual(['printed', 'printed', 'unprinted', 'unprinted']);
      const central = host.demo!.sim!.state.findBooking(b.bookingNumber, undefined)!;
      await eventually(
        async () => central.effects.collected,
        (n) => n === 2,
      );
      expect(central.tickets.map((t) => t.collected)).toEqual([true, true, false, false]);
    });

    it('cover open: refused before the first byte, nothing claimed', async () => {
      const b = pick('unprinted', 1);
      const before = printer().jobs().length;
      printer().setCondition({ coverOpen: true });
      expect(await collect(b)).toMatchObject({ ok: false, error: { code: 'PRINTER_NOT_READY', details: { state: 'cover-open' } } });
      await new Promise((r) => setTimeout(r, 100));
      expect(printer().jobs().length).toBe(before);
      expect(await states(b.printNo)).toEqual(['unprinted']);
    });

    it('no status replies: the printer counts as not ready, nothing is sent', async () => {
      const b = pick('unprinted', 1);
      printer().setFaults({ silent: true });
      expect(await collect(b)).toMatchObject({ ok: false, error: { code: 'PRINTER_NOT_READY', details: { state: 'offline' } } });
      expect(await states(b.printNo)).toEqual(['unprinted']);
    });

    it('connection dropped in the middle of the second ticket: 1 printed, 1 unknown, 2 failed; never reprinted by itself', async () => {
      const b = pick('unprinted', 4);
      const before = printer().jobs().length;
      printer().setFaults({ dropAfterBytes: 700 });
      expect(await collect(b)).toMatchObject({ ok: true, value: { total: 4, printed: 1, failed: 2, unknown: 1 } });
      expect((await nextJob(before)).cuts).toBe(1);
      // The kiosk reported the ticket in neither list: it is unknown (at once), and apply-print refuses with 2008.
      await eventually(
        () => states(b.printNo),
        (s) => s[1] === 'unknown',
        5_000,
      );
      expect(await states(b.printNo)).toEqual(['printed', 'unknown', 'unprinted', 'unprinted']);
      expect(await collect(b)).toMatchObject({ ok: false, error: { code: 'TICKET_UNKNOWN' } });
    });

    it('paper out in the middle of a ticket: that ticket is unknown and the buffer is cleared, so nothing comes out once paper is loaded', async () => {
      const b = pick('unprinted', 2);
      const before = printer().jobs().length;
      printer().setFaults({ paperOutAfterBytes: 700 });
      expect(await collect(b)).toMatchObject({ ok: true, value: { total: 2, printed: 1, unknown: 1, failed: 0 } });
      const job = await nextJob(before);
      expect(job.cuts).toBe(1);
      expect(job.unprintedBytes).toBe(0);
      printer().setCondition({ paperOut: false });
      await new Promise((r) => setTimeout(r, 200));
      expect(printer().jobs().length).toBe(before + 1);
    });

    it('a slow printer still prints everything', async () => {
      const b = pick('unprinted', 2);
      printer().setFaults({ acceptDelayMs: 150 });
      expect(await collect(b)).toMatchObject({ ok: true, value: { printed: 2, failed: 0, unknown: 0 } });
    });
  });

  describe('print previews, read by a third-party QR decoder (zbarimg)', () => {
    const zbar = (png: string) =>
      execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n');

    it('native QR: the preview of each ticket decodes to its TicketInfoCode', async () => {
      const b = pick('unprinted', 2);
      const before = printer().jobs().length;
      await collect(b);
      const job = await nextJob(before);
      const png = join(printer().dir, `${String(job.job).padStart(4, '0')}.png`);
      const expected = await sourceQrCodes(host, b.bookingNumber);
      expect(zbar(png).sort()).toEqual([...expected].sort());
    });

    it('raster QR (for printers without the QR command), sent in strips: the preview decodes to the TicketInfoCode', async () => {
      const raster = await startDemoHost({ printer: { qrMode: 'raster' } }, { strictSeed });
      try {
        const b = bookingPicker(raster)('unprinted', 1);
        expect(await raster.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
          ok: true,
          value: { printed: 1 },
        });
        const job = (
          await eventually(
            async () => raster.demo!.printer!.jobs(),
            (j) => j.length > 0,
          )
        ).at(-1)!;
        expect(job.qrPayloads).toEqual([]);
        expect(job.blocks.filter((x) => x.kind === 'raster').length).toBeGreaterThan(3);
        const png = join(raster.demo!.printer!.dir, `${String(job.job).padStart(4, '0')}.png`);
        expect(zbar(png)).toEqual(await sourceQrCodes(raster, b.bookingNumber));
      } finally {
        await raster.stop();
      }
    });
  });
});
