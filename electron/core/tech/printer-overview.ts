import type { PrinterStatus } from '../../../shared/contract/ui';
import type { PrinterProfile } from '../config/config';
import { decodeEscPos } from '../printing/escpos-decoder';
import { renderPreview } from '../printing/print-preview';
import type { TicketPrinter } from '../printing/ticket-printer';

/** The printer panel: the profile in use, the printer's status, and a picture of the last job sent to it. */
export async function printerOverview(
  printer: TicketPrinter,
): Promise<{ profile: PrinterProfile; status: PrinterStatus; lastJobPng: string | null }> {
  const bytes = printer.lastJobBytes();
  const profile = printer.profile;
  const png =
    bytes && bytes.length > 0
      ? (await renderPreview(decodeEscPos(bytes).blocks, profile.paperWidthMm === 80 ? 576 : 384)).toString('base64')
      : null;
  return { profile, status: await printer.status(), lastJobPng: png };
}
