import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../electron/core/storage/database';

describe('migration 0006: the ledger counts settled unknown prints', () => {
  it('keeps every ledger row and its index, and takes the two new kinds', () => {
    const db = new Database(':memory:');
    const all = loadMigrations();
    migrate(
      db,
      all.filter((m) => m.version <= 4),
    );
    const insert = db.prepare(
      "INSERT INTO ticket_ledger (at, kind, booking_number, ticket_code, amount_cents, actor, terminal_id, refund_code) VALUES (1, @kind, 7, '0000000000000001', 4800, 'terminal:K1', 'K1', NULL)",
    );
    insert.run({ kind: 'printed' });
    expect(() => insert.run({ kind: 'print-confirmed' })).toThrow(/CHECK/u);
    migrate(db, all);
    insert.run({ kind: 'print-confirmed' });
    insert.run({ kind: 'print-voided' });
    expect(() => insert.run({ kind: 'anything' })).toThrow(/CHECK/u);
    expect(db.prepare('SELECT kind FROM ticket_ledger ORDER BY id').all()).toEqual([
      { kind: 'printed' },
      { kind: 'print-confirmed' },
      { kind: 'print-voided' },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket_ledger'").all()).toEqual([
      { name: 'ticket_ledger_byAt' },
    ]);
  });
});
