/**
 * The cinema's SarftKioskService (seed 003 §3.14) as the core needs it: Vista's own local service for
 * the SARFT self-service collection interface, on the cinema LAN. It holds what the cloud API never
 * returns (hall, seat, ticket code, the national ticket QR `TicketInfoCode`) and marks tickets printed
 * in Vista's database itself. The HTTP adapter (sarft-kiosk-service.client.ts) implements it and holds
 * every assumption about the wire.
 */
export interface SarftKioskTicket {
  /** VistaBookingNumber, zero-padded to 16 digits. */
  printNo: string;
  ticketCode: string;
  /** The national ticket QR, printed as received; empty where the service does not release it (query). */
  ticketInfoCode: string;
  cinemaCode: string;
  cinemaName: string;
  screenCode: string;
  screenName: string;
  filmCode: string;
  filmName: string;
  sessionCode: string;
  /** ISO 8601 with the cinema's offset. */
  sessionAt: string;
  sessionEpochMs: number;
  seatCode: string;
  seatName: string;
  priceCents: number;
  serviceFeeCents: number;
  printed: boolean;
}

export interface SarftKioskBooking {
  printNo: string;
  tickets: SarftKioskTicket[];
}

export interface SarftKioskService {
  /** Request 1 (`username`, `password`). The adapter also does it by itself when a session is missing or expired. */
  auth(): Promise<void>;
  /** Request 2 (`print_no`, `ticket_count`): the booking's tickets without their QR. `ticketCount` that disagrees: `ticket-count-mismatch`. */
  query(printNo: string, ticketCount?: number): Promise<SarftKioskBooking>;
  /**
   * Request 3 (`print_no`, `verify_code_md5`): proves the verify code and releases every ticket with its
   * QR. Marks nothing. `allPrinted` when the service says every ticket is printed already.
   */
  print(printNo: string, verifyCodeMd5: string): Promise<SarftKioskBooking & { allPrinted: boolean }>;
  /** Request 4 (`print_no`, `ticket_count`): the first `ticketCount` tickets (by sequence) are printed. Idempotent. */
  printResult(printNo: string, ticketCount: number): Promise<void>;
}

/**
 * Why a call failed. `unreachable`: nothing was sent (safe to retry); `unknown-outcome`: the request
 * may have taken effect; `rejected`: the service answered with a refusal (`refusal` says which);
 * `malformed`: the reply is not one we accept (`detail` says why) and nothing of it was used.
 */
export type SarftKioskFailure = 'unreachable' | 'unknown-outcome' | 'rejected' | 'malformed';

export type SarftKioskRefusal =
  | 'bad-credentials'
  | 'not-found'
  | 'verify-code-wrong'
  | 'refunded'
  | 'ticket-count-mismatch'
  | 'not-yet-available'
  | 'no-print-under-way'
  | 'invalid-request'
  | 'other';

export type SarftKioskMalformed =
  'too-large' | 'not-xml' | 'wrong-root' | 'missing-field' | 'wrong-type' | 'unsafe-characters' | 'mismatch';

export class SarftKioskError extends Error {
  constructor(
    readonly failure: SarftKioskFailure,
    message: string,
    readonly detail?: { refusal?: SarftKioskRefusal; malformed?: SarftKioskMalformed; resultCode?: number },
  ) {
    super(message);
  }

  get refusal(): SarftKioskRefusal | undefined {
    return this.detail?.refusal;
  }

  get malformed(): SarftKioskMalformed | undefined {
    return this.detail?.malformed;
  }
}
