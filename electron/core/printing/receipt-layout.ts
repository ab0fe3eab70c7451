import { receiptText, wrapColumns, type SaleReceipt } from '../../../shared/domain/sale-receipt';
import { appendCut, appendQr, newDocument } from './escpos-document';
import type { LayoutProfile } from './layout-profile';

/**
 * A payment receipt as printer bytes for the receipt (slip) printer: the same text as the mail
 * (receiptText), through the document's one text path, then the control coupon's QR with the pickup
 * number and verify code written under it, so the tickets can be collected later at any kiosk.
 * The printer's font is fixed-width (12 dots a column, a CJK character two): 48 columns on 80 mm
 * paper, 32 on 58 mm; receiptText keeps every line within them, and the heading is wrapped here.
 */
export function buildReceiptBytes(receipt: SaleReceipt, profile: LayoutProfile): Buffer {
  const width = profile.paperWidthMm === 80 ? 48 : 32;
  const body = receiptText(receipt, width);
  const { printer, text } = newDocument(profile);
  printer.alignCenter();
  for (const line of wrapColumns(body.heading, width)) text(line);
  printer.setTextDoubleHeight();
  printer.bold(true);
  text(body.title);
  printer.bold(false);
  printer.setTextNormal();
  printer.alignLeft();
  for (const line of body.lines) text(line === '=' ? '-'.repeat(width) : line);
  printer.alignCenter();
  appendQr(printer, body.couponQr, profile);
  for (const line of body.couponLines) text(line);
  printer.alignLeft();
  appendCut(printer, profile);
  return Buffer.from(printer.getBuffer());
}
