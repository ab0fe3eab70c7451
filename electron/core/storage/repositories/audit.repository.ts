import type { Db } from '../database';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  terminal_id: string | null;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The append-only audit table. Hashing lives in core/audit; this class only moves rows. */
export class AuditRepository {
  private readonly lastStmt;
  private readonly insertStmt;
  private readonly allStmt;
  private readonly bySubjectStmt;

  constructor(db: Db) {
    this.lastStmt = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare<Omit<AuditRow, 'seq'>>(
      'INSERT INTO audit_log (at, actor, terminal_id, action, subject, details, prev_hash, hash) VALUES (@at, @actor, @terminal_id, @action, @subject, @details, @prev_hash, @hash)',
    );
    this.allStmt = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq');
    this.bySubjectStmt = db.prepare<{ subject: string }, AuditRow>('SELECT * FROM audit_log WHERE subject = @subject ORDER BY seq');
  }

  last(): AuditRow | undefined {
    return this.lastStmt.get();
  }

  insert(row: Omit<AuditRow, 'seq'>): void {
    this.insertStmt.run(row);
  }

  iterate(): IterableIterator<AuditRow> {
    return this.allStmt.iterate();
  }

  bySubject(subject: string): AuditRow[] {
    return this.bySubjectStmt.all({ subject });
  }
}
