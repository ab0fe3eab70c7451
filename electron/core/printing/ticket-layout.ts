import thermal from 'node-thermal-printer';
import type { ReleasedTicket } from '../../../shared/contract/sarft';
import { formatYuan } from '../../../shared/domain/money';
import type { PrinterProfile } from '../config/config';
import { encodeGb18030 } from './gb18030';
import { qrRasterStrips } from './qr-raster';

const { ThermalPrinter, PrinterTypes } = thermal;

export interface TicketPrintContext {
  terminalId: string;
  /** ISO 8601 with offset, in the cinema's time. */
  printedAt: string;
  /** 0 for the first print; n prints "REPRINT n". */
  reprint?: number;
}

/** The profile fields the layout needs; the rest have the config's defaults. */
export type LayoutProfile = Pick<PrinterProfile, 'type' | 'paperWidthMm' | 'bootsInChineseMode' | 'qrMode' | 'qrModuleDots' | 'cutMode' | 'leftMarginDots' | 'feedLinesBeforeCut'>;

export const defaultLayoutProfile: LayoutProfile = {
  type: 'epson',
  paperWidthMm: 80,
  bootsInChineseMode: false,
  qrMode: 'native',
  qrModuleDots: 4,
  cutMode: 'partial',
  leftMarginDots: 0,
  feedLinesBeforeCut: 3,
};

const LF = Buffer.from([0x0a]);

/** `2026-11-24T19:30:00+08:00` → `2026-11-24 19:30`: the cinema's wall clock, 24 h, as received. */
export function wallClock(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/u.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/**
 * One ticket, one seat, as printer bytes. node-thermal-printer builds the command set of the
 * printer type (alignment, emphasis, sizes, STAR's QR and cuts); our layer fills its gaps: text is
 * GB18030 we encode (it folds by UTF-16 length and knows only GB2312), the two-byte mode switch, the
 * QR store command with its length in bytes (it counts UTF-16 units), raster QR in strips, margins and cuts.
 */
export function buildTicketBytes(ticket: ReleasedTicket, context: TicketPrintContext, profile: LayoutProfile = defaultLayoutProfile): Buffer {
  const epson = profile.type === 'epson';
  const printer = new ThermalPrinter({ type: epson ? PrinterTypes.EPSON : PrinterTypes.STAR, width: profile.paperWidthMm === 80 ? 48 : 32, interface: '' });
  const text = (line: string) => {
    printer.add(encodeGb18030(line));
    printer.add(LF);
  };
  printer.add(Buffer.from([0x1b, 0x40]));
  if (!profile.bootsInChineseMode) printer.add(epson ? Buffer.from([0x1c, 0x26]) : Buffer.from([0x1b, 0x70]));
  if (epson && profile.leftMarginDots > 0) printer.add(Buffer.from([0x1d, 0x4c, profile.leftMarginDots & 0xff, profile.leftMarginDots >> 8]));

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

type Printer = InstanceType<typeof ThermalPrinter>;

function appendQr(printer: Printer, payload: string, profile: LayoutProfile): void {
  if (profile.qrMode === 'raster') {
    for (const strip of qrRasterStrips(payload, profile.qrModuleDots)) printer.add(strip);
    printer.add(LF);
    return;
  }
  if (profile.type === 'star' || /^[\x20-\x7e]*$/u.test(payload)) {
    printer.printQR(payload, { cellSize: profile.qrModuleDots, correction: 'M', model: 2 });
    printer.add(LF);
    return;
  }
  const data = Buffer.from(payload, 'utf8');
  const size = data.length + 3;
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, profile.qrModuleDots]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]));
  printer.add(Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, size & 0xff, size >> 8, 0x31, 0x50, 0x30]), data]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]));
  printer.add(LF);
}

function appendCut(printer: Printer, profile: LayoutProfile): void {
  if (profile.type === 'star') {
    if (profile.cutMode === 'full') printer.cut();
    else if (profile.cutMode === 'partial') printer.partialCut();
    return;
  }
  printer.add(Buffer.from([0x1b, 0x64, profile.feedLinesBeforeCut]));
  if (profile.cutMode !== 'none') printer.add(Buffer.from([0x1d, 0x56, profile.cutMode === 'full' ? 0 : 1]));
}
