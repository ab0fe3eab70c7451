import { fail, ok, type Result } from '../../../shared/errors';
import type { UiOutput } from '../../../shared/contract/ui';
import { bookingNumberOf, isPrintNo, padPrintNo } from '../../../shared/domain/print-no';
import type { AuditLog } from '../audit/audit-log';
import { toIsoWithOffset } from '../central/vista-date';
import type { AbuseLimits } from '../print-service/abuse-limits';
import type { Db } from '../storage/database';

/**
 * Pickup numbers locked against the kiosks after too many wrong verify codes. The box office lists
 * them; a supervisor who has seen the customer (and the booking) lifts a lock, audited on the
 * booking so its history shows who let the kiosks try again.
 */
export class KioskLockoutsService {
  constructor(
    private readonly deps: {
      db: Db;
      limits: Pick<AbuseLimits, 'verifyLocks' | 'liftVerify'>;
      audit: AuditLog;
      cinemaOffsetMinutes: number;
    },
  ) {}

  list(): UiOutput<'office.lockouts.list'>['lockouts'] {
    // Only well-formed print numbers reach the limits; the filter keeps a damaged row from breaking the list.
    return this.deps.limits
      .verifyLocks()
      .filter((lock) => isPrintNo(lock.printNo))
      .map((lock) => ({
        printNo: lock.printNo,
        bookingNumber: bookingNumberOf(lock.printNo),
        terminalId: lock.terminalId,
        until: toIsoWithOffset({ epochMs: lock.lockedUntil, offsetMinutes: this.deps.cinemaOffsetMinutes }),
      }));
  }

  /** The lift and its audit record commit together. */
  lift(printNoInput: string, supervisor: string, terminalId: string): Result<{ printNo: string; lifted: number }> {
    const printNo = padPrintNo(printNoInput);
    if (!printNo) return fail('VALIDATION', 'not a pickup number', { field: 'printNo' });
    const lifted = this.deps.db.transaction(() => {
      // Which terminals were locked out (null: every terminal), for the record of who let which one try again.
      const terminals = this.deps.limits
        .verifyLocks()
        .filter((lock) => lock.printNo === printNo)
        .map((lock) => lock.terminalId ?? 'all');
      const count = this.deps.limits.liftVerify(printNo);
      if (count > 0) {
        this.deps.audit.append({
          actor: `staff:${supervisor}`,
          terminalId,
          action: 'office.pickup-lock-lifted',
          subject: `booking:${bookingNumberOf(printNo)}`,
          details: { printNo, locks: count, terminals },
        });
      }
      return count;
    })();
    if (lifted === 0) return fail('NOT_FOUND', 'no kiosk lock on this pickup number', { field: 'printNo' });
    return ok({ printNo, lifted });
  }
}
