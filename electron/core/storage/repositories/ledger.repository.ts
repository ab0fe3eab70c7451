import type { Db } from '../database';

export type LedgerKind = 'printed' | 'reprinted' | 'refunded-local' | 'refunded-online' | 'print-confirmed' | 'print-voided';

export interface LedgerEntry {
  at: number;
  kind: LedgerKind;
  booking_number: number;
  ticket_code: string;
  amount_cents: number;
  actor: string;
  terminal_id: string;
  refund_code: string | null;
}

export interface LedgerTotalsRow {
  actor: string;
  terminal_id: string;
  kind: LedgerKind;
  tickets: number;
  amount_cents: number;
}

/** One row per ticket and operation, for shift reports. Written in the transaction of the operation. */
export class LedgerRepository {
  private readonly insertStmt;
  private readonly totalsStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare<LedgerEntry>(
      'INSERT INTO ticket_ledger (at, kind, booking_number, ticket_code, amount_cents, actor, terminal_id, refund_code) VALUES (@at, @kind, @booking_number, @ticket_code, @amount_cents, @actor, @terminal_id, @refund_code)',
    );
    this.totalsStmt = db.prepare<{ from: number; to: number; actor: string | null; terminal: string | null }, LedgerTotalsRow>(
      `SELECT actor, terminal_id, kind, COUNT(*) AS tickets, SUM(amount_cents) AS amount_cents FROM ticket_ledger
       WHERE at >= @from AND at < @to AND (@actor IS NULL OR actor = @actor) AND (@terminal IS NULL OR terminal_id = @terminal)
       GROUP BY actor, terminal_id, kind ORDER BY actor, terminal_id, kind`,
    );
  }

  add(entry: LedgerEntry): void {
    this.insertStmt.run(entry);
  }

  /** Counts and amounts per actor, terminal and kind in [from, to). */
  totals(from: number, to: number, filter: { actor?: string; terminalId?: string }): LedgerTotalsRow[] {
    return this.totalsStmt.all({ from, to, actor: filter.actor ?? null, terminal: filter.terminalId ?? null });
  }
}
