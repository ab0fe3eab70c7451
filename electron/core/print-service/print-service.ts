import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { SarftCode, type SarftCodeValue } from '../../../shared/contract/sarft-codes';
import type { PrintCountReport, ReleasedTicket, SarftParsedRequest, SarftReply, TicketFields } from '../../../shared/contract/sarft';
import { bookingNumberOf } from '../../../shared/domain/print-no';
import type { Db } from '../storage/database';
import type { BookingRow, BookingsRepository, TicketRow } from '../storage/repositories/bookings.repository';
import type { ClaimsRepository } from '../storage/repositories/claims.repository';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import type { LedgerRepository } from '../storage/repositories/ledger.repository';
import { toIsoWithOffset } from '../central/vista-date';
import type { LoadedBooking, LocalBookings } from '../bookings/local-bookings';
import { timingMark } from '../observability/timing-marks';
import type { TicketStateMachine } from '../bookings/ticket-state-machine';
import { StoreChanges, type StoreStamp } from '../storage/store-changes';
import type { IncompleteTickets } from '../bookings/incomplete-tickets';
import {
  INCOMPLETE_TICKET_MESSAGE,
  INCOMPLETE_TICKET_REASON,
  missingOfTickets,
  type RequiredTicketField,
} from '../../../shared/domain/complete-ticket';

export interface PrintServiceSettings {
  claimTtlMs: number;
  /** Collection closes this long after the session starts. */
  collectionClosesAfterStartMs: number;
  /** Offset of the cinema's clock, minutes east of UTC (print times are the cinema's wall clock). */
  cinemaOffsetMinutes: number;
  /**
   * An empty national QR means "not issued yet, try later" (the central source: Vista issues it after
   * the sale) rather than a ticket that cannot be completed (the cinema's SarftKioskService).
   */
  qrMayComeLater: boolean;
}

export interface PrintServiceDeps {
  db: Db;
  bookings: BookingsRepository;
  claims: ClaimsRepository;
  outbox: OutboxRepository;
  /** Printed tickets are counted here for the shift report. */
  ledger: LedgerRepository;
  /** The local copy of central's bookings. */
  local: LocalBookings;
  /** Every ticket state change goes through it. */
  tickets: TicketStateMachine;
  /** Bookings refused because a ticket lacks required data: the box office's list, audited. */
  incomplete: IncompleteTickets;
  settings: PrintServiceSettings;
  /** Signs print tokens, so that a repeated apply-print can hand back the same token without storing it. */
  secret: Buffer;
  now: () => number;
}

export type Refusal = { code: Exclude<SarftCodeValue, 0>; message?: string; details?: Record<string, unknown> };
export type ServiceOutcome<T> =
  { code: 0; value: T } | { code: Exclude<SarftCodeValue, 0>; message?: string; details?: Record<string, unknown>; value?: T };

export interface Caller {
  terminalId: string;
  /** The login session the call came with (hash of its token). */
  sessionId: string;
}

/** The four SARFT calls' business rules: the one place that decides who prints what. */
export class PrintService {
  private readonly changes: StoreChanges;
  /** When the first open claim runs out, as read at `expiryKnownAt`; exact while the store has not changed since. */
  /** See queryValue. Weak: a copy the local bookings forget takes its answer with it. */
  private readonly queryValues = new WeakMap<LoadedBooking, SarftReply<'query'>>();
  private nextClaimExpiry = 0;
  private expiryKnownAt: StoreStamp = [-1, -1];

  constructor(private readonly deps: PrintServiceDeps) {
    this.changes = new StoreChanges(deps.db);
  }

  /**
   * Answered at once (no promise to wait for) when the local copy is recent; else through central.
   * `stamp`: the store's stamp when the caller read it in the same synchronous run with nothing
   * written since (the gate, which also checks the token with it); else it is read here.
   */
  query(
    request: SarftParsedRequest<'query'>,
    caller: Caller,
    stamp: StoreStamp = this.changes.stamp(),
  ): ServiceOutcome<SarftReply<'query'>> | Promise<ServiceOutcome<SarftReply<'query'>>> {
    const bookingNumber = bookingNumberOf(request.printNo);
    // One look at the store for both: unchanged since the last query, nothing is read at all.
    const expired = this.expireDueClaims(stamp); // so that a claim past its time never shows as claimed
    // With a verify code (our extension, sarft.ts): read fresh as apply-print does, so what stops a print is said now.
    if (request.verifyCodeMd5 !== undefined) return this.queryProvingCode(request, bookingNumber, request.verifyCodeMd5, caller);
    const copy = this.deps.local.recent(bookingNumber, expired ? this.changes.stamp() : stamp);
    if (copy) return this.queryAnswer(request, copy);
    return this.queryThroughCentral(request, bookingNumber);
  }

  /** The shared stamp the gate reads once per call (see query). */
  storeStamp(): StoreStamp {
    return this.changes.stamp();
  }

  private async queryThroughCentral(request: SarftParsedRequest<'query'>, bookingNumber: number) {
    const loaded = await this.loadBooking(bookingNumber, { fresh: false });
    if (loaded.code !== 0) return refusalOf(loaded);
    return this.queryAnswer(request, loaded.value);
  }

  /** The booking only to a caller that proves its verify code; an unknown number answers like a wrong code. */
  private async queryProvingCode(request: SarftParsedRequest<'query'>, bookingNumber: number, verifyCodeMd5: string, caller: Caller) {
    const loaded = await this.loadBooking(bookingNumber, { fresh: true }, { verifyCodeMd5, caller });
    if (loaded.code === SarftCode.PrintNoNotFound) return { code: SarftCode.PrintNoOrVerifyWrong } as const;
    if (loaded.code !== 0) return refusalOf(loaded);
    if (!safeEqualHex(loaded.value.booking.verify_md5, verifyCodeMd5.toLowerCase()))
      return { code: SarftCode.PrintNoOrVerifyWrong } as const;
    return this.queryAnswer(request, loaded.value, caller);
  }

  private queryAnswer(request: SarftParsedRequest<'query'>, loaded: LoadedBooking, caller?: Caller): ServiceOutcome<SarftReply<'query'>> {
    const { booking, tickets } = loaded;
    const proving = request.verifyCodeMd5 !== undefined;
    if (request.ticketCount !== undefined && request.ticketCount !== tickets.length) {
      return { code: SarftCode.TicketCountMismatch, details: { ticketCount: tickets.length } };
    }
    const refusal = this.bookingRefusal(booking, tickets);
    if (refusal) return refusal;
    // Proven: a ticket not issued yet or lacking data would be refused at apply-print; say it before the ticket screen.
    if (proving && caller) {
      const unprinted = tickets.filter((t) => t.state === 'unprinted');
      const incomplete = this.incompleteRefusal(booking, unprinted, caller, this.deps.now());
      if (incomplete) return incomplete;
    }
    return { code: 0, value: this.queryValue(request.printNo, loaded) };
  }

  /**
   * The query's answer for a booking copy, made once per copy and print number: a remembered copy
   * is frozen and shared until the store changes, and so is its answer, which lets the transport
   * keep the answer's serialized form too (print-service.server.ts) instead of building it per call.
   */
  private queryValue(printNo: string, loaded: LoadedBooking): SarftReply<'query'> {
    const known = this.queryValues.get(loaded);
    if (known?.printNo === printNo) return known;
    const { booking, tickets } = loaded;
    const value: SarftReply<'query'> = { printNo, ticketCount: tickets.length, tickets: tickets.map((t) => this.ticketFields(booking, t)) };
    if (Object.isFrozen(loaded)) {
      for (const t of value.tickets) Object.freeze(t);
      Object.freeze(value.tickets);
      this.queryValues.set(loaded, Object.freeze(value));
    }
    return value;
  }

  async applyPrint(request: SarftParsedRequest<'applyPrint'>, caller: Caller): Promise<ServiceOutcome<SarftReply<'applyPrint'>>> {
    const bookingNumber = bookingNumberOf(request.printNo);
    timingMark('apply-print.received');
    // Always the central state first: a booking refunded online a minute ago must not print.
    const loaded = await this.loadBooking(bookingNumber, { fresh: true }, { verifyCodeMd5: request.verifyCodeMd5, caller });
    timingMark('apply-print.central-checked');
    if (loaded.code === SarftCode.PrintNoNotFound) return { code: SarftCode.PrintNoOrVerifyWrong };
    if (loaded.code !== 0) return refusalOf(loaded);
    const { booking } = loaded.value;
    if (!safeEqualHex(booking.verify_md5, request.verifyCodeMd5.toLowerCase())) return { code: SarftCode.PrintNoOrVerifyWrong };

    const now = this.deps.now();
    this.expireClaims(now);
    const claimed = this.deps.db.transaction((): ServiceOutcome<SarftReply<'applyPrint'>> => {
      const tickets = this.deps.bookings.tickets(bookingNumber);
      const refusal = this.bookingRefusal(booking, tickets);
      if (refusal) return refusal;
      const selected = request.ticketCodes ? tickets.filter((t) => request.ticketCodes!.includes(t.ticket_code)) : tickets;
      if (request.ticketCodes && selected.length !== new Set(request.ticketCodes).size) {
        return { code: SarftCode.Malformed, details: { field: 'ticketCodes', reason: 'not tickets of this booking' } };
      }
      if (selected.some((t) => t.state === 'unknown' || t.state === 'printing')) return { code: SarftCode.TicketUnknown };
      // An online refund is in flight for these tickets: to the customer they are refunded.
      if (selected.some((t) => t.state === 'refunding')) return { code: SarftCode.Refunded };

      const ownClaim = this.liveClaimOf(selected, caller, now, 'own');
      if (ownClaim) return { code: 0, value: this.claimReply(booking, selected, ownClaim.claim_id, ownClaim.expires_at, now) };
      if (this.liveClaimOf(selected, caller, now, 'other')) return { code: SarftCode.ClaimedElsewhere };

      const printable = selected.filter((t) => t.state === 'unprinted');
      if (printable.length === 0) {
        if (selected.every((t) => t.state === 'refunded')) return { code: SarftCode.Refunded };
        return {
          code: SarftCode.AlreadyPrinted,
          value: { printToken: '', expiresIn: 0, tickets: selected.map((t) => this.released(booking, t, 1)) },
        };
      }
      // Nothing prints without every field a Chinese ticket must carry (shared/domain/complete-ticket.ts).
      const incomplete = this.incompleteRefusal(booking, printable, caller, now);
      if (incomplete) return incomplete;

      const claimId = randomUUID();
      const expiresAt = now + this.deps.settings.claimTtlMs;
      this.deps.claims.insert({
        claim_id: claimId,
        booking_number: bookingNumber,
        terminal_id: caller.terminalId,
        session_id: caller.sessionId,
        created_at: now,
        expires_at: expiresAt,
      });
      this.deps.tickets.claim(
        { claimId, bookingNumber, terminalId: caller.terminalId },
        printable.map((t) => t.ticket_code),
        expiresAt,
        now,
      );
      return {
        code: 0,
        value: this.claimReply(
          booking,
          this.deps.bookings.tickets(bookingNumber).filter((t) => selected.some((s) => s.ticket_code === t.ticket_code)),
          claimId,
          expiresAt,
          now,
        ),
      };
    })();
    timingMark('apply-print.committed');
    return claimed;
  }

  printResult(request: SarftParsedRequest<'printResult'>, caller: Caller): ServiceOutcome<SarftReply<'printResult'>> {
    const bookingNumber = bookingNumberOf(request.printNo);
    timingMark('print-result.received');
    const claimId = this.claimIdOfToken(request.printToken);
    const now = this.deps.now();
    this.expireClaims(now);
    const claim = claimId ? this.deps.claims.get(claimId) : undefined;
    // An expired claim's tickets are unknown now; only staff settle them. A confirmed one answers again (idempotent).
    if (!claim || claim.terminal_id !== caller.terminalId || claim.booking_number !== bookingNumber || claim.outcome === 'expired')
      return { code: SarftCode.PrintTokenInvalid };
    const overlap = request.printed.filter((c) => request.failed.includes(c));
    if (overlap.length > 0)
      return { code: SarftCode.Malformed, details: { field: 'failed', reason: 'a ticket is both printed and failed' } };

    const reported = this.deps.db.transaction((): ServiceOutcome<SarftReply<'printResult'>> => {
      const tickets = this.deps.bookings.ticketsOfClaim(claim.claim_id);
      // A repeat (the claim already settled) may name tickets it released as failed, which no longer carry
      // the claim: they are the booking's. Nothing of a settled claim changes, so the repeat answers the same.
      const known = claim.resolved_at === null ? tickets : this.deps.bookings.tickets(bookingNumber);
      const codes = new Set(known.map((t) => t.ticket_code));
      const strangers = [...request.printed, ...request.failed].filter((c) => !codes.has(c));
      if (strangers.length > 0)
        return { code: SarftCode.Malformed, details: { field: 'printed', reason: 'tickets not in this claim', tickets: strangers } };

      const printTime = toIsoWithOffset({ epochMs: now, offsetMinutes: this.deps.settings.cinemaOffsetMinutes });
      // Only tickets still claimed settle: a repeated result changes nothing.
      const open = tickets.filter((t) => t.state === 'claimed');
      const newlyPrinted = open.filter((t) => request.printed.includes(t.ticket_code));
      const released = open.filter((t) => !request.printed.includes(t.ticket_code) && request.failed.includes(t.ticket_code));
      // print-result is the terminal's report on its whole claim: a ticket in neither list may be on paper
      // (the printer faulted mid-ticket), so it is unknown at once, not when the claim would lapse; else a
      // repeated apply-print from the same session would get it back (returnValue 0) and print it again.
      const inDoubt = open.filter((t) => !request.printed.includes(t.ticket_code) && !request.failed.includes(t.ticket_code));
      this.deps.tickets.printResult(
        { claimId: claim.claim_id, bookingNumber, terminalId: caller.terminalId },
        {
          printed: newlyPrinted.map((t) => t.ticket_code),
          released: released.map((t) => t.ticket_code),
          failedReported: request.failed,
          inDoubt: inDoubt.map((t) => t.ticket_code),
        },
        now,
        printTime,
      );
      for (const t of newlyPrinted) {
        this.deps.ledger.add({
          at: now,
          kind: 'printed',
          booking_number: bookingNumber,
          ticket_code: t.ticket_code,
          amount_cents: t.price_cents + t.service_fee_cents,
          actor: `terminal:${caller.terminalId}`,
          terminal_id: caller.terminalId,
          refund_code: null,
        });
      }
      const settled = this.deps.bookings.ticketsOfClaim(claim.claim_id);
      // Every ticket of the claim is settled now: the claim is no longer live (a repeat leaves it as it is).
      this.deps.claims.resolve(claim.claim_id, now, 'confirmed');
      if (newlyPrinted.length > 0) {
        this.deps.outbox.addMarkCollected(
          bookingNumber,
          newlyPrinted,
          `collected:${bookingNumber}:${newlyPrinted.map((t) => t.ticket_code).join(',')}`,
          now,
        );
      }
      const printedCount = settled.filter((t) => t.state === 'printed').length;
      return { code: 0, value: { printedCount, printTime } };
    })();
    timingMark('print-result.committed');
    return reported;
  }

  /**
   * The seed's call 4 (print_no, ticket_count): the first `ticketCount` tickets of this session's claim
   * printed, the rest failed, in the claim's ticket order (the booking's, as apply-print listed them).
   * Settled as print-result with that claim's token, so every rule of printResult holds. A repeat after
   * the claim was settled answers the same when its count is the claim's printed count (and changes
   * nothing); a claim that ran out answers 2007 as a stale token would.
   */
  printCountReport(request: PrintCountReport, caller: Caller): ServiceOutcome<SarftReply<'printResult'>> {
    const bookingNumber = bookingNumberOf(request.printNo);
    this.expireClaims(this.deps.now());
    const claim = this.deps.claims.latestOfSession(bookingNumber, caller.sessionId);
    if (!claim || claim.terminal_id !== caller.terminalId || claim.outcome === 'expired') return { code: SarftCode.PrintTokenInvalid };
    const ofClaim = this.deps.bookings.ticketsOfClaim(claim.claim_id);
    const live = claim.resolved_at === null;
    const tickets = live ? ofClaim.filter((t) => t.state === 'claimed') : ofClaim.filter((t) => t.state === 'printed');
    if (live ? request.ticketCount > tickets.length : request.ticketCount !== tickets.length) {
      return { code: SarftCode.TicketCountMismatch, details: { ticketCount: tickets.length } };
    }
    const codes = tickets.map((t) => t.ticket_code);
    return this.printResult(
      {
        printNo: request.printNo,
        printToken: this.tokenOfClaim(claim.claim_id),
        printed: codes.slice(0, request.ticketCount),
        failed: live ? codes.slice(request.ticketCount) : [],
      },
      caller,
    );
  }

  /**
   * Claims that lived out their time with tickets still claimed: those tickets may have printed, so
   * they become unknown. At start (`abandonAll`), every open claim is treated so: after a crash nobody
   * can say what its terminal printed meanwhile.
   */
  expireClaims(now = this.deps.now(), abandonAll = false): number {
    const expired = abandonAll ? this.deps.claims.open() : this.deps.claims.expired(now);
    if (expired.length === 0) return 0;
    this.deps.db.transaction(() => {
      for (const claim of expired) {
        this.deps.claims.resolve(claim.claim_id, now, 'expired');
        this.deps.tickets.claimLapsed(
          { claimId: claim.claim_id, bookingNumber: claim.booking_number, terminalId: claim.terminal_id },
          now,
          abandonAll,
        );
      }
    })();
    return expired.length;
  }

  /**
   * expireClaims, but without reading the claims while none can be due: the earliest open claim's
   * expiry is remembered, read again (one indexed MIN) only once anything was written to the store (a
   * claim made or settled here, any commit by another connection), and the claims themselves are read
   * only once that expiry has passed. `stamp`: the store's stamp read just before, in the same
   * synchronous run. True when claims were expired: the stamp is then out of date.
   */
  private expireDueClaims(stamp: StoreStamp): boolean {
    const now = this.deps.now();
    if (!StoreChanges.same(stamp, this.expiryKnownAt)) {
      // Read after the stamp: a claim made in between makes the next call read again, never miss it.
      this.nextClaimExpiry = this.deps.claims.earliestOpenExpiry() ?? Number.POSITIVE_INFINITY;
      // Inside a transaction nothing read may be kept (it may roll back): compare now, remember nothing.
      this.expiryKnownAt = this.changes.canRemember() ? stamp : [-1, -1];
    }
    if (now < this.nextClaimExpiry) return false;
    this.expireClaims(now);
    this.expiryKnownAt = [-1, -1]; // the claims just changed: read the earliest expiry again next time
    return true;
  }

  /**
   * The booking through the local copy, its failures as SARFT codes. `proof`: the caller's verify code,
   * checked before a booking the source cannot complete is recorded for the box office.
   */
  private async loadBooking(
    bookingNumber: number,
    options: { fresh: boolean },
    proof?: { verifyCodeMd5: string; caller: Caller },
  ): Promise<ServiceOutcome<LoadedBooking>> {
    const loaded = await this.deps.local.load(bookingNumber, options);
    if (loaded.ok) return { code: 0, value: loaded.value };
    if (loaded.reason === 'not-found') return { code: SarftCode.PrintNoNotFound };
    if (loaded.reason === 'not-yet-available') return { code: SarftCode.NotYetAvailable };
    if (loaded.reason === 'incomplete') {
      if (!proof) return incompleteRefusalOf(loaded.missing);
      if (!safeEqualHex(loaded.verifyMd5, proof.verifyCodeMd5.toLowerCase())) return { code: SarftCode.PrintNoOrVerifyWrong };
      return this.refuseIncomplete(bookingNumber, loaded.missing, proof.caller, this.deps.now());
    }
    const { failure, message } = loaded;
    return {
      code:
        failure === 'unreachable'
          ? SarftCode.CentralUnreachable
          : failure === 'unknown-outcome'
            ? SarftCode.CentralTimeout
            : SarftCode.OtherError,
      message,
    };
  }

  /**
   * NotYetAvailable while only the QR is missing and the source issues it later; else, when a ticket
   * lacks a required field, the refusal that sends the customer to the box office, recorded for its
   * attention list and audited.
   */
  private incompleteRefusal(booking: BookingRow, tickets: TicketRow[], caller: Caller, now: number): ServiceOutcome<never> | undefined {
    const missing: RequiredTicketField[] = missingOfTickets(
      tickets.map((t) => ({ ...this.ticketFields(booking, t), ticketInfoCode: t.ticket_info_code })),
    );
    if (missing.length === 0) return undefined;
    if (this.deps.settings.qrMayComeLater && missing.includes('ticketInfoCode')) return { code: SarftCode.NotYetAvailable };
    return this.refuseIncomplete(booking.booking_number, missing, caller, now);
  }

  private refuseIncomplete(bookingNumber: number, missing: RequiredTicketField[], caller: Caller, now: number): ServiceOutcome<never> {
    this.deps.db.transaction(() => this.deps.incomplete.record(bookingNumber, missing, caller, now))();
    return incompleteRefusalOf(missing);
  }

  private bookingRefusal(booking: BookingRow, tickets: TicketRow[]): ServiceOutcome<never> | undefined {
    if (booking.cancelled || (tickets.length > 0 && tickets.every((t) => t.state === 'refunded'))) return { code: SarftCode.Refunded };
    if (this.deps.now() > booking.session_epoch_ms + this.deps.settings.collectionClosesAfterStartMs)
      return { code: SarftCode.SessionOver };
    return undefined;
  }

  /** A live claim on any of these tickets, held by this caller's session ('own') or by anyone else ('other'). */
  private liveClaimOf(tickets: TicketRow[], caller: Caller, now: number, whose: 'own' | 'other') {
    for (const t of tickets) {
      if (t.state !== 'claimed' || !t.claim_id) continue;
      const claim = this.deps.claims.get(t.claim_id);
      if (!claim || claim.resolved_at !== null || claim.expires_at <= now) continue;
      const mine = claim.terminal_id === caller.terminalId && claim.session_id === caller.sessionId;
      if (mine === (whose === 'own')) return claim;
    }
    return undefined;
  }

  private claimReply(booking: BookingRow, tickets: TicketRow[], claimId: string, expiresAt: number, now: number): SarftReply<'applyPrint'> {
    return {
      printToken: this.tokenOfClaim(claimId),
      expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)),
      tickets: tickets.map((t) =>
        this.released(booking, t, t.state === 'claimed' && t.claim_id === claimId ? 0 : t.state === 'printed' ? 1 : 2),
      ),
    };
  }

  private released(booking: BookingRow, t: TicketRow, returnValue: 0 | 1 | 2): ReleasedTicket {
    return {
      ...this.ticketFields(booking, t),
      returnValue,
      // The admission credential goes only to the terminal that holds the claim.
      ticketInfoCode: returnValue === 0 ? t.ticket_info_code : '',
      cinemaCode: booking.cinema_code,
      reprintCount: t.reprint_count,
    };
  }

  private ticketFields(booking: BookingRow, t: TicketRow): TicketFields {
    return {
      ticketCode: t.ticket_code,
      cinemaName: booking.cinema_name,
      screenName: booking.screen_name,
      filmName: booking.film_title,
      sessionDateTime: booking.session_at,
      seatName: t.seat_name,
      priceCents: t.price_cents,
      serviceFeeCents: t.service_fee_cents,
      printFlag: t.state === 'printed' ? 1 : 0,
      state: t.state,
    };
  }

  private tokenOfClaim(claimId: string): string {
    return `${claimId}.${createHmac('sha256', this.deps.secret).update(claimId).digest('base64url')}`;
  }

  private claimIdOfToken(token: string): string | undefined {
    const [claimId, signature] = token.split('.');
    if (!claimId || !signature) return undefined;
    const expected = this.tokenOfClaim(claimId).split('.')[1]!;
    return safeEqual(Buffer.from(signature), Buffer.from(expected)) ? claimId : undefined;
  }
}

/** Result code 2 with the message our kiosk recognises (shared/domain/complete-ticket.ts); the fields for the box office. */
function incompleteRefusalOf(missing: RequiredTicketField[]): ServiceOutcome<never> {
  return { code: SarftCode.OtherError, message: INCOMPLETE_TICKET_MESSAGE, details: { reason: INCOMPLETE_TICKET_REASON, missing } };
}

function refusalOf(outcome: Refusal): Refusal {
  return {
    code: outcome.code,
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(outcome.details ? { details: outcome.details } : {}),
  };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function safeEqualHex(a: string, b: string): boolean {
  return safeEqual(Buffer.from(a), Buffer.from(b));
}
