import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ticketStates, type TicketState } from '../../shared/domain/ticket';
import { AuditLog } from '../../electron/core/audit/audit-log';
import {
  IllegalTransitionError,
  TICKET_TRANSITIONS,
  TicketStateMachine,
  canTransition,
  type TicketTransition,
} from '../../electron/core/bookings/ticket-state-machine';
import { openDatabase, type Db } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { BookingsRepository, type TicketRow } from '../../electron/core/storage/repositories/bookings.repository';

const BOOKING = 4711;
const CODES = ['1000000000000001', '1000000000000002', '1000000000000003'];
const CLAIMS = ['claim-a', 'claim-b'];
const TERMINAL = 'K1';

/** A real store (every migration) with one booking whose tickets start as central may give them. */
function storeWith(initial: TicketState[]) {
  const db = openDatabase(':memory:');
  const bookings = new BookingsRepository(db);
  const audit = new AuditLog(new AuditRepository(db));
  bookings.upsert(
    {
      booking_number: BOOKING,
      verify_md5: 'x'.repeat(32),
      cinema_id: 'C',
      cinema_code: 'C1',
      cinema_name: 'Cinema',
      film_title: 'Film',
      screen_name: 'Hall 1',
      session_at: '2026-11-30T20:00:00+08:00',
      session_epoch_ms: 0,
      cancelled: 0,
      fetched_at: 0,
    },
    CODES.map((code, i) => ({
      ticket_code: code,
      booking_number: BOOKING,
      sequence: i + 1,
      seat_name: `1排${i + 1}座`,
      price_cents: 4_000,
      service_fee_cents: 300,
      ticket_info_code: `QR${i}`,
      state: initial[i]!,
      updated_at: 0,
    })),
  );
  return { db, bookings, audit, machine: new TicketStateMachine({ db, bookings, audit }) };
}

type Command =
  | { kind: 'claim'; ticket: number; claim: number }
  | { kind: 'printed' | 'printFailed' | 'printInDoubt'; ticket: number; claim: number }
  | { kind: 'claimLapsed'; claim: number; atStart: boolean }
  | {
      kind: Exclude<
        TicketTransition,
        'claim' | 'printed' | 'printFailed' | 'printInDoubt' | 'claimLapsed' | 'reprintPrinted' | 'reprintUnknown'
      >;
      ticket: number;
    }
  | { kind: 'finishReprint'; ticket: number; outcome: 'printed' | 'unknown' };

const ticket = fc.integer({ min: 0, max: CODES.length - 1 });
const claim = fc.integer({ min: 0, max: CLAIMS.length - 1 });
const perTicket = [
  'refundedCentrally',
  'collectedCentrally',
  'refundLocally',
  'startOnlineRefund',
  'settleOnlineRefund',
  'releaseOnlineRefund',
  'confirmPrinted',
  'markUnprinted',
  'acceptCentralRefund',
  'beginReprint',
  'reprintInterrupted',
] as const;
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), ticket, claim }),
  fc.record({ kind: fc.constantFrom('printed' as const, 'printFailed' as const, 'printInDoubt' as const), ticket, claim }),
  fc.record({ kind: fc.constant('claimLapsed' as const), claim, atStart: fc.boolean() }),
  fc.record({ kind: fc.constantFrom(...perTicket), ticket }),
  fc.record({ kind: fc.constant('finishReprint' as const), ticket, outcome: fc.constantFrom('printed' as const, 'unknown' as const) }),
);
const initialStates = fc.array(fc.constantFrom<TicketState>('unprinted', 'printed', 'refunded'), {
  minLength: CODES.length,
  maxLength: CODES.length,
});

const record = { actor: 'staff:clerk1', terminalId: 'BOX-01', details: { why: 'test' } };

/** Runs one command as its use case would (inside a transaction); says which transition it asked for. */
function run(machine: TicketStateMachine, c: Command, at: number): TicketTransition | 'claimLapsed' {
  const code = 'ticket' in c ? CODES[c.ticket]! : '';
  const claimRef = 'claim' in c ? { claimId: CLAIMS[c.claim]!, bookingNumber: BOOKING, terminalId: TERMINAL } : undefined;
  switch (c.kind) {
    case 'claim':
      machine.claim(claimRef!, [code], at + 60_000, at);
      return 'claim';
    case 'printed':
      machine.printResult(claimRef!, { printed: [code], released: [], failedReported: [], inDoubt: [] }, at, '2026-11-30T19:00:00+08:00');
      return 'printed';
    case 'printFailed':
      machine.printResult(
        claimRef!,
        { printed: [], released: [code], failedReported: [code], inDoubt: [] },
        at,
        '2026-11-30T19:00:00+08:00',
      );
      return 'printFailed';
    case 'printInDoubt':
      machine.printResult(claimRef!, { printed: [], released: [], failedReported: [], inDoubt: [code] }, at, '2026-11-30T19:00:00+08:00');
      return 'printInDoubt';
    case 'claimLapsed':
      machine.claimLapsed(claimRef!, at, c.atStart);
      return 'claimLapsed';
    case 'refundedCentrally':
      machine.refundedCentrally(code, at);
      break;
    case 'collectedCentrally':
      machine.collectedCentrally(code, at);
      break;
    case 'refundLocally':
      machine.refundLocally(BOOKING, [code], at, record);
      break;
    case 'startOnlineRefund':
      machine.startOnlineRefund(BOOKING, [code], at, record);
      break;
    case 'settleOnlineRefund':
      machine.settleOnlineRefund(BOOKING, [code], at, record);
      break;
    case 'releaseOnlineRefund':
      machine.releaseOnlineRefund(BOOKING, [code], at, record);
      break;
    case 'confirmPrinted':
      machine.confirmPrinted(code, at, '2026-11-30T19:00:00+08:00', record);
      break;
    case 'markUnprinted':
      machine.markUnprinted(code, at, () => record);
      break;
    case 'acceptCentralRefund':
      machine.acceptCentralRefund(code, at, record);
      break;
    case 'beginReprint':
      machine.beginReprint(code, at, record);
      break;
    case 'reprintInterrupted':
      machine.reprintInterrupted(code, at);
      break;
    case 'finishReprint':
      machine.finishReprint(code, c.outcome, at, '2026-11-30T19:00:00+08:00', record);
      return c.outcome === 'printed' ? 'reprintPrinted' : 'reprintUnknown';
  }
  return c.kind;
}

const auditCount = (db: Db) => (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
const snapshot = (bookings: BookingsRepository): Map<string, TicketRow> =>
  new Map(bookings.tickets(BOOKING).map((t) => [t.ticket_code, t]));

let open: Db | undefined;
afterEach(() => open?.close());

describe('the ticket state machine, against a real store', () => {
  it('no sequence of transitions reaches an illegal state; a refused transition changes nothing and records nothing', () => {
    fc.assert(
      fc.property(initialStates, fc.array(command, { minLength: 1, maxLength: 40 }), (initial, commands) => {
        open?.close();
        const { db, bookings, audit, machine } = storeWith(initial);
        open = db;
        // A ticket that was printed here or elsewhere at some point.
        const everPrinted = new Set(CODES.filter((_, i) => initial[i] === 'printed'));
        let at = 1_000;
        for (const c of commands) {
          at += 1_000;
          const before = snapshot(bookings);
          const records = auditCount(db);
          let transition: TicketTransition | 'claimLapsed' | undefined;
          let refused: unknown;
          try {
            transition = db.transaction(() => run(machine, c, at))();
          } catch (error) {
            refused = error;
          }
          const after = snapshot(bookings);
          if (refused !== undefined) {
            // Illegal: the guard threw its typed error, and the transaction left the store as it was.
            expect(refused).toBeInstanceOf(IllegalTransitionError);
            const asked = (refused as IllegalTransitionError).transition;
            const was = before.get(CODES[(c as { ticket: number }).ticket]!)!;
            expect(
              asked !== 'outside-transaction' &&
                canTransition(asked, was.state) &&
                (c.kind !== 'printed' && c.kind !== 'printFailed' && c.kind !== 'printInDoubt'
                  ? true
                  : was.claim_id === CLAIMS[(c as { claim: number }).claim]),
            ).toBe(false);
            expect(after).toEqual(before);
            expect(auditCount(db)).toBe(records);
            continue;
          }
          // Legal: exactly one audit record, and each ticket that changed did so as the table says.
          expect(auditCount(db)).toBe(records + 1);
          for (const code of CODES) {
            const was = before.get(code)!;
            const now = after.get(code)!;
            expect(ticketStates).toContain(now.state);
            if (now.state === 'claimed') expect(now.claim_id).not.toBeNull();
            if (now.state === 'unprinted' || now.state === 'refunding') expect(now.claim_id).toBeNull();
            if (was.printed_at !== null) expect(now.printed_at).toBe(was.printed_at);
            expect(now.reprint_count).toBe(
              was.reprint_count + (transition === 'beginReprint' && code === CODES[(c as { ticket: number }).ticket] ? 1 : 0),
            );
            if (now.updated_at === was.updated_at && now.state === was.state) continue;
            const used = transition === 'claimLapsed' ? 'claimLapsed' : transition!;
            expect(canTransition(used, was.state)).toBe(true);
            expect(TICKET_TRANSITIONS[used].to as readonly TicketState[]).toContain(now.state);
            // Refunded is terminal: only a repeated online settlement touches it, and it stays refunded.
            if (was.state === 'refunded') {
              expect(used).toBe('settleOnlineRefund');
              expect(now.state).toBe('refunded');
            }
            // A ticket that printed never becomes printable by itself: only staff (with a supervisor)
            // saying nothing came out of an unknown print of a ticket never printed here.
            if (everPrinted.has(code) && now.state === 'unprinted') {
              expect(used).toBe('markUnprinted');
              expect(now.printed_at).toBeNull();
            }
            // An unknown print and a lapsed claim are never printable by themselves either.
            if (was.state === 'unknown' && now.state === 'unprinted') expect(used).toBe('markUnprinted');
            if (now.state === 'printed') everPrinted.add(code);
          }
        }
        expect(audit.verify()).toMatchObject({ ok: true });
      }),
      { numRuns: 200 },
    );
  });

  it('the table: from printed, unprinted is reachable only through mark-unprinted; from refunded nothing but refunded', () => {
    const reachable = (from: TicketState, skip: TicketTransition[]): Set<TicketState> => {
      const seen = new Set<TicketState>([from]);
      const queue = [from];
      while (queue.length > 0) {
        const state = queue.shift()!;
        for (const [name, t] of Object.entries(TICKET_TRANSITIONS) as [TicketTransition, (typeof TICKET_TRANSITIONS)[TicketTransition]][]) {
          if (skip.includes(name) || !canTransition(name, state)) continue;
          for (const next of t.to.filter((n) => !seen.has(n))) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return seen;
    };
    expect(reachable('printed', ['markUnprinted']).has('unprinted')).toBe(false);
    expect(reachable('unknown', ['markUnprinted']).has('unprinted')).toBe(false);
    expect(reachable('claimed', ['printFailed', 'markUnprinted']).has('unprinted')).toBe(false);
    expect([...reachable('refunded', [])]).toEqual(['refunded']);
    expect(
      Object.entries(TICKET_TRANSITIONS)
        .filter(([, t]) => (t.from as readonly TicketState[]).includes('refunded'))
        .map(([name]) => name),
    ).toEqual(['settleOnlineRefund']);
  });

  it('refuses a transition outside a transaction, and one of a claim the ticket is not held by', () => {
    const { db, machine } = storeWith(['unprinted', 'unprinted', 'unprinted']);
    open = db;
    expect(() => machine.refundedCentrally(CODES[0]!, 1)).toThrow(IllegalTransitionError);
    db.transaction(() => machine.claim({ claimId: 'claim-a', bookingNumber: BOOKING, terminalId: TERMINAL }, [CODES[0]!], 2, 1))();
    expect(() =>
      db.transaction(() =>
        machine.printResult(
          { claimId: 'claim-b', bookingNumber: BOOKING, terminalId: TERMINAL },
          { printed: [CODES[0]!], released: [], failedReported: [], inDoubt: [] },
          2,
          't',
        ),
      )(),
    ).toThrow(IllegalTransitionError);
  });
});
