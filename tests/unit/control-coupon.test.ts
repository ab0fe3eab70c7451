import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { controlCouponPayload } from '../../shared/domain/control-coupon';
import { parseScanPayload } from '../../shared/domain/scan-payload';
import { columnsOf, receiptText, saleReceiptSchema, shortReference } from '../../shared/domain/sale-receipt';
import { sampleReceipt } from '../support/receipt-fixture';

describe('the control coupon payload', () => {
  it('is the pair form the kiosk scan path takes, with the pickup number padded to 16 digits', () => {
    expect(controlCouponPayload({ printNo: '111972', verifyCode: 'WQNX8JL' })).toBe('0000000000111972|WQNX8JL');
    expect(parseScanPayload(controlCouponPayload({ printNo: '111972', verifyCode: 'WQNX8JL' }))).toEqual({
      kind: 'pickup',
      printNo: '0000000000111972',
      verifyCode: 'WQNX8JL',
    });
  });

  it('any valid pickup number and verify code comes back from a scan as they were', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 9_007_199_254_740_991n }), fc.stringMatching(/^[A-Za-z0-9]{4,20}$/u), (n, code) => {
        const printNo = n.toString();
        expect(parseScanPayload(controlCouponPayload({ printNo, verifyCode: code }))).toEqual({
          kind: 'pickup',
          printNo: printNo.padStart(16, '0'),
          verifyCode: code,
        });
      }),
    );
  });

  it('refuses what a scan could not read back (separators, control characters, too long)', () => {
    expect(() => controlCouponPayload({ printNo: '12a', verifyCode: 'WQNX8JL' })).toThrow(RangeError);
    expect(() => controlCouponPayload({ printNo: '111972', verifyCode: 'WQ|X8JL' })).toThrow(RangeError);
    expect(() => controlCouponPayload({ printNo: '111972', verifyCode: 'WQNX\r\n' })).toThrow(RangeError);
    expect(() => controlCouponPayload({ printNo: '99999999999999999', verifyCode: 'WQNX8JL' })).toThrow(RangeError);
  });
});

describe('the receipt text', () => {
  it('fits each two-column line into the paper width, counting CJK, ¥ and … as two columns', () => {
    for (const width of [32, 48]) {
      const text = receiptText(saleReceiptSchema.parse(sampleReceipt()), width);
      for (const line of text.lines.filter((l) => / {2}/u.test(l))) expect(columnsOf(line)).toBe(width);
    }
  });

  it('shortens a reference to its end, never its start', () => {
    expect(shortReference('2026120722001412345678901234', 40)).toBe('2026120722001412345678901234');
    expect(shortReference('2026120722001412345678901234', 12)).toBe('…5678901234');
    expect(columnsOf(shortReference('2026120722001412345678901234', 12))).toBe(12);
  });
});
