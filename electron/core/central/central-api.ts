/** The central booking system as the core needs it. The Vista HTTP adapter implements it. */
export interface CentralTicket {
  sequence: number;
  ticketCode: string;
  /** Empty until the national ticket QR has been issued. */
  ticketInfoCode: string;
  seatName: string;
  priceCents: number;
  serviceFeeCents: number;
  /** ISO 8601 with the cinema's offset. */
  sessionAt: string;
  sessionEpochMs: number;
  collected: 'yes' | 'no' | 'unknown';
  refunded: 'yes' | 'no' | 'unknown';
}

export interface CentralBooking {
  bookingNumber: number;
  bookingId: string;
  cinemaId: string;
  cinemaCode: string;
  cinemaName: string;
  filmTitle: string;
  screenName: string;
  cancelled: boolean;
  tickets: CentralTicket[];
}

/**
 * What GetSingleBooking says of a booking in the members seed 003 §3.11 lists (no seat, hall, ticket
 * code or QR): its verify code, and whether it or a ticket was cancelled, refunded or collected.
 */
export interface CentralBookingStatus {
  bookingNumber: number;
  bookingId: string;
  cinemaId: string;
  cinemaName: string;
  cancelled: boolean;
  tickets: {
    sequence: number;
    filmTitle: string;
    priceCents: number;
    sessionAt: string;
    sessionEpochMs: number;
    collected: 'yes' | 'no' | 'unknown';
    refunded: 'yes' | 'no' | 'unknown';
  }[];
}

export interface RefundBookingRequest {
  bookingNumber: number;
  ticketSequenceNumbers: number[];
  amountCents: number;
  refundBookingFee: boolean;
  reason: string;
  markAsRefundedOnly: boolean;
}

export interface CentralApi {
  /** GetSingleBooking; null when the booking does not exist. */
  getBooking(bookingNumber: number): Promise<CentralBooking | null>;
  /** GetSingleBooking read for the seed's members only (a central that knows none of our extensions); null when it does not exist. */
  getBookingStatus(bookingNumber: number): Promise<CentralBookingStatus | null>;
  /** MarkBookingAsCollected; idempotent on the central side. */
  markCollected(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<void>;
  /**
   * RefundBooking. `markAsRefundedOnly` records a refund paid out at the cinema (printed tickets);
   * false asks central to refund the payment. `refundBookingFee` says whether the booking fee goes
   * back, and `amountCents` must then include it or not (seed 003 §3.12). Vista's 63 (already
   * refunded) is reported as such.
   */
  refundBooking(request: RefundBookingRequest): Promise<'refunded' | 'already-refunded'>;
}

/**
 * Why a central call failed. `unreachable`: nothing was sent (safe to retry); `unknown-outcome`:
 * the request may have taken effect (read the remote state before retrying); `rejected`: Vista
 * answered with a non-zero code.
 */
export type CentralFailure = 'unreachable' | 'unknown-outcome' | 'rejected' | 'malformed';

export class CentralError extends Error {
  constructor(
    readonly failure: CentralFailure,
    message: string,
    readonly vistaCode?: number,
  ) {
    super(message);
  }
}
