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

/**
 * One payment of a booking, as GetSingleBooking's `Payments` lists it and as CompleteOrder's
 * `PaymentInfo` gave it (seed 003 §3.9, §3.11): RefundBooking must send it back unchanged (§3.12).
 */
export interface CentralPayment {
  cardNumber: string;
  cardType: string;
  valueCents: number;
  tenderCategory: string;
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
  /** `Payments`; empty when central lists none, null when they are unreadable. */
  payments: CentralPayment[] | null;
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
  /** `Payments`, as in CentralBooking. */
  payments: CentralPayment[] | null;
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

/**
 * A RefundBooking. It is always sent with `MarkAsRefundedOnly: true` ("always true for third
 * parties", seed 003 §3.12): central marks the tickets refunded and frees the seats; it never pays
 * anything back itself (a third party's sale is paid outside Vista: CompleteOrder's
 * `PerformPayment: false`). Where the money goes back is ours to say: electron/core/refunds/README.md.
 */
export interface RefundBookingRequest {
  bookingNumber: number;
  /** The tickets refunded; sent only where central takes a ticket list (`capabilities.partialRefunds`). */
  ticketSequenceNumbers: number[];
  amountCents: number;
  refundBookingFee: boolean;
  reason: string;
  /**
   * `PaymentInfo` as given at our own CompleteOrder (a sale made here); absent for other channels'
   * bookings, whose `Payments` the adapter reads with GetSingleBooking.
   */
  payment?: CentralPayment;
}

/** What this central system is known to accept beyond the seed. */
export interface CentralCapabilities {
  /** RefundBooking takes `TicketSequenceNumbers` (our extension): some tickets of a booking can be refunded. */
  partialRefunds: boolean;
}

export interface CentralApi {
  readonly capabilities: CentralCapabilities;
  /** GetSingleBooking; null when the booking does not exist. */
  getBooking(bookingNumber: number): Promise<CentralBooking | null>;
  /** GetSingleBooking read for the seed's members only (a central that knows none of our extensions); null when it does not exist. */
  getBookingStatus(bookingNumber: number): Promise<CentralBookingStatus | null>;
  /** MarkBookingAsCollected; idempotent on the central side. */
  markCollected(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<void>;
  /**
   * RefundBooking with `MarkAsRefundedOnly: true` and `PaymentInfo` (seed 003 §3.12); the whole
   * booking unless `capabilities.partialRefunds`. `refundBookingFee` says whether the booking fee
   * goes back, and `amountCents` must then include it or not. Vista's 63 (already refunded) is
   * reported as such. A booking whose payment cannot be named (no `Payments`, or several) is
   * refused before anything is sent (`CentralError` 'no-payment-info').
   */
  refundBooking(request: RefundBookingRequest): Promise<'refunded' | 'already-refunded'>;
}

/**
 * Why a central call failed. `unreachable`: nothing was sent (safe to retry); `unknown-outcome`:
 * the request may have taken effect (read the remote state before retrying); `rejected`: Vista
 * answered with a non-zero code; `no-payment-info`: a RefundBooking was not sent because the
 * booking's payment could not be named (sending it again cannot help: staff must look).
 */
export type CentralFailure = 'unreachable' | 'unknown-outcome' | 'rejected' | 'malformed' | 'no-payment-info';

export class CentralError extends Error {
  constructor(
    readonly failure: CentralFailure,
    message: string,
    readonly vistaCode?: number,
  ) {
    super(message);
  }
}
