import { controlCouponPayload } from '../../../shared/domain/control-coupon';
import type { SaleOrderView, SalePayStatus } from '../../../shared/contract/sale';
import type { UiEvent } from '../../../shared/contract/ui';
import { canMove, type CancelReason, type SaleOrderState } from '../../../shared/domain/sale-order';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../storage/database';
import type {
  NewSaleOrder,
  OrderPaymentFields,
  OrderSeat,
  OrderTicket,
  SaleOrderRow,
  SaleOrdersRepository,
} from '../storage/repositories/sale-orders.repository';
import type { SaleOutboxRepository } from '../storage/repositories/sale-outbox.repository';

/** Who moves an order: `kiosk`, `staff:<username>`, or `sale` (the core itself: expiry, start-up, central's confirmation). */
export type OrderActor = string;

export interface OrderLedgerDeps {
  db: Db;
  orders: SaleOrdersRepository;
  outbox: SaleOutboxRepository;
  audit: AuditLog;
  terminalId: string;
  now: () => number;
  emit: (event: UiEvent) => void;
  /** Wakes the CancelOrder worker after a commit that queued a cancel. */
  kickOutbox: () => void;
}

/**
 * The one place a sale order changes state: each change commits with its audit record (actor,
 * terminal, time: subject `order:<id>`) and, for a cancel, the outbox row that carries CancelOrder to
 * central; after the commit the screens hear of it (`sale.order`).
 */
export class OrderLedger {
  constructor(private readonly deps: OrderLedgerDeps) {}

  get terminalId(): string {
    return this.deps.terminalId;
  }

  byId(orderId: string): SaleOrderRow | undefined {
    return this.deps.orders.byId(orderId);
  }

  /** This terminal's booked orders whose print never reported (see SalePrintService.listUnprintedAtStart). */
  completedUnprinted(): SaleOrderRow[] {
    return this.deps.orders.completedUnprinted(this.deps.terminalId);
  }

  /** A new order, stored as `holding` before AddTickets is sent (its id is the UserSessionId). */
  open(order: Omit<NewSaleOrder, 'terminal_id' | 'created_at'>, actor: OrderActor): SaleOrderRow {
    const now = this.deps.now();
    this.deps.db.transaction(() => {
      this.deps.orders.insert({ ...order, terminal_id: this.deps.terminalId, created_at: now });
      this.record(actor, 'sale.order.holding', order.order_id, { sessionId: order.session_id, seats: seatNames(order.seats) });
    })();
    return this.deps.orders.byId(order.order_id)!;
  }

  /** An open order asks central for other seats (same UserSessionId): stored before AddTickets is sent. */
  replace(orderId: string, seats: OrderSeat[], tickets: OrderTicket[], actor: OrderActor): boolean {
    return this.deps.db.transaction(() => {
      if (!this.deps.orders.replaceSeats(orderId, seats, tickets, this.deps.now())) return false;
      this.record(actor, 'sale.order.replacing', orderId, { seats: seats.map((s) => s.name) });
      return true;
    })();
  }

  /** Central holds the seats until `heldUntil`. */
  held(
    orderId: string,
    totals: { totalCents: number; bookingFeeCents: number },
    heldUntil: number,
    actor: OrderActor,
  ): SaleOrderRow | undefined {
    const moved = this.deps.db.transaction(() => {
      if (!this.deps.orders.markHeld(orderId, totals, heldUntil, this.deps.now())) return false;
      this.record(actor, 'sale.order.held', orderId, { ...totals, heldUntil: new Date(heldUntil).toISOString() });
      return true;
    })();
    return this.announce(orderId, moved);
  }

  /**
   * Annuls an open order: `cancelling` and its CancelOrder in the outbox, in one transaction. False
   * when the order was not open (cancelled already, or moved by another step first).
   */
  cancel(
    orderId: string,
    reason: CancelReason,
    actor: OrderActor,
    details: Record<string, unknown> = {},
    fields: OrderPaymentFields = {},
  ): boolean {
    const moved = this.deps.db.transaction(() => {
      const order = this.deps.orders.byId(orderId);
      if (!order || !canMove(order.state, 'cancelling')) return false;
      if (!this.deps.orders.move(orderId, order.state, 'cancelling', reason, this.deps.now())) return false;
      // The step's columns (a reversal that refunded money: its reference and amount) commit with it.
      if (Object.keys(fields).length > 0) this.deps.orders.advance(orderId, 'cancelling', 'cancelling', fields, this.deps.now());
      this.deps.outbox.addCancel(orderId, this.deps.now());
      this.record(actor, 'sale.order.cancelling', orderId, { from: order.state, reason, ...details });
      return true;
    })();
    this.announce(orderId, moved);
    if (moved) this.deps.kickOutbox();
    return moved;
  }

  /** Central confirmed CancelOrder: `expired` when the hold ran out, `cancelled` otherwise. */
  confirmCancelled(orderId: string, details: Record<string, unknown> = {}): void {
    const moved = this.deps.db.transaction(() => {
      const order = this.deps.orders.byId(orderId);
      if (!order || order.state !== 'cancelling') return false;
      const to: SaleOrderState = order.cancel_reason === 'timeout' ? 'expired' : 'cancelled';
      if (!this.deps.orders.move(orderId, 'cancelling', to, null, this.deps.now())) return false;
      this.record('sale', `sale.order.${to}`, orderId, { reason: order.cancel_reason, ...details });
      return true;
    })();
    this.announce(orderId, moved);
  }

  /**
   * A payment or completion step: the state (only along an edge of shared/domain/sale-order.ts, and only
   * from one of `from` when given), the step's columns and its audit record `sale.order.<to>` commit
   * together. Undefined when the order was not where the step expected it (another step moved it first).
   */
  advance(
    orderId: string,
    to: SaleOrderState,
    actor: OrderActor,
    step: {
      from?: readonly SaleOrderState[];
      fields?: OrderPaymentFields;
      details?: Record<string, unknown>;
      /** Written in the same transaction (CompleteOrder's PaymentInfo in booking_payments). */
      with?: () => void;
    } = {},
  ): SaleOrderRow | undefined {
    const moved = this.deps.db.transaction(() => {
      const order = this.deps.orders.byId(orderId);
      if (!order || !canMove(order.state, to) || (step.from && !step.from.includes(order.state))) return false;
      if (!this.deps.orders.advance(orderId, order.state, to, step.fields ?? {}, this.deps.now())) return false;
      step.with?.();
      this.record(actor, `sale.order.${to}`, orderId, { from: order.state, ...(step.details ?? {}) });
      return true;
    })();
    const row = this.announce(orderId, moved);
    return moved ? row : undefined;
  }

  /**
   * The QR of an order paying by QR, as the provider made it: stored once with its audit record (the
   * QR's content stays out of the audit: it is the trade's to pay, nobody's to read). False when the
   * order moved on meanwhile (the customer gave up) or has its QR already.
   */
  showQr(orderId: string, qrCode: string, actor: OrderActor): boolean {
    return this.deps.db.transaction(() => {
      if (!this.deps.orders.setQrCode(orderId, qrCode, this.deps.now())) return false;
      this.record(actor, 'sale.order.qr-created', orderId, { outTradeNo: this.deps.orders.byId(orderId)?.out_trade_no });
      return true;
    })();
  }

  /**
   * A fact about the order that does not move it (the tickets of a completed sale did not all print):
   * its columns and the audit record `action` commit together, only while the order is in `state`;
   * the screens hear of it. False when the order was elsewhere.
   */
  note(
    orderId: string,
    state: SaleOrderState,
    actor: OrderActor,
    action: string,
    fields: OrderPaymentFields,
    details: Record<string, unknown> = {},
  ): boolean {
    const noted = this.deps.db.transaction(() => {
      if (!this.deps.orders.advance(orderId, state, state, fields, this.deps.now())) return false;
      this.record(actor, action, orderId, details);
      return true;
    })();
    this.announce(orderId, noted);
    return noted;
  }

  private record(actor: OrderActor, action: string, orderId: string, details: Record<string, unknown>): void {
    this.deps.audit.append({ actor, terminalId: this.deps.terminalId, action, subject: `order:${orderId}`, details });
  }

  private announce(orderId: string, moved: boolean): SaleOrderRow | undefined {
    const order = this.deps.orders.byId(orderId);
    if (moved && order) {
      const view = orderView(order);
      this.deps.emit({ type: 'sale.order', orderId, state: view.state, heldUntil: view.heldUntil, cancelReason: view.cancelReason });
    }
    return order;
  }
}

const seatNames = (seats: string): string[] => (JSON.parse(seats) as OrderSeat[]).map((s) => s.name);

/** The order as the screens read it. */
export function orderView(row: SaleOrderRow): SaleOrderView {
  return {
    orderId: row.order_id,
    state: row.state,
    cancelReason: row.cancel_reason,
    sessionId: row.session_id,
    filmTitle: row.film_title,
    startsAt: row.starts_at,
    screenName: row.screen_name,
    seats: JSON.parse(row.seats) as OrderSeat[],
    tickets: JSON.parse(row.tickets) as OrderTicket[],
    totalCents: row.total_cents,
    bookingFeeCents: row.booking_fee_cents,
    heldUntil: (row.state === 'held' || row.state === 'paying') && row.held_until !== null ? new Date(row.held_until).toISOString() : null,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The order with its payment and completion, as the paying customer's screen follows it. */
export function payView(row: SaleOrderRow): SalePayStatus {
  return {
    ...orderView(row),
    tradeNo: row.trade_no,
    paidCents: row.paid_cents,
    paymentError: row.payment_error,
    bookingId: row.booking_id,
    verifyCode: row.booking_number === null ? null : String(row.booking_number),
    refundReference: refundReferenceOf(row),
    refundedCents: row.refunded_cents,
    // The tickets are booked but the print at completion failed (SalePrintService wrote the print number
    // it tried): the screen says "collect later" at once instead of waiting for a print that is over.
    printFailed: row.state === 'completed' && row.print_no !== null,
    coupon: couponOf(row),
    qrCode: row.state === 'paying' && row.pay_method === 'qr' ? row.qr_code : null,
  };
}

/**
 * The columns of a reversal (`trade.cancel`) that refunded a payment in full: its reference (the trade
 * number, which the customer's wallet shows with the refund), the amount, and the box office's note
 * (the order goes on its needs-attention list, as a refund after a failed completion does).
 */
export function reversalRefund(order: SaleOrderRow): OrderPaymentFields {
  return {
    refund_request_no: order.out_trade_no,
    // Taken, then given back: the whole trade (our amount, checked before the payment was sent).
    paid_cents: order.total_cents,
    refunded_cents: order.total_cents,
    needs_staff_reason: 'the payment did not settle within the hold: reversed (trade.cancel), the money went back in full',
  };
}

/**
 * The reference of money that went back, as the customer quotes it: the refund's number after a failed
 * completion, or the trade's number when `trade.cancel` reversed a payment that had moved (Alipay refunds
 * it in full under the trade, which the customer's wallet shows).
 */
function refundReferenceOf(row: SaleOrderRow): string | null {
  if (row.state === 'refunded' || row.state === 'refunding') return row.refund_request_no;
  if ((row.state === 'cancelling' || row.state === 'cancelled') && row.refunded_cents !== null) return row.refund_request_no;
  return null;
}

/** The control coupon of a completed sale: the booking's print number and 取票码, as the receipt prints them. */
function couponOf(row: SaleOrderRow): SalePayStatus['coupon'] {
  if ((row.state !== 'completed' && row.state !== 'printed') || row.booking_number === null || !row.booking_id) return null;
  const coupon = { printNo: String(row.booking_number).padStart(16, '0'), verifyCode: row.booking_id };
  try {
    return { ...coupon, payload: controlCouponPayload(coupon) };
  } catch {
    // A 取票码 outside the coupon's alphabet: the screen shows the numbers without a QR.
    return { ...coupon, payload: '' };
  }
}
