import type { Db } from '../database';

export interface IncompleteTicketsRow {
  booking_number: number;
  /** JSON array of the fields lacking, e.g. `["screenName","seatName"]`. */
  missing: string;
  first_seen_at: number;
  last_seen_at: number;
  attempts: number;
  dismissed_at: number | null;
  dismissed_by: string | null;
}

/** Bookings that could not print because a ticket lacked data (the box office's attention list). */
export class IncompleteTicketsRepository {
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly openStmt;
  private readonly dismissStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[number], IncompleteTicketsRow>('SELECT * FROM incomplete_tickets WHERE booking_number = ?');
    // A new refusal of a dismissed booking opens it again: the data is still lacking.
    this.upsertStmt = db.prepare<{ booking_number: number; missing: string; now: number }>(
      `INSERT INTO incomplete_tickets (booking_number, missing, first_seen_at, last_seen_at, attempts)
       VALUES (@booking_number, @missing, @now, @now, 1)
       ON CONFLICT (booking_number) DO UPDATE SET missing = excluded.missing, last_seen_at = excluded.last_seen_at,
         attempts = attempts + 1, dismissed_at = NULL, dismissed_by = NULL`,
    );
    // Open while the booking still has a ticket to print (or none is known here: the source's data could not be
    // kept at all); once printed (after the data came) or refunded, nothing is left to settle.
    this.openStmt = db.prepare<[], IncompleteTicketsRow>(
      `SELECT i.* FROM incomplete_tickets i
       WHERE i.dismissed_at IS NULL
         AND (EXISTS (SELECT 1 FROM tickets t WHERE t.booking_number = i.booking_number AND t.state = 'unprinted')
           OR NOT EXISTS (SELECT 1 FROM tickets t WHERE t.booking_number = i.booking_number))
       ORDER BY i.first_seen_at`,
    );
    this.dismissStmt = db.prepare<{ booking_number: number; now: number; by: string }>(
      'UPDATE incomplete_tickets SET dismissed_at = @now, dismissed_by = @by WHERE booking_number = @booking_number AND dismissed_at IS NULL',
    );
  }

  get(bookingNumber: number): IncompleteTicketsRow | undefined {
    return this.getStmt.get(bookingNumber);
  }

  record(bookingNumber: number, missing: string[], now: number): void {
    this.upsertStmt.run({ booking_number: bookingNumber, missing: JSON.stringify(missing), now });
  }

  open(): IncompleteTicketsRow[] {
    return this.openStmt.all();
  }

  /** False when it was dismissed already (or never recorded). */
  dismiss(bookingNumber: number, now: number, by: string): boolean {
    return this.dismissStmt.run({ booking_number: bookingNumber, now, by }).changes === 1;
  }
}
