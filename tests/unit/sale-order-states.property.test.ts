import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { OrderLedger } from '../../electron/core/sale/order-ledger';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { SaleOrdersRepository } from '../../electron/core/storage/repositories/sale-orders.repository';
import { SaleOutboxRepository } from '../../electron/core/storage/repositories/sale-outbox.repository';
import { canMove, isFinalOrder, saleOrderStates, type SaleOrderState } from '../../shared/domain/sale-order';

/**
 * The sale order's state machine over a real store: whatever sequence of steps is tried (legal or not,
 * with any trade and refund numbers), the stored state only ever moves along an edge, each move has its
 * audit record, a refused step changes nothing, and `out_trade_no` / `refund_request_no` never change
 * once written.
 */
const dir = mkdtempSync(join(tmpdir(), 'sale-order-states-'));
const db = openDatabase(join(dir, 'kiosk.sqlite'));
const audit = new AuditLog(new AuditRepository(db), () => new Date());
const auditRows = new AuditRepository(db);
const orders = new SaleOrdersRepository(db);
const ledger = new OrderLedger({
  db,
  orders,
  outbox: new SaleOutboxRepository(db),
  audit,
  terminalId: 'K1',
  now: () => Date.now(),
  emit: () => undefined,
  kickOutbox: () => undefined,
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let serial = 0;
function newOrder(): string {
  serial += 1;
  const id = serial.toString(16).padStart(32, '0');
  ledger.open(
    {
      order_id: id,
      channel: 'kiosk',
      actor: 'kiosk',
      session_id: '29617',
      film_title: 'Film',
      starts_at: '2026-12-08T06:00:00+08:00',
      starts_epoch_ms: 0,
      screen_name: '1号厅',
      seats: '[]',
      tickets: '[]',
    },
    'kiosk',
  );
  return id;
}

const step = fc.record({
  to: fc.constantFrom<SaleOrderState>(...saleOrderStates),
  outTradeNo: fc.option(fc.constantFrom('S1', 'S2', 'S3'), { nil: undefined }),
  refundNo: fc.option(fc.constantFrom('R1', 'R2'), { nil: undefined }),
  viaCancel: fc.boolean(),
});

describe('sale order states', () => {
  it('every state but the final ones has a way out, and a final one none', () => {
    for (const state of saleOrderStates) {
      const out = saleOrderStates.filter((to) => canMove(state, to));
      expect(out.length === 0, state).toBe(isFinalOrder(state));
    }
    // Money never leaves by an annulment once it is known to be taken.
    for (const paidOrLater of ['paid', 'completing', 'completed', 'printed', 'refunding'] as const)
      expect(canMove(paidOrLater, 'cancelling'), paidOrLater).toBe(false);
  });

  it('no sequence of steps reaches a state off the edges; the trade and refund numbers never change once written', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const id = newOrder();
        // Each order gets its own numbers (they are unique across orders).
        const own = (n: string) => `${n}-${id}`;
        let state: SaleOrderState = 'holding';
        let trade: string | null = null;
        let refund: string | null = null;
        for (const s of steps) {
          const auditsBefore = auditRows.bySubject(`order:${id}`).length;
          let moved = false;
          try {
            if (s.viaCancel) moved = ledger.cancel(id, 'payment', 'sale');
            else
              moved =
                ledger.advance(id, s.to, 'sale', {
                  fields: {
                    ...(s.outTradeNo ? { out_trade_no: own(s.outTradeNo) } : {}),
                    ...(s.refundNo ? { refund_request_no: own(s.refundNo) } : {}),
                  },
                }) !== undefined;
          } catch (error) {
            // Only the write-once triggers may refuse a legal step, and then nothing changed.
            expect((error as Error).message).toMatch(/written once/u);
            moved = false;
          }
          const row = orders.byId(id)!;
          const to: SaleOrderState = s.viaCancel ? 'cancelling' : s.to;
          expect(saleOrderStates).toContain(row.state);
          if (moved) {
            expect(canMove(state, to)).toBe(true);
            expect(row.state).toBe(to);
            expect(auditRows.bySubject(`order:${id}`).length).toBe(auditsBefore + 1);
          } else {
            expect(row.state).toBe(state);
            expect(auditRows.bySubject(`order:${id}`).length).toBe(auditsBefore);
          }
          if (trade !== null) expect(row.out_trade_no).toBe(trade);
          if (refund !== null) expect(row.refund_request_no).toBe(refund);
          state = row.state;
          trade = row.out_trade_no;
          refund = row.refund_request_no;
        }
      }),
      { numRuns: 150 },
    );
  });
});
