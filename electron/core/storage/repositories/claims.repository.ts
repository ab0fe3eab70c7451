import type { Db } from '../database';

export interface ClaimRow {
  claim_id: string;
  booking_number: number;
  terminal_id: string;
  session_id: string;
  created_at: number;
  expires_at: number;
  resolved_at: number | null;
  /** How it ended: every ticket reported, or ran out of time. */
  outcome: 'confirmed' | 'expired' | null;
}

/** Claims: a terminal's time-limited right to print tickets of a booking. */
export class ClaimsRepository {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly openForBookingStmt;
  private readonly resolveStmt;
  private readonly expiredStmt;
  private readonly outstandingStmt;
  private readonly openStmt;
  private readonly earliestOpenExpiryStmt;
  private readonly latestOfSessionStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<Omit<ClaimRow, 'resolved_at' | 'outcome'>>(
      'INSERT INTO claims (claim_id, booking_number, terminal_id, session_id, created_at, expires_at, resolved_at, outcome) VALUES (@claim_id, @booking_number, @terminal_id, @session_id, @created_at, @expires_at, NULL, NULL)',
    );
    this.getStmt = db.prepare<{ id: string }, ClaimRow>('SELECT * FROM claims WHERE claim_id = @id');
    this.openForBookingStmt = db.prepare<{ n: number }, ClaimRow>(
      'SELECT * FROM claims WHERE booking_number = @n AND resolved_at IS NULL ORDER BY created_at',
    );
    this.resolveStmt = db.prepare<{ id: string; now: number; outcome: string }>(
      'UPDATE claims SET resolved_at = @now, outcome = @outcome WHERE claim_id = @id AND resolved_at IS NULL',
    );
    this.expiredStmt = db.prepare<{ now: number }, ClaimRow>('SELECT * FROM claims WHERE resolved_at IS NULL AND expires_at <= @now');
    this.openStmt = db.prepare<[], ClaimRow>('SELECT * FROM claims WHERE resolved_at IS NULL');
    this.earliestOpenExpiryStmt = db.prepare<[], number | null>('SELECT MIN(expires_at) FROM claims WHERE resolved_at IS NULL').pluck();
    this.latestOfSessionStmt = db.prepare<{ n: number; session: string }, ClaimRow>(
      'SELECT * FROM claims WHERE booking_number = @n AND session_id = @session ORDER BY created_at DESC, rowid DESC LIMIT 1',
    );
    this.outstandingStmt = db.prepare<{ now: number }, { n: number }>(
      'SELECT COUNT(*) AS n FROM claims WHERE resolved_at IS NULL AND expires_at > @now',
    );
  }

  insert(row: Omit<ClaimRow, 'resolved_at' | 'outcome'>): void {
    this.insertStmt.run(row);
  }

  get(claimId: string): ClaimRow | undefined {
    return this.getStmt.get({ id: claimId });
  }

  openForBooking(bookingNumber: number): ClaimRow[] {
    return this.openForBookingStmt.all({ n: bookingNumber });
  }

  resolve(claimId: string, now: number, outcome: 'confirmed' | 'expired'): void {
    this.resolveStmt.run({ id: claimId, now, outcome });
  }

  open(): ClaimRow[] {
    return this.openStmt.all();
  }

  outstanding(now: number): number {
    return this.outstandingStmt.get({ now })?.n ?? 0;
  }

  /** When the first open claim runs out (claims_byOpenExpiry), or undefined when none is open. */
  earliestOpenExpiry(): number | undefined {
    return this.earliestOpenExpiryStmt.get() ?? undefined;
  }

  /** The login session's most recent claim on a booking, live or ended (claims_byBookingNumber). */
  latestOfSession(bookingNumber: number, sessionId: string): ClaimRow | undefined {
    return this.latestOfSessionStmt.get({ n: bookingNumber, session: sessionId });
  }

  expired(now: number): ClaimRow[] {
    return this.expiredStmt.all({ now });
  }
}
