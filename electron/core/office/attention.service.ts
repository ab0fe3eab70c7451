import { formatYuan } from '../../../shared/domain/money';
import { printNoOf } from '../../../shared/domain/print-no';
import { UNPRINTED_AFTER_STOP } from '../../../shared/domain/sale-order';
import { fail, ok, type Result } from '../../../shared/errors';
import type { UiOutput } from '../../../shared/contract/ui';
import type { AuditLog } from '../audit/audit-log';
import { toIsoWithOffset } from '../central/vista-date';
import type { OnlineRefundRunner } from '../refunds/online-refund.runner';
import type { ReconcileReport } from '../sync/reconciler';
import type { Db } from '../storage/database';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { TicketStateMachine, TransitionRecord } from '../bookings/ticket-state-machine';
import type { LedgerRepository } from '../storage/repositories/ledger.repository';
import type { GuessingAlert } from '../staff/staff-auth';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import type { RefundsRepository } from '../storage/repositories/refunds.repository';
import type { IncompleteTicketsRepository } from '../storage/repositories/incomplete-tickets.repository';
import type { DomainEvents } from '../observability/domain-events';
import type { SaleOrdersRepository } from '../storage/repositories/sale-orders.repository';

type AttentionItem = UiOutput<'office.attention.list'>['items'][number];

/** Who resolves an item: the clerk's actor name, the approving supervisor if any, and the terminal. */
export interface Resolver {
  actor: string;
  supervisor: string | null;
  terminalId: string;
}

/**
 * The box office's "needs attention" list and its one-click resolutions, each audited:
 * - a print whose outcome is unknown: confirm it printed (the customer has it), or confirm it did
 *   not (nothing came out: the ticket is as before that print, collectable again unless an earlier
 *   print stands); either needs a supervisor's approval, as a reprint does, since "nothing came
 *   out" lets the kiosk print the ticket again; both count in the ledger's shift report;
 * - an online refund handed over to staff: ask central now, or try again;
 * - a dead letter (central refused a status change): send it again, or dismiss it as settled;
 * - a ticket printed here but refunded online afterwards: accept central's refund locally;
 * - a booking that could not print because a ticket lacked required data (hall, seat, national QR...):
 *   the customer was sent here; once it is settled (printed at the counter from the cinema's own
 *   system, or refunded), dismiss it;
 * - a staff name locked by failed sign-ins (someone may be guessing): shown, nothing to resolve;
 * - a sale whose order could not complete at central, or whose payment was reversed after the money had
 *   moved (`trade.cancel` refunds it in full): the customer's money went back (`sale-refunded`,
 *   with the refund reference and why), or the provider refused the refund or reversal
 *   (`sale-needs-staff`: pay the customer back by hand); dismissed once settled;
 * - a sale booked at central whose tickets never printed because the terminal stopped (`sale-unprinted`):
 *   print them at the counter for the customer, then dismiss.
 */
export class AttentionService {
  constructor(
    private readonly deps: {
      db: Db;
      bookings: BookingsRepository;
      tickets: TicketStateMachine;
      refunds: RefundsRepository;
      outbox: OutboxRepository;
      ledger: LedgerRepository;
      /** Bookings refused at print because a ticket lacked required data. */
      incomplete: IncompleteTicketsRepository;
      audit: AuditLog;
      guessing: () => GuessingAlert[];
      onlineRefunds: OnlineRefundRunner;
      lastReconcile: () => ReconcileReport | undefined;
      cinemaOffsetMinutes: number;
      now: () => number;
      /** Raises `outbox.work` after a commit that queued a status change. */
      events: Pick<DomainEvents, 'emit'>;
      /** Sale orders refunded or left for staff (absent where this host does not sell). */
      saleOrders?: Pick<SaleOrdersRepository, 'needingStaff' | 'markSeen'>;
    },
  ) {}

  list(): AttentionItem[] {
    const { bookings, refunds, outbox } = this.deps;
    const at = (ms: number) => toIsoWithOffset({ epochMs: ms, offsetMinutes: this.deps.cinemaOffsetMinutes });
    const items: AttentionItem[] = [
      ...bookings.ticketsInState('unknown').map((t) => ({
        id: `unknown:${t.ticket_code}`,
        kind: 'unknown-print',
        bookingNumber: t.booking_number,
        ticketCode: t.ticket_code,
        detail: `${t.seat_name}: the print outcome is unknown (crash or printer fault mid-ticket)`,
        facts: { seat: t.seat_name },
        since: at(t.updated_at),
        actions: ['confirm-printed', 'mark-unprinted', 'reprint'],
      })),
      ...refunds.inState('needs-staff').map((r) => ({
        id: `refund:${r.refund_code}`,
        kind: 'online-refund',
        bookingNumber: r.booking_number,
        detail: `online refund ${r.refund_code} gave no clear answer after ${r.attempts} attempts: ${r.last_error ?? ''}`,
        facts: { refundCode: r.refund_code, attempts: r.attempts, error: r.last_error ?? '' },
        since: at(r.settled_at ?? r.created_at),
        actions: ['check-central', 'retry'],
      })),
      ...outbox.deadLetters().map((e) => ({
        id: `dead:${e.id}`,
        kind: 'dead-letter',
        bookingNumber: e.booking_number,
        detail: `${e.kind} refused by central: ${e.last_error ?? ''}`,
        facts: { what: e.kind, error: e.last_error ?? '' },
        since: at(e.created_at),
        actions: ['retry', 'dismiss'],
      })),
    ];
    for (const i of this.deps.incomplete.open()) {
      const missing = (JSON.parse(i.missing) as string[]).join(', ');
      items.push({
        id: `incomplete:${i.booking_number}`,
        kind: 'incomplete-ticket',
        bookingNumber: i.booking_number,
        detail: `nothing printed: the ticket data lacks ${missing} (${i.attempts} attempts); the customer was sent to the box office`,
        facts: { missing, attempts: i.attempts },
        since: at(i.first_seen_at),
        actions: ['dismiss'],
      });
    }
    for (const m of this.deps.lastReconcile()?.mismatches ?? []) {
      if (m.kind !== 'refunded-centrally-but-printed' || !m.ticketCode) continue;
      if (bookings.ticketByCode(m.ticketCode)?.state !== 'printed') continue;
      items.push({
        id: `central-refund:${m.ticketCode}`,
        kind: m.kind,
        bookingNumber: m.bookingNumber,
        ticketCode: m.ticketCode,
        detail: m.suggestedAction,
        facts: { ticketCode: m.ticketCode },
        since: this.deps.lastReconcile()!.at,
        actions: ['accept-central-refund'],
      });
    }
    for (const o of this.deps.saleOrders?.needingStaff() ?? []) {
      // Refunded after a failed completion, or by the reversal of a payment that never settled (annulled, the money back).
      const refunded = o.state === 'refunded' || ((o.state === 'cancelling' || o.state === 'cancelled') && o.refunded_cents !== null);
      const unprinted = o.state === 'completed' && o.needs_staff_reason === UNPRINTED_AFTER_STOP;
      const printNo = o.booking_number === null ? '' : printNoOf(o.booking_number);
      items.push({
        id: `sale:${o.order_id}`,
        kind: unprinted ? 'sale-unprinted' : refunded ? 'sale-refunded' : 'sale-needs-staff',
        bookingNumber: o.booking_number ?? 0,
        detail: unprinted
          ? `sale of ${o.film_title} is booked, but the terminal stopped before its tickets printed: print them at the counter for the customer who shows trade ${o.out_trade_no ?? ''} in Alipay (pickup number ${printNo}, verify code ${o.booking_id ?? ''})`
          : refunded
            ? `sale of ${o.film_title} could not complete; ${o.refunded_cents ?? 0} cents went back to the customer (refund ${o.refund_request_no ?? ''}): ${o.needs_staff_reason ?? ''}`
            : `sale of ${o.film_title}: pay the customer back by hand (trade ${o.out_trade_no ?? ''}): ${o.needs_staff_reason ?? ''}`,
        facts: {
          orderId: o.order_id,
          state: o.state,
          terminal: o.terminal_id,
          film: o.film_title,
          outTradeNo: o.out_trade_no ?? '',
          refundReference: o.refund_request_no ?? '',
          paidCents: o.paid_cents ?? 0,
          paid: `¥${formatYuan(o.paid_cents ?? 0)}`,
          refunded: `¥${formatYuan(o.refunded_cents ?? 0)}`,
          printNo,
          // Only for the unprinted sale: the customer never saw it, and the counter print asks for it.
          verifyCode: unprinted ? (o.booking_id ?? '') : '',
        },
        since: at(o.updated_at),
        actions: ['dismiss'],
      });
    }
    for (const g of this.deps.guessing()) {
      items.push({
        id: `guessing:${g.username}`,
        kind: 'staff-guessing',
        bookingNumber: 0,
        detail: `${g.failures} failed sign-ins or approvals for the name "${g.username}": locked for now; someone may be guessing its password`,
        facts: { failures: g.failures, username: g.username },
        since: at(g.since),
        actions: [],
      });
    }
    return items;
  }

  /** Whether this action settles an unknown print, which needs a supervisor. */
  static needsApproval(id: string, action: string): boolean {
    return id.startsWith('unknown:') && (action === 'confirm-printed' || action === 'mark-unprinted');
  }

  async resolve(id: string, action: string, by: Resolver): Promise<Result<{ id: string; action: string; outcome: string }>> {
    const { actor } = by;
    const [kind, key] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
    const item = this.list().find((i) => i.id === id);
    if (!item) return fail('NOT_FOUND', 'this item is not on the list any more', { id });
    if (!item.actions.includes(action) || action === 'reprint')
      return fail('VALIDATION', `not a one-click action for this item: ${action}`, {
        field: 'action',
        actions: item.actions.filter((a) => a !== 'reprint'),
      });
    if (AttentionService.needsApproval(id, action) && !by.supervisor)
      return fail('APPROVAL_REQUIRED', "settling a print whose outcome is unknown needs a supervisor's approval");
    // A resolution that changes a ticket's state is recorded by that transition; the others here.
    const resolution = (outcome: string): TransitionRecord => ({
      actor,
      terminalId: by.terminalId,
      details: { id, resolution: action, outcome, ...(by.supervisor ? { supervisor: by.supervisor } : {}) },
    });
    const done = (outcome: string): Result<{ id: string; action: string; outcome: string }> => {
      this.deps.audit.append({ ...resolution(outcome), action: 'attention.resolved', subject: `booking:${item.bookingNumber}` });
      return ok({ id, action, outcome });
    };
    const resolved = (outcome: string): Result<{ id: string; action: string; outcome: string }> => ok({ id, action, outcome });
    const { db, bookings, tickets, outbox } = this.deps;
    const now = this.deps.now();
    if (kind === 'unknown') {
      const ticket = bookings.ticketByCode(key)!;
      return db.transaction(() => {
        const kind = action === 'confirm-printed' ? 'print-confirmed' : 'print-voided';
        this.deps.ledger.add({
          at: now,
          kind,
          booking_number: ticket.booking_number,
          ticket_code: ticket.ticket_code,
          amount_cents: 0,
          actor,
          terminal_id: by.terminalId,
          refund_code: null,
        });
        if (action === 'confirm-printed') {
          tickets.confirmPrinted(
            ticket.ticket_code,
            now,
            toIsoWithOffset({ epochMs: now, offsetMinutes: this.deps.cinemaOffsetMinutes }),
            resolution('printed'),
          );
          outbox.addMarkCollected(ticket.booking_number, [ticket], `collected:confirmed:${ticket.ticket_code}:${now}`, now);
          this.deps.events.emit('outbox.work');
          return resolved('printed');
        }
        // Nothing came out: the ticket is back as it was before this print (the machine knows how).
        return resolved(tickets.markUnprinted(ticket.ticket_code, now, resolution));
      })();
    }
    if (kind === 'refund') {
      const refund = this.deps.refunds.byCode(key)!;
      if (action === 'retry') {
        this.deps.onlineRefunds.retry(refund, actor);
        return done('retrying');
      }
      try {
        return done(await this.deps.onlineRefunds.checkCentral(refund, actor));
      } catch (error) {
        return fail('CENTRAL_UNREACHABLE', (error as Error).message);
      }
    }
    if (kind === 'incomplete') {
      return db.transaction(() =>
        this.deps.incomplete.dismiss(Number(key), now, actor)
          ? done('dismissed')
          : fail('NOT_FOUND', 'this item was settled meanwhile', { id }),
      )();
    }
    if (kind === 'sale') {
      return db.transaction(() => {
        if (!this.deps.saleOrders?.markSeen(key, now)) return fail('NOT_FOUND', 'this item was settled meanwhile', { id });
        this.deps.audit.append({ ...resolution('dismissed'), action: 'attention.resolved', subject: `order:${key}` });
        return resolved('dismissed');
      })();
    }
    if (kind === 'dead') {
      const retry = action === 'retry';
      const outcome = db.transaction(() => {
        const applied = retry ? outbox.retryDead(Number(key), now) : outbox.dismissDead(Number(key), now, `dismissed by ${actor}`);
        return applied ? done(retry ? 'queued' : 'dismissed') : fail('NOT_FOUND', 'this dead letter was settled meanwhile', { id });
      })();
      if (outcome.ok && retry) this.deps.events.emit('outbox.work');
      return outcome;
    }
    // central-refund: central refunded a ticket this cinema printed; the printed ticket is void.
    return db.transaction(() => {
      tickets.acceptCentralRefund(key, now, resolution('refunded'));
      return resolved('refunded');
    })();
  }
}
