import thermal from 'node-thermal-printer';
import type { ReleasedTicket } from '../../../shared/contract/sarft';
import { formatYuan } from '../../../shared/domain/money';
import { encodeGb18030 } from './gb18030';

const { ThermalPrinter, PrinterTypes } = thermal;

export interface TicketPrintContext {
  terminalId: string;
  /** ISO 8601 with offset, in the cinema's time. */
  printedAt: string;
  paperWidthMm: 80 | 58;
  /** 0 for the first print; n prints "REPRINT n". */
  reprint?: number;
}

const FS_KANJI_ON = Buffer.from([0x1c, 0x26]);
const LF = Buffer.from([0x0a]);

/** `2026-11-24T19:30:00+08:00` → `2026-11-24 19:30`: the cinema's wall clock, 24 h, as received. */
export function wallClock(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/u.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/**
 * One ticket, one seat, as ESC/POS bytes. node-thermal-printer builds the commands; text goes in
 * as GB18030 bytes we encode (the library folds by UTF-16 length and knows only GB2312), and the
 * QR store command is ours when the payload is not ASCII (the library counts its length in UTF-16 units).
 */
export function buildTicketBytes(ticket: ReleasedTicket, context: TicketPrintContext): Buffer {
  const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, width: context.paperWidthMm === 80 ? 48 : 32, interface: '' });
  const text = (line: string) => {
    printer.add(encodeGb18030(line));
    printer.add(LF);
  };
  printer.add(Buffer.from([0x1b, 0x40]));
  printer.add(FS_KANJI_ON);

  printer.alignCenter();
  text(ticket.cinemaName);
  printer.setTextSize(1, 1);
  printer.bold(true);
  text(ticket.filmName);
  printer.bold(false);
  printer.setTextNormal();
  text(ticket.screenName);
  text(wallClock(ticket.sessionDateTime));
  printer.setTextSize(1, 1);
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
  appendQr(printer, ticket.ticketInfoCode);
  printer.alignLeft();
  text(`票号 Ticket: ${ticket.ticketCode}`);
  text(`打印 Printed: ${wallClock(context.printedAt)}`);
  text(`终端 Terminal: ${context.terminalId}`);
  printer.cut();
  return Buffer.from(printer.getBuffer());
}

type Printer = InstanceType<typeof ThermalPrinter>;

function appendQr(printer: Printer, payload: string): void {
  if (/^[\x20-\x7e]*$/u.test(payload)) {
    printer.printQR(payload, { cellSize: 4, correction: 'M', model: 2 });
    return;
  }
  const data = Buffer.from(payload, 'utf8');
  const size = data.length + 3;
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x04]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]));
  printer.add(Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, size & 0xff, size >> 8, 0x31, 0x50, 0x30]), data]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]));
}
