import { saleReceiptSchema, type SaleReceiptInput } from '../../../shared/domain/sale-receipt';
import { fail, ok, type Result } from '../../../shared/errors';
import { buildReceiptBytes } from './receipt-layout';
import type { DocumentOutcome, TicketPrinter } from './ticket-printer';

/**
 * Prints payment receipts on the slip role's printer (the ticket printer when the kiosk has no
 * receipt printer), through the one printer protocol: `printed` only when the printer confirmed it.
 * A receipt whose amounts do not add up is refused (VALIDATION) before anything is sent.
 */
export class ReceiptPrinter {
  constructor(private readonly printer: TicketPrinter) {}

  async print(input: SaleReceiptInput): Promise<Result<{ outcome: DocumentOutcome }>> {
    const parsed = saleReceiptSchema.safeParse(input);
    if (!parsed.success)
      return fail('VALIDATION', 'the receipt is not valid', {
        reason: 'receipt-invalid',
        problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    const { outcome } = await this.printer.printDocument((profile) => buildReceiptBytes(parsed.data, profile));
    return ok({ outcome });
  }
}
