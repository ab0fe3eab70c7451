import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { refundCodeOf, verifyRefundCode } from '../../electron/core/refunds/refund-code';
import { readBookingQuery } from '../../electron/core/office/booking-query';
import { shiftReportCsv, shiftReportLines } from '../../electron/core/office/shift-report';
import { remoteOfficeHandlers } from '../../electron/core/api/office.handlers';

describe('refund codes', () => {
  const secret = randomBytes(32);
  it("round-trips, in any letter case, and refuses a changed id, a changed check or another host's code", () => {
    const code = refundCodeOf(secret, '31090211', 42);
    expect(code).toMatch(/^RF-31090211-00000042-[0-9A-Z]{10}$/u);
    expect(verifyRefundCode(secret, code)).toBe(42);
    expect(verifyRefundCode(secret, ` ${code.toLowerCase()}\r`)).toBe(42);
    expect(verifyRefundCode(secret, code.replace('00000042', '00000043'))).toBeNull();
    expect(verifyRefundCode(secret, code.slice(0, -1) + (code.endsWith('0') ? '1' : '0'))).toBeNull();
    expect(verifyRefundCode(randomBytes(32), code)).toBeNull();
    expect(verifyRefundCode(secret, 'RF-garbage')).toBeNull();
  });
});

describe('box-office search box', () => {
  it('reads pickup numbers, verify codes, printed-ticket QRs, ticket codes and refund codes', () => {
    expect(readBookingQuery('111972')).toEqual({ kind: 'booking', bookingNumber: 111972 });
    expect(readBookingQuery('0000000000111972|WQNX8JL')).toMatchObject({
      kind: 'booking',
      bookingNumber: 111972,
      verifyMd5: expect.stringMatching(/^[0-9a-f]{32}$/u),
    });
    expect(readBookingQuery('WQNX8JL')).toMatchObject({ kind: 'verify-code' });
    expect(readBookingQuery('3109021100000007')).toEqual({ kind: 'ticket', code: '3109021100000007' });
    const qr = `31090211${randomBytes(128).toString('base64')}`;
    expect(readBookingQuery(qr)).toEqual({ kind: 'ticket', code: qr });
    expect(readBookingQuery('rf-31090211-00000001-ABCDEFGHJK')).toMatchObject({ kind: 'refund-code' });
    expect(readBookingQuery('https://x.example/?p=111972&v=WQNX8JL')).toMatchObject({ kind: 'booking', bookingNumber: 111972 });
    expect(readBookingQuery('<script>')).toEqual({ kind: 'unrecognised' });
  });
});

describe('shift report', () => {
  it('folds ledger totals per actor and terminal, sums them, and writes CSV that a spreadsheet cannot run', () => {
    const { lines, totals } = shiftReportLines([
      { actor: 'terminal:KIOSK-01', terminal_id: 'KIOSK-01', kind: 'printed', tickets: 4, amount_cents: 19_200 },
      { actor: 'staff:clerk1', terminal_id: 'BOX-01', kind: 'refunded-local', tickets: 1, amount_cents: 4_800 },
      { actor: 'staff:clerk1', terminal_id: 'BOX-01', kind: 'reprinted', tickets: 1, amount_cents: 0 },
      { actor: '=cmd|calc', terminal_id: 'BOX-01', kind: 'refunded-online', tickets: 2, amount_cents: 9_600 },
      { actor: 'staff:clerk1', terminal_id: 'BOX-01', kind: 'print-confirmed', tickets: 2, amount_cents: 0 },
      { actor: 'staff:clerk1', terminal_id: 'BOX-01', kind: 'print-voided', tickets: 1, amount_cents: 0 },
    ]);
    expect(lines).toHaveLength(3);
    expect(totals).toMatchObject({
      printed: 4,
      printedCents: 19_200,
      reprinted: 1,
      refundedLocal: 1,
      refundedLocalCents: 4_800,
      refundedOnline: 2,
      refundedOnlineCents: 9_600,
      printConfirmed: 2,
      printVoided: 1,
    });
    const csv = shiftReportCsv(lines, totals).split('\r\n');
    expect(csv[0]).toBe(
      'actor,terminal,printed,printed_yuan,reprinted,refunded_local,refunded_local_yuan,refunded_online,refunded_online_yuan,unknown_confirmed_printed,unknown_marked_unprinted',
    );
    expect(csv).toContain('staff:clerk1,BOX-01,0,0.00,1,1,48.00,0,0.00,2,1');
    expect(csv).toContain("'=cmd|calc,BOX-01,0,0.00,0,0,0.00,2,96.00,0,0");
    expect(csv).toContain('TOTAL,,4,192.00,1,1,48.00,2,96.00,2,1');
  });
});

describe('a kiosk that collects through a remote print service', () => {
  it('refuses every office call and says where the box office runs', async () => {
    for (const handler of Object.values(remoteOfficeHandlers())) {
      expect(await handler({ session: 'x'.repeat(20) } as never)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringContaining('/office') },
      });
    }
  });
});
