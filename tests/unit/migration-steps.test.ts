import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadMigrations, migrate, MigrationNumberingError, type Db } from '../../electron/core/storage/database';
import { tempDir } from '../support/host-process';

// Each migration is run against a store left at the version before it, holding rows written the way
// the app of that version wrote them: every row must come through unchanged and the new schema must work.

const all = loadMigrations();
const latest = all.at(-1)!.version;

/** A store file at `version`, opened with the pragmas of openDatabase (foreign keys on, WAL). */
function storeAt(version: number): Db {
  const db = new Database(join(tempDir('mig-step'), 'kiosk.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    all.filter((m) => m.version <= version),
  );
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  for (const seed of seeds.filter((s) => s.since <= version)) seed.write(db);
  return db;
}

function migrateTo(db: Db, version: number): void {
  migrate(
    db,
    all.filter((m) => m.version <= version),
  );
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
}

const userTables = (db: Db): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);
const indexesOf = (db: Db, table: string): string[] =>
  (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all(table) as { name: string }[]
  ).map((r) => r.name);

/** Every row of every table, in rowid or key order, to compare before and after a migration. */
function snapshot(db: Db): Record<string, unknown[]> {
  const rows: Record<string, unknown[]> = {};
  for (const table of userTables(db)) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[])
      .filter((c) => c.pk > 0)
      .map((c) => c.name);
    rows[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${columns.length > 0 ? columns.join(', ') : 'rowid'}`).all();
  }
  return rows;
}

/** The rows of `before` are all still there, unchanged (a migration may add columns with defaults). */
function expectRowsKept(before: Record<string, unknown[]>, after: Record<string, unknown[]>): void {
  for (const [table, rows] of Object.entries(before)) {
    expect(after[table], table).toHaveLength(rows.length);
    rows.forEach((row, i) => expect(after[table]![i], `${table} row ${i}`).toMatchObject(row as object));
  }
}

const OLD_TICKET_STATES = ['unprinted', 'claimed', 'printing', 'printed', 'unknown', 'refunded'] as const;
const NOW = 1_795_000_000_000;

/** Rows as the app at `since` wrote them, in the tables it had then. */
const seeds: { since: number; write: (db: Db) => void }[] = [
  {
    since: 1,
    write: (db) => {
      const booking = db.prepare(
        "INSERT INTO bookings VALUES (?, 'a3f1c2e4b5d6978812345678abcdef01', 'C1', '11050101', 'Cinema One', ?, 'Hall 3', '2026-11-29T19:30:00+08:00', ?, ?, ?)",
      );
      const ticket = db.prepare('INSERT INTO tickets VALUES (?, ?, ?, ?, 4500, 300, ?, ?, ?, ?, ?, ?)');
      const claim = db.prepare("INSERT INTO claims VALUES (?, ?, 'K1', 'b5e1d0c9aa', ?, ?, ?, ?)");
      for (let b = 0; b < 4; b++) {
        const bookingNumber = 880_000 + b;
        booking.run(bookingNumber, `Film ${b} — 电影`, NOW + b * 3_600_000, b === 3 ? 1 : 0, NOW - 1000);
        claim.run(`claim-${b}`, bookingNumber, NOW - 500, NOW + 60_000, b < 2 ? NOW : null, b < 2 ? 'confirmed' : null);
        OLD_TICKET_STATES.forEach((state, s) => {
          const printed = state === 'printed' || state === 'refunded';
          ticket.run(
            `${bookingNumber}${String(s).padStart(10, '0')}`,
            bookingNumber,
            s + 1,
            `Row ${b + 1} Seat ${s + 1}`,
            s % 2 === 0 ? `1105010120261129${bookingNumber}${s}` : '',
            state,
            state === 'claimed' || state === 'printing' ? `claim-${b}` : null,
            state === 'printed' ? b : 0,
            printed ? '2026-11-29T18:00:00+08:00' : null,
            NOW + s,
          );
        });
      }
      db.prepare("INSERT INTO terminals VALUES ('K1', 'kiosk-1', 'scrypt$16384$8$1$c2FsdA$aGFzaA', 0, ?, ?)").run(NOW - 86_400_000, NOW);
      db.prepare("INSERT INTO terminals VALUES ('K2', 'kiosk-2', 'scrypt$16384$8$1$c2FsdA$aGFzaA', 1, ?, NULL)").run(NOW - 86_400_000);
      db.prepare("INSERT INTO terminal_tokens VALUES ('9f86d081884c7d659a2feaa0c55ad015', 'K1', ?)").run(NOW + 3_600_000);
      const outbox = db.prepare(
        "INSERT INTO outbox (kind, booking_number, payload, idempotency_key, state, attempts, next_attempt_at, last_error, last_failure, created_at, done_at) VALUES ('mark-collected', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      outbox.run(880_000, '{"tickets":["a"]}', 'idem-0', 'done', 1, NOW, null, null, NOW - 900, NOW - 800);
      outbox.run(880_001, '{"tickets":["b"]}', 'idem-1', 'pending', 3, NOW + 5000, 'timeout', 'unknown-outcome', NOW - 700, null);
      outbox.run(880_002, '{"tickets":["c"]}', 'idem-2', 'dead', 20, NOW, '400 Bad Request', 'refused', NOW - 600, null);
      const job = db.prepare('INSERT INTO print_jobs (print_no, ticket_code, state, started_at, finished_at) VALUES (?, ?, ?, ?, ?)');
      job.run('PN1', '8800000000000003', 'printed', NOW - 400, NOW - 390);
      job.run('PN2', '8800010000000002', 'printing', NOW - 300, null);
      job.run('PN3', '8800010000000004', 'unknown', NOW - 200, NOW - 100);
      const audit = db.prepare('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (let seq = 1; seq <= 5; seq++) {
        audit.run(
          seq,
          `2026-11-29T18:00:0${seq}.000Z`,
          'terminal:K1',
          'K1',
          'tickets.printed',
          `booking:${880_000 + (seq % 2)}`,
          JSON.stringify({ seq }),
          `prev${seq}`,
          `hash${seq}`,
        );
      }
    },
  },
  {
    since: 2,
    write: (db) => {
      const counter = db.prepare('INSERT INTO abuse_counters (scope, subject, window_start, count, locked_until) VALUES (?, ?, ?, ?, ?)');
      counter.run('login', 'kiosk-1|127.0.0.1', NOW - 10_000, 3, null);
      counter.run('verify', 'PN9|K1', NOW - 20_000, 5, NOW + 900_000);
      counter.run('query', 'K1', NOW - 1000, 40, null);
    },
  },
  {
    since: 3,
    write: (db) => {
      const staff = db.prepare(
        'INSERT INTO staff (staff_id, username, role, password_hash, disabled, failed_logins, locked_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      staff.run(1, 'tech', 'technician', 'scrypt$x', 0, 0, null, NOW - 90_000);
      staff.run(2, 'anna', 'clerk', 'scrypt$y', 0, 2, null, NOW - 80_000);
      staff.run(3, 'boss', 'supervisor', 'scrypt$z', 1, 5, NOW + 600_000, NOW - 70_000);
    },
  },
  {
    since: 4,
    write: (db) => {
      db.prepare("UPDATE tickets SET state = 'refunding' WHERE ticket_code = '8800020000000000'").run();
      const refund = db.prepare(
        'INSERT INTO refunds (refund_id, refund_code, kind, booking_number, ticket_codes, ticket_cents, booking_fee_cents, booking_fee_refunded, reason, clerk, supervisor, terminal_id, state, attempts, next_attempt_at, last_error, created_at, settled_at) VALUES (?, ?, ?, ?, ?, 4500, 300, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      refund.run(
        1,
        'R-0001',
        'local',
        880_000,
        '["8800000000000005"]',
        0,
        'customer',
        'anna',
        null,
        'BOX1',
        'refunded',
        0,
        null,
        null,
        NOW - 50,
        NOW - 40,
      );
      refund.run(
        2,
        'R-0002',
        'online',
        880_002,
        '["8800020000000000"]',
        1,
        'film cancelled',
        'anna',
        'boss',
        'BOX1',
        'pending',
        2,
        NOW + 30_000,
        'timeout',
        NOW - 30,
        null,
      );
      const ledger = db.prepare(
        'INSERT INTO ticket_ledger (id, at, kind, booking_number, ticket_code, amount_cents, actor, terminal_id, refund_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      ledger.run(1, NOW - 400, 'printed', 880_000, '8800000000000003', 4800, 'terminal:K1', 'K1', null);
      ledger.run(2, NOW - 300, 'reprinted', 880_000, '8800000000000003', 0, 'anna', 'BOX1', null);
      ledger.run(3, NOW - 50, 'refunded-local', 880_000, '8800000000000005', -4500, 'anna', 'BOX1', 'R-0001');
      ledger.run(4, NOW - 10, 'refunded-online', 880_002, '8800020000000000', -4800, 'anna', 'BOX1', 'R-0002');
    },
  },
  {
    since: 5,
    write: (db) => {
      db.prepare("UPDATE abuse_counters SET lockouts = 2 WHERE scope = 'verify'").run();
    },
  },
  {
    since: 6,
    write: (db) => {
      const ledger = db.prepare(
        "INSERT INTO ticket_ledger (at, kind, booking_number, ticket_code, amount_cents, actor, terminal_id, refund_code) VALUES (?, ?, 880001, '8800010000000004', 4800, 'boss', 'BOX1', NULL)",
      );
      ledger.run(NOW - 5, 'print-confirmed');
      ledger.run(NOW - 4, 'print-voided');
    },
  },
  {
    since: 7,
    write: (db) => {
      db.prepare('INSERT INTO health_probe VALUES (1, ?)').run(NOW);
    },
  },
  {
    since: 8,
    write: (db) => {
      db.prepare("INSERT INTO booking_payments VALUES (111972, '123456789012', 'CreditCard', 10000, 'CreditCard', ?)").run(NOW);
    },
  },
  {
    since: 9,
    write: (db) => {
      db.prepare("INSERT INTO catalogue_cache VALUES ('now-showing', '0200', '[]', ?, ?, NULL)").run(NOW, NOW);
      db.prepare(
        `INSERT INTO sale_orders (order_id, terminal_id, channel, actor, state, session_id, film_title, starts_at, starts_epoch_ms,
           screen_name, seats, tickets, created_at, updated_at)
         VALUES ('00000000000000000000000000000001', 'K1', 'kiosk', 'kiosk', 'held', '29617', 'Film', '2026-12-08T06:00:00+08:00', ?,
           '1号厅', '[]', '[]', ?, ?)`,
      ).run(NOW, NOW, NOW);
      db.prepare(
        "INSERT INTO sale_outbox (kind, order_id, idempotency_key, state, next_attempt_at, created_at) VALUES ('cancel-order', '00000000000000000000000000000001', 'cancel-order:1', 'pending', ?, ?)",
      ).run(NOW, NOW);
    },
  },
  {
    since: 10,
    write: (db) => {
      db.prepare('INSERT INTO incomplete_tickets VALUES (880001, \'["screenName"]\', ?, ?, 2, NULL, NULL)').run(NOW - 9, NOW - 8);
    },
  },
  {
    since: 11,
    write: (db) => {
      db.prepare(
        `INSERT INTO sale_orders (order_id, terminal_id, channel, actor, state, session_id, film_title, starts_at, starts_epoch_ms,
           screen_name, seats, tickets, total_cents, created_at, updated_at, out_trade_no, tender, trade_no, paid_cents)
         VALUES ('00000000000000000000000000000002', 'K1', 'kiosk', 'kiosk', 'paid', '29617', 'Film', '2026-12-08T06:00:00+08:00', ?,
           '1号厅', '[]', '[]', 20000, ?, ?, 'S00000000000000000000000000000002', 'alipay', '2026120822001400000000000001', 20000)`,
      ).run(NOW, NOW, NOW);
    },
  },
  {
    since: 12,
    write: (db) => {
      db.prepare(
        "INSERT INTO mail_outbox (order_id, address, idempotency_key, message_id, receipt, state, attempts, next_attempt_at, created_at) VALUES ('o-1', 'a@example.com', 'receipt:o-1:a@example.com', '<receipt.1@cinema.example>', '{}', 'pending', 2, ?, ?)",
      ).run(NOW + 5_000, NOW - 10);
    },
  },
  {
    since: 13,
    write: (db) => {
      db.prepare(
        `INSERT INTO sale_orders (order_id, terminal_id, channel, actor, state, session_id, film_title, starts_at, starts_epoch_ms,
           screen_name, seats, tickets, total_cents, created_at, updated_at, tender, paid_cents, tendered_cents)
         VALUES ('00000000000000000000000000000003', 'K1', 'staff', 'staff:clerk', 'paid', '29617', 'Film', '2026-12-08T06:00:00+08:00', ?,
           '1号厅', '[]', '[]', 20000, ?, ?, 'cash', 20000, 25000)`,
      ).run(NOW, NOW, NOW);
    },
  },
  {
    since: 14,
    write: (db) => {
      db.prepare(
        `INSERT INTO sale_orders (order_id, terminal_id, channel, actor, state, session_id, film_title, starts_at, starts_epoch_ms,
           screen_name, seats, tickets, total_cents, held_until, created_at, updated_at, out_trade_no, tender, pay_method, qr_code)
         VALUES ('00000000000000000000000000000004', 'K1', 'kiosk', 'kiosk', 'paying', '29617', 'Film', '2026-12-08T06:00:00+08:00', ?,
           '1号厅', '[]', '[]', 20000, ?, ?, ?, 'S00000000000000000000000000000004', 'alipay', 'qr', 'https://qr.alipay.com/bax00004')`,
      ).run(NOW, NOW + 60_000, NOW, NOW);
    },
  },
];

describe('each migration, from a store at the version before it with real rows', () => {
  it('0001 creates the print service tables on an empty store', () => {
    const db = new Database(join(tempDir('mig-step'), 'kiosk.sqlite'));
    db.pragma('foreign_keys = ON');
    migrateTo(db, 1);
    expect(userTables(db)).toEqual(
      ['audit_log', 'bookings', 'claims', 'outbox', 'print_jobs', 'terminal_tokens', 'terminals', 'tickets'].sort(),
    );
    seeds[0]!.write(db);
    expect(db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 24 });
    expect(() => db.prepare("UPDATE tickets SET state = 'refunding' WHERE ticket_code = '8800000000000000'").run()).toThrow(/CHECK/u);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/u);
    expect(() => db.prepare("INSERT INTO tickets VALUES ('orphan', 1, 1, 'A1', 1, 0, '', 'unprinted', NULL, 0, NULL, 0)").run()).toThrow(
      /FOREIGN KEY/u,
    );
    db.close();
  });

  it('0002 adds the abuse counters and keeps every 0001 row', () => {
    const db = storeAt(1);
    const before = snapshot(db);
    migrateTo(db, 2);
    expectRowsKept(before, snapshot(db));
    db.prepare("INSERT INTO abuse_counters (scope, subject, window_start, count) VALUES ('login', 'kiosk-2|10.0.0.9', 1, 1)").run();
    expect(() => db.prepare("INSERT INTO abuse_counters (scope, subject, window_start, count) VALUES ('other', 's', 1, 1)").run()).toThrow(
      /CHECK/u,
    );
    expect(() =>
      db.prepare("INSERT INTO abuse_counters (scope, subject, window_start, count) VALUES ('login', 'kiosk-2|10.0.0.9', 2, 1)").run(),
    ).toThrow(/UNIQUE|PRIMARY/u);
    expect(indexesOf(db, 'abuse_counters')).toEqual(['abuse_counters_byLockedUntil']);
    db.close();
  });

  it('0003 adds the staff and keeps every earlier row', () => {
    const db = storeAt(2);
    const before = snapshot(db);
    migrateTo(db, 3);
    expectRowsKept(before, snapshot(db));
    db.prepare("INSERT INTO staff (username, role, password_hash, created_at) VALUES ('tech', 'technician', 'h', 1)").run();
    expect(db.prepare("SELECT disabled, failed_logins, locked_until FROM staff WHERE username = 'tech'").get()).toEqual({
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
    });
    expect(() =>
      db.prepare("INSERT INTO staff (username, role, password_hash, created_at) VALUES ('tech', 'clerk', 'h', 1)").run(),
    ).toThrow(/UNIQUE/u);
    expect(() => db.prepare("INSERT INTO staff (username, role, password_hash, created_at) VALUES ('eve', 'admin', 'h', 1)").run()).toThrow(
      /CHECK/u,
    );
    db.close();
  });

  it('0004 rebuilds the tickets table with every ticket in every state, and adds refunds and the ledger', () => {
    const db = storeAt(3);
    const before = snapshot(db);
    const ticketsBefore = db.prepare('SELECT * FROM tickets ORDER BY ticket_code').all();
    expect(new Set((ticketsBefore as { state: string }[]).map((t) => t.state))).toEqual(new Set(OLD_TICKET_STATES));
    migrateTo(db, 4);
    expectRowsKept(before, snapshot(db));
    expect(db.prepare('SELECT * FROM tickets ORDER BY ticket_code').all()).toEqual(ticketsBefore);
    expect(userTables(db)).not.toContain('tickets_next');
    expect(indexesOf(db, 'tickets')).toEqual(
      [
        'tickets_byBookingNumber',
        'tickets_byClaimId',
        'tickets_byTicketInfoCode',
        'tickets_byUpdatedAtPrinting',
        'tickets_byUpdatedAtRefunding',
        'tickets_byUpdatedAtUnknown',
      ].sort(),
    );
    // The rebuilt table keeps its foreign key and its CHECK, widened by one state.
    db.prepare("UPDATE tickets SET state = 'refunding' WHERE ticket_code = '8800000000000000'").run();
    expect(() => db.prepare("UPDATE tickets SET state = 'lost' WHERE ticket_code = '8800000000000000'").run()).toThrow(/CHECK/u);
    expect(() => db.prepare("INSERT INTO tickets VALUES ('orphan', 1, 1, 'A1', 1, 0, '', 'unprinted', NULL, 0, NULL, 0)").run()).toThrow(
      /FOREIGN KEY/u,
    );
    expect(() =>
      db.prepare("INSERT INTO tickets VALUES ('8800000000000001', 880000, 1, 'A1', 1, 0, '', 'unprinted', NULL, 0, NULL, 0)").run(),
    ).toThrow(/UNIQUE|PRIMARY/u);
    // The new indexes answer the box office's look-ups from the rows that were already there.
    expect(db.prepare("SELECT ticket_code FROM tickets WHERE ticket_info_code = '11050101202611298800020'").all()).toEqual([
      { ticket_code: '8800020000000000' },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM tickets WHERE state = 'unknown'").get()).toEqual({ n: 4 });
    expect(db.prepare("EXPLAIN QUERY PLAN SELECT ticket_code FROM tickets WHERE state = 'unknown' ORDER BY updated_at").all()).toEqual(
      expect.arrayContaining([expect.objectContaining({ detail: expect.stringContaining('tickets_byUpdatedAtUnknown') })]),
    );
    expect(
      db.prepare("SELECT booking_number FROM bookings WHERE verify_md5 = 'a3f1c2e4b5d6978812345678abcdef01' ORDER BY 1").all(),
    ).toHaveLength(4);
    seeds.find((s) => s.since === 4)!.write(db);
    expect(db.prepare('SELECT refund_code, state FROM refunds ORDER BY refund_id').all()).toEqual([
      { refund_code: 'R-0001', state: 'refunded' },
      { refund_code: 'R-0002', state: 'pending' },
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO refunds (refund_code, kind, booking_number, ticket_codes, ticket_cents, booking_fee_cents, booking_fee_refunded, reason, clerk, terminal_id, state, created_at) VALUES ('R-9', 'local', 1, '[]', 0, 0, 0, 'x', 'anna', 'BOX1', 'refunded', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/u);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log WHERE subject = ?').get('booking:880001')).toEqual({ n: 3 });
    db.close();
  });

  it('0005 gives every existing abuse counter zero lockouts and keeps its lock', () => {
    const db = storeAt(4);
    const before = snapshot(db);
    migrateTo(db, 5);
    expectRowsKept(before, snapshot(db));
    expect(db.prepare('SELECT scope, locked_until, lockouts FROM abuse_counters ORDER BY scope').all()).toEqual([
      { scope: 'login', locked_until: null, lockouts: 0 },
      { scope: 'query', locked_until: null, lockouts: 0 },
      { scope: 'verify', locked_until: NOW + 900_000, lockouts: 0 },
    ]);
    db.prepare("UPDATE abuse_counters SET lockouts = lockouts + 1 WHERE scope = 'verify'").run();
    expect(() => db.prepare("UPDATE abuse_counters SET lockouts = 'many' WHERE scope = 'verify'").run()).toThrow(/cannot store TEXT/u);
    db.close();
  });

  it('0006 rebuilds the ledger with every row of every old kind, and takes the two new kinds', () => {
    const db = storeAt(5);
    const before = snapshot(db);
    const ledgerBefore = db.prepare('SELECT * FROM ticket_ledger ORDER BY id').all();
    expect(ledgerBefore).toHaveLength(4);
    migrateTo(db, 6);
    expectRowsKept(before, snapshot(db));
    expect(db.prepare('SELECT * FROM ticket_ledger ORDER BY id').all()).toEqual(ledgerBefore);
    expect(userTables(db)).not.toContain('ticket_ledger_new');
    expect(indexesOf(db, 'ticket_ledger')).toEqual(['ticket_ledger_byAt']);
    seeds.find((s) => s.since === 6)!.write(db);
    // New rows continue after the old ids: the rebuild kept the INTEGER PRIMARY KEY sequence.
    expect(db.prepare('SELECT id, kind FROM ticket_ledger WHERE id > 4 ORDER BY id').all()).toEqual([
      { id: 5, kind: 'print-confirmed' },
      { id: 6, kind: 'print-voided' },
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO ticket_ledger (at, kind, booking_number, ticket_code, amount_cents, actor, terminal_id) VALUES (1, 'lost', 1, 'x', 0, 'a', 'K1')",
        )
        .run(),
    ).toThrow(/CHECK/u);
    db.close();
  });

  it('0007 adds the one-row health probe and keeps every earlier row', () => {
    const db = storeAt(6);
    const before = snapshot(db);
    migrateTo(db, 7);
    expectRowsKept(before, snapshot(db));
    db.prepare('INSERT INTO health_probe VALUES (1, ?) ON CONFLICT (probe_id) DO UPDATE SET probed_at = excluded.probed_at').run(NOW);
    db.prepare('INSERT INTO health_probe VALUES (1, ?) ON CONFLICT (probe_id) DO UPDATE SET probed_at = excluded.probed_at').run(NOW + 1);
    expect(db.prepare('SELECT * FROM health_probe').all()).toEqual([{ probe_id: 1, probed_at: NOW + 1 }]);
    expect(() => db.prepare('INSERT INTO health_probe VALUES (2, 1)').run()).toThrow(/CHECK/u);
    db.close();
  });

  it("0008 adds the payments of this app's own sales and keeps every earlier row", () => {
    const db = storeAt(7);
    const before = snapshot(db);
    migrateTo(db, 8);
    expectRowsKept(before, snapshot(db));
    db.prepare("INSERT INTO booking_payments VALUES (111972, '123456789012', 'CreditCard', 10000, 'CreditCard', ?)").run(NOW);
    // One payment per booking, never a negative amount.
    expect(() => db.prepare("INSERT INTO booking_payments VALUES (111972, '1', 'CreditCard', 1, 'CreditCard', ?)").run(NOW)).toThrow(
      /UNIQUE|PRIMARY/u,
    );
    expect(() => db.prepare("INSERT INTO booking_payments VALUES (2, '1', 'CreditCard', -1, 'CreditCard', ?)").run(NOW)).toThrow(/CHECK/u);
    db.close();
  });

  it('0009 adds the sale (catalogue cache, orders, their outbox) and keeps every earlier row', () => {
    const db = storeAt(8);
    const before = snapshot(db);
    migrateTo(db, 9);
    expectRowsKept(before, snapshot(db));
    seeds.find((s) => s.since === 9)!.write(db);
    expect(db.prepare('SELECT state FROM sale_orders').all()).toEqual([{ state: 'held' }]);
    expect(() => db.prepare("INSERT INTO catalogue_cache VALUES ('films', 'x', '[]', 1, 1, NULL)").run()).toThrow(/CHECK/u);
    expect(() =>
      db
        .prepare(
          "INSERT INTO sale_outbox (kind, order_id, idempotency_key, state, next_attempt_at, created_at) VALUES ('cancel-order', 'nope', 'k2', 'pending', 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/u);
    db.close();
  });

  it('0010 adds the bookings refused for incomplete ticket data and keeps every earlier row', () => {
    const db = storeAt(9);
    const before = snapshot(db);
    migrateTo(db, 10);
    expectRowsKept(before, snapshot(db));
    db.prepare('INSERT INTO incomplete_tickets VALUES (880000, ?, ?, ?, 1, NULL, NULL)').run('["seatName"]', NOW, NOW);
    expect(() => db.prepare('INSERT INTO incomplete_tickets VALUES (880000, ?, 1, 1, 1, NULL, NULL)').run('[]')).toThrow(/UNIQUE/u);
    db.close();
  });

  it('0011 adds the payment and completion columns of a sale order, its trade number written once, and keeps every earlier row', () => {
    const db = storeAt(10);
    const before = snapshot(db);
    migrateTo(db, 11);
    expectRowsKept(before, snapshot(db));
    // The held order of 0009 comes through without a trade.
    expect(db.prepare("SELECT state, out_trade_no, needs_staff_reason FROM sale_orders WHERE order_id LIKE '%1'").get()).toEqual({
      state: 'held',
      out_trade_no: null,
      needs_staff_reason: null,
    });
    seeds.find((s) => s.since === 11)!.write(db);
    const setTrade = db.prepare("UPDATE sale_orders SET out_trade_no = ? WHERE order_id = '00000000000000000000000000000002'");
    expect(() => setTrade.run('S-another')).toThrow(/written once/u);
    setTrade.run('S00000000000000000000000000000002');
    // Another order cannot take the same trade number.
    expect(() =>
      db.prepare("UPDATE sale_orders SET out_trade_no = 'S00000000000000000000000000000002' WHERE order_id LIKE '%1'").run(),
    ).toThrow(/UNIQUE/u);
    db.prepare("UPDATE sale_orders SET out_trade_no = 'S1' WHERE order_id LIKE '%1'").run();
    const setRefund = db.prepare("UPDATE sale_orders SET refund_request_no = ? WHERE order_id LIKE '%2'");
    setRefund.run('R2');
    expect(() => setRefund.run('R3')).toThrow(/written once/u);
    expect(() => db.prepare("UPDATE sale_orders SET paid_cents = -1 WHERE order_id LIKE '%2'").run()).toThrow(/CHECK/u);
    db.close();
  });

  it('0012 adds the mail outbox (e-mailed receipts) and keeps every earlier row', () => {
    const db = storeAt(11);
    const before = snapshot(db);
    migrateTo(db, 12);
    expectRowsKept(before, snapshot(db));
    seeds.find((s) => s.since === 12)!.write(db);
    expect(indexesOf(db, 'mail_outbox')).toEqual(['mail_outbox_byOrderId', 'mail_outbox_byStateNextAttemptAt']);
    const insert = db.prepare(
      "INSERT INTO mail_outbox (order_id, address, idempotency_key, message_id, receipt, state, next_attempt_at, created_at) VALUES ('o-2', 'b@example.com', ?, ?, '{}', ?, 1, 1)",
    );
    // One message per order and address, one Message-ID per message, and only the three states.
    expect(() => insert.run('receipt:o-1:a@example.com', '<receipt.2@cinema.example>', 'pending')).toThrow(/UNIQUE/u);
    expect(() => insert.run('receipt:o-2:b@example.com', '<receipt.1@cinema.example>', 'pending')).toThrow(/UNIQUE/u);
    expect(() => insert.run('receipt:o-2:b@example.com', '<receipt.2@cinema.example>', 'sending')).toThrow(/CHECK/u);
    db.close();
  });

  it('0013 adds the cash tendered, lets only cash be paid without a trade, and keeps every earlier row', () => {
    const db = storeAt(12);
    const before = snapshot(db);
    migrateTo(db, 13);
    expectRowsKept(before, snapshot(db));
    seeds.find((s) => s.since === 13)!.write(db);
    expect(db.prepare("SELECT tender, paid_cents, tendered_cents FROM sale_orders WHERE order_id LIKE '%3'").get()).toEqual({
      tender: 'cash',
      paid_cents: 20000,
      tendered_cents: 25000,
    });
    expect(() => db.prepare("UPDATE sale_orders SET tendered_cents = -1 WHERE order_id LIKE '%3'").run()).toThrow(/CHECK/u);
    // The held order of 0009 has no trade: paid by Alipay it is refused, paid in cash it is not.
    const pay = db.prepare("UPDATE sale_orders SET state = 'paid', tender = ? WHERE order_id LIKE '%1'");
    expect(() => pay.run('alipay')).toThrow(/trade number unless paid in cash/u);
    pay.run('cash');
    // The money-back of a refund of our own sale: one row per box-office refund, one out_request_no, three states.
    expect(indexesOf(db, 'sale_refunds')).toEqual(['sale_refunds_byOrderId', 'sale_refunds_byStateNextAttemptAt']);
    const refundId = (db.prepare('SELECT refund_id FROM refunds LIMIT 1').get() as { refund_id: number } | undefined)?.refund_id;
    expect(refundId).toBeDefined();
    {
      const money = db.prepare(
        "INSERT INTO sale_refunds (refund_id, order_id, tender, out_request_no, amount_cents, state, next_attempt_at, created_at) VALUES (?, '00000000000000000000000000000002', 'alipay', ?, ?, ?, 1, 1)",
      );
      expect(() => money.run(refundId, 'RB1', 100, 'sending')).toThrow(/CHECK/u);
      expect(() => money.run(refundId, 'RB1', 0, 'pending')).toThrow(/CHECK/u);
      money.run(refundId, 'RB1', 100, 'pending');
      expect(() => money.run(refundId, 'RB2', 100, 'pending')).toThrow(/UNIQUE|PRIMARY/u);
    }
    db.close();
  });

  it('0014 adds how a trade was asked for and the QR, written once, and keeps every earlier row', () => {
    const db = storeAt(13);
    const before = snapshot(db);
    migrateTo(db, 14);
    expectRowsKept(before, snapshot(db));
    // Orders from before have neither.
    expect(db.prepare("SELECT pay_method, qr_code FROM sale_orders WHERE order_id LIKE '%3'").get()).toEqual({
      pay_method: null,
      qr_code: null,
    });
    seeds.find((s) => s.since === 14)!.write(db);
    const qrOf = db.prepare("SELECT pay_method, qr_code FROM sale_orders WHERE order_id LIKE '%4'");
    expect(qrOf.get()).toEqual({ pay_method: 'qr', qr_code: 'https://qr.alipay.com/bax00004' });
    expect(() => db.prepare("UPDATE sale_orders SET pay_method = 'card' WHERE order_id LIKE '%4'").run()).toThrow(/CHECK/u);
    // The QR a customer may have scanned never changes, nor goes away; only an https link is one.
    expect(() => db.prepare("UPDATE sale_orders SET qr_code = 'https://qr.alipay.com/other' WHERE order_id LIKE '%4'").run()).toThrow(
      /never changes/u,
    );
    expect(() => db.prepare("UPDATE sale_orders SET qr_code = NULL WHERE order_id LIKE '%4'").run()).toThrow(/never changes/u);
    expect(() => db.prepare("UPDATE sale_orders SET qr_code = 'javascript:alert(1)' WHERE order_id LIKE '%3'").run()).toThrow(/CHECK/u);
    db.prepare("UPDATE sale_orders SET qr_code = 'https://qr.alipay.com/bax00004' WHERE order_id LIKE '%4'").run();
    db.close();
  });

  it('has a test above for every migration there is', () => {
    // A new migration fails here until it gets its own test and seed rows.
    expect(latest).toBe(14);
    expect(seeds.map((s) => s.since)).toEqual(all.map((m) => m.version));
  });
});

describe('migration numbering', () => {
  const folder = (files: Record<string, string>): string => {
    const dir = tempDir('mig-files');
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
    return dir;
  };

  it('the real folder runs 1, 2, 3… each once', () => {
    expect(all.map((m) => m.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
  });

  it('refuses two files with one version', () => {
    const dir = folder({
      '0001-init.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
      '0002-left.sql': 'SELECT 1;',
      '0002-right.sql': 'SELECT 2;',
    });
    expect(() => loadMigrations(dir)).toThrow(MigrationNumberingError);
    expect(() => loadMigrations(dir)).toThrow(/version 2 is used twice \(left and right\)/u);
  });

  it('refuses a gap', () => {
    const dir = folder({ '0001-init.sql': 'SELECT 1;', '0002-next.sql': 'SELECT 1;', '0004-later.sql': 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow(/version 3 is missing \(the next is 0004-later\)/u);
  });

  it('refuses a folder that does not start at 1', () => {
    const dir = folder({ '0002-first.sql': 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow(/version 1 is missing/u);
  });

  it('migrate refuses a list with a gap before touching the store', () => {
    const db = new Database(':memory:');
    expect(() =>
      migrate(
        db,
        all.filter((m) => m.version !== 3),
      ),
    ).toThrow(MigrationNumberingError);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(userTables(db)).toEqual([]);
    db.close();
  });

  it('accepts a well-numbered folder', () => {
    const dir = folder({
      '0001-init.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
      '0002-next.sql': 'CREATE TABLE b (x INTEGER) STRICT;',
      'README.md': 'not a migration',
    });
    expect(loadMigrations(dir).map((m) => `${m.version}-${m.name}`)).toEqual(['1-init', '2-next']);
  });
});
