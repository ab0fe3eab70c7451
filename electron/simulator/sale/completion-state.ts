import type { CentralSimState, SimBooking, SoldPayment, SoldTicket } from '../central-sim.state';
import type { SaleOutcome, SimOrder } from './order-rules';

/**
 * The simulated central side of paying for an order (seed 003 §3.8–§3.10): StartExternalPayment
 * marks a held order, CompleteOrder turns it into a real booking of the simulator (the one
 * GetSingleBooking, RefundBooking and the SarftKioskService stand-in see), and the order's booking
 * is what QueryOrderBookingStatus finds. One booking per UserSessionId, whatever is repeated.
 */
export type PaymentInfo = SoldPayment;

export interface Completion {
  userSessionId: string;
  booking: SimBooking;
  /** HistoryID of CompleteOrder's reply. */
  historyId: string;
  /** VistaTransNumber of CompleteOrder's reply (GetSingleBooking's VistaTransactionId). */
  transactionNumber: number;
  payment: PaymentInfo;
}

/** Seed §3.13's descriptions, the ErrorDescription of the codes these calls answer. */
export const ORDER_DOES_NOT_EXIST = 'Order does not exist matching the search criteria';
export const PAY_TOTAL_MISMATCH =
  'All payments have succeeded but the payment total does not match the order total. Payments have been voided to allow a retry.';
export const PAYMENTS_PROCESSED = 'Unable to edit the order as payments for the order have already been made';

/** What completing needs of the sale's orders (sale-state.ts's SimSale, which builds this). */
export interface CompletableOrders {
  getOrder(userSessionId: string): SimOrder | undefined;
  markCompleted(userSessionId: string): void;
}

export class SimCompletions {
  private readonly byOrder = new Map<string, Completion>();
  private readonly externalPayments = new Set<string>();
  /** The seed's example HistoryID; each completion takes the next. */
  private nextHistoryId = 1935728;

  constructor(
    private readonly sale: CompletableOrders,
    private readonly central: CentralSimState,
  ) {}

  /** StartExternalPayment: a held order only; a paid one answers 56, a gone one 62. */
  startExternalPayment(userSessionId: string): SaleOutcome<SimOrder> {
    const order = this.sale.getOrder(userSessionId);
    if (order?.state === 'completed') return { ok: false, result: 56, error: PAYMENTS_PROCESSED };
    if (order?.state !== 'held') return { ok: false, result: 62, error: ORDER_DOES_NOT_EXIST };
    this.externalPayments.add(userSessionId);
    return { ok: true, value: order };
  }

  externalPaymentStarted(userSessionId: string): boolean {
    return this.externalPayments.has(userSessionId);
  }

  /**
   * CompleteOrder: a completed order answers its booking again (a retry never books twice); a held
   * order whose payment equals its total becomes a booking; otherwise 27 (the total differs, the
   * order stays held so the client may retry) or 62 (expired, cancelled or never made).
   */
  complete(userSessionId: string, payment: PaymentInfo): SaleOutcome<Completion> {
    const done = this.byOrder.get(userSessionId);
    if (done) return { ok: true, value: done };
    const order = this.sale.getOrder(userSessionId);
    if (order?.state !== 'held') return { ok: false, result: 62, error: ORDER_DOES_NOT_EXIST };
    if (payment.paymentValueCents !== order.totalValueCents) return { ok: false, result: 27, error: PAY_TOTAL_MISMATCH };
    const booking = this.central.createBooking({
      sessionId: order.session.sessionId,
      sold: { userSessionId, tickets: soldTickets(order), payment },
      note: `sold through CompleteOrder (${userSessionId})`,
    });
    this.sale.markCompleted(userSessionId);
    const completion: Completion = {
      userSessionId,
      booking,
      historyId: String(this.nextHistoryId),
      transactionNumber: this.central.transactionNumber(booking),
      payment,
    };
    this.nextHistoryId += 1;
    this.byOrder.set(userSessionId, completion);
    return { ok: true, value: completion };
  }

  completion(userSessionId: string): Completion | undefined {
    return this.byOrder.get(userSessionId);
  }
}

/**
 * RefundBooking of a sold booking (seed §3.12: PaymentInfo "与 complete order 传入信息一致", not
 * nullable): the PaymentInfo must be sent and be the one CompleteOrder was given, for a refund at the
 * counter (through the outbox) as for one online. A booking not sold through CompleteOrder: nothing to
 * compare (the demo bookings and refund clients that omit it keep working).
 */
export function refundPaymentMismatch(booking: SimBooking, raw: unknown): string | null {
  if (!booking.payment) return null;
  if (raw === undefined || raw === null) return 'PaymentInfo must be the one given to CompleteOrder';
  const sent = typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const paid = booking.payment;
  const same =
    sent.CardNumber === paid.cardNumber &&
    sent.CardType === paid.cardType &&
    sent.PaymentValueCents === paid.paymentValueCents &&
    sent.PaymentTenderCategory === paid.paymentTenderCategory;
  return same ? null : 'PaymentInfo must be the one given to CompleteOrder';
}

/** The order's seats at its prices; an order-wide booking fee is spread over the tickets, the remainder on the first. */
function soldTickets(order: SimOrder): SoldTicket[] {
  const perTicketSum = order.tickets.reduce((sum, t) => sum + t.bookingFeeCents, 0);
  const spread = order.bookingFeeCents !== perTicketSum;
  const share = Math.floor(order.bookingFeeCents / order.tickets.length);
  const remainder = order.bookingFeeCents - share * order.tickets.length;
  return order.tickets.map((t, i) => ({
    rowId: t.seat.rowName,
    seatNumber: t.seat.seatNumber,
    priceCents: t.ticketType.priceInCents,
    serviceFeeCents: spread ? share + (i === 0 ? remainder : 0) : t.bookingFeeCents,
    ticketTypeCode: t.ticketType.ticketTypeCode,
    description: t.ticketType.description,
    areaCategoryCode: t.seat.areaCategoryCode,
  }));
}
