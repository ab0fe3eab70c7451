/**
 * Which wallet a customer's payment code (付款码, the barcode a phone shows) belongs to, from its
 * documented prefix and length, so that a code this kiosk cannot take is refused before any call:
 * - Alipay: 16 to 24 digits starting 25 to 30 (Alipay face-to-face payment, `auth_code`);
 * - WeChat Pay: 18 digits starting 10 to 15 (WeChat Pay micropay, `auth_code`);
 * - UnionPay QuickPass (云闪付): 19 digits starting 62.
 */
export type Wallet = 'alipay' | 'wechat' | 'unionpay';

export const walletNames: Record<Wallet, { 'zh-CN': string; en: string }> = {
  alipay: { 'zh-CN': '支付宝', en: 'Alipay' },
  wechat: { 'zh-CN': '微信支付', en: 'WeChat Pay' },
  unionpay: { 'zh-CN': '云闪付', en: 'UnionPay QuickPass' },
};

const rules: { wallet: Wallet; pattern: RegExp }[] = [
  { wallet: 'alipay', pattern: /^(?:2[5-9]|30)\d{14,22}$/u },
  { wallet: 'wechat', pattern: /^1[0-5]\d{16}$/u },
  { wallet: 'unionpay', pattern: /^62\d{17}$/u },
];

/** The wallet of a payment code, or undefined when it is no payment code known here. */
export function walletOf(code: string): Wallet | undefined {
  return rules.find((rule) => rule.pattern.test(code))?.wallet;
}

export type PaymentCodeCheck =
  | { ok: true; wallet: Wallet; code: string }
  | {
      ok: false;
      reason: 'not-a-payment-code' | 'wallet-not-accepted';
      /** The wallet the code belongs to, when known. */
      wallet?: Wallet;
      accepted: readonly Wallet[];
      message: { 'zh-CN': string; en: string };
    };

/**
 * A scanned payment code checked against the wallets this kiosk takes. Surrounding whitespace (a
 * scanner's suffix) is dropped; anything else is refused with a message naming the accepted wallets.
 */
export function checkPaymentCode(scanned: string, accepted: readonly Wallet[]): PaymentCodeCheck {
  const code = scanned.trim();
  const wallet = walletOf(code);
  const zhList = accepted.map((w) => walletNames[w]['zh-CN']).join('、');
  const enList = accepted.map((w) => walletNames[w].en).join(', ');
  if (wallet === undefined)
    return {
      ok: false,
      reason: 'not-a-payment-code',
      accepted,
      message: {
        'zh-CN': `这不是付款码。本机只收${zhList}：请打开${zhList}的付款码再扫。`,
        en: `That is not a payment code. This kiosk takes ${enList} only: open the ${enList} payment code and scan again.`,
      },
    };
  if (!accepted.includes(wallet))
    return {
      ok: false,
      reason: 'wallet-not-accepted',
      wallet,
      accepted,
      message: {
        'zh-CN': `本机不收${walletNames[wallet]['zh-CN']}，只收${zhList}。`,
        en: `This kiosk does not take ${walletNames[wallet].en}; it takes ${enList} only.`,
      },
    };
  return { ok: true, wallet, code };
}

/** A payment code as it may appear anywhere outside the payment call: the wallet and the last four digits. */
export function maskPaymentCode(code: string): string {
  return `…${code.slice(-4)}`;
}
