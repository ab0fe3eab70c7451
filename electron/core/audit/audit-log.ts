import { createHash, createHmac } from 'node:crypto';
import type { AuditRepository, AuditRow } from '../storage/repositories/audit.repository';

export interface AuditEntry {
  actor: string;
  terminalId?: string | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

export type AuditVerifyResult =
  { ok: true; records: number; keyed: number; unchecked: number } | { ok: false; records: number; firstBroken: number; reason: string };

const GENESIS = '0'.repeat(64);
/**
 * Records hashed under a key carry this prefix (scheme 2: HMAC-SHA256 with a key kept outside the
 * data folder). Scheme 1 (plain SHA-256, no prefix) is what records made before keying carry: they
 * still verify, and the first keyed record after them pins their content.
 */
const KEYED = 'h2:';

function canonicalOf(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  return JSON.stringify([row.prev_hash, row.at, row.actor, row.terminal_id, row.action, row.subject, row.details]);
}

function hashOf(row: Omit<AuditRow, 'seq' | 'hash'>, key: Buffer | undefined): string {
  const canonical = canonicalOf(row);
  return key ? KEYED + createHmac('sha256', key).update(canonical).digest('hex') : createHash('sha256').update(canonical).digest('hex');
}

export type AuditFailureListener = (entry: AuditEntry, error: Error) => void;

/**
 * Tamper-evident audit trail: each record carries the hash of the one before it. With a key, each
 * hash is an HMAC: someone with the store file but not the key cannot edit a record and recompute
 * the chain after it, and cannot drop back to unkeyed hashes either (an unkeyed record after a keyed
 * one, or an unkeyed newest record, is refused when verifying with the key).
 */
export class AuditLog {
  private readonly failureListeners: AuditFailureListener[] = [];

  constructor(
    private readonly repository: AuditRepository,
    private readonly now: () => Date = () => new Date(),
    private readonly key?: Buffer,
  ) {}

  /** Appends one record. Call inside the transaction of the change it records. */
  append(entry: AuditEntry): void {
    const last = this.repository.last();
    // An unkeyed record after keyed ones would break the chain for good: refuse instead.
    if (!this.key && last?.hash.startsWith(KEYED))
      throw new Error('the audit chain of this store is keyed: run with its key file (--audit-key-file or KIOSK_AUDIT_KEY_FILE)');
    const row = {
      at: this.now().toISOString(),
      actor: entry.actor,
      terminal_id: entry.terminalId ?? null,
      action: entry.action,
      subject: entry.subject,
      details: JSON.stringify(entry.details ?? {}),
      prev_hash: last?.hash ?? GENESIS,
    };
    this.repository.insert({ ...row, hash: hashOf(row, this.key) });
  }

  /** Whether this log signs with a key and its newest record is signed. */
  headIsKeyed(): boolean {
    return this.repository.last()?.hash.startsWith(KEYED) ?? false;
  }

  /** Called by tryAudit when an append that must not block its action failed. */
  reportFailure(entry: AuditEntry, error: Error): void {
    for (const listener of this.failureListeners) listener(entry, error);
  }

  onFailure(listener: AuditFailureListener): void {
    this.failureListeners.push(listener);
  }

  /**
   * Walks the chain; names the first record whose hash or link does not hold. Without the key,
   * keyed records are checked for their links only (counted as `unchecked`).
   */
  verify(key: Buffer | undefined = this.key): AuditVerifyResult {
    let expectedPrev = GENESIS;
    let records = 0;
    let keyed = 0;
    let unchecked = 0;
    let lastSeq = 0;
    for (const row of this.repository.iterate()) {
      records += 1;
      lastSeq = row.seq;
      if (row.prev_hash !== expectedPrev)
        return { ok: false, records, firstBroken: row.seq, reason: 'link to the previous record is broken' };
      const { seq: _seq, hash, ...rest } = row;
      if (hash.startsWith(KEYED)) {
        keyed += 1;
        if (!key) unchecked += 1;
        else if (hashOf(rest, key) !== hash)
          return {
            ok: false,
            records,
            firstBroken: row.seq,
            reason: 'record content does not match its keyed hash (edited, or another key)',
          };
      } else {
        if (keyed > 0)
          return {
            ok: false,
            records,
            firstBroken: row.seq,
            reason: 'unkeyed record after keyed ones: the chain was rewritten without the key',
          };
        if (hashOf(rest, undefined) !== hash)
          return { ok: false, records, firstBroken: row.seq, reason: 'record content does not match its hash' };
      }
      expectedPrev = hash;
    }
    // A host with the key seals the chain with a keyed record at start: an unkeyed head means rewritten.
    if (key && records > 0 && keyed === 0)
      return {
        ok: false,
        records,
        firstBroken: lastSeq,
        reason: 'no keyed record: the chain was rewritten without the key, or no host ever ran with this key',
      };
    return { ok: true, records, keyed, unchecked };
  }
}
