import type { Db } from '../database';

export interface SaleRefundRow {
  refund_id: number;
  order_id: string;
  tender: 'alipay' | 'cash';
  out_request_no: string;
  amount_cents: number;
  state: 'pending' | 'done' | 'needs-staff';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

/** The money-back of refunds of our own sales (0013), one row per box-office refund; see `sale/own-sale-refund.worker.ts`. */
export class SaleRefundsRepository {
  constructor(private readonly db: Db) {}

  /** Written once per refund: a second insert for the same refund changes nothing (false). */
  insert(row: Omit<SaleRefundRow, 'attempts' | 'last_error' | 'done_at'> & { done_at?: number | null }): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO sale_refunds (refund_id, order_id, tender, out_request_no, amount_cents, state, next_attempt_at, created_at, done_at)
           VALUES (@refund_id, @order_id, @tender, @out_request_no, @amount_cents, @state, @next_attempt_at, @created_at, @done_at)`,
        )
        .run({ done_at: null, ...row }).changes === 1
    );
  }

  due(now: number): SaleRefundRow[] {
    return this.db
      .prepare("SELECT * FROM sale_refunds WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, refund_id LIMIT 50")
      .all(now) as SaleRefundRow[];
  }

  byId(refundId: number): SaleRefundRow | undefined {
    return this.db.prepare('SELECT * FROM sale_refunds WHERE refund_id = ?').get(refundId) as SaleRefundRow | undefined;
  }

  /** What already went back (or is on its way) for an order: a later refund never takes more than was paid. */
  committedCents(orderId: string): number {
    return (
      this.db
        .prepare("SELECT COALESCE(SUM(amount_cents), 0) AS n FROM sale_refunds WHERE order_id = ? AND state != 'needs-staff'")
        .get(orderId) as {
        n: number;
      }
    ).n;
  }

  /** Counted before the call leaves. */
  recordAttempt(refundId: number, nextAttemptAt: number, error: string | null): void {
    this.db
      .prepare(
        "UPDATE sale_refunds SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE refund_id = ? AND state = 'pending'",
      )
      .run(nextAttemptAt, error, refundId);
  }

  settle(refundId: number, state: 'done' | 'needs-staff', now: number, error: string | null = null): boolean {
    return (
      this.db
        .prepare(
          "UPDATE sale_refunds SET state = ?, done_at = ?, last_error = COALESCE(?, last_error) WHERE refund_id = ? AND state = 'pending'",
        )
        .run(state, now, error, refundId).changes === 1
    );
  }
}
