import { createHash } from 'node:crypto';
import { CentralError, type CentralBooking, type CentralFailure } from '../central/central-api';
import { TicketDataIncomplete, TicketsNotYetIssued, type TicketSource } from '../central/ticket-source';
import type { RequiredTicketField } from '../../../shared/domain/complete-ticket';
import { withoutFlush, type Db } from '../storage/database';
import type { BookingRow, BookingsRepository, TicketRow } from '../storage/repositories/bookings.repository';
import { isStoreFailure } from '../storage/store-failure';
import { StoreChanges, type StoreStamp } from '../storage/store-changes';
import { canTransition, type TicketStateMachine } from './ticket-state-machine';

export interface LoadedBooking {
  booking: BookingRow;
  tickets: TicketRow[];
}

/** A booking as the local copy can give it, or why it cannot. */
export type LoadOutcome =
  | { ok: true; value: LoadedBooking }
  | { ok: false; reason: 'not-found' }
  /** The source has it but not yet the national QR (try again later). */
  | { ok: false; reason: 'not-yet-available' }
  /** The source has it but a ticket lacks a field it must print; `verifyMd5` is the booking's verify code's MD5. */
  | { ok: false; reason: 'incomplete'; missing: RequiredTicketField[]; verifyMd5: string }
  | { ok: false; reason: 'central-failed'; failure: CentralFailure; message: string };

/** Bookings kept in memory at most; past it the memory starts over (a cinema's day has a few thousand). */
const MAX_REMEMBERED_BOOKINGS = 4_096;

/**
 * The local copy of central's bookings: loaded from central (or from the copy while it is recent),
 * refreshed on demand, and with the changes made elsewhere (refunds and collections) folded into the
 * tickets' states through the ticket state machine.
 *
 * Reads that may answer from the copy (queries) are answered from memory while the store has not
 * changed at all since the booking was read: any row written by this host (through any module, the
 * state machine's transitions, a booking folded in from central, a rolled-back write too) or any
 * commit by another connection (the CLI tools, another process) forgets everything remembered. So
 * the memory never answers a state the store no longer holds; a busy host simply reads the store more.
 */
export class LocalBookings {
  private readonly remembered = new Map<number, LoadedBooking>();
  private rememberedAt: StoreStamp = [-1, -1];
  private readonly changes: StoreChanges;

  constructor(
    private readonly deps: {
      db: Db;
      bookings: BookingsRepository;
      /** Where the tickets' data and status come from (central alone, or the cinema's SarftKioskService). */
      source: TicketSource;
      tickets: TicketStateMachine;
      now: () => number;
      /** A read may answer from the local copy when central answered within this time. */
      cacheMs: number;
    },
  ) {
    this.changes = new StoreChanges(deps.db);
  }

  /**
   * The booking and its tickets. `fresh` always asks central first and never answers from the copy
   * when central fails; otherwise a recent copy answers, and an older one when central fails.
   * Throws when the store fails.
   */
  async load(bookingNumber: number, options: { fresh: boolean }): Promise<LoadOutcome> {
    const stored = options.fresh ? undefined : this.stored(bookingNumber, this.changes.stamp());
    if (stored && this.isRecent(stored)) return { ok: true, value: stored };
    let refreshed: Awaited<ReturnType<LocalBookings['refreshFromCentral']>>;
    try {
      refreshed = await this.refreshFromCentral(bookingNumber);
    } catch (error) {
      // Central answered but the store could not keep it: that is the store's failure, not central's.
      if (isStoreFailure(error)) throw error;
      // The source's word on this booking now, not a failure to reach it: the copy does not answer for it.
      if (error instanceof TicketsNotYetIssued) return { ok: false, reason: 'not-yet-available' };
      if (error instanceof TicketDataIncomplete)
        return { ok: false, reason: 'incomplete', missing: error.missing, verifyMd5: error.verifyMd5 };
      // A read-only query may answer from the local copy; apply-print never does (offline policy: refuse).
      // Read again: the store may have changed while central was asked.
      const copy = stored && this.stored(bookingNumber, this.changes.stamp());
      if (copy) return { ok: true, value: copy };
      return {
        ok: false,
        reason: 'central-failed',
        failure: error instanceof CentralError ? error.failure : 'unknown-outcome',
        message: (error as Error).message,
      };
    }
    if (!refreshed) return { ok: false, reason: 'not-found' };
    return { ok: true, value: { booking: this.deps.bookings.booking(bookingNumber)!, tickets: refreshed.tickets } };
  }

  /**
   * What load({ fresh: false }) answers without asking central, at once: the booking while its copy
   * is recent, else undefined (then load asks central). `stamp`: the store's stamp when the caller
   * read it in the same synchronous run with nothing written since; else it is read here.
   */
  recent(bookingNumber: number, stamp: StoreStamp = this.changes.stamp()): LoadedBooking | undefined {
    const stored = this.stored(bookingNumber, stamp);
    return stored && this.isRecent(stored) ? stored : undefined;
  }

  private isRecent(stored: LoadedBooking): boolean {
    return this.deps.now() - stored.booking.fetched_at < this.deps.cacheMs;
  }

  /**
   * The booking and its tickets as the store holds them now: from memory when the store has not
   * changed since they were read, else read (and remembered, outside a transaction only). The rows
   * are shared: callers read them, never change them.
   */
  private stored(bookingNumber: number, stamp: StoreStamp): LoadedBooking | undefined {
    // The stamp is read before the rows: a change landing in between makes the memory forget, never keep, them.
    if (!StoreChanges.same(stamp, this.rememberedAt)) {
      this.remembered.clear();
      this.rememberedAt = stamp;
    }
    const known = this.remembered.get(bookingNumber);
    if (known) return known;
    const booking = this.deps.bookings.booking(bookingNumber);
    if (!booking) return undefined;
    const loaded: LoadedBooking = { booking, tickets: this.deps.bookings.tickets(bookingNumber) };
    if (this.changes.canRemember()) {
      // Shared by every later query: frozen, so that a caller changing a row fails loudly instead of corrupting the copy.
      Object.freeze(booking);
      for (const t of loaded.tickets) Object.freeze(t);
      Object.freeze(loaded.tickets);
      Object.freeze(loaded);
      if (this.remembered.size >= MAX_REMEMBERED_BOOKINGS) this.remembered.clear();
      this.remembered.set(bookingNumber, loaded);
    }
    return loaded;
  }

  /**
   * The central booking and the local tickets after folding central's news in (refunds and
   * collections made elsewhere). Throws CentralError; null when central does not know the booking.
   */
  async refreshFromCentral(bookingNumber: number): Promise<{ central: CentralBooking; tickets: TicketRow[] } | null> {
    const central = await this.deps.source.getBooking(bookingNumber);
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
