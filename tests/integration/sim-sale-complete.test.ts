import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { SEED_ADD_TICKETS, SEED_CLIENT, SEED_ORDER_REQUEST, simSaleWire } from '../support/sim-sale-wire';

/**
 * The simulator's order completion (seed 003 §3.8–§3.10) answered with the seed's own example
 * requests, and the booking it makes seen by GetSingleBooking (§3.11) and RefundBooking (§3.12).
 * Fixtures are copied from the seed; its PDF extraction wrote `Cinemald`/`CinemalD` for
 * `CinemaId`/`CinemaID` and broke `startexternalpayment` and `order/payment` over lines.
 */
/** Seed §3.8's request and reply. */
const SEED_START_PAYMENT = SEED_ORDER_REQUEST;
const SEED_START_PAYMENT_REPLY = { ErrorDescription: null, Result: 0, ExtendedResultCode: 0, PaymentRedirectUrl: null };
/** Seed §3.9's request and the field names of its reply. */
const SEED_COMPLETE_ORDER = {
  UserSessionId: 'FTest201508060001',
  PaymentInfo: { CardNumber: '123456789012', CardType: 'CreditCard', PaymentValueCents: 10000, PaymentTenderCategory: 'CreditCard' },
  PerformPayment: false,
  CustomerPhone: '',
  CustomerEmail: '',
  CustomerName: '',
  ...SEED_CLIENT,
};
const SEED_COMPLETE_ORDER_KEYS = [
  'BalanceList',
  'CinemaID',
  'ErrorDescription',
  'ExtendedResultCode',
  'HistoryID',
  'PassCollection',
  'PaymentInfoCollection',
  'PrintStream',
  'PrintStreamCollection',
  'Result',
  'VistaBookingId',
  'VistaBookingNumber',
  'VistaTransNumber',
];
/** Seed §3.10's request (its ClientId as the seed writes it). */
const SEED_QUERY_STATUS = { UserSessionId: 'FTest201509140001', ClientId: '111.111.111' };
/** Seed §3.11's request, BookingId filled from CompleteOrder's reply. */
const SEED_GET_BOOKING = {
  ReturnTransactionStatusInfoIfSingleBookingMatch: true,
  BookingId: 'WQNX8JL',
  BookingNumber: 0,
  CinemaId: '0200',
  OptionalClientId: '111.111.111.111',
};
/** Seed §3.13: 27 and 62. */
const PAY_TOTAL_MISMATCH =
  'All payments have succeeded but the payment total does not match the order total. Payments have been voided to allow a retry.';
const ORDER_DOES_NOT_EXIST = 'Order does not exist matching the search criteria';

type CompleteReply = Record<string, unknown> & {
  Result: number;
  ErrorDescription: string | null;
  VistaBookingId: string | null;
  VistaBookingNumber: string | null;
  VistaTransNumber: string | null;
};
type StatusReply = { OrderSummary: Record<string, unknown> | null; ResponseCode: number; ResponseDescription: string };
type BookingReply = { ResultCode: number; Booking: (Record<string, unknown> & { Tickets: Record<string, unknown>[] }) | null };

const HOLD_MS = 60_000;
let sim: RunningCentralSim;
let clock = Date.now();

beforeEach(async () => {
  clock = Date.now();
  sim = await startCentralSim({ seed: 1, sale: { holdMs: HOLD_MS, now: () => clock } });
});
afterEach(async () => {
  await sim.close();
});

const { post: vistaPost, control, seatStatus: seatStatusIn } = simSaleWire(() => sim);

const complete = (overrides: Record<string, unknown> = {}, init: { signal?: AbortSignal } = {}) =>
  vistaPost<CompleteReply>('/RESTTicketing.svc/order/payment', { ...SEED_COMPLETE_ORDER, ...overrides }, init);
const queryStatus = (userSessionId = SEED_COMPLETE_ORDER.UserSessionId, clientId: unknown = SEED_QUERY_STATUS.ClientId) =>
  vistaPost<StatusReply>('/RESTTicketing.svc/order/query-booking-status', { UserSessionId: userSessionId, ClientId: clientId });
const getOrder = (userSessionId = SEED_START_PAYMENT.UserSessionId) =>
  vistaPost<{ Result: number; Order: Record<string, unknown> }>('/RESTTicketing.svc/order', {
    ...SEED_START_PAYMENT,
    UserSessionId: userSessionId,
  });
const getBooking = (bookingId: string) =>
  vistaPost<BookingReply>('/RESTBooking.svc/booking', { ...SEED_GET_BOOKING, BookingId: bookingId });

async function hold(overrides: Record<string, unknown> = {}): Promise<number> {
  const { body } = await vistaPost<{ Result: number; Order: { TotalValueCents: number } }>('/RESTTicketing.svc/order/tickets', {
    ...SEED_ADD_TICKETS,
    ...overrides,
  });
  expect(body.Result).toBe(0);
  return body.Order.TotalValueCents;
}

const seatStatus = (rowIndex: number, columnIndex: number) => seatStatusIn('29617', 1, rowIndex, columnIndex);

async function orderView(userSessionId: string) {
  const { body } = await control<
    { userSessionId: string; state: string; externalPaymentStarted: boolean; booking: Record<string, unknown> | null }[]
  >('GET', '/__sim/orders');
  return body.find((o) => o.userSessionId === userSessionId);
}

describe('the seed example chain: AddTickets, StartExternalPayment, CompleteOrder, QueryOrderBookingStatus, GetSingleBooking', () => {
  it('books the held order as a real booking every call sees, with its seats and prices', async () => {
    expect(await hold()).toBe(10000);
    const started = await vistaPost('/RESTTicketing.svc/order/startexternalpayment', SEED_START_PAYMENT);
    expect(started).toEqual({ status: 200, body: SEED_START_PAYMENT_REPLY });
    expect((await orderView('FTest201508060001'))?.externalPaymentStarted).toBe(true);

    const bookingsBefore = sim.state.bookings().length;
    const { status, body } = await complete();
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([...SEED_COMPLETE_ORDER_KEYS].sort());
    expect(body).toMatchObject({ Result: 0, ErrorDescription: null, CinemaID: '0200', ExtendedResultCode: 0, PrintStream: '' });
    expect(body.VistaBookingId).toMatch(/^[A-Z0-9]{5,10}$/u);
    expect(body.VistaBookingNumber).toMatch(/^\d+$/u);
    expect(body.VistaTransNumber).toMatch(/^\d+$/u);
    expect(body.HistoryID).toMatch(/^\d+$/u);
    expect(sim.state.bookings()).toHaveLength(bookingsBefore + 1);

    // The order is completed: GetOrder's "已 CompleteOrder" shape, the control API's state, the seats sold.
    expect((await getOrder()).body.Order).toMatchObject({ CinemaId: null, Sessions: null, TotalValueCents: 0 });
    const view = await orderView('FTest201508060001');
    expect(view).toMatchObject({
      state: 'completed',
      booking: {
        bookingNumber: Number(body.VistaBookingNumber),
        bookingId: body.VistaBookingId,
        printNo: body.VistaBookingNumber!.padStart(16, '0'),
        paymentValueCents: 10000,
      },
    });
    expect(await seatStatus(0, 1)).toBe(1);
    expect(await seatStatus(0, 2)).toBe(1);

    // Seed §3.10 with its own request's ClientId, for this order.
    const query = await queryStatus();
    expect(query.body).toEqual({
      OrderSummary: {
        CinemaId: '0200',
        TotalValueCents: 10000,
        UserSessionId: 'FTest201508060001',
        VistaBookingId: body.VistaBookingId,
        VistaBookingNumber: Number(body.VistaBookingNumber),
      },
      ResponseCode: 0,
      ResponseDescription: 'Booking exists at Cinema',
    });

    // Seed §3.11 by BookingId (BookingNumber 0, as the seed sends it).
    const single = await getBooking(body.VistaBookingId!);
    expect(single.body.ResultCode).toBe(0);
    expect(single.body.Booking).toMatchObject({
      BookingId: body.VistaBookingId,
      BookingNumber: Number(body.VistaBookingNumber),
      CinemaId: '0200',
      TotalValueCents: 10000,
      UserSessionId: 'FTest201508060001',
      VistaTransactionId: Number(body.VistaTransNumber),
    });
    const tickets = single.body.Booking!.Tickets;
    expect(tickets.map((t) => `${String(t.SeatRowId)}排${String(t.SeatNumber)}座`)).toContain('7排10座');
    expect(tickets).toHaveLength(2);
    for (const t of tickets) {
      expect(t).toMatchObject({ TicketTypeCode: '0056', PriceInCents: 5000, SessionId: 29617, CollectedStatus: '0', RefundedStatus: '0' });
    }
    // The booking is printable like any other: ticket codes and the signed ticket QR data.
    expect(sim.state.demoBookings().find((b) => b.bookingId === body.VistaBookingId)?.state).toBe('unprinted');
  });

  it('CompleteOrder repeated answers the same booking and never books a second one', async () => {
    await hold();
    const first = await complete();
    const count = sim.state.bookings().length;
    const again = await complete();
    const third = await complete({ PaymentInfo: { ...SEED_COMPLETE_ORDER.PaymentInfo, PaymentValueCents: 1 } });
    for (const repeat of [again, third]) {
      expect(repeat.body.Result).toBe(0);
      expect(repeat.body.VistaBookingId).toBe(first.body.VistaBookingId);
      expect(repeat.body.VistaBookingNumber).toBe(first.body.VistaBookingNumber);
      expect(repeat.body.HistoryID).toBe(first.body.HistoryID);
    }
    expect(sim.state.bookings()).toHaveLength(count);
  });

  it('RefundBooking of the new booking (MarkAsRefundedOnly, the CompleteOrder PaymentInfo) frees its seats; the booking still exists', async () => {
    await hold();
    const { body } = await complete();
    const seedRefund = {
      CinemaId: '0200',
      PaymentInfo: SEED_COMPLETE_ORDER.PaymentInfo,
      BookingNumber: Number(body.VistaBookingNumber),
      RefundReason: 'Test',
      RefundConcessions: true,
      RefundAmount: 10000,
      RefundBookingFee: true,
      MarkAsRefundedOnly: true,
      OptionalClientId: '111.111.111.111',
    };
    // Seed §3.12: PaymentInfo as given to CompleteOrder; another is refused and refunds nothing.
    const otherCard = await vistaPost<{ ResultCode: number; ErrorDescription: string }>('/RESTBooking.svc/booking/refund', {
      ...seedRefund,
      PaymentInfo: { ...SEED_COMPLETE_ORDER.PaymentInfo, CardNumber: '999999999999' },
    });
    expect(otherCard.body).toEqual({ ResultCode: 4, ErrorDescription: 'PaymentInfo must be the one given to CompleteOrder' });
    // Not nullable in §3.12: a sold booking's refund without it (a counter refund's outbox event that lost it) is refused too.
    const { PaymentInfo: _left, ...withoutPayment } = seedRefund;
    const noPayment = await vistaPost<{ ResultCode: number; ErrorDescription: string }>('/RESTBooking.svc/booking/refund', withoutPayment);
    expect(noPayment.body).toEqual({ ResultCode: 4, ErrorDescription: 'PaymentInfo must be the one given to CompleteOrder' });
    expect(await seatStatus(0, 1)).toBe(1);
    const refund = await vistaPost<{ ResultCode: number }>('/RESTBooking.svc/booking/refund', seedRefund);
    expect(refund.body.ResultCode).toBe(0);
    expect(await seatStatus(0, 1)).toBe(0);
    expect((await queryStatus()).body.ResponseCode).toBe(0);
    const single = await getBooking(body.VistaBookingId!);
    expect(single.body.Booking!.Tickets.every((t) => t.RefundedStatus === '1')).toBe(true);
  });
});

describe('the codes, each from a real case', () => {
  it('27 when PaymentValueCents is not the order total: nothing booked, the order stays held, the right total then completes', async () => {
    await hold();
    const count = sim.state.bookings().length;
    const wrong = await complete({ PaymentInfo: { ...SEED_COMPLETE_ORDER.PaymentInfo, PaymentValueCents: 9999 } });
    expect(wrong.body).toMatchObject({ Result: 27, ErrorDescription: PAY_TOTAL_MISMATCH, VistaBookingId: null, VistaBookingNumber: null });
    expect(sim.state.bookings()).toHaveLength(count);
    expect((await orderView('FTest201508060001'))?.state).toBe('held');
    expect((await queryStatus()).body).toEqual({
      OrderSummary: null,
      ResponseCode: 47,
      ResponseDescription: 'Booking does not exist at Cinema',
    });
    expect((await complete()).body.Result).toBe(0);
  });

  it('a booking fee is part of the total CompleteOrder must be paid (seed §3.9: 总票价+定位费)', async () => {
    const total = await hold({ BookingFeeOverride: 300 });
    expect(total).toBe(10300);
    expect((await complete()).body.Result).toBe(27);
    const { body } = await complete({ PaymentInfo: { ...SEED_COMPLETE_ORDER.PaymentInfo, PaymentValueCents: 10300 } });
    expect(body.Result).toBe(0);
    expect((await getBooking(body.VistaBookingId!)).body.Booking!.TotalValueCents).toBe(10300);
  });

  it('62 for an order expired, cancelled or never made; StartExternalPayment too', async () => {
    await hold();
    clock += HOLD_MS + 1;
    expect((await complete()).body).toMatchObject({ Result: 62, ErrorDescription: ORDER_DOES_NOT_EXIST });
    expect((await vistaPost<{ Result: number }>('/RESTTicketing.svc/order/startexternalpayment', SEED_START_PAYMENT)).body.Result).toBe(62);

    await hold({ UserSessionId: 'cancelled-1' });
    expect(
      (await vistaPost<{ Result: number }>('/RESTTicketing.svc/order/cancel', { ...SEED_START_PAYMENT, UserSessionId: 'cancelled-1' })).body
        .Result,
    ).toBe(0);
    expect((await complete({ UserSessionId: 'cancelled-1' })).body.Result).toBe(62);
    expect((await complete({ UserSessionId: 'never-made' })).body.Result).toBe(62);
    expect((await queryStatus('never-made')).body.ResponseCode).toBe(47);
  });

  it('56 for StartExternalPayment on a completed order', async () => {
    await hold();
    expect((await complete()).body.Result).toBe(0);
    const started = await vistaPost<{ Result: number; ErrorDescription: string }>(
      '/RESTTicketing.svc/order/startexternalpayment',
      SEED_START_PAYMENT,
    );
    expect(started.body).toMatchObject({
      Result: 56,
      ErrorDescription: 'Unable to edit the order as payments for the order have already been made',
    });
  });

  it('4 for a request without the client, PaymentInfo or PerformPayment false; nothing booked', async () => {
    await hold();
    const count = sim.state.bookings().length;
    const { OptionalClientId: _omit, ...noClient } = SEED_COMPLETE_ORDER;
    const cases = [
      await vistaPost<CompleteReply>('/RESTTicketing.svc/order/payment', noClient),
      await complete({ OptionalClientId: '1.2.3.4' }),
      await complete({ PaymentInfo: null }),
      await complete({ PaymentInfo: { ...SEED_COMPLETE_ORDER.PaymentInfo, PaymentValueCents: 100.5 } }),
      await complete({ PaymentInfo: { ...SEED_COMPLETE_ORDER.PaymentInfo, CardType: 'Credit\u001bCard' } }),
      await complete({ PerformPayment: true }),
      await complete({ UserSessionId: 'bad\r\nid' }),
    ];
    for (const c of cases) {
      expect(c.body.Result).toBe(4);
      expect(c.body.ErrorDescription).toMatch(/^[\x20-\x7e]+$/u);
      expect(c.body.VistaBookingId).toBeNull();
    }
    expect(sim.state.bookings()).toHaveLength(count);
    expect((await orderView('FTest201508060001'))?.state).toBe('held');
    expect((await queryStatus('FTest201508060001', '')).body).toEqual({
      OrderSummary: null,
      ResponseCode: 4,
      ResponseDescription: 'The UserSessionId and ClientId parameters are required',
    });
    expect(
      (await vistaPost<StatusReply>('/RESTTicketing.svc/order/query-booking-status', { ClientId: '111.111.111' })).body.ResponseCode,
    ).toBe(4);
  });

  it('connectapitoken is checked on the three new paths', async () => {
    for (const path of [
      '/RESTTicketing.svc/order/startexternalpayment',
      '/RESTTicketing.svc/order/payment',
      '/RESTTicketing.svc/order/query-booking-status',
    ]) {
      expect((await vistaPost(path, SEED_COMPLETE_ORDER, { token: null })).status).toBe(401);
      expect((await vistaPost(path, SEED_COMPLETE_ORDER, { token: 'wrong' })).status).toBe(401);
    }
  });
});

describe('faults and the CompleteOrder switch (driving seed §2.2 recovery)', () => {
  it('lost-answer: CompleteOrder books and never answers; GetOrder shows it completed, QueryOrderBookingStatus finds the booking, a repeat answers it', async () => {
    await hold();
    expect((await control('POST', '/__sim/sale-faults', { completeOrder: 'lost-answer', times: 1 })).body).toEqual({
      completeOrder: 'lost-answer',
      times: 1,
      hits: 0,
    });
    await expect(complete({}, { signal: AbortSignal.timeout(500) })).rejects.toThrow();
    expect((await getOrder()).body.Order.CinemaId).toBeNull();
    const query = await queryStatus();
    expect(query.body.ResponseCode).toBe(0);
    const repeat = await complete();
    expect(repeat.body.Result).toBe(0);
    expect(repeat.body.VistaBookingId).toBe(query.body.OrderSummary!.VistaBookingId);
    expect(sim.state.bookings().filter((b) => b.userSessionId === 'FTest201508060001')).toHaveLength(1);
    expect((await control('GET', '/__sim/sale-faults')).body).toEqual({ completeOrder: 'lost-answer', times: 1, hits: 1 });
  });

  it('code:14 answers the seed text of PostChargeCommitError while the booking is made, until cleared', async () => {
    await hold();
    expect((await control('POST', '/__sim/sale-faults', { completeOrder: 'code:14' })).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const { body } = await complete();
      expect(body.Result).toBe(14);
      expect(body.ErrorDescription).toMatch(/^AFTER payment has been authorised/u);
      expect(body.VistaBookingId).toBeNull();
    }
    expect((await queryStatus()).body.ResponseCode).toBe(0);
    expect((await control('POST', '/__sim/sale-faults', { completeOrder: null })).body).toEqual({
      completeOrder: null,
      times: null,
      hits: 0,
    });
    expect((await complete()).body.Result).toBe(0);
  });

  it('a refused switch value is a 400 and changes nothing', async () => {
    for (const bad of [
      { completeOrder: 'code:0' },
      { completeOrder: 'code:abc' },
      { completeOrder: 'drop' },
      { completeOrder: 'lost-answer', times: 0 },
    ]) {
      expect((await control('POST', '/__sim/sale-faults', bad)).status).toBe(400);
    }
    expect((await control('GET', '/__sim/sale-faults')).body).toEqual({ completeOrder: null, times: null, hits: 0 });
  });

  it('/__sim/faults hits each new path: a refused CompleteOrder books nothing', async () => {
    await hold();
    await control('POST', '/__sim/faults', { path: 'order/payment', result: 26, times: 1 });
    await control('POST', '/__sim/faults', { path: 'order/startexternalpayment', status: 503, times: 1 });
    await control('POST', '/__sim/faults', { path: 'order/query-booking-status', status: 500, times: 1 });
    expect((await complete()).body.Result).toBe(26);
    expect((await orderView('FTest201508060001'))?.state).toBe('held');
    expect((await vistaPost('/RESTTicketing.svc/order/startexternalpayment', SEED_START_PAYMENT)).status).toBe(503);
    expect((await queryStatus()).status).toBe(500);
    expect((await queryStatus()).body.ResponseCode).toBe(47);
    expect((await complete()).body.Result).toBe(0);
  });
});
