import type { Db } from '../database';
import type { CancelReason, SaleOrderState } from '../../../../shared/domain/sale-order';

export interface OrderSeat {
  areaNumber: number;
  rowIndex: number;
  columnIndex: number;
  name: string;
  areaCategoryCode: string;
}
export interface OrderTicket {
  ticketTypeCode: string;
  description: string;
  qty: number;
  priceCents: number;
}

export interface SaleOrderRow {
  order_id: string;
  terminal_id: string;
  channel: 'kiosk' | 'staff';
  actor: string;
  state: SaleOrderState;
  cancel_reason: CancelReason | null;
  session_id: string;
  film_title: string;
  starts_at: string;
  starts_epoch_ms: number;
  screen_name: string;
  seats: string;
  tickets: string;
  total_cents: number;
  booking_fee_cents: number;
  held_until: number | null;
  created_at: number;
  updated_at: number;
  out_trade_no: string | null;
  tender: string | null;
  trade_no: string | null;
  paid_cents: number | null;
  payment_error: string | null;
  booking_id: string | null;
  booking_number: number | null;
  trans_number: string | null;
  print_no: string | null;
  refund_request_no: string | null;
  refunded_cents: number | null;
  needs_staff_reason: string | null;
  staff_seen_at: number | null;
  /** Cash handed over at the counter (0013); null for any other tender. */
  tendered_cents: number | null;
  /** How the order's trade was asked for (0014): the customer's payment code, or a QR we show; null before any. */
  pay_method: 'code' | 'qr' | null;
  /** The QR's content as the provider gave it (0014): written once, shown again after a restart. */
  qr_code: string | null;
}

/** The payment and completion columns (migration 0011) a step may write with its state change. */
export type OrderPaymentFields = Partial<
  Pick<
    SaleOrderRow,
    | 'out_trade_no'
    | 'tender'
    | 'trade_no'
    | 'paid_cents'
    | 'payment_error'
    | 'booking_id'
    | 'booking_number'
    | 'trans_number'
    | 'print_no'
    | 'refund_request_no'
    | 'refunded_cents'
    | 'needs_staff_reason'
    | 'tendered_cents'
    | 'pay_method'
  >
>;
const PAYMENT_FIELDS = [
  'out_trade_no',
  'tender',
  'trade_no',
  'paid_cents',
  'payment_error',
  'booking_id',
  'booking_number',
  'trans_number',
  'print_no',
  'refund_request_no',
  'refunded_cents',
  'needs_staff_reason',
  'tendered_cents',
  'pay_method',
] as const;

export type NewSaleOrder = Omit<
  SaleOrderRow,
  | 'state'
  | 'cancel_reason'
  | 'total_cents'
  | 'booking_fee_cents'
  | 'held_until'
  | 'updated_at'
  | keyof OrderPaymentFields
  | 'staff_seen_at'
  | 'qr_code'
>;

/** Sale orders. State changes go through SaleOrderLedger (sale/), which writes the audit record with them. */
export class SaleOrdersRepository {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly ofBookingStmt;
  private readonly flagStmt;
  private readonly moveStmt;
  private readonly heldStmt;
  private readonly openStmt;
  private readonly expiredStmt;
  private readonly replaceStmt;
  private readonly inFlightStmt;
  private readonly needsStaffStmt;
  private readonly unprintedStmt;
  private readonly seenStmt;
  private readonly qrStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<NewSaleOrder>(
      `INSERT INTO sale_orders (order_id, terminal_id, channel, actor, state, session_id, film_title, starts_at, starts_epoch_ms, screen_name,
         seats, tickets, created_at, updated_at)
       VALUES (@order_id, @terminal_id, @channel, @actor, 'holding', @session_id, @film_title, @starts_at, @starts_epoch_ms, @screen_name,
         @seats, @tickets, @created_at, @created_at)`,
    );
    this.byIdStmt = db.prepare<{ id: string }, SaleOrderRow>('SELECT * FROM sale_orders WHERE order_id = @id');
    this.ofBookingStmt = db.prepare<[number], SaleOrderRow>(
      "SELECT * FROM sale_orders WHERE booking_number = ? AND state IN ('completed', 'printed') ORDER BY updated_at DESC LIMIT 1",
    );
    this.flagStmt = db.prepare<[string, string]>('UPDATE sale_orders SET needs_staff_reason = ?, staff_seen_at = NULL WHERE order_id = ?');
    this.moveStmt = db.prepare<{ id: string; from: SaleOrderState; to: SaleOrderState; reason: CancelReason | null; now: number }>(
      `UPDATE sale_orders SET state = @to, cancel_reason = COALESCE(@reason, cancel_reason), updated_at = @now,
         held_until = CASE WHEN @to IN ('held', 'paying') THEN held_until ELSE NULL END
       WHERE order_id = @id AND state = @from`,
    );
    this.heldStmt = db.prepare<{ id: string; total: number; fee: number; until: number; now: number }>(
      `UPDATE sale_orders SET state = 'held', total_cents = @total, booking_fee_cents = @fee, held_until = @until, updated_at = @now
       WHERE order_id = @id AND state IN ('holding', 'held')`,
    );
    this.replaceStmt = db.prepare<{ id: string; seats: string; tickets: string; now: number }>(
      "UPDATE sale_orders SET seats = @seats, tickets = @tickets, updated_at = @now WHERE order_id = @id AND state IN ('holding', 'held')",
    );
    this.openStmt = db.prepare<{ terminal: string }, SaleOrderRow>(
      "SELECT * FROM sale_orders WHERE terminal_id = @terminal AND state IN ('holding', 'held') ORDER BY created_at",
    );
    this.expiredStmt = db.prepare<{ now: number }, SaleOrderRow>(
      "SELECT * FROM sale_orders WHERE state = 'held' AND held_until <= @now ORDER BY held_until",
    );
    this.inFlightStmt = db.prepare<{ terminal: string }, SaleOrderRow>(
      `SELECT * FROM sale_orders WHERE terminal_id = @terminal AND state IN ('paying', 'payment-unknown', 'paid', 'completing', 'refunding')
       ORDER BY created_at`,
    );
    this.unprintedStmt = db.prepare<{ terminal: string }, SaleOrderRow>(
      `SELECT * FROM sale_orders WHERE terminal_id = @terminal AND state = 'completed' AND print_no IS NULL AND needs_staff_reason IS NULL
       ORDER BY created_at`,
    );
    this.needsStaffStmt = db.prepare<Record<string, never>, SaleOrderRow>(
      `SELECT * FROM sale_orders WHERE needs_staff_reason IS NOT NULL AND staff_seen_at IS NULL AND state IN ('refunded', 'needs-staff', 'completed', 'printed', 'cancelling', 'cancelled')
       ORDER BY updated_at`,
    );
    this.seenStmt = db.prepare<{ id: string; now: number }>(
      `UPDATE sale_orders SET staff_seen_at = @now
       WHERE order_id = @id AND needs_staff_reason IS NOT NULL AND staff_seen_at IS NULL AND state IN ('refunded', 'needs-staff', 'completed', 'printed', 'cancelling', 'cancelled')`,
    );
    this.qrStmt = db.prepare<{ id: string; qr: string; now: number }>(
      `UPDATE sale_orders SET qr_code = @qr, updated_at = @now
       WHERE order_id = @id AND state = 'paying' AND pay_method = 'qr' AND qr_code IS NULL`,
    );
  }

  /** The QR of an order paying by QR, written once; false when the order moved on or has its QR already. */
  setQrCode(orderId: string, qrCode: string, now: number): boolean {
    return this.qrStmt.run({ id: orderId, qr: qrCode, now }).changes === 1;
  }

  /**
   * Moves the order from `from` to `to` with the payment columns of this step; false when another step
   * moved it first. `held_until` stays while paying (the payment runs within the hold).
   */
  advance(orderId: string, from: SaleOrderState, to: SaleOrderState, fields: OrderPaymentFields, now: number): boolean {
    const names = PAYMENT_FIELDS.filter((f) => fields[f] !== undefined);
    const sets = names.map((f) => `${f} = @${f}`).join(', ');
    const statement = this.db.prepare(
      `UPDATE sale_orders SET state = @to, updated_at = @now${sets ? `, ${sets}` : ''},
         held_until = CASE WHEN @to IN ('held', 'paying') THEN held_until ELSE NULL END
       WHERE order_id = @id AND state = @from`,
    );
    const values: Record<string, unknown> = { id: orderId, from, to, now };
    for (const f of names) values[f] = fields[f];
    return statement.run(values).changes === 1;
  }

  /** Orders of this terminal whose money may have moved and whose next step is still owed (resumed at start). */
  inFlight(terminalId: string): SaleOrderRow[] {
    return this.inFlightStmt.all({ terminal: terminalId });
  }

  /** Settled orders the box office must look at (refunded sales, reversals that refunded, refunds refused), not yet dismissed. */
  /** Booked orders of the terminal whose print never reported (neither printed nor failed), not yet on the box office's list. */
  completedUnprinted(terminalId: string): SaleOrderRow[] {
    return this.unprintedStmt.all({ terminal: terminalId });
  }

  needingStaff(): SaleOrderRow[] {
    return this.needsStaffStmt.all({});
  }

  /** Staff looked at it (the audit record is the caller's); false when it was not on the list. */
  markSeen(orderId: string, now: number): boolean {
    return this.seenStmt.run({ id: orderId, now }).changes === 1;
  }

  insert(order: NewSaleOrder): void {
    this.insertStmt.run(order);
  }

  byId(orderId: string): SaleOrderRow | undefined {
    return this.byIdStmt.get({ id: orderId });
  }

  /** The completed (or printed) order of this store that sold the booking, if any. */
  ofBooking(bookingNumber: number): SaleOrderRow | undefined {
    return this.ofBookingStmt.get(bookingNumber);
  }

  /** Puts a settled order on the box office's list with why (not a state change: its state stays). */
  flagForStaff(orderId: string, reason: string): void {
    this.flagStmt.run(reason, orderId);
  }

  /** Moves the order only from `from`: false when another step moved it first. */
  move(orderId: string, from: SaleOrderState, to: SaleOrderState, reason: CancelReason | null, now: number): boolean {
    return this.moveStmt.run({ id: orderId, from, to, reason, now }).changes === 1;
  }

  markHeld(orderId: string, totals: { totalCents: number; bookingFeeCents: number }, heldUntil: number, now: number): boolean {
    return this.heldStmt.run({ id: orderId, total: totals.totalCents, fee: totals.bookingFeeCents, until: heldUntil, now }).changes === 1;
  }

  /** The seats and tickets an open order asks for (a hold that replaces the previous one). */
  replaceSeats(orderId: string, seats: OrderSeat[], tickets: OrderTicket[], now: number): boolean {
    return this.replaceStmt.run({ id: orderId, seats: JSON.stringify(seats), tickets: JSON.stringify(tickets), now }).changes === 1;
  }

  /** Orders of this terminal that hold, or may hold, seats at central. */
  open(terminalId: string): SaleOrderRow[] {
    return this.openStmt.all({ terminal: terminalId });
  }

  /** Held orders whose hold has run out. */
  heldPast(now: number): SaleOrderRow[] {
    return this.expiredStmt.all({ now });
  }
}
