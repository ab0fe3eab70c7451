import type { Db } from '../database';

export interface OutboxRow {
  id: number;
  kind: string;
  booking_number: number;
  payload: string;
  idempotency_key: string;
  state: 'pending' | 'done' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

/** Events bound for the central API. Rows are added in the transaction of the change they carry. */
export class OutboxRepository {
  private readonly insertStmt;
  private readonly dueStmt;
  private readonly doneStmt;
  private readonly retryStmt;
  private readonly deadStmt;
  private readonly depthStmt;
  private readonly byBookingStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<{ kind: string; booking_number: number; payload: string; idempotency_key: string; now: number }>(
      `INSERT INTO outbox (kind, booking_number, payload, idempotency_key, state, attempts, next_attempt_at, created_at)
       VALUES (@kind, @booking_number, @payload, @idempotency_key, 'pending', 0, @now, @now) ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    // Oldest pending event per booking only, so that a booking's events are sent in order.
    this.dueStmt = db.prepare<{ now: number; limit: number }, OutboxRow>(
      `SELECT o.* FROM outbox o
       WHERE o.state = 'pending' AND o.next_attempt_at <= @now
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.booking_number = o.booking_number AND p.state = 'pending' AND p.id < o.id)
       ORDER BY o.id LIMIT @limit`,
    );
    this.doneStmt = db.prepare<{ id: number; now: number }>("UPDATE outbox SET state = 'done', done_at = @now, last_error = NULL WHERE id = @id");
    this.retryStmt = db.prepare<{ id: number; next: number; error: string }>(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id',
    );
    this.deadStmt = db.prepare<{ id: number; error: string }>("UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = @error WHERE id = @id");
    this.depthStmt = db.prepare<[], { depth: number; oldest: number | null }>(
      "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox WHERE state = 'pending'",
    );
    this.byBookingStmt = db.prepare<{ n: number }, OutboxRow>('SELECT * FROM outbox WHERE booking_number = @n ORDER BY id');
  }

  add(event: { kind: string; bookingNumber: number; payload: unknown; idempotencyKey: string }, now: number): void {
    this.insertStmt.run({ kind: event.kind, booking_number: event.bookingNumber, payload: JSON.stringify(event.payload), idempotency_key: event.idempotencyKey, now });
  }

  due(now: number, limit: number): OutboxRow[] {
    return this.dueStmt.all({ now, limit });
  }

  markDone(id: number, now: number): void {
    this.doneStmt.run({ id, now });
  }

  scheduleRetry(id: number, next: number, error: string): void {
    this.retryStmt.run({ id, next, error });
  }

  markDead(id: number, error: string): void {
    this.deadStmt.run({ id, error });
  }

  depth(): { depth: number; oldest: number | null } {
    return this.depthStmt.get() ?? { depth: 0, oldest: null };
  }

  forBooking(bookingNumber: number): OutboxRow[] {
    return this.byBookingStmt.all({ n: bookingNumber });
  }
}
