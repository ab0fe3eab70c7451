import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { tempDir } from '../support/host-process';
import { startExternalSim, startHostOn } from '../support/external-sim-host';
import { md5 } from '../support/in-process-host';
import { ticketSourceModes } from '../support/ticket-source-modes';

/**
 * The query that proves the verify code first (our extension of the SARFT query): the booking's details
 * only with the right code, a wrong one counted with apply-print's, and the plain query unchanged.
 */
const limits = { printService: { limits: { verifyFailures: 3, queriesPerMinute: 500 } } };
describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let sim: RunningCentralSim;
  let host: RunningHost;
  let token: string;

  beforeAll(async () => {
    sim = await startExternalSim({ strictSeed });
    host = await startHostOn(sim, tempDir('query-verify'), limits, strictSeed ? { sarftUpstream: sim.sarft } : {});
    const t = host.demo!.terminals[0]!;
    token = String((await call('/sarft/v1/auth', { username: t.username, password: t.password, terminalId: t.terminalId })).body.token);
  });
  afterAll(async () => {
    await host?.stop();
    await sim?.close();
  });

  async function call(path: string, body: unknown, bearer = token) {
    const response = await request(`${host.printServiceUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
  }
  const query = (body: object) => call('/sarft/v1/tickets/query', body);
  const applyPrint = (body: object) => call('/sarft/v1/tickets/apply-print', body);
  const ticketStates = (bookingNumber: number) =>
    host.core.db.prepare('SELECT state FROM tickets WHERE booking_number = ? ORDER BY ticket_code').pluck().all(bookingNumber);

  describe('the SARFT query with verifyCodeMd5', () => {
    it('answers the booking with the right code, claims nothing and releases no admission credential', async () => {
      const booking = sim.state.createBooking({ ticketCount: 2 });
      const reply = await query({ printNo: String(booking.bookingNumber), verifyCodeMd5: md5(booking.bookingId) });
      expect(reply.body).toMatchObject({ resultCode: SarftCode.Ok, ticketCount: 2 });
      const tickets = reply.body.tickets as Record<string, unknown>[];
      expect(tickets.map((t) => t.filmName)).toEqual([booking.session.filmTitle, booking.session.filmTitle]);
      expect(JSON.stringify(reply.body)).not.toContain(booking.tickets[0]!.ticketInfoCode);
      expect(ticketStates(booking.bookingNumber)).toEqual(['unprinted', 'unprinted']);
      expect(host.core.db.prepare('SELECT COUNT(*) FROM claims WHERE booking_number = ?').pluck().get(booking.bookingNumber)).toBe(0);
    });

    it('a wrong code shows nothing of the booking, is counted with apply-print, and locks the pickup number for both calls', async () => {
      const booking = sim.state.createBooking({ ticketCount: 1 });
      const printNo = String(booking.bookingNumber);
      const wrong = await query({ printNo, verifyCodeMd5: md5('WRONG1') });
      expect(wrong.body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
      expect(JSON.stringify(wrong.body)).not.toContain(booking.session.filmTitle);
      expect(wrong.body.tickets).toBeUndefined();
      expect((await applyPrint({ printNo, verifyCodeMd5: md5('WRONG2') })).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
      expect((await query({ printNo, verifyCodeMd5: md5('WRONG3') })).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);

      const locked = await query({ printNo, verifyCodeMd5: md5(booking.bookingId) });
      expect(locked).toMatchObject({ status: 429, body: { resultCode: SarftCode.TooManyAttempts } });
      expect(Number(locked.body.retryAfter)).toBeGreaterThan(0);
      expect((await applyPrint({ printNo, verifyCodeMd5: md5(booking.bookingId) })).body.resultCode).toBe(SarftCode.TooManyAttempts);
      expect(ticketStates(booking.bookingNumber)).toEqual(['unprinted']);
      const audit = host.core.db
        .prepare("SELECT action FROM audit_log WHERE subject = ? AND action = 'print-service.pickup-locked'")
        .pluck()
        .all(`booking:${booking.bookingNumber}`);
      expect(audit).toEqual(['print-service.pickup-locked']);
    });

    it('a right code clears the terminal count, as apply-print does', async () => {
      const booking = sim.state.createBooking({ ticketCount: 1 });
      const printNo = String(booking.bookingNumber);
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 2; i += 1)
          expect((await query({ printNo, verifyCodeMd5: md5(`NOPE${i}`) })).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
        expect((await query({ printNo, verifyCodeMd5: md5(booking.bookingId) })).body.resultCode).toBe(SarftCode.Ok);
      }
    });

    it('an unknown pickup number with a code is answered like a wrong code; refusals come only after the code is proven', async () => {
      expect((await query({ printNo: '99999999', verifyCodeMd5: md5('ABCD12') })).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
      const refunded = sim.state.createBooking({ ticketCount: 1, refunded: true });
      const printNo = String(refunded.bookingNumber);
      expect((await query({ printNo, verifyCodeMd5: md5('WRONG9') })).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
      expect((await query({ printNo, verifyCodeMd5: md5(refunded.bookingId) })).body.resultCode).toBe(SarftCode.Refunded);
      const pending = sim.state.createBooking({ ticketCount: 1, qrPending: true });
      expect((await query({ printNo: String(pending.bookingNumber), verifyCodeMd5: md5(pending.bookingId) })).body.resultCode).toBe(
        SarftCode.NotYetAvailable,
      );
    });

    it('without the field the query is unchanged: details for any known number, no counting, even for a locked one', async () => {
      const booking = sim.state.createBooking({ ticketCount: 1 });
      const printNo = String(booking.bookingNumber);
      for (let i = 0; i < 3; i += 1) await query({ printNo, verifyCodeMd5: md5(`BAD${i}`) });
      const plain = await query({ printNo });
      expect(plain.body).toMatchObject({ resultCode: SarftCode.Ok, ticketCount: 1 });
      expect((await query({ printNo: '99999998' })).body.resultCode).toBe(SarftCode.PrintNoNotFound);
      const pending = sim.state.createBooking({ ticketCount: 1, qrPending: true });
      // The cinema's SarftKioskService releases a booking's tickets (request 3) only with their QR: until then
      // even the plain query is told 2006 there, where central's GetSingleBooking still gives the details.
      expect((await query({ printNo: String(pending.bookingNumber) })).body.resultCode).toBe(
        strictSeed ? SarftCode.NotYetAvailable : SarftCode.Ok,
      );
    });

    it('a malformed verifyCodeMd5 is refused as malformed', async () => {
      expect(await query({ printNo: '1234', verifyCodeMd5: 'not-hex' })).toMatchObject({
        status: 400,
        body: { resultCode: SarftCode.Malformed },
      });
    });
  });

  describe('kiosk.lookup proves the code before the ticket screen', () => {
    const lookup = (printNo: string, verifyCode: string) => host.core.handlers['kiosk.lookup']({ printNo, verifyCode });

    it('right code: the tickets; wrong code: VERIFY_CODE_WRONG at once, then TOO_MANY_ATTEMPTS with the wait', async () => {
      const booking = sim.state.createBooking({ ticketCount: 1 });
      const printNo = String(booking.bookingNumber);
      expect(await lookup(printNo, booking.bookingId)).toMatchObject({ ok: true, value: { printable: 1 } });
      for (let i = 0; i < 3; i += 1)
        expect(await lookup(printNo, `WRONG${i}`)).toMatchObject({ ok: false, error: { code: 'VERIFY_CODE_WRONG' } });
      const locked = await lookup(printNo, booking.bookingId);
      expect(locked).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
      expect(!locked.ok && Number(locked.error.details?.retryAfterSeconds)).toBeGreaterThan(0);
    });

    it('printer not ready is said before the booking is asked for, and costs no attempt', async () => {
      const booking = sim.state.createBooking({ ticketCount: 1 });
      const printer = host.demo!.printer!;
      printer.setCondition({ paperOut: true });
      try {
        expect(await lookup(String(booking.bookingNumber), 'WRONG1')).toMatchObject({ ok: false, error: { code: 'PRINTER_NOT_READY' } });
      } finally {
        printer.setCondition({ paperOut: false });
      }
      expect(await lookup(String(booking.bookingNumber), booking.bookingId)).toMatchObject({ ok: true });
    });

    it('central unreachable is said at the lookup, not after Print', async () => {
      const booking = sim.state.createBooking({ ticketCount: 1 });
      sim.faults.add({ path: 'RESTBooking.svc/booking', status: 503 });
      try {
        expect(await lookup(String(booking.bookingNumber), booking.bookingId)).toMatchObject({
          ok: false,
          error: { code: 'CENTRAL_UNREACHABLE' },
        });
      } finally {
        sim.faults.clear();
      }
    });
  });
});
