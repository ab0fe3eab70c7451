import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralError } from '../../electron/core/central/central-api';
import { VistaHttpClient } from '../../electron/core/central/vista-http.client';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { paymentOf } from '../../electron/simulator/central-sim.strict';
import { wholeBookingRefusal } from '../../shared/domain/refund-rules';
import { startRecordingProxy } from '../support/recording-proxy';

/** The Vista adapter's RefundBooking against the simulator, every request seen on the wire (seed 003 §3.12). */
let sim: RunningCentralSim;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const clients: VistaHttpClient[] = [];

function client(partialRefunds: boolean): VistaHttpClient {
  const made = new VistaHttpClient({
    baseUrl: `${proxy.url}/WSVistaWebClient`,
    connectApiToken: sim.token,
    cinemaId: sim.cinemaId,
    optionalClientId: '10.0.0.9',
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 5_000,
    partialRefunds,
  });
  clients.push(made);
  return made;
}
const sentFor = (n: number) => proxy.sent('booking/refund').filter((b) => b.BookingNumber === n);

beforeAll(async () => {
  sim = await startCentralSim({ seed: 31, demo: false });
  proxy = await startRecordingProxy(sim.url);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy?.close();
  await sim?.close();
});

describe('the fee rule of §3.12: RefundAmount is the total less the booking fee when the fee is not refunded', () => {
  it('fee refunded: RefundBookingFee true and the whole total', async () => {
    const b = sim.state.createBooking({ ticketCount: 2 });
    const total = b.tickets.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
    const reply = await client(false).refundBooking({
      bookingNumber: b.bookingNumber,
      ticketSequenceNumbers: [1, 2],
      amountCents: total,
      refundBookingFee: true,
      reason: 'Change of plans',
    });
    expect(reply).toBe('refunded');
    expect(sentFor(b.bookingNumber)[0]).toMatchObject({ RefundAmount: total, RefundBookingFee: true, MarkAsRefundedOnly: true });
    expect(b.effects).toMatchObject({ refunded: 2, refundedCents: total });
  });

  it('fee kept: RefundBookingFee false and the total less the fees; the total with the fee kept is refused (Result 4) and nothing is refunded', async () => {
    const b = sim.state.createBooking({ ticketCount: 2 });
    const fees = b.tickets.reduce((n, t) => n + t.serviceFeeCents, 0);
    const total = b.tickets.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
    expect(fees).toBeGreaterThan(0);
    const wrong = await client(false)
      .refundBooking({
        bookingNumber: b.bookingNumber,
        ticketSequenceNumbers: [1, 2],
        amountCents: total,
        refundBookingFee: false,
        reason: 'Late',
      })
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(CentralError);
    expect(wrong).toMatchObject({ failure: 'rejected', vistaCode: 4 });
    expect(b.effects.refunded).toBe(0);
    const reply = await client(false).refundBooking({
      bookingNumber: b.bookingNumber,
      ticketSequenceNumbers: [1, 2],
      amountCents: total - fees,
      refundBookingFee: false,
      reason: 'Late',
    });
    expect(reply).toBe('refunded');
    expect(sentFor(b.bookingNumber)[1]).toMatchObject({ RefundAmount: total - fees, RefundBookingFee: false });
    expect(b.effects).toMatchObject({ refunded: 2, refundedCents: total - fees });
  });
});

describe('PaymentInfo and the ticket list', () => {
  it('a sale made here sends its own CompleteOrder PaymentInfo, without reading the booking first', async () => {
    const b = sim.state.createBooking({ ticketCount: 1 });
    const total = b.tickets[0]!.priceCents + b.tickets[0]!.serviceFeeCents;
    const before = proxy.sent('restbooking.svc/booking').length;
    const ours = { cardNumber: '123456789012', cardType: 'CreditCard', valueCents: total, tenderCategory: 'CreditCard' };
    await client(false).refundBooking({
      bookingNumber: b.bookingNumber,
      ticketSequenceNumbers: [1],
      amountCents: total,
      refundBookingFee: true,
      reason: 'Bought twice',
      payment: ours,
    });
    expect(proxy.sent('restbooking.svc/booking').length).toBe(before);
    expect(sentFor(b.bookingNumber)[0]!.PaymentInfo).toEqual({
      CardNumber: '123456789012',
      CardType: 'CreditCard',
      PaymentValueCents: total,
      PaymentTenderCategory: 'CreditCard',
    });
  });

  it('with the partial-refund capability the ticket list goes along and only those tickets are refunded; without it, never', async () => {
    const b = sim.state.createBooking({ ticketCount: 3 });
    const first = b.tickets[0]!;
    await client(true).refundBooking({
      bookingNumber: b.bookingNumber,
      ticketSequenceNumbers: [1],
      amountCents: first.priceCents + first.serviceFeeCents,
      refundBookingFee: true,
      reason: 'One seat',
    });
    expect(sentFor(b.bookingNumber)[0]).toMatchObject({ TicketSequenceNumbers: [1] });
    expect(b.tickets.map((t) => t.refunded)).toEqual([true, false, false]);
    expect(client(true).capabilities).toEqual({ partialRefunds: true });
    expect(client(false).capabilities).toEqual({ partialRefunds: false });
  });

  it('the booking’s Payments are parsed from GetSingleBooking', async () => {
    const b = sim.state.createBooking({ ticketCount: 2 });
    const total = b.tickets.reduce((n, t) => n + t.priceCents + t.serviceFeeCents, 0);
    expect((await client(false).getBooking(b.bookingNumber))!.payments).toEqual([
      { cardNumber: paymentOf(b).CardNumber, cardType: 'CreditCard', valueCents: total, tenderCategory: 'CreditCard' },
    ]);
  });
});

describe('whole bookings only (shared by the core and the office dialog)', () => {
  const t = (ticketCode: string, state: string) => ({ ticketCode, state });
  it('asks for every ticket not yet refunded, all printed or all unprinted', () => {
    const tickets = [t('A', 'printed'), t('B', 'printed'), t('C', 'refunded')];
    expect(wholeBookingRefusal(tickets, ['A'], false)).toEqual({ reason: 'whole-booking-only', wouldGoBack: ['A', 'B'] });
    expect(wholeBookingRefusal(tickets, ['A', 'B'], false)).toBeNull();
    expect(wholeBookingRefusal(tickets, ['A'], true)).toBeNull();
    expect(wholeBookingRefusal([t('A', 'printed'), t('B', 'unprinted')], ['A'], false)).toEqual({
      reason: 'mixed',
      wouldGoBack: ['A', 'B'],
    });
    expect(wholeBookingRefusal([t('A', 'printed'), t('B', 'unknown')], ['A', 'B'], false)).toMatchObject({ reason: 'mixed' });
  });
});
