import { createHash } from 'node:crypto';
import { CentralError, type CentralApi, type CentralBooking, type CentralFailure } from '../central/central-api';
import { withoutFlush, type Db } from '../storage/database';
import type { BookingRow, BookingsRepository, TicketRow } from '../storage/repositories/bookings.repository';
import { isStoreFailure } from '../storage/store-failure';
import { canTransition, type TicketStateMachine } from './ticket-state-machine';

export interface LoadedBooking {
  booking: BookingRow;
  tickets: TicketRow[];
}

/** A booking as the local copy can give it, or why it cannot. */
export type LoadOutcome =
  | { ok: true; value: LoadedBooking }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'central-failed'; failure: CentralFailure; message: string };

/**
 * The local copy of central's bookings: loaded from central (or from the copy while it is recent),
 * refreshed on demand, and with the changes made elsewhere (refunds and collections) folded into the
 * tickets' states through the ticket state machine.
 */
export class LocalBookings {
  constructor(
    private readonly deps: {
      db: Db;
      bookings: BookingsRepository;
      central: CentralApi;
      tickets: TicketStateMachine;
      now: () => number;
      /** A read may answer from the local copy when central answered within this time. */
      cacheMs: number;
    },
  ) {}

  /**
   * The booking and its tickets. `fresh` always asks central first and never answers from the copy
   * when central fails; otherwise a recent copy answers, and an older one when central fails.
   * Throws when the store fails.
   */
  async load(bookingNumber: number, options: { fresh: boolean }): Promise<LoadOutcome> {
    const { bookings } = this.deps;
    const cached = bookings.booking(bookingNumber);
    const recent = cached && this.deps.now() - cached.fetched_at < this.deps.cacheMs;
    if (cached && recent && !options.fresh) return { ok: true, value: { booking: cached, tickets: bookings.tickets(bookingNumber) } };
    let refreshed: Awaited<ReturnType<LocalBookings['refreshFromCentral']>>;
    try {
      refreshed = await this.refreshFromCentral(bookingNumber);
    } catch (error) {
      // Central answered but the store could not keep it: that is the store's failure, not central's.
      if (isStoreFailure(error)) throw error;
      // A read-only query may answer from the local copy; apply-print never does (offline policy: refuse).
      if (cached && !options.fresh) return { ok: true, value: { booking: cached, tickets: bookings.tickets(bookingNumber) } };
      return {
        ok: false,
        reason: 'central-failed',
        failure: error instanceof CentralError ? error.failure : 'unknown-outcome',
        message: (error as Error).message,
      };
    }
    if (!refreshed) return { ok: false, reason: 'not-found' };
    return { ok: true, value: { booking: bookings.booking(bookingNumber)!, tickets: refreshed.tickets } };
  }

  /**
   * The central booking and the local tickets after folding central's news in (refunds and
   * collections made elsewhere). Throws CentralError; null when central does not know the booking.
   */
  async refreshFromCentral(bookingNumber: number): Promise<{ central: CentralBooking; tickets: TicketRow[] } | null> {
    const central = await this.deps.central.getBooking(bookingNumber);
    if (!central) return null;
    this.store(central);
    return { central, tickets: this.deps.bookings.tickets(bookingNumber) };
  }

  /** Folds central's news about the booking into the store; false when central did not answer (the local copy stands). */
  async refreshIfReachable(bookingNumber: number): Promise<boolean> {
    try {
      await this.refreshFromCentral(bookingNumber);
      return true;
    } catch (error) {
      if (!(error instanceof CentralError)) throw error;
      return false;
    }
  }

  /** Keeps the local copy and folds in what central knows: refunds and collections made elsewhere. */
  private store(central: CentralBooking): void {
    const { db, bookings, tickets } = this.deps;
    const now = this.deps.now();
    const first = central.tickets[0];
    const keep = db.transaction(() => {
      bookings.upsert(
        {
          booking_number: central.bookingNumber,
          verify_md5: createHash('md5').update(central.bookingId).digest('hex'),
          cinema_id: central.cinemaId,
          cinema_code: central.cinemaCode,
          cinema_name: central.cinemaName,
          film_title: central.filmTitle,
          screen_name: central.screenName,
          session_at: first?.sessionAt ?? '',
          session_epoch_ms: first?.sessionEpochMs ?? 0,
          cancelled: central.cancelled ? 1 : 0,
          fetched_at: now,
        },
        central.tickets.map((t) => ({
          ticket_code: t.ticketCode,
          booking_number: central.bookingNumber,
          sequence: t.sequence,
          seat_name: t.seatName,
          price_cents: t.priceCents,
          service_fee_cents: t.serviceFeeCents,
          ticket_info_code: t.ticketInfoCode,
          state: t.refunded === 'yes' ? 'refunded' : t.collected === 'yes' ? 'printed' : 'unprinted',
          updated_at: now,
        })),
      );
      const local = new Map(bookings.tickets(central.bookingNumber).map((t) => [t.ticket_code, t]));
      for (const t of central.tickets) {
        const mine = local.get(t.ticketCode);
        if (!mine) continue;
        // A ticket printed here stays printed when central refunds it: the box office settles that.
        if (t.refunded === 'yes' && canTransition('refundedCentrally', mine.state)) tickets.refundedCentrally(t.ticketCode, now);
        else if (t.collected === 'yes' && canTransition('collectedCentrally', mine.state)) tickets.collectedCentrally(t.ticketCode, now);
      }
    });
    // A copy of what central holds, fetched again after a power cut: no fsync of its own. Apply-print's
    // claim, committed right after with synchronous=FULL, flushes it in the same fsync.
    withoutFlush(db, keep);
  }
}
