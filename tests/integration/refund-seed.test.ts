import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';
import { startRecordingProxy } from '../support/recording-proxy';

/**
 * Refunds as seed 003 §3.12 asks, seen on the wire between the host and a central system that
 * refunds only whole bookings (`central.partialRefunds` off, the default outside the demo).
 */
let sim: RunningCentralSim;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let host: RunningHost;
const sessions: Record<string, string> = {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by shape below
const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
const asSup = (name: UiCallName, input: Record<string, unknown> = {}) => call(name, { session: sessions.sup, ...input });

/** A paid booking made elsewhere, with its pickup codes. */
function booking(ticketCount: number) {
  const made = sim.state.createBooking({ ticketCount });
  const codes = sim.state.demoBookings().find((b) => b.bookingNumber === made.bookingNumber)!;
  return { made, printNo: codes.printNo, verifyCode: codes.verifyCode };
}
const totalOf = (b: ReturnType<typeof booking>) => b.made.tickets.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
const refundsSentFor = (bookingNumber: number) => proxy.sent('booking/refund').filter((b) => b.BookingNumber === bookingNumber);

beforeAll(async () => {
  sim = await startCentralSim({ seed: 13 });
  proxy = await startRecordingProxy(sim.url);
  host = await startHostOn(
    sim,
    tempDir('refund-seed'),
    { central: { partialRefunds: false }, office: { onlineRefundRetrySeconds: 0.2, onlineRefundAttempts: 3 } },
    { centralUrl: `${proxy.url}/WSVistaWebClient` },
  );
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
  const tech = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
  await call('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
  sessions.sup = (await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).value.session;
});
afterAll(async () => {
  await host?.stop();
  await proxy?.close();
  await sim?.close();
});

describe('RefundBooking as seed 003 §3.12 says, central refunding whole bookings only', () => {
  it('the office says partial refunds are off; a refund of some printed tickets is refused with the tickets that would go back, nothing is sent', async () => {
    expect(await asSup('office.settings')).toMatchObject({ ok: true, value: { partialRefunds: false } });
    const b = booking(4);
    expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true });
    const codes = b.made.tickets.map((t) => t.ticketCode);
    const refused = await asSup('office.refund', {
      bookingNumber: b.made.bookingNumber,
      ticketCodes: [codes[0]],
      reason: 'Change of plans',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'PARTIAL_REFUND_UNSUPPORTED', details: { reason: 'whole-booking-only', wouldGoBack: codes } },
    });
    const detail = (await asSup('office.booking', { bookingNumber: b.made.bookingNumber })).value;
    expect(detail.tickets.map((t: { state: string }) => t.state)).toEqual(['printed', 'printed', 'printed', 'printed']);
    expect(detail.refunds).toEqual([]);
    expect(refundsSentFor(b.made.bookingNumber)).toEqual([]);
    expect(b.made.tickets.some((t) => t.refunded)).toBe(false);
  });

  it('a counter refund of the whole printed booking goes to central with MarkAsRefundedOnly true, the booking’s Payments line as PaymentInfo, no ticket list', async () => {
    const b = booking(2);
    expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true });
    const codes = b.made.tickets.map((t) => t.ticketCode);
    const done = await asSup('office.refund', { bookingNumber: b.made.bookingNumber, ticketCodes: codes, reason: 'Change of plans' });
    expect(done).toMatchObject({ ok: true, value: { kind: 'local', state: 'refunded', totalCents: totalOf(b) } });
    await eventually(
      async () => b.made.tickets.every((t) => t.refunded),
      (all) => all,
    );
    const [sent, ...more] = refundsSentFor(b.made.bookingNumber);
    expect(more).toEqual([]);
    expect(sent).toEqual({
      CinemaId: sim.cinemaId,
      BookingNumber: b.made.bookingNumber,
      RefundReason: 'Change of plans',
      RefundAmount: totalOf(b),
      RefundBookingFee: true,
      RefundConcessions: true,
      MarkAsRefundedOnly: true,
      PaymentInfo: {
        CardNumber: '9999999999999999',
        CardType: 'CreditCard',
        PaymentValueCents: totalOf(b),
        PaymentTenderCategory: 'CreditCard',
      },
      OptionalClientId: '111.111.111.111',
    });
  });

  it('an online refund of an unprinted booking is marked refunded only (central pays nothing back) with PaymentInfo, and settles', async () => {
    const b = booking(2);
    await asSup('office.find', { query: String(b.made.bookingNumber) });
    const codes = b.made.tickets.map((t) => t.ticketCode);
    const started = await asSup('office.refund', { bookingNumber: b.made.bookingNumber, ticketCodes: codes, reason: 'Bought twice' });
    expect(started).toMatchObject({ ok: true, value: { kind: 'online' } });
    const detail = await eventually(
      async () => (await asSup('office.booking', { bookingNumber: b.made.bookingNumber })).value,
      (d) => d.refunds[0].state === 'refunded',
    );
    expect(detail.tickets.map((t: { state: string }) => t.state)).toEqual(['refunded', 'refunded']);
    expect(refundsSentFor(b.made.bookingNumber)).toEqual([
      expect.objectContaining({
        MarkAsRefundedOnly: true,
        RefundAmount: totalOf(b),
        PaymentInfo: expect.objectContaining({ PaymentValueCents: totalOf(b), CardType: 'CreditCard' }),
      }),
    ]);
    expect(refundsSentFor(b.made.bookingNumber)[0]).not.toHaveProperty('TicketSequenceNumbers');
  });

  it('a booking whose Payments name no single payment is not refunded online: nothing is sent, staff are told why', async () => {
    const b = booking(1);
    proxy.rewrite((path, body) => {
      const found = body.Booking as { BookingNumber?: number; Payments?: unknown[] } | undefined;
      if (!path.toLowerCase().endsWith('restbooking.svc/booking') || found?.BookingNumber !== b.made.bookingNumber) return undefined;
      return { ...body, Booking: { ...found, Payments: [...found.Payments!, ...found.Payments!] } };
    });
    await asSup('office.find', { query: String(b.made.bookingNumber) });
    const started = await asSup('office.refund', {
      bookingNumber: b.made.bookingNumber,
      ticketCodes: [b.made.tickets[0]!.ticketCode],
      reason: 'Bought twice',
    });
    expect(started).toMatchObject({ ok: true, value: { kind: 'online' } });
    const detail = await eventually(
      async () => (await asSup('office.booking', { bookingNumber: b.made.bookingNumber })).value,
      (d) => d.refunds[0].state === 'needs-staff',
    );
    expect(detail.refunds[0].lastError).toContain('lists 2 Payments');
    expect(refundsSentFor(b.made.bookingNumber)).toEqual([]);
    expect(b.made.tickets[0]!.refunded).toBe(false);
  });
});
