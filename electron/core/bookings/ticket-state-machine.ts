import type { TicketState } from '../../../shared/domain/ticket';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../storage/database';
import type { BookingsRepository, TicketRow } from '../storage/repositories/bookings.repository';

/**
 * Every way a ticket's state may change, with the states it may change from (PRODUCT.md's status
 * model, plus the box office's resolutions). `to` lists the states a transition can end in.
 */
export const TICKET_TRANSITIONS = {
  /** apply-print: a terminal claims tickets it may print. */
  claim: { from: ['unprinted'], to: ['claimed'] },
  /** print-result: the terminal's printer confirmed the ticket. */
  printed: { from: ['claimed'], to: ['printed'] },
  /** print-result: the terminal says nothing came out; collectable again. */
  printFailed: { from: ['claimed'], to: ['unprinted'] },
  /** print-result: the ticket is in neither list; the terminal has reported and does not know (a fault mid-ticket). */
  printInDoubt: { from: ['claimed'], to: ['unknown'] },
  /** A claim lived out its time (or was open at start): whatever came out is unknown. */
  claimLapsed: { from: ['claimed'], to: ['unknown'] },
  /** Central says refunded (online, elsewhere). A ticket printed here stays printed: staff settle it. */
  refundedCentrally: { from: ['unprinted', 'claimed', 'printing', 'unknown', 'refunding'], to: ['refunded'] },
  /** Central says collected (printed elsewhere). */
  collectedCentrally: { from: ['unprinted'], to: ['printed'] },
  /** Box office: a printed ticket refunded at the counter. */
  refundLocally: { from: ['printed'], to: ['refunded'] },
  /** Box office: an online refund starts; no kiosk may print the ticket meanwhile. */
  startOnlineRefund: { from: ['unprinted'], to: ['refunding'] },
  /** The online refund went through (again, when central already folded it in: idempotent). */
  settleOnlineRefund: { from: ['refunding', 'refunded'], to: ['refunded'] },
  /** Staff learnt central did not refund: the ticket is collectable again. */
  releaseOnlineRefund: { from: ['refunding'], to: ['unprinted'] },
  /** Box office, with a supervisor: an unknown print did come out. */
  confirmPrinted: { from: ['unknown'], to: ['printed'] },
  /** Box office, with a supervisor: nothing came out; back to before that print. */
  markUnprinted: { from: ['unknown'], to: ['printed', 'unprinted'] },
  /** Box office: central refunded a ticket printed here; the printed ticket is void. */
  acceptCentralRefund: { from: ['printed'], to: ['refunded'] },
  /** Box office, with a supervisor: a reprint is counted and `printing` before its first byte. */
  beginReprint: { from: ['printed', 'unknown'], to: ['printing'] },
  reprintPrinted: { from: ['printing'], to: ['printed'] },
  reprintUnknown: { from: ['printing'], to: ['unknown'] },
  /** At start: a reprint was cut off by a stop. */
  reprintInterrupted: { from: ['printing'], to: ['unknown'] },
} as const satisfies Record<string, { from: readonly TicketState[]; to: readonly TicketState[] }>;

export type TicketTransition = keyof typeof TICKET_TRANSITIONS;

/** Whether `transition` may start from a ticket in `state`. */
export function canTransition(transition: TicketTransition, state: TicketState): boolean {
  return (TICKET_TRANSITIONS[transition].from as readonly TicketState[]).includes(state);
}

/** A transition asked of a ticket in a state it does not start from: a bug in the caller, never a user's error. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly transition: TicketTransition | 'outside-transaction',
    readonly ticketCode: string,
    readonly from: TicketState | 'missing' | null,
  ) {
    super(
      from === null
        ? `ticket ${ticketCode}: ${transition} runs only inside the caller's transaction`
        : `ticket ${ticketCode}: ${transition} is not allowed from ${from}`,
    );
    this.name = 'IllegalTransitionError';
  }
}

/** Who the audit record names, and the facts the use case adds to it. */
export interface TransitionRecord {
  actor: string;
  terminalId?: string | null;
  details: Record<string, unknown>;
}

/** The claim a terminal holds, as its audit records name it. */
export interface ClaimRef {
  claimId: string;
  bookingNumber: number;
  terminalId: string;
}

/**
 * The one place that changes a ticket's state: each named transition checks the state it starts
 * from (read from the store, inside the caller's transaction) and writes its audit record in the same
 * transaction. Transactions stay with the use cases: a refund's row, ledger and outbox commit with
 * its tickets' states.
 */
export class TicketStateMachine {
  constructor(private readonly deps: { db: Db; bookings: BookingsRepository; audit: AuditLog }) {}

  claim(claim: ClaimRef, codes: string[], expiresAt: number, at: number): void {
    for (const code of codes) this.move('claim', code, at, { state: 'claimed', claimId: claim.claimId });
    this.record('tickets.claimed', claim.bookingNumber, {
      actor: `terminal:${claim.terminalId}`,
      terminalId: claim.terminalId,
      details: { claimId: claim.claimId, tickets: codes, expiresAt },
    });
  }

  /**
   * A terminal's print result: `printed` and `released` are the claimed tickets it settles now;
   * `failedReported` is the failed list as the terminal sent it (the record keeps it whole).
   * `inDoubt` are the claim's tickets in neither list: the terminal has reported and does not know
   * whether they came out, so they are unknown now (as a lapsed claim's are), and the record names them.
   */
  printResult(
    claim: ClaimRef,
    settle: { printed: string[]; released: string[]; failedReported: string[]; inDoubt: string[] },
    at: number,
    printTime: string,
  ): void {
    for (const code of settle.printed)
      this.move('printed', code, at, { state: 'printed', claimId: claim.claimId, printedAt: printTime }, claim.claimId);
    for (const code of settle.released) this.move('printFailed', code, at, { state: 'unprinted', claimId: null }, claim.claimId);
    for (const code of settle.inDoubt) this.move('printInDoubt', code, at, { state: 'unknown', claimId: claim.claimId }, claim.claimId);
    if (settle.printed.length === 0 && settle.failedReported.length === 0 && settle.inDoubt.length === 0) return;
    this.record('tickets.print-result', claim.bookingNumber, {
      actor: `terminal:${claim.terminalId}`,
      terminalId: claim.terminalId,
      details: {
        claimId: claim.claimId,
        printed: settle.printed,
        failed: settle.failedReported,
        ...(settle.inDoubt.length > 0 ? { unknown: settle.inDoubt } : {}),
      },
    });
  }

  /** A claim that lapsed (expired, or found open at start): its still-claimed tickets become unknown. Returns their codes. */
  claimLapsed(claim: ClaimRef, at: number, abandonedAtStart: boolean): string[] {
    const stranded = this.deps.bookings.ticketsOfClaim(claim.claimId).filter((t) => t.state === 'claimed');
    for (const t of stranded) this.move('claimLapsed', t.ticket_code, at, { state: 'unknown', claimId: claim.claimId }, claim.claimId);
    this.record(abandonedAtStart ? 'claim.abandoned-at-start' : 'claim.expired', claim.bookingNumber, {
      actor: 'print-service',
      terminalId: claim.terminalId,
      details: { claimId: claim.claimId, unknown: stranded.map((t) => t.ticket_code) },
    });
    return stranded.map((t) => t.ticket_code);
  }

  refundedCentrally(code: string, at: number): void {
    const t = this.move('refundedCentrally', code, at, { state: 'refunded', claimId: null });
    this.record('ticket.refunded-centrally', t.booking_number, { actor: 'central', details: { ticketCode: code } });
  }

  collectedCentrally(code: string, at: number): void {
    const t = this.move('collectedCentrally', code, at, { state: 'printed', claimId: null });
    this.record('ticket.printed-centrally', t.booking_number, { actor: 'central', details: { ticketCode: code } });
  }

  /** The record's details are the refund's (refund code, tickets, amounts, reason, approval). */
  refundLocally(bookingNumber: number, codes: string[], at: number, record: TransitionRecord): void {
    for (const code of codes) this.move('refundLocally', code, at, { state: 'refunded', keepClaim: true });
    this.record('tickets.refunded-locally', bookingNumber, record);
  }

  startOnlineRefund(bookingNumber: number, codes: string[], at: number, record: TransitionRecord): void {
    for (const code of codes) this.move('startOnlineRefund', code, at, { state: 'refunding', claimId: null });
    this.record('refund.online-started', bookingNumber, record);
  }

  settleOnlineRefund(bookingNumber: number, codes: string[], at: number, record: TransitionRecord): void {
    for (const code of codes) this.move('settleOnlineRefund', code, at, { state: 'refunded', claimId: null });
    this.record('tickets.refunded-online', bookingNumber, record);
  }

  /** `codes` are the refund's tickets still refunding; the record names the refund's tickets. */
  releaseOnlineRefund(bookingNumber: number, codes: string[], at: number, record: TransitionRecord): void {
    for (const code of codes) this.move('releaseOnlineRefund', code, at, { state: 'unprinted', claimId: null });
    this.record('refund.online-released', bookingNumber, record);
  }

  /** The record is the box office's resolution of the attention item. */
  confirmPrinted(code: string, at: number, printedAt: string, record: TransitionRecord): void {
    const t = this.move('confirmPrinted', code, at, { state: 'printed', keepClaim: true, printedAt });
    this.record('attention.resolved', t.booking_number, record);
  }

  /**
   * Nothing came out of an unknown print: the ticket is back as it was before that print, printed
   * if an earlier print of it stands (a failed reprint), else collectable again.
   */
  markUnprinted(code: string, at: number, record: (outcome: 'printed' | 'unprinted') => TransitionRecord): 'printed' | 'unprinted' {
    const before = this.current('markUnprinted', code).printed_at ? 'printed' : 'unprinted';
    const t =
      before === 'printed'
        ? this.move('markUnprinted', code, at, { state: 'printed', keepClaim: true })
        : this.move('markUnprinted', code, at, { state: 'unprinted', claimId: null });
    this.record('attention.resolved', t.booking_number, record(before));
    return before;
  }

  acceptCentralRefund(code: string, at: number, record: TransitionRecord): void {
    const t = this.move('acceptCentralRefund', code, at, { state: 'refunded', claimId: null });
    this.record('attention.resolved', t.booking_number, record);
  }

  /** The record's details (reprint number, reason, approval, the state before) are the reprint's. */
  beginReprint(code: string, at: number, record: TransitionRecord): void {
    const t = this.current('beginReprint', code);
    this.deps.bookings.startReprint(code, at);
    this.record('ticket.reprint-started', t.booking_number, record);
  }

  /** The reprint's outcome: printed (confirmed by the printer) or unknown. */
  finishReprint(code: string, outcome: 'printed' | 'unknown', at: number, printedAt: string, record: TransitionRecord): void {
    const t =
      outcome === 'printed'
        ? this.move('reprintPrinted', code, at, { state: 'printed', keepClaim: true, printedAt })
        : this.move('reprintUnknown', code, at, { state: 'unknown', keepClaim: true });
    this.record(outcome === 'printed' ? 'ticket.reprinted' : 'ticket.reprint-unknown', t.booking_number, record);
  }

  reprintInterrupted(code: string, at: number): void {
    const t = this.move('reprintInterrupted', code, at, { state: 'unknown', keepClaim: true });
    this.record('ticket.reprint-interrupted', t.booking_number, {
      actor: 'print-service',
      details: { ticketCode: code, reprint: t.reprint_count },
    });
  }

  /** The ticket as the store has it now, checked against the transition's guard. */
  private current(transition: TicketTransition, code: string, claimId?: string): TicketRow {
    if (!this.deps.db.inTransaction) throw new IllegalTransitionError('outside-transaction', code, null);
    const t = this.deps.bookings.ticket(code);
    if (!t) throw new IllegalTransitionError(transition, code, 'missing');
    // A claim's transitions apply only to tickets that claim holds.
    if (!canTransition(transition, t.state) || (claimId !== undefined && t.claim_id !== claimId))
      throw new IllegalTransitionError(transition, code, t.state);
    return t;
  }

  private move(
    transition: TicketTransition,
    code: string,
    at: number,
    to: { state: TicketState; printedAt?: string } & ({ claimId: string | null } | { keepClaim: true }),
    claimId?: string,
  ): TicketRow {
    const t = this.current(transition, code, claimId);
    if (!(TICKET_TRANSITIONS[transition].to as readonly TicketState[]).includes(to.state))
      throw new IllegalTransitionError(transition, code, t.state);
    this.deps.bookings.setState(code, to.state, 'keepClaim' in to ? t.claim_id : to.claimId, at, to.printedAt ?? null);
    return t;
  }

  private record(action: string, bookingNumber: number, record: TransitionRecord): void {
    this.deps.audit.append({
      actor: record.actor,
      terminalId: record.terminalId,
      action,
      subject: `booking:${bookingNumber}`,
      details: record.details,
    });
  }
}
