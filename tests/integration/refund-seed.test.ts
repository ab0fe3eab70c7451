import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { VistaHttpClient } from '../../electron/core/central/vista-http.client';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { paymentOf, strictSeedRoutes } from '../../electron/simulator/central-sim.strict';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';
import { BookingPaymentsRepository } from '../../electron/core/storage/repositories/booking-payments.repository';
import { startRecordingProxy } from '../support/recording-proxy';

/**
 * Refunds as seed 003 §3.12 asks, seen on the wire between the host and a central system that
 * refunds only whole bookings (`central.partialRefunds` off, the default outside the demo). Its
 * RefundBooking is the seed-strict simulator's (MarkAsRefundedOnly true and PaymentInfo equal to the
 * booking's payment, else Result 4), over the same bookings as the default GetSingleBooking that
 * the office reads them with (a strict GetSingleBooking lacks the seats and codes the central ticket
 * source needs: the vista-sarft source reads those).
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
  const strictRefund = strictSeedRoutes({})['POST restbooking.svc/booking/refund']!;
  proxy.answerWith('booking/refund', (body) => strictRefund(body, sim.state));
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

  it('a booking partly printed elsewhere cannot go back whole in one refund: refused as mixed, naming every ticket', async () => {
    const b = booking(2);
    b.made.tickets[0]!.collected = true; // printed at the cinema's own counter, as central reports it
    const found = await asSup('office.find', { query: String(b.made.bookingNumber) });
    expect(found.value.booking.tickets.map((t: { state: string }) => t.state)).toEqual(['printed', 'unprinted']);
    const codes = b.made.tickets.map((t) => t.ticketCode);
    for (const chosen of [[codes[0]], [codes[1]]])
      expect(
        await asSup('office.refund', { bookingNumber: b.made.bookingNumber, ticketCodes: chosen, reason: 'Change of plans' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'PARTIAL_REFUND_UNSUPPORTED', details: { reason: 'mixed', wouldGoBack: codes } },
      });
    expect(refundsSentFor(b.made.bookingNumber)).toEqual([]);
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
      PaymentInfo: { ...paymentOf(b.made), PaymentValueCents: totalOf(b) },
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
    // Its slip (a copy: an online refund prints none at once) says the money goes back through the original payment.
    const printer = host.demo!.printer!;
    const before = printer.jobs().length;
    expect(await asSup('office.refundSlip.print', { refundCode: started.value.refundCode })).toMatchObject({
      ok: true,
      value: { printed: true },
    });
    const slip = (
      await eventually(
        async () => printer.jobs(),
        (j) => j.length > before,
      )
    ).at(-1)!;
    expect(slip.lines.join('\n')).toContain('退款去向 Money: 原支付渠道退回 Original payment');
  });

  it("a sale made here sends the PaymentInfo its CompleteOrder recorded (booking_payments), not the booking's Payments line", async () => {
    const b = booking(1);
    const total = totalOf(b);
    // What a CompleteOrder of ours would have recorded; the simulator never saw this card, so its strict RefundBooking refuses it (Result 4).
    new BookingPaymentsRepository(host.core.db).record(
      b.made.bookingNumber,
      { cardNumber: '6222000011112222', cardType: 'CreditCard', valueCents: total, tenderCategory: 'CreditCard' },
      Date.now(),
    );
    await asSup('office.find', { query: String(b.made.bookingNumber) });
    await asSup('office.refund', {
      bookingNumber: b.made.bookingNumber,
      ticketCodes: [b.made.tickets[0]!.ticketCode],
      reason: 'Bought twice',
    });
    const detail = await eventually(
      async () => (await asSup('office.booking', { bookingNumber: b.made.bookingNumber })).value,
      (d) => d.refunds[0].state === 'needs-staff',
    );
    expect(detail.refunds[0].lastError).toContain('PaymentInfo.CardNumber does not match');
    expect(refundsSentFor(b.made.bookingNumber).map((r) => r.PaymentInfo)).toEqual([
      { CardNumber: '6222000011112222', CardType: 'CreditCard', PaymentValueCents: total, PaymentTenderCategory: 'CreditCard' },
    ]);
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

describe('the seed-strict simulator (startCentralSim({ strictSeed: true }))', () => {
  let strict: RunningCentralSim;
  let vista: VistaHttpClient;
  beforeAll(async () => {
    strict = await startCentralSim({ seed: 14, strictSeed: true, demo: false });
    vista = new VistaHttpClient({
      baseUrl: strict.baseUrl,
      connectApiToken: strict.token,
      cinemaId: strict.cinemaId,
      optionalClientId: '10.0.0.9',
      partialRefunds: false,
      connectTimeoutMs: 2_000,
      requestTimeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await vista?.close();
    await strict?.close();
  });
  const post = async (body: Record<string, unknown>) =>
    (await request(`${strict.baseUrl}/RESTBooking.svc/booking/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connectapitoken: strict.token },
      body: JSON.stringify(body),
    }).then((r) => r.body.json())) as { ResultCode: number; ErrorDescription: string | null };

  it('rejects a RefundBooking without PaymentInfo, or with MarkAsRefundedOnly false (Result 4), and refunds nothing', async () => {
    const b = strict.state.createBooking({ ticketCount: 2 });
    const total = b.tickets.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
    const asBefore = {
      CinemaId: strict.cinemaId,
      BookingNumber: b.bookingNumber,
      RefundReason: 'Test',
      RefundAmount: total,
      RefundBookingFee: true,
      RefundConcessions: true,
      OptionalClientId: '10.0.0.9',
    };
    expect(await post({ ...asBefore, MarkAsRefundedOnly: true })).toMatchObject({
      ResultCode: 4,
      ErrorDescription: expect.stringContaining('PaymentInfo'),
    });
    const paymentInfo = paymentOf(b);
    expect(await post({ ...asBefore, MarkAsRefundedOnly: false, PaymentInfo: paymentInfo })).toMatchObject({
      ResultCode: 4,
      ErrorDescription: expect.stringContaining('MarkAsRefundedOnly'),
    });
    expect(b.effects.refunded).toBe(0);
  });

  it('accepts ours: the adapter names the payment from the strict Payments alone, and the booking is refunded once', async () => {
    const b = strict.state.createBooking({ ticketCount: 2 });
    const total = b.tickets.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
    const refund = {
      bookingNumber: b.bookingNumber,
      ticketSequenceNumbers: [1, 2],
      amountCents: total,
      refundBookingFee: true,
      reason: 'Test',
    };
    expect(await vista.refundBooking(refund)).toBe('refunded');
    expect(b.tickets.every((t) => t.refunded)).toBe(true);
    expect(await vista.refundBooking(refund)).toBe('already-refunded');
    expect(b.effects).toMatchObject({ refunded: 2, refundedCents: total });
  });
});
