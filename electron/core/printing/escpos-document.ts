import thermal from 'node-thermal-printer';
import { printableText } from '../../../shared/domain/text';
import { encodeGb18030 } from './gb18030';
import { qrRasterStrips } from './qr-raster';
import type { LayoutProfile } from './layout-profile';

const { ThermalPrinter, PrinterTypes } = thermal;

export type Printer = InstanceType<typeof ThermalPrinter>;

/**
 * What a layout may do to the printer besides `text`: styles and reading the bytes. The calls that
 * write text (`println`, `print`, `add`, `printQR`…) are left out, so text cannot bypass `text`.
 */
export type DocumentStyle = Pick<
  Printer,
  | 'alignCenter'
  | 'alignLeft'
  | 'alignRight'
  | 'bold'
  | 'setTextNormal'
  | 'setTextDoubleHeight'
  | 'setTextDoubleWidth'
  | 'setTextQuadArea'
  | 'getBuffer'
>;

const LF = Buffer.from([0x0a]);

/**
 * A document for the profile's printer: node-thermal-printer builds the command set of the printer
 * type (alignment, emphasis, sizes, STAR's QR and cuts); our layer fills its gaps: text is GB18030 we
 * encode (it folds by UTF-16 length and knows only GB2312), the two-byte mode switch and margins.
 * `text` is the one way text reaches the paper: control characters in it (a film title from central,
 * a reason typed at the counter) print as a placeholder and never as a command (cut, drawer pulse,
 * NV memory writes); the layout gets the printer as a DocumentStyle, without the calls that write text.
 */
export function newDocument(profile: LayoutProfile): { printer: DocumentStyle; text: (line: string) => void } {
  const epson = profile.type === 'epson';
  const printer = new ThermalPrinter({
    type: epson ? PrinterTypes.EPSON : PrinterTypes.STAR,
    width: profile.paperWidthMm === 80 ? 48 : 32,
    interface: '',
  });
  const text = (line: string) => {
    printer.add(encodeGb18030(printableText(line)));
    printer.add(LF);
  };
  printer.add(Buffer.from([0x1b, 0x40]));
  if (!profile.bootsInChineseMode) printer.add(epson ? Buffer.from([0x1c, 0x26]) : Buffer.from([0x1b, 0x70]));
  if (epson && profile.leftMarginDots > 0)
    printer.add(Buffer.from([0x1d, 0x4c, profile.leftMarginDots & 0xff, profile.leftMarginDots >> 8]));
  return { printer, text };
}

/**
 * The most data either vendor's QR store command takes (EPSON GS ( k fn 80, STAR ESC GS y D 1): a
 * longer payload would also overflow the two-byte length and spill its bytes into the command stream.
 */
export const QR_MAX_BYTES = 7089;

/**
 * A QR payload is data, kept byte for byte (the national ticket QR is signed: a changed byte fails
 * at the gate), so it is not cleaned like text. It stays inert because it only ever travels inside
 * a store command whose length header counts its UTF-8 bytes (node-thermal-printer counts UTF-16
 * units, and its STAR QR leaves out the store command's header, sending the payload as plain input),
 * or as a raster image; a payload too long for the header is refused.
 */
export function appendQr(doc: DocumentStyle, payload: string, profile: LayoutProfile): void {
  const printer = doc as Printer; // the same object newDocument made
  const data = Buffer.from(payload, 'utf8');
  if (data.length > QR_MAX_BYTES) throw new RangeError(`QR payload of ${data.length} bytes: at most ${QR_MAX_BYTES}`);
  if (profile.qrMode === 'raster') {
    for (const strip of qrRasterStrips(payload, profile.qrModuleDots)) printer.add(strip);
    printer.add(LF);
    return;
  }
  if (profile.type === 'star') {
    // ESC GS y S 0 n (model 2), S 1 n (ECC M), S 2 n (cell 1..8), D 1 0 nL nH data (store), P (print).
    const cell = Math.min(8, Math.max(1, profile.qrModuleDots));
    printer.add(Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x30, 0x02, 0x1b, 0x1d, 0x79, 0x53, 0x31, 0x01, 0x1b, 0x1d, 0x79, 0x53, 0x32, cell]));
    printer.add(Buffer.concat([Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, data.length & 0xff, data.length >> 8]), data]));
    printer.add(Buffer.from([0x1b, 0x1d, 0x79, 0x50]));
    printer.add(LF);
    return;
  }
  const size = data.length + 3;
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, profile.qrModuleDots]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]));
  printer.add(Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, size & 0xff, size >> 8, 0x31, 0x50, 0x30]), data]));
  printer.add(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]));
  printer.add(LF);
}

export function appendCut(doc: DocumentStyle, profile: LayoutProfile): void {
  const printer = doc as Printer; // the same object newDocument made
  if (profile.type === 'star') {
    if (profile.cutMode === 'full') printer.cut();
    else if (profile.cutMode === 'partial') printer.partialCut();
    return;
  }
  printer.add(Buffer.from([0x1b, 0x64, profile.feedLinesBeforeCut]));
  if (profile.cutMode !== 'none') printer.add(Buffer.from([0x1d, 0x56, profile.cutMode === 'full' ? 0 : 1]));
}
