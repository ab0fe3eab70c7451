import type { ReleasedTicket } from '../../../shared/contract/sarft';
import { formatYuan } from '../../../shared/domain/money';
import { appendCut, appendQr, newDocument } from './escpos-document';
import { defaultLayoutProfile, type LayoutProfile } from './layout-profile';

export interface TicketPrintContext {
  terminalId: string;
  /** ISO 8601 with offset, in the cinema's time. */
  printedAt: string;
  /** 0 for the first print; n prints "REPRINT n". */
  reprint?: number;
}

// The profile type sits in its own file so that escpos-document.ts need not import this one back.
export { defaultLayoutProfile, type LayoutProfile } from './layout-profile';

/** `2026-11-24T19:30:00+08:00` → `2026-11-24 19:30`: the cinema's wall clock, 24 h, as received. */
export function wallClock(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/u.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** One ticket, one seat, as printer bytes (PRODUCT.md "The printed ticket"). */
export function buildTicketBytes(
  ticket: ReleasedTicket,
  context: TicketPrintContext,
  profile: LayoutProfile = defaultLayoutProfile,
): Buffer {
  const { printer, text } = newDocument(profile);
  printer.alignCenter();
  text(ticket.cinemaName);
  printer.setTextQuadArea();
  printer.bold(true);
  text(ticket.filmName);
  printer.bold(false);
  printer.setTextNormal();
  text(ticket.screenName);
  text(wallClock(ticket.sessionDateTime));
  printer.setTextQuadArea();
  text(ticket.seatName);
  printer.setTextNormal();
  if (context.reprint && context.reprint > 0) {
    printer.bold(true);
    text(`REPRINT ${context.reprint}`);
    printer.bold(false);
  }

  printer.alignLeft();
  text(`票价 Price: ¥${formatYuan(ticket.priceCents)}`);
  text(`服务费 Fee: ¥${formatYuan(ticket.serviceFeeCents)}`);

  printer.alignCenter();
  appendQr(printer, ticket.ticketInfoCode, profile);
  printer.alignLeft();
  text(`票号 Ticket: ${ticket.ticketCode}`);
  text(`打印 Printed: ${wallClock(context.printedAt)}`);
  text(`终端 Terminal: ${context.terminalId}`);
  appendCut(printer, profile);
  return Buffer.from(printer.getBuffer());
}
