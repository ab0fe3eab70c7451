import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../observability/logger';
import type { DomainEvents } from '../observability/domain-events';
import { CentralError } from '../central/central-api';
import type { LocalBookings } from '../bookings/local-bookings';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { OutboxRepository } from '../storage/repositories/outbox.repository';
import { ticketCodesOf, type RefundsRepository } from '../storage/repositories/refunds.repository';
import type { Db } from '../storage/database';

export type MismatchKind =
  | 'collected-here-not-centrally'
  | 'refunded-here-not-centrally'
  | 'refunded-centrally-but-printed'
  | 'unknown-print'
  | 'dead-letter'
  | 'central-unreachable';

export interface Mismatch {
  kind: MismatchKind;
  bookingNumber: number;
  ticketCode?: string;
  suggestedAction: string;
  /** Repaired automatically (only where that is safe). */
  repaired: boolean;
}

export interface ReconcileReport {
  at: string;
  bookingsChecked: number;
  mismatches: Mismatch[];
}

const ACTIONS: Record<MismatchKind, string> = {
  'collected-here-not-centrally': 'Repaired: the collected mark is sent again (safe: marking collected is idempotent).',
  'refunded-here-not-centrally':
    'Repaired: the local refund is sent again (central shows the ticket not refunded, and nothing is on its way).',
  'refunded-centrally-but-printed':
    'Box office: the booking was refunded online after this ticket was printed. Take the printed ticket back or settle with the customer; the ticket is not valid.',
  'unknown-print': 'Box office: ask the customer or check the printer; reprint with a supervisor, or confirm it printed.',
  'dead-letter': 'Technician: the central system refused this status change; see its error, fix the cause, then retry it.',
  'central-unreachable': 'Check the central connection (technician console); the booking is checked again next run.',
};

/**
 * Compares what this cinema did with what the central system says, over the bookings touched in the
 * last days: finds what was lost or contradicted, repairs what is safe (a lost collected mark), and
 * lists the rest for staff with a suggested action. Every repair and every run is audited.
 */
export class Reconciler {
  private last: ReconcileReport | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      local: LocalBookings;
      bookings: BookingsRepository;
      outbox: OutboxRepository;
      refunds: RefundsRepository;
      audit: AuditLog;
      logger: Logger;
      now: () => number;
      events: DomainEvents;
    },
    private readonly settings: { days: number; everyMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(
      () => void this.run().catch((error: unknown) => this.deps.logger.error({ err: (error as Error).message }, 'reconciliation failed')),
      this.settings.everyMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  lastReport(): ReconcileReport | undefined {
    return this.last;
  }

  async run(): Promise<ReconcileReport> {
    const { bookings, outbox, local, audit, db } = this.deps;
    const since = this.deps.now() - this.settings.days * 86_400_000;
    const mismatches: Mismatch[] = [];
    const numbers = bookings.touchedSince(since);
    for (const bookingNumber of numbers) {
      let view;
      try {
        view = await local.refreshFromCentral(bookingNumber);
      } catch (error) {
        if (!(error instanceof CentralError)) throw error;
        mismatches.push(this.mismatch('central-unreachable', bookingNumber, undefined, false));
        continue;
      }
      if (!view) continue;
      const pending = new Set(
        outbox
          .forBooking(bookingNumber)
          .filter((e) => e.state !== 'done')
          .flatMap((e) => (JSON.parse(e.payload) as { ticketCodes?: string[] }).ticketCodes ?? []),
      );
      const lost: { ticket_code: string; sequence: number }[] = [];
      const lostRefunds: { code: string; sequence: number; cents: number; fee: boolean }[] = [];
      // The booking fee went back or not as the original refund decided.
      const feeRefunded = new Map(
        this.deps.refunds
          .forBooking(bookingNumber)
          .flatMap((r) => ticketCodesOf(r).map((code) => [code, r.booking_fee_refunded === 1] as const)),
      );
      for (const t of view.tickets) {
        const remote = view.central.tickets.find((c) => c.ticketCode === t.ticket_code);
        if (!remote) continue;
        if (t.state === 'printed' && remote.refunded === 'yes')
          mismatches.push(this.mismatch('refunded-centrally-but-printed', bookingNumber, t.ticket_code, false));
        else if (t.state === 'printed' && remote.collected !== 'yes' && !pending.has(t.ticket_code)) lost.push(t);
        else if (t.state === 'refunded' && remote.refunded !== 'yes' && remote.collected === 'yes' && !pending.has(t.ticket_code)) {
          const fee = feeRefunded.get(t.ticket_code) ?? true;
          lostRefunds.push({ code: t.ticket_code, sequence: t.sequence, cents: t.price_cents + (fee ? t.service_fee_cents : 0), fee });
        } else if (t.state === 'unknown') mismatches.push(this.mismatch('unknown-print', bookingNumber, t.ticket_code, false));
      }
      // One event per fee decision: RefundBooking carries one RefundBookingFee flag.
      for (const fee of [true, false]) {
        const group = lostRefunds.filter((l) => l.fee === fee);
        if (group.length === 0) continue;
        const codes = group.map((l) => l.code);
        db.transaction(() => {
          outbox.add(
            {
              kind: 'refund-local',
              bookingNumber,
              payload: {
                bookingNumber,
                ticketSequenceNumbers: group.map((l) => l.sequence),
                ticketCodes: codes,
                amountCents: group.reduce((n, l) => n + l.cents, 0),
                refundBookingFee: fee,
                reason: 'refunded at the cinema (re-sent by reconciliation)',
              },
              idempotencyKey: `reconcile:refund:${bookingNumber}:${codes.join(',')}:${this.deps.now()}`,
            },
            this.deps.now(),
          );
          audit.append({
            actor: 'reconciler',
            action: 'sync.refund-resent',
            subject: `booking:${bookingNumber}`,
            details: { tickets: codes },
          });
        })();
        for (const code of codes) mismatches.push(this.mismatch('refunded-here-not-centrally', bookingNumber, code, true));
      }
      if (lost.length > 0) {
        db.transaction(() => {
          outbox.addMarkCollected(
            bookingNumber,
            lost,
            `reconcile:collected:${bookingNumber}:${lost.map((l) => l.ticket_code).join(',')}:${this.deps.now()}`,
            this.deps.now(),
          );
          audit.append({
            actor: 'reconciler',
            action: 'sync.collected-mark-resent',
            subject: `booking:${bookingNumber}`,
            details: { tickets: lost.map((l) => l.ticket_code) },
          });
        })();
        for (const l of lost) mismatches.push(this.mismatch('collected-here-not-centrally', bookingNumber, l.ticket_code, true));
      }
    }
    for (const dead of outbox.deadLetters())
      mismatches.push({
        ...this.mismatch('dead-letter', dead.booking_number, undefined, false),
        suggestedAction: `${ACTIONS['dead-letter']} (${dead.last_error ?? 'no error kept'})`,
      });
    if (mismatches.some((m) => m.repaired)) this.deps.events.emit('outbox.work');
    this.last = { at: new Date(this.deps.now()).toISOString(), bookingsChecked: numbers.length, mismatches };
    audit.append({
      actor: 'reconciler',
      action: 'sync.reconciled',
      subject: 'sync',
      details: { bookings: numbers.length, mismatches: mismatches.length, repaired: mismatches.filter((m) => m.repaired).length },
    });
    return this.last;
  }

  private mismatch(kind: MismatchKind, bookingNumber: number, ticketCode: string | undefined, repaired: boolean): Mismatch {
    return { kind, bookingNumber, ...(ticketCode ? { ticketCode } : {}), suggestedAction: ACTIONS[kind], repaired };
  }
}
