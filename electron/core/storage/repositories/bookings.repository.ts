import type { Db } from '../database';
import type { TicketState } from '../../../../shared/domain/ticket';

export interface BookingRow {
  booking_number: number;
  verify_md5: string;
  cinema_id: string;
  cinema_code: string;
  cinema_name: string;
  film_title: string;
  screen_name: string;
  session_at: string;
  session_epoch_ms: number;
  cancelled: number;
  fetched_at: number;
}

export interface TicketRow {
  ticket_code: string;
  booking_number: number;
  sequence: number;
  seat_name: string;
  price_cents: number;
  service_fee_cents: number;
  ticket_info_code: string;
  state: TicketState;
  claim_id: string | null;
  reprint_count: number;
  printed_at: string | null;
  updated_at: number;
}

/** A booking and its tickets: one aggregate, one repository. */
export class BookingsRepository {
  private readonly getBookingStmt;
  private readonly upsertBookingStmt;
  private readonly ticketsStmt;
  private readonly insertTicketStmt;
  private readonly refreshTicketStmt;
  private readonly setStateStmt;
  private readonly claimedByStmt;
  private readonly touchedStmt;
  private readonly byVerifyStmt;
  private readonly byTicketStmt;
  private readonly ticketStmt;
  private readonly inStateStmt;
  private readonly reprintStmt;
  private readonly cinemaNameStmt;

  constructor(db: Db) {
    this.getBookingStmt = db.prepare<{ n: number }, BookingRow>('SELECT * FROM bookings WHERE booking_number = @n');
    this.upsertBookingStmt = db.prepare<BookingRow>(
      `INSERT INTO bookings (booking_number, verify_md5, cinema_id, cinema_code, cinema_name, film_title, screen_name, session_at, session_epoch_ms, cancelled, fetched_at)
       VALUES (@booking_number, @verify_md5, @cinema_id, @cinema_code, @cinema_name, @film_title, @screen_name, @session_at, @session_epoch_ms, @cancelled, @fetched_at)
       ON CONFLICT (booking_number) DO UPDATE SET verify_md5 = excluded.verify_md5, cinema_name = excluded.cinema_name, film_title = excluded.film_title,
         screen_name = excluded.screen_name, session_at = excluded.session_at, session_epoch_ms = excluded.session_epoch_ms,
         cancelled = excluded.cancelled, fetched_at = excluded.fetched_at`,
    );
    this.ticketsStmt = db.prepare<{ n: number }, TicketRow>('SELECT * FROM tickets WHERE booking_number = @n ORDER BY sequence');
    this.insertTicketStmt = db.prepare<Omit<TicketRow, 'claim_id' | 'reprint_count' | 'printed_at'>>(
      `INSERT INTO tickets (ticket_code, booking_number, sequence, seat_name, price_cents, service_fee_cents, ticket_info_code, state, updated_at)
       VALUES (@ticket_code, @booking_number, @sequence, @seat_name, @price_cents, @service_fee_cents, @ticket_info_code, @state, @updated_at)
       ON CONFLICT (ticket_code) DO NOTHING`,
    );
    this.refreshTicketStmt = db.prepare<{
      ticket_code: string;
      ticket_info_code: string;
      seat_name: string;
      price_cents: number;
      service_fee_cents: number;
    }>(
      'UPDATE tickets SET ticket_info_code = @ticket_info_code, seat_name = @seat_name, price_cents = @price_cents, service_fee_cents = @service_fee_cents WHERE ticket_code = @ticket_code',
    );
    this.setStateStmt = db.prepare<{
      ticket_code: string;
      state: TicketState;
      claim_id: string | null;
      printed_at: string | null;
      now: number;
    }>(
      'UPDATE tickets SET state = @state, claim_id = @claim_id, printed_at = COALESCE(@printed_at, printed_at), updated_at = @now WHERE ticket_code = @ticket_code',
    );
    this.touchedStmt = db.prepare<{ since: number }, { booking_number: number }>(
      "SELECT DISTINCT booking_number FROM tickets WHERE updated_at >= @since AND state IN ('printed', 'unknown', 'refunding', 'refunded', 'claimed') ORDER BY booking_number",
    );
    this.byVerifyStmt = db.prepare<{ md5: string }, BookingRow>('SELECT * FROM bookings WHERE verify_md5 = @md5');
    this.ticketStmt = db.prepare<{ code: string }, TicketRow>('SELECT * FROM tickets WHERE ticket_code = @code');
    this.byTicketStmt = db.prepare<{ code: string }, TicketRow>(
      "SELECT * FROM tickets WHERE ticket_code = @code OR (ticket_info_code = @code AND ticket_info_code <> '') LIMIT 1",
    );
    // Literal states, not a parameter: SQLite uses the partial index tickets_byState only when it can
    // see at prepare time that the query's state is one the index holds.
    this.inStateStmt = {
      unknown: db.prepare<[], TicketRow>("SELECT * FROM tickets WHERE state = 'unknown' ORDER BY updated_at LIMIT 500"),
      refunding: db.prepare<[], TicketRow>("SELECT * FROM tickets WHERE state = 'refunding' ORDER BY updated_at LIMIT 500"),
      printing: db.prepare<[], TicketRow>("SELECT * FROM tickets WHERE state = 'printing' ORDER BY updated_at"),
    };
    this.cinemaNameStmt = db.prepare<[], { cinema_name: string }>('SELECT cinema_name FROM bookings ORDER BY fetched_at DESC LIMIT 1');
    this.reprintStmt = db.prepare<{ ticket_code: string; now: number }>(
      "UPDATE tickets SET reprint_count = reprint_count + 1, state = 'printing', updated_at = @now WHERE ticket_code = @ticket_code",
    );
    this.claimedByStmt = db.prepare<{ claim_id: string }, TicketRow>('SELECT * FROM tickets WHERE claim_id = @claim_id ORDER BY sequence');
  }

  booking(bookingNumber: number): BookingRow | undefined {
    return this.getBookingStmt.get({ n: bookingNumber });
  }

  tickets(bookingNumber: number): TicketRow[] {
    return this.ticketsStmt.all({ n: bookingNumber });
  }

  /** Bookings whose tickets this cinema printed, refunded or left unknown since `since`. */
  touchedSince(since: number): number[] {
    return this.touchedStmt.all({ since }).map((r) => r.booking_number);
  }

  /** The cinema's name as central last gave it (for slips that are not about one booking). */
  anyCinemaName(): string | undefined {
    return this.cinemaNameStmt.get()?.cinema_name;
  }

  /** A booking by its verify code's MD5 (the code itself is never stored). */
  bookingByVerifyMd5(md5: string): BookingRow | undefined {
    return this.byVerifyStmt.get({ md5 });
  }

  /** A ticket by its ticket code only. */
  ticket(ticketCode: string): TicketRow | undefined {
    return this.ticketStmt.get({ code: ticketCode });
  }

  /** A ticket by its 16-digit ticket code or by the national QR printed on it. */
  ticketByCode(code: string): TicketRow | undefined {
    return this.byTicketStmt.get({ code });
  }

  /** Tickets in a state that needs staff (`unknown`, `refunding`) or recovery at start (`printing`), oldest first. */
  ticketsInState(state: 'unknown' | 'refunding' | 'printing'): TicketRow[] {
    return this.inStateStmt[state].all();
  }

  /** A reprint starts: counted, and `printing` before its first byte leaves. Only the ticket state machine calls this. */
  startReprint(ticketCode: string, now: number): void {
    this.reprintStmt.run({ ticket_code: ticketCode, now });
  }

  ticketsOfClaim(claimId: string): TicketRow[] {
    return this.claimedByStmt.all({ claim_id: claimId });
  }

  /** Stores what central said; local ticket states are never overwritten here. */
  upsert(booking: BookingRow, tickets: Omit<TicketRow, 'claim_id' | 'reprint_count' | 'printed_at'>[]): void {
    this.upsertBookingStmt.run(booking);
    for (const t of tickets) {
      this.insertTicketStmt.run(t);
      this.refreshTicketStmt.run(t);
    }
  }

  /** Only the ticket state machine (core/bookings/ticket-state-machine.ts) calls this: it checks the transition and audits it. */
  setState(ticketCode: string, state: TicketState, claimId: string | null, now: number, printedAt: string | null = null): void {
    this.setStateStmt.run({ ticket_code: ticketCode, state, claim_id: claimId, printed_at: printedAt, now });
  }
}
