import { buildSlipBytes, type Slip } from './slip-layout';
import type { TicketPrinter } from './ticket-printer';

/**
 * Prints a slip (refund, shift summary) through the slip role's TicketPrinter, which is the ticket
 * printer when no slip printer is set up; true when the printer confirmed it.
 */
export class SlipPrinter {
  constructor(private readonly printer: TicketPrinter) {}

  async print(slip: Slip): Promise<boolean> {
    return (await this.printer.printDocument((profile) => buildSlipBytes(slip, profile))).outcome === 'printed';
  }
}
