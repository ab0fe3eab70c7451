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

/**
 * Display columns of a string on a receipt printer in its two-byte (Chinese) mode, whose font is
 * fixed-width: printable ASCII takes one column, every other character two (CJK, and also `¥`, `×`,
 * `…`, `·`, which the printer prints from its full-width GB table). A character outside that table
 * prints as a one-column `?`, so this count is never less than what the paper shows.
 */
export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u0020-\u007e]/u.test(ch) ? 1 : 2;
  return n;
}

/** The longest start of `text` within `columns`, by whole characters (never half a surrogate pair). */
function headOf(text: string, columns: number): string {
  let head = '';
  for (const ch of text) {
    if (columnsOf(head + ch) > columns) break;
    head += ch;
  }
  return head;
}

/**
 * `text` broken into lines of at most `width` columns: at the last space that fits when there is one
 * (words stay whole), else at the width (an id, a run of CJK). `unbroken` keeps each word whole even
 * when it is wider than the line (the mail, where a reference must copy as one piece).
 */
export function wrapColumns(text: string, width: number, options: { unbroken?: boolean } = {}): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (columnsOf(rest) > width) {
    const head = headOf(rest, width);
    const space = head.lastIndexOf(' ');
    const nextIsSpace = rest.charAt(head.length) === ' ';
    let cut = nextIsSpace ? head.length : space > 0 ? space : head.length;
    if (options.unbroken && !nextIsSpace && space <= 0) {
      const after = rest.indexOf(' ');
      if (after < 0) break;
      cut = after;
    }
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '' || lines.length === 0) lines.push(rest);
  return lines;
}

/**
 * A trade reference fitted into `columns`: whole when it fits, else its last characters after `…`
 * (the end of Alipay's trade_no and of our out_trade_no is what differs from one trade to the next).
 */
export function shortReference(reference: string, columns: number): string {
  if (columnsOf(reference) <= columns) return reference;
  // `…` prints full-width (two columns) on a printer in Chinese mode.
  return `…${reference.slice(reference.length - Math.max(4, columns - 2))}`;
}

const yuan = (c: number) => `¥${formatYuan(c)}`;

/**
 * The receipt in zh-CN and English, line by line, for a paper `width` columns wide (48 at 80 mm, 32 at
 * 58 mm; the printer's font is fixed-width, see columnsOf). No line is wider than the paper: a label
 * and its value share a line with the value ending on the right edge (so amounts line up on one
 * column), or, when both do not fit, the label goes first and the value under it on the right, a
 * reference longer than the paper broken over lines whole (nothing is cut off). `wholeReferences`
 * (the mail, not printed in a fixed font) never breaks a reference. Every string from outside passes
 * printableText, so a control or bidi character in a film title shows as � and never acts.
 */
export function receiptText(receipt: SaleReceipt, width = 48, options: { wholeReferences?: boolean } = {}): ReceiptText {
  const t = (s: string) => printableText(s);
  const wrap = (text: string) => wrapColumns(text, width, { unbroken: options.wholeReferences === true });
  const right = (value: string) => ' '.repeat(Math.max(0, width - columnsOf(value))) + value;
  const pair = (left: string, value: string): string[] => {
    const gap = width - columnsOf(left) - columnsOf(value);
    if (gap >= 1) return [`${left}${' '.repeat(gap)}${value}`];
    return [...wrap(left), ...wrap(value).map(right)];
  };
  const tender =
    receipt.tender.kind === 'alipay'
      ? [
          ...pair('支付方式 Paid by', '支付宝 Alipay'),
          ...(receipt.tender.tradeNo ? pair('支付宝交易号 Alipay trade no.', receipt.tender.tradeNo) : []),
          ...pair('商户订单号 Merchant order no.', receipt.tender.outTradeNo),
        ]
      : [
          ...pair('支付方式 Paid by', '现金 Cash'),
          ...pair('实收 Tendered', yuan(receipt.tender.tenderedCents)),
          ...pair('找零 Change', yuan(receipt.tender.changeCents)),
        ];
  const coupon = controlCouponPayload(receipt.coupon);
  return {
    heading: t(receipt.cinemaName),
    title: '付款凭证 Receipt',
    lines: [
      ...wrap(`影片 Film: ${t(receipt.filmTitle)}`),
      ...wrap(`场次 Show: ${receipt.showTime}`),
      ...wrap(`影厅 Hall: ${t(receipt.hall)}`),
      ...wrap(`座位 Seats: ${receipt.seats.map(t).join(' ')}`),
      '=',
      ...receipt.lines.flatMap((l) => pair(`${t(l.description)} ×${l.qty}`, yuan(l.qty * l.unitCents))),
      ...(receipt.bookingFeeCents > 0 ? pair('服务费 Booking fee', yuan(receipt.bookingFeeCents)) : []),
      ...pair('合计 Total', yuan(receipt.totalCents)),
      '=',
      ...tender,
      ...pair('终端 Terminal', t(receipt.terminalId)),
      ...pair('时间 Time', receipt.paidAt),
      ...pair('订单 Order', t(receipt.orderId)),
      '=',
    ],
    couponQr: coupon,
    couponLines: [
      ...wrap(`取票号 Pickup no.: ${receipt.coupon.printNo.padStart(16, '0')}`),
      ...wrap(`验证码 Verify code: ${receipt.coupon.verifyCode}`),
      ...wrap('凭此码可在任一自助取票机取票'),
      ...wrap('Show this code at any kiosk to collect your tickets'),
    ],
  };
}
