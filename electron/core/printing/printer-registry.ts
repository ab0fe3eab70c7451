import type { PrinterProfile } from '../config/config';
import type { DomainEvents } from '../observability/domain-events';
import { printerTransportFor } from './printer-transport.factory';
import type { PrinterTransport } from './transports/transport';

export type PrinterRole = 'ticket' | 'slip';

/** A printer as jobs use it: the link to it and how to lay out for it. */
export interface CurrentPrinter {
  transport: PrinterTransport;
  profile: PrinterProfile;
}

/**
 * The printers in use now: the ticket printer and, when one is set up, a slip printer (else slips go
 * to the ticket printer). A change applies to the next job, no restart; jobs in flight keep theirs.
 */
export class PrinterRegistry {
  private ticketPrinter: CurrentPrinter;
  private slipProfile: PrinterProfile | undefined;

  constructor(
    ticket: PrinterProfile,
    slip: PrinterProfile | undefined,
    private readonly events?: DomainEvents,
  ) {
    this.ticketPrinter = { transport: printerTransportFor(ticket.url), profile: ticket };
    this.slipProfile = slip;
  }

  current(role: PrinterRole): CurrentPrinter {
    if (role === 'ticket' || !this.slipProfile) return this.ticketPrinter;
    // Built per job, as the slip printer always was: a bad slip address fails the slip, not the start.
    return { transport: printerTransportFor(this.slipProfile.url), profile: this.slipProfile };
  }

  /** Throws on an address no transport accepts; the configuration store checks that first. */
  replace(role: PrinterRole, profile: PrinterProfile): void {
    if (role === 'ticket') this.ticketPrinter = { transport: printerTransportFor(profile.url), profile };
    else this.slipProfile = profile;
    this.events?.emit('printer.changed', { role });
  }
}

/** The check the registry's replace would fail, as a message: for validating before anything is saved. */
export function printerAddressProblem(url: string): string | undefined {
  try {
    printerTransportFor(url);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
