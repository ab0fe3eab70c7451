import thermal from 'node-thermal-printer';
import { encodeGb18030 } from './gb18030';
import { qrRasterStrips } from './qr-raster';
import type { LayoutProfile } from './ticket-layout';

const { ThermalPrinter, PrinterTypes } = thermal;

export type Printer = InstanceType<typeof ThermalPrinter>;

const LF = Buffer.from([0x0a]);

/**
 * A document for the profile's printer: node-thermal-printer builds the command set of the printer
 * type (alignment, emphasis, sizes, STAR's QR and cuts); our layer fills its gaps: text is GB18030 we
 * encode (it folds by UTF-16 length and knows only GB2312), the two-byte mode switch and margins.
 */
export function newDocument(profile: LayoutProfile): { printer: Printer; text: (line: string) => void } {
  const epson = profile.type === 'epson';
  const printer = new ThermalPrinter({ type: epson ? PrinterTypes.EPSON : PrinterTypes.STAR, width: profile.paperWidthMm === 80 ? 48 : 32, interface: '' });
  const text = (line: string) => {
    printer.add(encodeGb18030(line));
    printer.add(LF);
  };
  printer.add(Buffer.from([0x1b, 0x40]));
  if (!profile.bootsInChineseMode) printer.add(epson ? Buffer.from([0x1c, 0x26]) : Buffer.from([0x1b, 0x70]));
  if (epson && profile.leftMarginDots > 0) printer.add(Buffer.from([0x1d, 0x4c, profile.leftMarginDots & 0xff, profile.leftMarginDots >> 8]));
  return { printer, text };
}

/** The QR store command carries its length in bytes (node-thermal-printer counts UTF-16 units); raster QR goes in strips. */
export function appendQr(printer: Printer, payload: string, profile: LayoutProfile): void {
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

export function appendCut(printer: Printer, profile: LayoutProfile): void {
  if (profile.type === 'star') {
    if (profile.cutMode === 'full') printer.cut();
    else if (profile.cutMode === 'partial') printer.partialCut();
    return;
  }
  printer.add(Buffer.from([0x1b, 0x64, profile.feedLinesBeforeCut]));
  if (profile.cutMode !== 'none') printer.add(Buffer.from([0x1d, 0x56, profile.cutMode === 'full' ? 0 : 1]));
}
