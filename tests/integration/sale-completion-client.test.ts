import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralError } from '../../electron/core/central/central-api';
import { VistaSaleClient } from '../../electron/core/central/vista-sale.client';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { simGet, simSend } from '../support/sim-control';

/**
 * The central adapter's completion calls (seed 003 §3.6, §3.8–§3.10) against the simulator's sale:
 * StartExternalPayment, CompleteOrder with PaymentInfo and PerformPayment false, GetOrder's two shapes,
 * QueryOrderBookingStatus, and what a lost or coded CompleteOrder answer looks like to the core.
 */
let sim: RunningCentralSim;
let client: VistaSaleClient;
const PAYMENT = { cardNumber: '9999 9999 9999 9999', cardType: 'CreditCard', tenderCategory: 'CreditCard' };

beforeEach(async () => {
  sim = await startCentralSim({ seed: 1, sale: { holdMs: 60_000 } });
  client = new VistaSaleClient({
    baseUrl: sim.baseUrl,
    connectApiToken: sim.token,
    cinemaId: '0200',
    optionalClientClass: 'RSP',
    optionalClientId: '111.111.111.111',
    optionalClientName: '3rdParty',
    connectTimeoutMs: 1_000,
    requestTimeoutMs: 800,
    cinemaOffsetMinutes: 480,
  });
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

/** Holds two seats side by side in the first row of session 29617 (from `column`) at 10000 cents each. */
async function held(userSessionId: string, column = 1): Promise<number> {
  const answer = await client.addTickets({
    userSessionId,
    sessionId: '29617',
    tickets: [{ ticketTypeCode: '0010', qty: 2, priceCents: 10_000 }],
    seats: [
      { areaCategoryCode: '0000000001', areaNumber: 1, rowIndex: 0, columnIndex: column },
      { areaCategoryCode: '0000000001', areaNumber: 1, rowIndex: 0, columnIndex: column + 1 },
    ],
  });
  if (answer.kind !== 'held') throw new Error(`not held: ${answer.kind}`);
  return answer.totalCents;
}

interface SimOrder {
  userSessionId: string;
  state: string;
  externalPaymentStarted: boolean;
  booking: { bookingNumber: number; bookingId: string; paymentValueCents: number } | null;
}
const simOrder = async (id: string) => (await simGet<SimOrder[]>(sim.baseUrl, '/__sim/orders')).find((o) => o.userSessionId === id);

describe('completing an order at central', () => {
  it('starts the payment, completes with the order total and reads the booking back', async () => {
    const total = await held('order-a');
    expect(await client.getOrder('order-a')).toEqual({ kind: 'open', totalCents: total });
    expect(await client.queryBookingStatus('order-a')).toEqual({ kind: 'not-found' });
    expect(await client.startExternalPayment('order-a')).toEqual({ kind: 'started' });
    expect((await simOrder('order-a'))?.externalPaymentStarted).toBe(true);

    const done = await client.completeOrder('order-a', { ...PAYMENT, valueCents: total });
    if (done.kind !== 'completed') throw new Error(done.kind);
    expect(done.bookingId).toMatch(/^[A-Z0-9]{5,}$/u);
    expect(done.bookingNumber).toBeGreaterThan(0);
    expect(done.transNumber).toMatch(/^\d+$/u);
    const sim1 = await simOrder('order-a');
    expect(sim1).toMatchObject({ state: 'completed', booking: { bookingNumber: done.bookingNumber, paymentValueCents: total } });

    // GetOrder's second shape (CinemaId null) and the status query name the same booking.
    expect(await client.getOrder('order-a')).toEqual({ kind: 'completed' });
    expect(await client.queryBookingStatus('order-a')).toEqual({
      kind: 'exists',
      bookingId: done.bookingId,
      bookingNumber: done.bookingNumber,
      transNumber: null,
      totalCents: total,
    });
    // A repeat is the same booking (a retry of seed §2.2), never a second one.
    expect(await client.completeOrder('order-a', { ...PAYMENT, valueCents: total })).toMatchObject({
      kind: 'completed',
      bookingNumber: done.bookingNumber,
    });
    // StartExternalPayment once completed: 56 PaymentsProcessed.
    expect(await client.startExternalPayment('order-a')).toMatchObject({ kind: 'refused', code: 56 });
  });

  it('hears 27 for another amount and 62 for an order gone, and nothing is booked', async () => {
    const total = await held('order-b');
    expect(await client.completeOrder('order-b', { ...PAYMENT, valueCents: total - 1 })).toMatchObject({ kind: 'refused', code: 27 });
    expect((await simOrder('order-b'))?.state).toBe('held');
    await client.cancelOrder('order-b');
    expect(await client.completeOrder('order-b', { ...PAYMENT, valueCents: total })).toMatchObject({ kind: 'refused', code: 62 });
    expect(await client.getOrder('order-b')).toEqual({ kind: 'completed' });
    expect(await client.queryBookingStatus('order-b')).toEqual({ kind: 'not-found' });
  });

  it('a coded or lost answer of a CompleteOrder that booked: refused / unknown outcome, the status query finds the booking', async () => {
    const total = await held('order-c');
    await simSend(sim.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: 'code:14', times: 1 });
    expect(await client.completeOrder('order-c', { ...PAYMENT, valueCents: total })).toMatchObject({ kind: 'refused', code: 14 });
    expect(await client.queryBookingStatus('order-c')).toMatchObject({ kind: 'exists', totalCents: total });

    const total2 = await held('order-d', 4);
    await simSend(sim.baseUrl, 'POST', '/__sim/sale-faults', { completeOrder: 'lost-answer', times: 1 });
    const lost = await client.completeOrder('order-d', { ...PAYMENT, valueCents: total2 }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(CentralError);
    expect((lost as CentralError).failure).toBe('unknown-outcome');
    expect(await client.queryBookingStatus('order-d')).toMatchObject({ kind: 'exists' });
  });

  it('a status query refused by a fault is an error, not a booking that does not exist', async () => {
    await held('order-e');
    await simSend(sim.baseUrl, 'POST', '/__sim/faults', { path: 'order/query-booking-status', result: 1 });
    const error = await client.queryBookingStatus('order-e').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CentralError);
    expect((error as CentralError).vistaCode).toBe(1);
  });
});
