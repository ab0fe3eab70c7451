import type { PrinterProfile } from '../../../shared/contract/devices';
import { printJob } from './print-job';
import { printerTransportFor } from './printer-transport.factory';
import { buildSlipBytes, type Slip } from './slip-layout';
import type { PrinterTransport } from './transports/transport';

export interface SlipPrinterDeps {
  /** The slip printer's profile when one is set up (read at each slip: a technician may change it). */
  slipProfile: () => PrinterProfile | undefined;
  /** The ticket printer in use now, which prints slips when no slip printer is set up. */
  ticketPrinter: () => { transport: PrinterTransport; profile: PrinterProfile };
}

/** Prints a slip (refund, shift summary) on the slip printer, else on the ticket printer; true when the printer confirmed it. */
export class SlipPrinter {
  constructor(private readonly deps: SlipPrinterDeps) {}

  async print(slip: Slip): Promise<boolean> {
    const slipProfile = this.deps.slipProfile();
    const { transport, profile } = slipProfile ? { transport: printerTransportFor(slipProfile.url), profile: slipProfile } : this.deps.ticketPrinter();
    return (await printJob(transport, buildSlipBytes(slip, profile), profile.ticketTimeoutMs)).outcome === 'printed';
  }
}
