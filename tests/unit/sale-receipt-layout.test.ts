import { describe, expect, it } from 'vitest';
import { columnsOf, receiptText, saleReceiptSchema, wrapColumns, type SaleReceiptInput } from '../../shared/domain/sale-receipt';
import { sampleReceipt } from '../support/receipt-fixture';

/** The receipt's layout on the fixed-width font of a receipt printer: 48 columns at 80 mm, 32 at 58 mm. */
const PAPERS = [
  { mm: 80, width: 48 },
  { mm: 58, width: 32 },
];
const text = (overrides: Partial<SaleReceiptInput> = {}, width = 48, options = {}) =>
  receiptText(saleReceiptSchema.parse(sampleReceipt(overrides)), width, options);
const cash = { tender: { kind: 'cash' as const, tenderedCents: 10_000, changeCents: 2_300 } };
const long: Partial<SaleReceiptInput> = {
  cinemaName: '星光国际影城（北京朝阳大悦城店）Starlight International Cinema',
  filmTitle: '哪吒之魔童闹海 Ne Zha 2: The Demon Child Stirs Up the Sea (IMAX 3D)',
  hall: '7号激光厅 Laser Hall 7',
  seats: Array.from({ length: 12 }, (_, i) => `12排${i + 1}座`),
  lines: [{ description: '成人票（含3D眼镜） Adult with 3D glasses', qty: 12, unitCents: 9_900 }],
  bookingFeeCents: 0,
  totalCents: 118_800,
  orderId: '62a99f2c710d4b3024e6be92182724e4',
  tender: { kind: 'alipay', outTradeNo: 'S62a99f2c710d4b3024e6be92182724e4', tradeNo: '2026120822000000000000000000000001' },
};
const allLines = (t: ReturnType<typeof text>, width: number) => [...wrapColumns(t.heading, width), ...t.lines, ...t.couponLines];

describe('display width', () => {
  it('counts printable ASCII as one column and everything the printer prints from its two-byte table as two', () => {
    expect(columnsOf('Total 77.00')).toBe(11);
    expect(columnsOf('合计')).toBe(4);
    expect(columnsOf('¥')).toBe(2);
    expect(columnsOf('￥')).toBe(2);
    // The ticket line's `×` and a shortened reference's `…` are full-width on the printer too.
    expect(columnsOf('成人 Adult ×2')).toBe(4 + 1 + 5 + 1 + 2 + 1);
    expect(columnsOf('…1234')).toBe(6);
  });

  it('wraps at a space when one fits, else at the width, and never splits a character', () => {
    expect(wrapColumns('Show this code at any kiosk', 12)).toEqual(['Show this', 'code at any', 'kiosk']);
    expect(wrapColumns('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapColumns('流浪地球流浪地球', 5)).toEqual(['流浪', '地球', '流浪', '地球']);
    expect(wrapColumns('a abcdefghij b', 4, { unbroken: true })).toEqual(['a', 'abcdefghij', 'b']);
  });
});

describe.each(PAPERS)('the receipt on $mm mm paper ($width columns)', ({ width }) => {
  it.each([
    ['an Alipay sale', {}],
    ['a cash sale', cash],
    ['long names, twelve seats and long references', long],
  ])('%s: no line is wider than the paper', (_name, overrides) => {
    const t = text(overrides as Partial<SaleReceiptInput>, width);
    for (const line of allLines(t, width)) expect(columnsOf(line), line).toBeLessThanOrEqual(width);
  });

  it.each([
    ['an Alipay sale', {}],
    ['a cash sale', cash],
    ['long names', long],
  ])('%s: every amount ends on the same (the right-hand) column', (_name, overrides) => {
    const t = text(overrides as Partial<SaleReceiptInput>, width);
    const amounts = t.lines.filter((l) => l.includes('¥'));
    expect(amounts.length).toBeGreaterThanOrEqual(2);
    for (const line of amounts) {
      expect(line).toMatch(/¥\d+\.\d{2}$/u);
      expect(columnsOf(line), line).toBe(width);
    }
  });

  it('keeps every reference whole, broken over lines when longer than the paper, never clipped', () => {
    for (const overrides of [{}, long]) {
      const receipt = saleReceiptSchema.parse(sampleReceipt(overrides));
      const joined = text(overrides, width).lines.join('').replace(/ /gu, '');
      if (receipt.tender.kind !== 'alipay') throw new Error('an Alipay sample');
      for (const reference of [receipt.orderId, receipt.tender.outTradeNo, receipt.tender.tradeNo!]) expect(joined).toContain(reference);
    }
  });

  it('says every line in both languages, the trade references included', () => {
    for (const overrides of [{}, cash]) {
      const t = text(overrides, width);
      // A Chinese label always has its English beside it (a value on its own line has no label).
      for (const line of t.lines.filter((l) => /\p{Script=Han}/u.test(l))) expect(line, line).toMatch(/[A-Za-z]{2,}/u);
    }
    const alipay = text({}, width).lines;
    expect(alipay).toContain('支付宝交易号 Alipay trade no.');
    expect(alipay).toContain('商户订单号 Merchant order no.');
  });
});

describe('the receipt in the mail', () => {
  it('keeps each reference on one line, whole, even when longer than the line', () => {
    const t = text(long, 32, { wholeReferences: true });
    expect(t.lines).toContain('S62a99f2c710d4b3024e6be92182724e4');
    expect(t.lines).toContain('2026120822000000000000000000000001');
  });
});
