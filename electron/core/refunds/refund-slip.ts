import { formatYuan } from '../../../shared/domain/money';
import { moneyBackOf, type MoneyBack } from '../../../shared/domain/money-back';
import { wallClock } from '../printing/ticket-layout';
import { cinemaClock } from '../../../shared/domain/cinema-time';
import type { Slip } from '../printing/slip-layout';
import type { BookingRow, TicketRow } from '../storage/repositories/bookings.repository';
import { ticketCodesOf, type RefundRow } from '../storage/repositories/refunds.repository';
import type { OwnSaleMoneyBack } from '../../../shared/domain/money-back';

/** The refund's money-back as `moneyBackOf` decides it (the office's answer says the same): its total by default. */
export function refundMoneyBack(refund: RefundRow, ownSale?: OwnSaleMoneyBack): MoneyBack {
  return moneyBackOf(refund.kind, refund.ticket_cents + refund.booking_fee_cents, ownSale);
}

/** The slip's "where the money goes" line, by the shared decision (shared/domain/money-back.ts). */
function moneyLine(moneyBack: MoneyBack): string {
  switch (moneyBack.way) {
    case 'alipay':
      return `退款去向 Money: 支付宝原路退回 Alipay ¥${formatYuan(moneyBack.cents)}`;
    case 'cash':
      return `退款去向 Money: 本柜台现金退还 Cash ¥${formatYuan(moneyBack.cents)}`;
    case 'counter':
      return '退款去向 Money: 本柜台退还 At this counter';
    case 'original-payment':
      return '退款去向 Money: 原支付渠道退回 Original payment';
  }
}

/**
 * The refund slip (Chinese rules: a refund at the counter prints one): cinema, booking, the tickets
 * and seats refunded, amounts, reason, clerk, supervisor, time, terminal, and the refund code as QR.
 * `moneyBack`: where the money goes (`refundMoneyBack`); a booking this store sold is paid back by its
 * sale's tender, which the slip names.
 */
export function refundSlip(
  refund: RefundRow,
  booking: BookingRow,
  tickets: TicketRow[],
  refundedAt: string,
  copy = false,
  timeZone?: string,
  moneyBack: MoneyBack = refundMoneyBack(refund),
): Slip {
  const codes = ticketCodesOf(refund);
  const refunded = tickets.filter((t) => codes.includes(t.ticket_code));
  return {
    heading: booking.cinema_name,
    title: copy ? '退票凭证 REFUND (副本 COPY)' : '退票凭证 REFUND',
    lines: [
      `订单 Booking: ${String(booking.booking_number).padStart(16, '0')}`,
      `影片 Film: ${booking.film_title}`,
      `影厅 Hall: ${booking.screen_name}`,
      `场次 Show: ${wallClock(booking.session_at)}`,
      refund.kind === 'local' ? '方式 Type: 影城退票 At the cinema' : '方式 Type: 线上退款 Online',
      '=',
      ...refunded.flatMap((t) => [`${t.seat_name}  ¥${formatYuan(t.price_cents)}`, `  票号 Ticket ${t.ticket_code}`]),
      '=',
      `票款 Tickets: ¥${formatYuan(refund.ticket_cents)}`,
      `服务费 Fee: ¥${formatYuan(refund.booking_fee_cents)}${refund.booking_fee_refunded ? '' : ' (不退 kept)'}`,
      `退款合计 Total: ¥${formatYuan(refund.ticket_cents + refund.booking_fee_cents)}`,
      // Where the money goes back (README "Where the money goes back"): central pays nothing back itself.
      moneyLine(moneyBack),
      `原因 Reason: ${refund.reason}`,
      `经办 Clerk: ${refund.clerk}`,
      `批准 Supervisor: ${refund.supervisor ?? '-'}`,
      // The cinema's zone when known: the PC's (or the offset's) clock could differ from the one on the wall.
      `时间 Time: ${timeZone ? cinemaClock(refundedAt, timeZone) : wallClock(refundedAt)}`,
      `终端 Terminal: ${refund.terminal_id}`,
    ],
    qr: refund.refund_code,
  };
}
