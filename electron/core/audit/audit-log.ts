import { createHash } from 'node:crypto';
import type { AuditRepository, AuditRow } from '../storage/repositories/audit.repository';

export interface AuditEntry {
  actor: string;
  terminalId?: string | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

function hashOf(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const canonical = JSON.stringify([row.prev_hash, row.at, row.actor, row.terminal_id, row.action, row.subject, row.details]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Tamper-evident audit trail: each record carries the hash of the one before it. */
export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one record. Call inside the transaction of the change it records. */
  append(entry: AuditEntry): void {
    const row = {
      at: this.now().toISOString(),
      actor: entry.actor,
      terminal_id: entry.terminalId ?? null,
      action: entry.action,
      subject: entry.subject,
      details: JSON.stringify(entry.details ?? {}),
      prev_hash: this.repository.last()?.hash ?? GENESIS,
    };
    this.repository.insert({ ...row, hash: hashOf(row) });
  }

  /** Walks the chain; names the first record whose hash or link does not hold. */
  verify(): { ok: true; records: number } | { ok: false; records: number; firstBroken: number; reason: string } {
    let expectedPrev = GENESIS;
    let records = 0;
    for (const row of this.repository.iterate()) {
      records += 1;
      if (row.prev_hash !== expectedPrev) return { ok: false, records, firstBroken: row.seq, reason: 'link to the previous record is broken' };
      const { seq: _seq, hash, ...rest } = row;
      if (hashOf(rest) !== hash) return { ok: false, records, firstBroken: row.seq, reason: 'record content does not match its hash' };
      expectedPrev = hash;
    }
    return { ok: true, records };
  }
}
