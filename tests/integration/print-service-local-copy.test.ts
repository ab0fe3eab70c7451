import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import type { PrintServiceClient } from '../../electron/core/print-service/print-service.client';
import { openDatabase, type Db } from '../../electron/core/storage/database';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';

// Queries answer from a copy of the bookings kept in memory while the store has not changed. Whatever
// changes the store must show on the very next query: a write by another connection (a CLI tool,
// another process on the same file), a write on the host's own connection that bypasses the state
// machine, a claim made, settled or run out; and a write rolled back must never show.

let host: RunningHost;
let kiosk: PrintServiceClient;
let other: Db;
let pick: ReturnType<typeof bookingPicker>;

beforeAll(async () => {
  host = await startDemoHost({ printService: { claimTtlSeconds: 1, limits: { queriesPerMinute: 100_000 } } });
  kiosk = terminalClient(host, 0);
  other = openDatabase(host.core.db.name);
  pick = bookingPicker(host);
});
afterAll(async () => {
  other?.close();
  await kiosk?.close();
  await host?.stop();
});

async function states(printNo: string): Promise<string[] | number> {
  const reply = await kiosk.call('query', { printNo });
  if (reply.kind !== 'reply') throw new Error(reply.kind);
  if (reply.resultCode !== 0) return reply.resultCode;
  return (reply.body.tickets as { state: string }[]).map((t) => t.state);
}

/** Queried twice, so that the second answer came from memory. */
async function remembered(printNo: string): Promise<string[] | number> {
  await states(printNo);
  return states(printNo);
}

const ticketsOf = (db: Db, printNo: string) =>
  db
    .prepare<[number], { ticket_code: string }>('SELECT ticket_code FROM tickets WHERE booking_number = ? ORDER BY sequence')
    .all(Number(printNo))
    .map((t) => t.ticket_code);

describe('the local copy in memory never answers a state the store no longer holds', () => {
  it('a ticket printed by another connection shows printed on the next query', async () => {
    const b = pick('unprinted', 2);
    expect(await remembered(b.printNo)).toEqual(['unprinted', 'unprinted']);
    const [first] = ticketsOf(other, b.printNo);
    other.prepare("UPDATE tickets SET state = 'printed' WHERE ticket_code = ?").run(first);
    expect(await states(b.printNo)).toEqual(['printed', 'unprinted']);
  });

  it("a write on the host's own connection that bypasses the state machine shows on the next query", async () => {
    const b = pick('unprinted', 1);
    expect(await remembered(b.printNo)).toEqual(['unprinted']);
    host.core.db.prepare("UPDATE tickets SET state = 'refunded' WHERE booking_number = ?").run(Number(b.printNo));
    expect(await states(b.printNo)).toBe(SarftCode.Refunded);
  });

  it('a write rolled back never shows, and the next query still answers the stored state', async () => {
    const b = pick('unprinted', 1);
    expect(await remembered(b.printNo)).toEqual(['unprinted']);
    const db = host.core.db;
    expect(() =>
      db.transaction(() => {
        db.prepare("UPDATE tickets SET state = 'printed' WHERE booking_number = ?").run(Number(b.printNo));
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(await remembered(b.printNo)).toEqual(['unprinted']);
  });

  it('a claim made and settled through the service shows claimed, then printed', async () => {
    const b = pick('unprinted', 1);
    expect(await remembered(b.printNo)).toEqual(['unprinted']);
    const claim = await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    expect(claim).toMatchObject({ resultCode: 0 });
    expect(await remembered(b.printNo)).toEqual(['claimed']);
    const token = claim.kind === 'reply' ? String(claim.body.printToken) : '';
    const printed = await kiosk.call('printResult', {
      printNo: b.printNo,
      printToken: token,
      printed: ticketsOf(other, b.printNo),
      failed: [],
    });
    expect(printed).toMatchObject({ resultCode: 0 });
    expect(await remembered(b.printNo)).toEqual(['printed']);
  });

  it('a claim runs out on time although nothing was written since the query that remembered it', async () => {
    const b = pick('unprinted', 1);
    const claim = await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) });
    expect(claim).toMatchObject({ resultCode: 0 });
    expect(await remembered(b.printNo)).toEqual(['claimed']);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await states(b.printNo)).toEqual(['unknown']);
  });

  it('a claim made by another connection runs out on time too', async () => {
    const b = pick('unprinted', 1);
    expect(await remembered(b.printNo)).toEqual(['unprinted']);
    const [code] = ticketsOf(other, b.printNo);
    const now = Date.now();
    other.transaction(() => {
      other
        .prepare(
          "INSERT INTO claims (claim_id, booking_number, terminal_id, session_id, created_at, expires_at) VALUES ('elsewhere', ?, ?, 'session', ?, ?)",
        )
        .run(Number(b.printNo), host.demo!.terminals[1]!.terminalId, now, now + 400);
      other.prepare("UPDATE tickets SET state = 'claimed', claim_id = 'elsewhere' WHERE ticket_code = ?").run(code);
    })();
    expect(await remembered(b.printNo)).toEqual(['claimed']);
    await new Promise((r) => setTimeout(r, 600));
    expect(await states(b.printNo)).toEqual(['unknown']);
  });
});
