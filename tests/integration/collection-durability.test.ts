import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/observability/logger';
import type { Db } from '../../electron/core/storage/database';
import { startHost, type RunningHost } from '../../electron/host/host';
import { eventually } from '../support/sim-control';
import { tempDir } from '../support/host-process';
import { bookingPicker, startDemoHost } from '../support/in-process-host';

/**
 * Which of a collection's commits pay an fsync of their own (synchronous=FULL) and which are flushed by
 * the next durable one (NORMAL, through withoutFlush). The store's level is followed through every
 * `PRAGMA synchronous = …` the host sets, and temporary triggers note the level in force when each row
 * of the print journal, the claims and the outbox is written (a statement's commit, or its
 * transaction's, runs at the level in force then: SQLite refuses to change it inside a transaction).
 */
function watchCommitLevels(db: Db): { written: () => { what: string; level: string }[]; clear: () => void } {
  let level = String(db.pragma('synchronous', { simple: true })) === '2' ? 'FULL' : 'OTHER';
  const pragma = db.pragma.bind(db);
  db.pragma = ((...args: Parameters<Db['pragma']>) => {
    const result = pragma(...args);
    const set = /^\s*synchronous\s*=\s*(\w+)\s*$/iu.exec(args[0]);
    if (set) level = set[1]!.toUpperCase();
    return result;
  }) as Db['pragma'];
  db.function('commit_level', () => level);
  db.exec(`
    CREATE TEMP TABLE written (what TEXT NOT NULL, level TEXT NOT NULL);
    CREATE TEMP TRIGGER job_started AFTER INSERT ON main.print_jobs
      BEGIN INSERT INTO written VALUES ('job ' || NEW.ticket_code || ' ' || NEW.state, commit_level()); END;
    CREATE TEMP TRIGGER job_finished AFTER UPDATE OF state ON main.print_jobs
      BEGIN INSERT INTO written VALUES ('job ' || NEW.ticket_code || ' ' || NEW.state, commit_level()); END;
    CREATE TEMP TRIGGER claim_made AFTER INSERT ON main.claims
      BEGIN INSERT INTO written VALUES ('claim made', commit_level()); END;
    CREATE TEMP TRIGGER claim_settled AFTER UPDATE OF outcome ON main.claims WHEN NEW.outcome IS NOT NULL
      BEGIN INSERT INTO written VALUES ('claim ' || NEW.outcome, commit_level()); END;
    CREATE TEMP TRIGGER outbox_done AFTER UPDATE OF state ON main.outbox WHEN NEW.state = 'done'
      BEGIN INSERT INTO written VALUES ('outbox ' || NEW.kind || ' done', commit_level()); END;
  `);
  return {
    written: () => db.prepare<[], { what: string; level: string }>('SELECT what, level FROM temp.written ORDER BY rowid').all(),
    clear: () => void db.exec('DELETE FROM temp.written'),
  };
}

describe("a collection at the host's own print service", () => {
  let host: RunningHost;
  let watch: ReturnType<typeof watchCommitLevels>;
  let pick: ReturnType<typeof bookingPicker>;

  beforeAll(async () => {
    host = await startDemoHost();
    pick = bookingPicker(host);
    watch = watchCommitLevels(host.core.db);
  });
  afterAll(() => host?.stop());

  it("flushes the journal's printed mark with print-result's commit, and central's acknowledgement of the mark with the next one", async () => {
    const booking = pick('unprinted', 2);
    const [first, second] = host.demo!.sim!.state.findBooking(booking.bookingNumber, undefined)!.tickets.map((t) => t.ticketCode);
    watch.clear();
    expect(await host.core.handlers['kiosk.collect']({ printNo: booking.printNo, verifyCode: booking.verifyCode })).toMatchObject({
      ok: true,
      value: { printed: 2, unknown: 0 },
    });
    await eventually(
      async () => host.core.printService!.outbox.depth().depth,
      (depth) => depth === 0,
    );
    // Every printed mark without its own fsync is followed by a FULL commit: the next ticket's
    // `printing` mark (before its first byte), then print-result's, which settles the claim.
    expect(watch.written()).toEqual([
      { what: 'claim made', level: 'FULL' },
      { what: `job ${first} printing`, level: 'FULL' },
      { what: `job ${first} printed`, level: 'NORMAL' },
      { what: `job ${second} printing`, level: 'FULL' },
      { what: `job ${second} printed`, level: 'NORMAL' },
      { what: 'claim confirmed', level: 'FULL' },
      { what: 'outbox mark-collected done', level: 'NORMAL' },
    ]);
    expect(host.core.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it("flushes a refund's acknowledgement at once: a refund sent twice would be money", async () => {
    const booking = pick('unprinted', 1);
    await host.core.handlers['kiosk.collect']({ printNo: booking.printNo, verifyCode: booking.verifyCode });
    await eventually(
      async () => host.core.printService!.outbox.depth().depth,
      (depth) => depth === 0,
    );
    watch.clear();
    const refund = host.core.printService!.refunds.refundPrinted({
      bookingNumber: booking.bookingNumber,
      ticketCodes: [host.demo!.sim!.state.findBooking(booking.bookingNumber, undefined)!.tickets[0]!.ticketCode],
      reason: 'customer cannot come',
      clerk: 'clerk1',
      supervisor: null,
      terminalId: 'BOX-01',
    });
    expect(refund.ok).toBe(true);
    await eventually(
      async () => watch.written(),
      (rows) => rows.length > 0,
    );
    expect(watch.written()).toEqual([{ what: 'outbox refund-local done', level: 'FULL' }]);
    expect(host.core.db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('a kiosk of a remote print service', () => {
  let central: RunningHost;
  let kiosk: RunningHost;
  let watch: ReturnType<typeof watchCommitLevels>;

  beforeAll(async () => {
    central = await startDemoHost();
    const terminal = central.demo!.terminals[1]!;
    kiosk = await startHost(
      {
        demo: false,
        dataDir: tempDir('kiosk-remote-service'),
        printServiceUrl: central.printServiceUrl,
        terminal: { id: terminal.terminalId, username: terminal.username, password: terminal.password },
        printer: central.demo!.printer!.url,
        printServicePort: 0,
        uiPort: 0,
      },
      silentLogger(),
    );
    watch = watchCommitLevels(kiosk.core.db);
  });
  afterAll(async () => {
    await kiosk?.stop();
    await central?.stop();
  });

  it("flushes the journal's printed mark on its own: print-result commits into another store", async () => {
    const booking = bookingPicker(central)('unprinted', 1);
    const [code] = central.demo!.sim!.state.findBooking(booking.bookingNumber, undefined)!.tickets.map((t) => t.ticketCode);
    expect(await kiosk.core.handlers['kiosk.collect']({ printNo: booking.printNo, verifyCode: booking.verifyCode })).toMatchObject({
      ok: true,
      value: { printed: 1 },
    });
    expect(watch.written()).toEqual([
      { what: `job ${code} printing`, level: 'FULL' },
      { what: `job ${code} printed`, level: 'FULL' },
    ]);
  });
});
