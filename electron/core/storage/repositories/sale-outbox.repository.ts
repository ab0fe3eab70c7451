import type { Db } from '../database';

export interface SaleOutboxRow {
  id: number;
  kind: 'cancel-order';
  order_id: string;
  idempotency_key: string;
  state: 'pending' | 'done';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

/** Calls a sale order owes central (CancelOrder). Rows are added in the transaction of the state change they carry. */
export class SaleOutboxRepository {
  private readonly insertStmt;
  private readonly dueStmt;
  private readonly doneStmt;
  private readonly retryStmt;
  private readonly depthStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<{ kind: string; order_id: string; key: string; now: number }>(
      `INSERT INTO sale_outbox (kind, order_id, idempotency_key, state, next_attempt_at, created_at)
       VALUES (@kind, @order_id, @key, 'pending', @now, @now) ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    this.dueStmt = db.prepare<{ now: number; limit: number }, SaleOutboxRow>(
      "SELECT * FROM sale_outbox WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY id LIMIT @limit",
    );
    this.doneStmt = db.prepare<{ id: number; now: number }>(
      "UPDATE sale_outbox SET state = 'done', done_at = @now, last_error = NULL WHERE id = @id AND state = 'pending'",
    );
    this.retryStmt = db.prepare<{ id: number; next: number; error: string }>(
      'UPDATE sale_outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id',
    );
    this.depthStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sale_outbox WHERE state = 'pending'");
  }

  /** CancelOrder for the order; one per order (its key), whatever asked for it first. */
  addCancel(orderId: string, now: number): void {
    this.insertStmt.run({ kind: 'cancel-order', order_id: orderId, key: `cancel-order:${orderId}`, now });
  }

  due(now: number, limit: number): SaleOutboxRow[] {
    return this.dueStmt.all({ now, limit });
  }

  markDone(id: number, now: number): boolean {
    return this.doneStmt.run({ id, now }).changes === 1;
  }

  scheduleRetry(id: number, next: number, error: string): void {
    this.retryStmt.run({ id, next, error: error.slice(0, 300) });
  }

  depth(): number {
    return this.depthStmt.get()?.n ?? 0;
  }
}
