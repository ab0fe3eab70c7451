import type { AuditEntry, AuditLog } from './audit-log';

/**
 * Appends an audit record where the action must not fail because of it (a staff sign-in: staff must
 * still get in to deal with a failing store). A failed append is reported to the log's failure
 * listeners (logged, shown on /healthz) instead of thrown. Changes of state never use this: their
 * record commits with them or not at all.
 */
export function tryAudit(audit: AuditLog, entry: AuditEntry): boolean {
  try {
    audit.append(entry);
    return true;
  } catch (error) {
    audit.reportFailure(entry, error as Error);
    return false;
  }
}
