import type { Db } from '../database';

export type RefundKind = 'local' | 'online';
export type RefundState = 'pending' | 'refunded' | 'needs-staff' | 'released';

export interface RefundRow {
  refund_id: number;
  refund_code: string;
  kind: RefundKind;
  booking_number: number;
  /** JSON array of ticket codes. */
  ticket_codes: string;
  ticket_cents: number;
  booking_fee_cents: number;
  booking_fee_refunded: number;
  reason: string;
  clerk: string;
  supervisor: string | null;
  terminal_id: string;
  state: RefundState;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  settled_at: number | null;
}

export type NewRefund = Omit<RefundRow, 'refund_id' | 'refund_code' | 'attempts' | 'last_error'>;

/** The ticket codes a refund covers (kept as a JSON array on its row). */
export const ticketCodesOf = (refund: RefundRow): string[] => JSON.parse(refund.ticket_codes) as string[];

/** Refunds made at this cinema, local and online; an online refund's retry state lives on its row. */
export class RefundsRepository {
  private readonly insertStmt;
  private readonly setCodeStmt;
  private readonly byIdStmt;
  private readonly byCodeStmt;
  private readonly byBookingStmt;
  private readonly dueStmt;
  private readonly attemptStmt;
  private readonly settleStmt;
  private readonly inStateStmt;
  private readonly requeueStmt;
  private readonly errorStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<NewRefund & { placeholder: string }>(
      `INSERT INTO refunds (refund_code, kind, booking_number, ticket_codes, ticket_cents, booking_fee_cents, booking_fee_refunded, reason, clerk, supervisor, terminal_id, state, next_attempt_at, created_at, settled_at)
       VALUES (@placeholder, @kind, @booking_number, @ticket_codes, @ticket_cents, @booking_fee_cents, @booking_fee_refunded, @reason, @clerk, @supervisor, @terminal_id, @state, @next_attempt_at, @created_at, @settled_at)`,
    );
    this.setCodeStmt = db.prepare<{ id: number; code: string }>('UPDATE refunds SET refund_code = @code WHERE refund_id = @id');
    this.byIdStmt = db.prepare<{ id: number }, RefundRow>('SELECT * FROM refunds WHERE refund_id = @id');
    this.byCodeStmt = db.prepare<{ code: string }, RefundRow>('SELECT * FROM refunds WHERE refund_code = @code');
    this.byBookingStmt = db.prepare<{ n: number }, RefundRow>('SELECT * FROM refunds WHERE booking_number = @n ORDER BY refund_id');
    this.dueStmt = db.prepare<{ now: number }, RefundRow>(
      "SELECT * FROM refunds WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT 20",
    );
    this.attemptStmt = db.prepare<{ id: number; next: number; error: string | null }>(
      'UPDATE refunds SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE refund_id = @id',
    );
    this.settleStmt = db.prepare<{ id: number; state: RefundState; now: number; error: string | null }>(
      'UPDATE refunds SET state = @state, settled_at = @now, last_error = COALESCE(@error, last_error), next_attempt_at = NULL WHERE refund_id = @id',
    );
    this.requeueStmt = db.prepare<{ id: number; now: number }>(
      "UPDATE refunds SET state = 'pending', attempts = 1, next_attempt_at = @now, settled_at = NULL WHERE refund_id = @id AND state = 'needs-staff'",
    );
    this.errorStmt = db.prepare<{ id: number; error: string }>('UPDATE refunds SET last_error = @error WHERE refund_id = @id');
    this.inStateStmt = db.prepare<{ state: RefundState }, RefundRow>(
      'SELECT * FROM refunds WHERE state = @state ORDER BY refund_id LIMIT 500',
    );
  }

  /** Inserts a refund and gives it its code, made from the id it got (call inside a transaction). */
  insert(refund: NewRefund, codeOf: (refundId: number) => string): RefundRow {
    const id = Number(this.insertStmt.run({ ...refund, placeholder: `pending-${process.hrtime.bigint()}` }).lastInsertRowid);
    this.setCodeStmt.run({ id, code: codeOf(id) });
    return this.byIdStmt.get({ id })!;
  }

  byId(id: number): RefundRow | undefined {
    return this.byIdStmt.get({ id });
  }

  byCode(code: string): RefundRow | undefined {
    return this.byCodeStmt.get({ code });
  }

  forBooking(bookingNumber: number): RefundRow[] {
    return this.byBookingStmt.all({ n: bookingNumber });
  }

  /** Online refunds whose next attempt is due. */
  due(now: number): RefundRow[] {
    return this.dueStmt.all({ now });
  }

  inState(state: RefundState): RefundRow[] {
    return this.inStateStmt.all({ state });
  }

  /** Counts an attempt before its request leaves and sets when the next may run. */
  recordAttempt(id: number, next: number, error: string | null): void {
    this.attemptStmt.run({ id, next, error });
  }

  /** Back to pending with one attempt counted, so that the next one verifies with central first. */
  requeue(id: number, now: number): void {
    this.requeueStmt.run({ id, now });
  }

  recordError(id: number, error: string): void {
    this.errorStmt.run({ id, error });
  }

  /** Ends an online refund's retries in this state. */
  settle(id: number, state: Exclude<RefundState, 'pending'>, now: number, error: string | null = null): void {
    this.settleStmt.run({ id, state, now, error });
  }
}
