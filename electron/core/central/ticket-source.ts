import type { RequiredTicketField } from '../../../shared/domain/complete-ticket';
import { CentralError, type CentralApi, type CentralBooking } from './central-api';

/**
 * Where a booking's printable ticket data, its national QR and its printed mark come from.
 * - `central`: the central booking API alone (GetSingleBooking with our extended fields: ticket
 *   code, seat, hall, QR; the printed mark is MarkBookingAsCollected).
 * - `vista-sarft`: the cinema's own SarftKioskService (seed 003 §3.14) gives the ticket data and
 *   the QR and keeps the printed mark; GetSingleBooking says only whether the booking or a ticket
 *   was refunded, cancelled or collected.
 */
export type TicketSourceKind = 'central' | 'vista-sarft';

/** The port every collection path reads tickets and writes printed marks through. */
export interface TicketSource {
  readonly kind: TicketSourceKind;
  /**
   * The booking with every ticket's printable data and its refunded/collected status, tickets in
   * TicketSequenceNumber order; null when the booking does not exist. Throws CentralError. A field
   * the source did not give is empty (`''`, or a negative price): the print service refuses such a
   * ticket rather than print it incomplete.
   */
  getBooking(bookingNumber: number): Promise<CentralBooking | null>;
  /**
   * Records at the source that these tickets (by TicketSequenceNumber) are printed. Idempotent:
   * repeating it after an unknown outcome changes nothing more. Throws CentralError.
   */
  markPrinted(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<void>;
  /**
   * Whether the marks of these tickets are already recorded at the source (read before repeating a
   * markPrinted whose outcome is unknown). Throws CentralError.
   */
  isMarkedPrinted(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<boolean>;
  /**
   * Whether an empty national QR means "not issued yet, try again later" (`central`: Vista issues it
   * some minutes after the sale) rather than a ticket the source cannot complete (`vista-sarft`).
   */
  readonly qrMayComeLater: boolean;
}

/** Today's source: everything from the central booking API. */
export class CentralTicketSource implements TicketSource {
  readonly kind = 'central' as const;
  readonly qrMayComeLater = true;

  constructor(private readonly central: CentralApi) {}

  getBooking(bookingNumber: number): Promise<CentralBooking | null> {
    return this.central.getBooking(bookingNumber);
  }

  markPrinted(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<void> {
    return this.central.markCollected(request);
  }

  async isMarkedPrinted(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<boolean> {
    const booking = await this.central.getBooking(request.bookingNumber);
    if (!booking) return false;
    return request.ticketSequenceNumbers.every((n) => booking.tickets.find((t) => t.sequence === n)?.collected === 'yes');
  }
}

/** The source has the booking but not yet its national QR: the customer may try again later. */
export class TicketsNotYetIssued extends CentralError {
  constructor(message: string) {
    super('rejected', message);
  }
}

/**
 * The source has the booking but a ticket lacks (or carries no valid) field a ticket must print: nothing
 * of it can be printed. `verifyMd5` lets the print service check the caller's code before it records this.
 */
export class TicketDataIncomplete extends CentralError {
  constructor(
    message: string,
    readonly missing: RequiredTicketField[],
    readonly verifyMd5: string,
  ) {
    super('malformed', message);
  }
}
