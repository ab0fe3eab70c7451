import { describe, expect, it } from 'vitest';
import { checkPaymentCode, maskPaymentCode, walletOf } from '../../shared/domain/payment-code';
import { cashTender, parseYuanInput } from '../../shared/domain/cash';
import { centsToYuan, yuanToCents } from '../../electron/core/payment/alipay-amount';

describe('walletOf: documented payment-code prefixes', () => {
  it.each([
    ['250000000000000000', 'alipay'],
    ['2800000000000000', 'alipay'], // 16 digits, the shortest
    ['300000000000000000000000', 'alipay'], // 24 digits, the longest
    ['100000000000000000', 'wechat'],
    ['159999999999999999', 'wechat'],
    ['6212345678901234567', 'unionpay'],
  ])('%s is %s', (code, wallet) => expect(walletOf(code)).toBe(wallet));

  it.each([
    ['240000000000000000', 'Alipay range starts at 25'],
    ['310000000000000000', 'Alipay range ends at 30'],
    ['280000000000000', '15 digits'],
    ['3000000000000000000000000', '25 digits'],
    ['16000000000000000', 'WeChat code of 17 digits'],
    ['160000000000000000', 'WeChat range ends at 15'],
    ['28000000000000000a', 'a letter'],
    ['', 'empty'],
  ])('%s is no payment code (%s)', (code) => expect(walletOf(code)).toBeUndefined());
});

describe('checkPaymentCode', () => {
  it('takes an Alipay code, without the scanner suffix', () => {
    expect(checkPaymentCode(' 286543210987654321\r\n', ['alipay'])).toEqual({ ok: true, wallet: 'alipay', code: '286543210987654321' });
  });

  it('refuses a WeChat code naming the wallets this kiosk takes, in both languages', () => {
    const check = checkPaymentCode('134567890123456789', ['alipay']);
    expect(check).toMatchObject({ ok: false, reason: 'wallet-not-accepted', wallet: 'wechat', accepted: ['alipay'] });
    if (check.ok) throw new Error('unreachable');
    expect(check.message['zh-CN']).toBe('本机不收微信支付，只收支付宝。');
    expect(check.message.en).toBe('This kiosk does not take WeChat Pay; it takes Alipay only.');
  });

  it('refuses something that is no payment code (a ticket QR, a URL) and says which codes work', () => {
    const check = checkPaymentCode('https://example.com/\u001b', ['alipay']);
    expect(check).toMatchObject({ ok: false, reason: 'not-a-payment-code' });
    if (check.ok) throw new Error('unreachable');
    expect(check.message.en).toContain('Alipay');
    expect(check.message['zh-CN']).toContain('支付宝');
  });

  it('names every accepted wallet when a kiosk takes several', () => {
    const check = checkPaymentCode('6212345678901234567', ['alipay', 'wechat']);
    if (check.ok) throw new Error('unreachable');
    expect(check.message.en).toBe('This kiosk does not take UnionPay QuickPass; it takes Alipay, WeChat Pay only.');
  });

  it('masks a code to its last four digits', () => expect(maskPaymentCode('286543210987654321')).toBe('…4321'));
});

describe('cash: amount tendered and change due, in cents', () => {
  it('gives change', () =>
    expect(cashTender(7_650, 10_000)).toEqual({ ok: true, totalCents: 7_650, tenderedCents: 10_000, changeCents: 2_350 }));
  it('exact money gives no change', () => expect(cashTender(5_000, 5_000)).toMatchObject({ ok: true, changeCents: 0 }));
  it('too little says how much is missing', () =>
    expect(cashTender(5_000, 4_000)).toEqual({ ok: false, reason: 'too-little', shortCents: 1_000 }));
  it.each([
    [10.5, 100],
    [100, 100.25],
    [-1, 100],
    [100, Number.NaN],
  ])('refuses amounts that are not whole cents (%s, %s)', (total, tendered) =>
    expect(cashTender(total, tendered)).toEqual({ ok: false, reason: 'not-cents' }),
  );
  it('refuses a tender far beyond the total (an extra zero typed)', () =>
    expect(cashTender(5_000, 500_000)).toEqual({ ok: false, reason: 'too-much' }));
  it.each([
    ['50', 5_000],
    ['50.5', 5_050],
    ['50.05', 5_005],
    [' 0.10 ', 10],
  ])('reads %j yuan as %i cents', (text, cents) => expect(parseYuanInput(text)).toBe(cents));
  it.each(['', '5e3', '50.555', '-5', '1,000', '0x10', '50.'])('refuses %j', (text) => expect(parseYuanInput(text)).toBeUndefined());
});

describe("Alipay's yuan strings", () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [8_850, '88.50'],
    [10_000_000, '100000.00'],
  ])('%i cents are %s', (cents, yuan) => {
    expect(centsToYuan(cents)).toBe(yuan);
    expect(yuanToCents(yuan)).toBe(cents);
  });
  it.each([0.5, -1, Number.MAX_SAFE_INTEGER + 2, Number.NaN])('throws on %s', (cents) =>
    expect(() => centsToYuan(cents)).toThrow(RangeError),
  );
  it.each(['1e3', '01.00', '1.001', '1.', '.5', ' 1.00', '１.00', '-1.00', 1])('refuses %j', (value) =>
    expect(yuanToCents(value)).toBeUndefined(),
  );
  it('reads one decimal', () => expect(yuanToCents('7.5')).toBe(750));
});
