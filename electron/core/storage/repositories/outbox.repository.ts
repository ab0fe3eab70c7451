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
  last_failure: string | null;
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
  private readonly deadCountStmt;
  private readonly deadStmt2;
  private readonly byIdStmt;
  private readonly retryDeadStmt;
  private readonly dismissDeadStmt;

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
    this.doneStmt = db.prepare<{ id: number; now: number }>(
      "UPDATE outbox SET state = 'done', done_at = @now, last_error = NULL WHERE id = @id",
    );
    this.retryStmt = db.prepare<{ id: number; next: number; error: string; failure: string; counted: number }>(
      'UPDATE outbox SET attempts = attempts + @counted, next_attempt_at = @next, last_error = @error, last_failure = @failure WHERE id = @id',
    );
    this.deadStmt = db.prepare<{ id: number; error: string }>(
      "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = @error WHERE id = @id",
    );
    this.depthStmt = db.prepare<[], { depth: number; oldest: number | null }>(
      "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox WHERE state = 'pending'",
    );
    this.deadCountStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE state = 'dead'");
    this.deadStmt2 = db.prepare<[], OutboxRow>("SELECT * FROM outbox WHERE state = 'dead' ORDER BY id DESC LIMIT 100");
    this.byBookingStmt = db.prepare<{ n: number }, OutboxRow>('SELECT * FROM outbox WHERE booking_number = @n ORDER BY id');
    this.byIdStmt = db.prepare<{ id: number }, OutboxRow>('SELECT * FROM outbox WHERE id = @id');
    this.retryDeadStmt = db.prepare<{ id: number; now: number }>(
      "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @now, last_failure = 'unknown-outcome' WHERE id = @id AND state = 'dead'",
    );
    this.dismissDeadStmt = db.prepare<{ id: number; now: number; note: string }>(
      "UPDATE outbox SET state = 'done', done_at = @now, last_error = @note WHERE id = @id AND state = 'dead'",
    );
  }

  byId(id: number): OutboxRow | undefined {
    return this.byIdStmt.get({ id });
  }

  /** Staff send a dead letter again: fresh attempts, and central is read first (its earlier outcome is unknown). */
  retryDead(id: number, now: number): boolean {
    return this.retryDeadStmt.run({ id, now }).changes === 1;
  }

  /** Staff settled a dead letter by other means: it leaves the list, with who and why kept in last_error. */
  dismissDead(id: number, now: number, note: string): boolean {
    return this.dismissDeadStmt.run({ id, now, note }).changes === 1;
  }

  add(event: { kind: string; bookingNumber: number; payload: unknown; idempotencyKey: string }, now: number): void {
    this.insertStmt.run({
      kind: event.kind,
      booking_number: event.bookingNumber,
      payload: JSON.stringify(event.payload),
      idempotency_key: event.idempotencyKey,
      now,
    });
  }

  /** MarkBookingAsCollected for these tickets of one booking: the one shape every caller sends. */
  addMarkCollected(bookingNumber: number, tickets: { sequence: number; ticket_code: string }[], idempotencyKey: string, now: number): void {
    this.add(
      {
        kind: 'mark-collected',
        bookingNumber,
        payload: { bookingNumber, ticketSequenceNumbers: tickets.map((t) => t.sequence), ticketCodes: tickets.map((t) => t.ticket_code) },
        idempotencyKey,
      },
      now,
    );
  }

  due(now: number, limit: number): OutboxRow[] {
    return this.dueStmt.all({ now, limit });
  }

  markDone(id: number, now: number): void {
    this.doneStmt.run({ id, now });
  }

  /** `counted: false` for a wait that is not the event's fault (the circuit is open). */
  scheduleRetry(id: number, next: number, error: string, failure: string, counted = true): void {
    this.retryStmt.run({ id, next, error, failure, counted: counted ? 1 : 0 });
  }

  deadCount(): number {
    return this.deadCountStmt.get()?.n ?? 0;
  }

  /** The dead letters staff must look at, newest first. */
  deadLetters(): OutboxRow[] {
    return this.deadStmt2.all();
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
