import { appendCut, appendQr, newDocument } from './escpos-document';
import type { LayoutProfile } from './layout-profile';

export interface Slip {
  /** Centred at the top: the cinema, then the slip's title in large type. */
  heading: string;
  title: string;
  /** Left-aligned body lines; `''` leaves a blank line, a line starting with `=` is a rule. */
  lines: string[];
  /** A QR under the body (a refund code the box office can scan later), with its text below it. */
  qr?: string;
}

/** A box-office slip (refund slip, shift summary) as printer bytes, on the slip printer's profile. */
export function buildSlipBytes(slip: Slip, profile: LayoutProfile): Buffer {
  const { printer, text } = newDocument(profile);
  const width = profile.paperWidthMm === 80 ? 48 : 32;
  printer.alignCenter();
  text(slip.heading);
  printer.setTextDoubleHeight();
  printer.bold(true);
  text(slip.title);
  printer.bold(false);
  printer.setTextNormal();
  printer.alignLeft();
  for (const line of slip.lines) text(line.startsWith('=') ? '-'.repeat(width) : line);
  if (slip.qr) {
    printer.alignCenter();
    appendQr(printer, slip.qr, profile);
    text(slip.qr);
    printer.alignLeft();
  }
  appendCut(printer, profile);
  return Buffer.from(printer.getBuffer());
}
