import { formatYuan } from '../../../shared/domain/money';
import { wallClock } from '../printing/ticket-layout';
import { cinemaClock } from '../../../shared/domain/cinema-time';
import type { Slip } from '../printing/slip-layout';
import type { BookingRow, TicketRow } from '../storage/repositories/bookings.repository';
import { ticketCodesOf, type RefundRow } from '../storage/repositories/refunds.repository';

/** How a refund of a booking this store sold goes back to the customer: the sale's tender and the amount. */
export interface MoneyBack {
  tender: 'alipay' | 'cash';
  amountCents: number;
}

/** The slip's "where the money goes" line: the sale's tender when we sold it, else the README's rule by kind. */
function moneyLine(refund: RefundRow, moneyBack: MoneyBack | undefined): string {
  if (moneyBack?.tender === 'alipay') return `退款去向 Money: 支付宝原路退回 Alipay ¥${formatYuan(moneyBack.amountCents)}`;
  if (moneyBack?.tender === 'cash') return `退款去向 Money: 本柜台现金退还 Cash ¥${formatYuan(moneyBack.amountCents)}`;
  return refund.kind === 'local' ? '退款去向 Money: 本柜台退还 At this counter' : '退款去向 Money: 原支付渠道退回 Original payment';
}

/**
 * The refund slip (Chinese rules: a refund at the counter prints one): cinema, booking, the tickets
 * and seats refunded, amounts, reason, clerk, supervisor, time, terminal, and the refund code as QR.
 * `moneyBack`: a booking this store sold is paid back by its sale's tender, which the slip names.
 */
export function refundSlip(
  refund: RefundRow,
  booking: BookingRow,
  tickets: TicketRow[],
  refundedAt: string,
  copy = false,
  timeZone?: string,
  moneyBack?: MoneyBack,
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
      moneyLine(refund, moneyBack),
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
