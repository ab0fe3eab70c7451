import { z } from 'zod';
import { controlCouponPayload } from './control-coupon';
import { formatYuan } from './money';
import { isPrintNo } from './print-no';
import { isVerifyCode } from './scan-payload';
import { printableText } from './text';

const cents = z.number().int().min(0).max(100_000_000);
/** Text from central or the order (film, hall, seat names): shown as given, cleaned at the printer and in the mail. */
const label = z.string().min(1).max(200);

/**
 * What a payment receipt says (seed 001 "comprovante de pagamento", seed 000's confirmation): plain
 * data in integer cents, filled by the sale when an order is paid; laid out for paper and mail alike
 * by receiptText below, so both say the same.
 */
export const saleReceiptSchema = z
  .object({
    orderId: z.string().min(1).max(64),
    cinemaName: label,
    filmTitle: label,
    /** The show's start as the cinema's wall clock, `YYYY-MM-DD HH:mm`. */
    showTime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/u, 'YYYY-MM-DD HH:mm'),
    hall: label,
    seats: z.array(label).min(1).max(50),
    /** Each ticket type: its name, how many, the price of one. */
    lines: z
      .array(z.object({ description: label, qty: z.number().int().min(1).max(50), unitCents: cents }))
      .min(1)
      .max(20),
    bookingFeeCents: cents.default(0),
    totalCents: cents,
    tender: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('alipay'),
        /** Ours, written before the first payment call (one per order). */
        outTradeNo: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/u),
        /** Alipay's, once it answered. */
        tradeNo: z
          .string()
          .regex(/^[A-Za-z0-9]{1,64}$/u)
          .optional(),
      }),
      z.object({ kind: z.literal('cash'), tenderedCents: cents, changeCents: cents }),
    ]),
    terminalId: label,
    /** When it was paid, the cinema's wall clock `YYYY-MM-DD HH:mm:ss`. */
    paidAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/u, 'YYYY-MM-DD HH:mm:ss'),
    /** The control coupon: pickup number and verify code of the booking. */
    coupon: z.object({
      printNo: z.string().refine(isPrintNo, 'a pickup number of 1 to 16 digits'),
      verifyCode: z.string().refine(isVerifyCode, 'a verify code of 4 to 20 letters or digits'),
    }),
  })
  .superRefine((r, ctx) => {
    // The receipt says what was charged: its parts must add up, to the cent.
    const sum = r.lines.reduce((s, l) => s + l.qty * l.unitCents, 0) + r.bookingFeeCents;
    if (sum !== r.totalCents)
      ctx.addIssue({ code: 'custom', path: ['totalCents'], message: `the lines add up to ${sum}, not ${r.totalCents}` });
    if (r.tender.kind === 'cash' && r.tender.tenderedCents - r.totalCents !== r.tender.changeCents)
      ctx.addIssue({ code: 'custom', path: ['tender', 'changeCents'], message: 'change is not tendered minus total' });
  });

export type SaleReceipt = z.infer<typeof saleReceiptSchema>;
export type SaleReceiptInput = z.input<typeof saleReceiptSchema>;

/** A receipt's text: heading and title centred, body lines (`=` a rule), then the coupon under its QR. */
export interface ReceiptText {
  heading: string;
  title: string;
  lines: string[];
  couponQr: string;
  couponLines: string[];
}

/** Display columns of a string on a receipt printer: CJK and other wide characters take two (and `¥` and `…`, printed full-width). */
export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u00a5\u2026\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

/**
 * A trade reference fitted into `columns`: whole when it fits, else its last characters after `…`
 * (the end of Alipay's trade_no and of our out_trade_no is what differs from one trade to the next,
 * and the full one is in the order's record and the mail).
 */
export function shortReference(reference: string, columns: number): string {
  if (reference.length <= columns) return reference;
  // `…` prints full-width (two columns) on a printer in Chinese mode.
  return `…${reference.slice(reference.length - Math.max(4, columns - 2))}`;
}

const yuan = (c: number) => `¥${formatYuan(c)}`;

/**
 * The receipt in zh-CN with English where a tourist needs it, for a paper `width` columns wide (48 at
 * 80 mm, 32 at 58 mm); `wholeReferences` (the mail) keeps trade and order references whole. Every string from outside passes printableText, so a control or bidi character
 * in a film title shows as � and never acts.
 */
export function receiptText(receipt: SaleReceipt, width = 48, options: { wholeReferences?: boolean } = {}): ReceiptText {
  const t = (s: string) => printableText(s);
  const ref = (s: string, columns: number) => (options.wholeReferences ? s : shortReference(s, columns));
  const pair = (left: string, right: string) => {
    const gap = width - columnsOf(left) - columnsOf(right);
    return gap >= 1 ? `${left}${' '.repeat(gap)}${right}` : `${left} ${right}`;
  };
  const tender =
    receipt.tender.kind === 'alipay'
      ? [
          pair('支付方式 Paid by', '支付宝 Alipay'),
          ...(receipt.tender.tradeNo ? [pair('支付宝交易号', ref(receipt.tender.tradeNo, width - 13))] : []),
          pair('商户订单号', ref(receipt.tender.outTradeNo, width - 11)),
        ]
      : [
          pair('支付方式 Paid by', '现金 Cash'),
          pair('实收 Tendered', yuan(receipt.tender.tenderedCents)),
          pair('找零 Change', yuan(receipt.tender.changeCents)),
        ];
  const coupon = controlCouponPayload(receipt.coupon);
  return {
    heading: t(receipt.cinemaName),
    title: '付款凭证 Receipt',
    lines: [
      `影片 Film: ${t(receipt.filmTitle)}`,
      `场次 Show: ${receipt.showTime}`,
      `影厅 Hall: ${t(receipt.hall)}`,
      `座位 Seats: ${receipt.seats.map(t).join(' ')}`,
      '=',
      ...receipt.lines.map((l) => pair(`${t(l.description)} ×${l.qty}`, yuan(l.qty * l.unitCents))),
      ...(receipt.bookingFeeCents > 0 ? [pair('服务费 Booking fee', yuan(receipt.bookingFeeCents))] : []),
      pair('合计 Total', yuan(receipt.totalCents)),
      '=',
      ...tender,
      pair('终端 Terminal', t(receipt.terminalId)),
      pair('时间 Time', receipt.paidAt),
      pair('订单 Order', ref(t(receipt.orderId), width - 9)),
      '=',
    ],
    couponQr: coupon,
    couponLines: [
      `取票号 Pickup no.: ${receipt.coupon.printNo.padStart(16, '0')}`,
      `验证码 Verify code: ${receipt.coupon.verifyCode}`,
      '凭此码可在任一自助取票机取票',
      'Show this code at any kiosk to collect your tickets',
    ],
  };
}
