import type { Db } from '../database';

export interface MailOutboxRow {
  id: number;
  order_id: string;
  address: string;
  idempotency_key: string;
  message_id: string;
  receipt: string;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** Receipts waiting for the SMTP relay. A row is added once per order and address (its key). */
export class MailOutboxRepository {
  private readonly insertStmt;
  private readonly byKeyStmt;
  private readonly dueStmt;
  private readonly sentStmt;
  private readonly retryStmt;
  private readonly deadStmt;
  private readonly depthStmt;
  private readonly ofOrderStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<{ order_id: string; address: string; key: string; message_id: string; receipt: string; now: number }>(
      `INSERT INTO mail_outbox (order_id, address, idempotency_key, message_id, receipt, state, next_attempt_at, created_at)
       VALUES (@order_id, @address, @key, @message_id, @receipt, 'pending', @now, @now) ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    this.byKeyStmt = db.prepare<[string], MailOutboxRow>('SELECT * FROM mail_outbox WHERE idempotency_key = ?');
    this.dueStmt = db.prepare<{ now: number; limit: number }, MailOutboxRow>(
      "SELECT * FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY id LIMIT @limit",
    );
    this.sentStmt = db.prepare<{ id: number; now: number }>(
      "UPDATE mail_outbox SET state = 'sent', sent_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id AND state = 'pending'",
    );
    this.retryStmt = db.prepare<{ id: number; next: number; error: string }>(
      "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id AND state = 'pending'",
    );
    this.deadStmt = db.prepare<{ id: number; error: string }>(
      "UPDATE mail_outbox SET state = 'dead', attempts = attempts + 1, last_error = @error WHERE id = @id AND state = 'pending'",
    );
    this.depthStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM mail_outbox WHERE state = 'pending'");
    this.ofOrderStmt = db.prepare<[string], MailOutboxRow>('SELECT * FROM mail_outbox WHERE order_id = ? ORDER BY id');
  }

  /** Queues a message; answers the row for the key, new or the one queued before (and whether it is new). */
  add(
    row: { orderId: string; address: string; key: string; messageId: string; receipt: string },
    now: number,
  ): { row: MailOutboxRow; added: boolean } {
    const added =
      this.insertStmt.run({
        order_id: row.orderId,
        address: row.address,
        key: row.key,
        message_id: row.messageId,
        receipt: row.receipt,
        now,
      }).changes === 1;
    return { row: this.byKeyStmt.get(row.key)!, added };
  }

  due(now: number, limit: number): MailOutboxRow[] {
    return this.dueStmt.all({ now, limit });
  }

  markSent(id: number, now: number): boolean {
    return this.sentStmt.run({ id, now }).changes === 1;
  }

  scheduleRetry(id: number, next: number, error: string): void {
    this.retryStmt.run({ id, next, error: error.slice(0, 300) });
  }

  markDead(id: number, error: string): void {
    this.deadStmt.run({ id, error: error.slice(0, 300) });
  }

  depth(): number {
    return this.depthStmt.get()?.n ?? 0;
  }

  ofOrder(orderId: string): MailOutboxRow[] {
    return this.ofOrderStmt.all(orderId);
  }
}
