import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../observability/logger';
import { markInterruptedReprintsUnknown } from '../office/reprint.service';
import type { TicketStateMachine } from '../bookings/ticket-state-machine';
import type { PrintService } from '../print-service/print-service';
import type { Db } from '../storage/database';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { PrintJobsRepository } from '../storage/repositories/print-jobs.repository';

export interface StartupRecoveryDeps {
  db: Db;
  audit: AuditLog;
  logger: Logger;
  now: () => number;
  /** This terminal's print jobs (every host collects). */
  jobs: PrintJobsRepository;
  /** The local print service, built and not yet listening; absent on a kiosk that uses a remote one. */
  printService?: { service: Pick<PrintService, 'expireClaims'>; bookings: BookingsRepository; tickets: TicketStateMachine };
  /** The sale, where this host sells: annuls every open order of this terminal (CancelOrder through the outbox). */
  sale?: { cancelOpenAtStart(): number; resumeInFlight(): number; listUnprintedAtStart(): number };
}

export interface StartupRecoveryReport {
  abandonedClaims: number;
  interruptedReprints: number;
  strandedJobs: number;
  /** Open sale orders a stop left behind, now cancelling. */
  annulledOrders: number;
  /** Paying or paid orders a stop left behind, each going on from its row (payment settled or reversed, completed or refunded). */
  resumedOrders: number;
  /** Booked sales whose tickets never printed before the stop: on the box office's list. */
  unprintedSales: number;
}

/**
 * What a crash or a stop left half-done, settled once at start before anything serves: every ticket
 * whose print outcome cannot be known turns `unknown` (listed for the box office, never printable again
 * by itself), each with its audit record.
 */
export function recoverAtStart(deps: StartupRecoveryDeps): StartupRecoveryReport {
  const { db, audit, logger, now } = deps;
  let abandonedClaims = 0;
  let interruptedReprints = 0;
  if (deps.printService) {
    // Claims left by a crash or a stop turn their tickets unknown: never printable again by themselves.
    abandonedClaims = deps.printService.service.expireClaims(now(), true);
    if (abandonedClaims > 0)
      logger.warn({ claims: abandonedClaims }, 'open claims found at start: their tickets are unknown now and need the box office');
    interruptedReprints = markInterruptedReprintsUnknown({
      db,
      bookings: deps.printService.bookings,
      tickets: deps.printService.tickets,
      now,
    });
    if (interruptedReprints > 0)
      logger.warn(
        { tickets: interruptedReprints },
        'reprints interrupted by a stop: those tickets are unknown now and need the box office',
      );
  }
  const strandedJobs = recoverStrandedJobs(deps.jobs, audit, logger, now);
  // A held seat of a dead kiosk is a seat nobody can buy: its order is annulled before anything serves.
  const annulledOrders = deps.sale?.cancelOpenAtStart() ?? 0;
  // Before resuming: an order completed now, by the resumed orders, prints as usual and is not among these.
  const unprintedSales = deps.sale?.listUnprintedAtStart() ?? 0;
  // A charge whose order did not complete is completed or refunded, never left: each goes on in the background.
  const resumedOrders = deps.sale?.resumeInFlight() ?? 0;
  return { abandonedClaims, interruptedReprints, strandedJobs, annulledOrders, resumedOrders, unprintedSales };
}

/** Tickets this terminal was printing when it crashed: their outcome is unknown; they are listed, never reprinted by themselves. */
function recoverStrandedJobs(jobs: PrintJobsRepository, audit: AuditLog, logger: Logger, now: () => number): number {
  const stranded = jobs.stranded();
  for (const job of stranded) {
    jobs.finish(job.id, 'unknown', now());
    audit.append({
      actor: 'kiosk',
      action: 'print.unknown-after-crash',
      subject: `booking:${Number(job.print_no)}`,
      details: { ticketCode: job.ticket_code },
    });
    logger.warn(
      { printNo: job.print_no, ticketCode: job.ticket_code },
      'a ticket was printing when this kiosk stopped: its outcome is unknown',
    );
  }
  return stranded.length;
}
