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
}

export type NewSaleOrder = Omit<
  SaleOrderRow,
  'state' | 'cancel_reason' | 'total_cents' | 'booking_fee_cents' | 'held_until' | 'updated_at'
>;

/** Sale orders. State changes go through SaleOrderLedger (sale/), which writes the audit record with them. */
export class SaleOrdersRepository {
  private readonly insertStmt;
  private readonly byIdStmt;
  private readonly moveStmt;
  private readonly heldStmt;
  private readonly openStmt;
  private readonly expiredStmt;
  private readonly replaceStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<NewSaleOrder>(
      `INSERT INTO sale_orders (order_id, terminal_id, channel, actor, state, session_id, film_title, starts_at, starts_epoch_ms, screen_name,
         seats, tickets, created_at, updated_at)
       VALUES (@order_id, @terminal_id, @channel, @actor, 'holding', @session_id, @film_title, @starts_at, @starts_epoch_ms, @screen_name,
         @seats, @tickets, @created_at, @created_at)`,
    );
    this.byIdStmt = db.prepare<{ id: string }, SaleOrderRow>('SELECT * FROM sale_orders WHERE order_id = @id');
    this.moveStmt = db.prepare<{ id: string; from: SaleOrderState; to: SaleOrderState; reason: CancelReason | null; now: number }>(
      `UPDATE sale_orders SET state = @to, cancel_reason = COALESCE(@reason, cancel_reason), updated_at = @now,
         held_until = CASE WHEN @to = 'held' THEN held_until ELSE NULL END
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
  }

  insert(order: NewSaleOrder): void {
    this.insertStmt.run(order);
  }

  byId(orderId: string): SaleOrderRow | undefined {
    return this.byIdStmt.get({ id: orderId });
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
