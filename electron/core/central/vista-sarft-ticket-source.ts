import { createHash } from 'node:crypto';
import { CentralError, type CentralApi, type CentralBooking, type CentralBookingStatus, type CentralTicket } from './central-api';
import { VistaCode } from './response-codes';
import { SarftKioskError, type SarftKioskBooking, type SarftKioskService } from './sarft-kiosk-service';
import { TicketDataIncomplete, TicketsNotYetIssued, type TicketSource } from './ticket-source';
import type { RequiredTicketField } from '../../../shared/domain/complete-ticket';

/** A ticket as the local copy keeps it: what the source answered before (refunded tickets leave the cinema's lists). */
export interface KnownTicket {
  sequence: number;
  ticketCode: string;
  seatName: string;
  priceCents: number;
  serviceFeeCents: number;
  ticketInfoCode: string;
  /** Printed at this cinema (by our kiosks or counter), whatever the cinema's service has recorded yet. */
  printedHere: boolean;
}

/**
 * The `vista-sarft` ticket source: the cinema's own SarftKioskService (seed 003 §3.14) gives the ticket
 * data and the national QR and keeps the printed mark; GetSingleBooking (only the members §3.11 lists)
 * gives the verify code and says what was refunded, cancelled or collected.
 *
 * Our assumptions beyond the seed, all here (the wire itself is sarft-kiosk-service.client.ts's):
 * - Request 3 (`print_no`, `verify_code_md5`) is the one that releases `TicketInfoCode`, and it marks
 *   nothing; so a booking is read with GetSingleBooking then request 3 (with the MD5 of the BookingId
 *   GetSingleBooking gave). Its "not yet issued" (2006) is "try again later" for the customer.
 * - The service lists a booking's tickets in TicketSequenceNumber order and leaves refunded tickets out:
 *   its n-th ticket is GetSingleBooking's n-th ticket not refunded. Counts that disagree are refused
 *   as malformed (nothing prints from data we cannot pair).
 * - Request 4 (`print_no`, `ticket_count`) says "the first ticket_count tickets are printed" and needs a
 *   request 3 before it on the same session. So the printed mark sends the longest run of printed
 *   tickets from the first one: tickets printed here after one that is not (a partial print, an unknown
 *   ticket, a ticket chosen alone) cannot be marked yet. Such a mark fails as `rejected` (not final):
 *   the outbox retries it, and once the tickets before it are printed the run covers it; else it ends in
 *   dead letters, on the box office's attention list (Vista's own booking screen can settle it).
 * - A mark never lowers the count: the service's own PrintFlag run and GetSingleBooking's collected
 *   tickets count as printed.
 */
export class VistaSarftTicketSource implements TicketSource {
  readonly kind = 'vista-sarft' as const;
  readonly qrMayComeLater = false;

  constructor(
    private readonly deps: {
      central: Pick<CentralApi, 'getBookingStatus'>;
      kiosk: SarftKioskService;
      /** The tickets of the booking the local copy holds (for refunded tickets the service no longer lists, and marks). */
      known: (bookingNumber: number) => KnownTicket[];
    },
  ) {}

  async getBooking(bookingNumber: number): Promise<CentralBooking | null> {
    const status = await this.deps.central.getBookingStatus(bookingNumber);
    if (!status) return null;
    const live = status.tickets.filter((t) => t.refunded !== 'yes');
    const released = live.length === 0 || status.cancelled ? undefined : await this.release(status);
    if (released && released.tickets.length !== live.length)
      throw new CentralError(
        'malformed',
        `SarftKioskService lists ${released.tickets.length} tickets of booking ${bookingNumber}, GetSingleBooking ${live.length} not refunded`,
      );
    const known = new Map(this.deps.known(bookingNumber).map((t) => [t.sequence, t]));
    const tickets: CentralTicket[] = [];
    for (const t of status.tickets) {
      const index = live.indexOf(t);
      const cinema = index >= 0 ? released?.tickets[index] : undefined;
      if (cinema) {
        tickets.push({
          sequence: t.sequence,
          ticketCode: cinema.ticketCode,
          ticketInfoCode: cinema.ticketInfoCode,
          seatName: cinema.seatName,
          priceCents: cinema.priceCents,
          serviceFeeCents: cinema.serviceFeeCents,
          sessionAt: cinema.sessionAt,
          sessionEpochMs: cinema.sessionEpochMs,
          collected: t.collected === 'yes' || cinema.printed ? 'yes' : t.collected,
          refunded: t.refunded,
        });
        continue;
      }
      // Refunded (or the booking cancelled): the service no longer lists it; the local copy's data stands.
      const mine = known.get(t.sequence);
      if (!mine) continue;
      tickets.push({
        sequence: t.sequence,
        ticketCode: mine.ticketCode,
        ticketInfoCode: mine.ticketInfoCode,
        seatName: mine.seatName,
        priceCents: mine.priceCents,
        serviceFeeCents: mine.serviceFeeCents,
        sessionAt: t.sessionAt,
        sessionEpochMs: t.sessionEpochMs,
        collected: t.collected,
        refunded: t.refunded,
      });
    }
    const first = released?.tickets[0];
    return {
      bookingNumber: status.bookingNumber,
      bookingId: status.bookingId,
      cinemaId: status.cinemaId,
      payments: status.payments,
      cinemaCode: first?.cinemaCode ?? '',
      cinemaName: first?.cinemaName ?? status.cinemaName,
      filmTitle: first?.filmName ?? status.tickets[0]?.filmTitle ?? '',
      screenName: first?.screenName ?? '',
      // Every ticket refunded: the service lists none (2003), and the tickets it never listed cannot be kept
      // here without their codes; the booking as a whole is what a kiosk is refused for.
      cancelled: status.cancelled || (status.tickets.length > 0 && live.length === 0),
      tickets,
    };
  }

  async markPrinted(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<void> {
    const status = await this.deps.central.getBookingStatus(request.bookingNumber);
    if (!status) throw new CentralError('rejected', `booking ${request.bookingNumber} does not exist`, VistaCode.BookingDoesNotExist);
    const live = status.tickets.filter((t) => t.refunded !== 'yes');
    const printed = new Set([
      ...request.ticketSequenceNumbers,
      ...this.deps.known(request.bookingNumber).flatMap((t) => (t.printedHere ? [t.sequence] : [])),
      ...live.flatMap((t) => (t.collected === 'yes' ? [t.sequence] : [])),
    ]);
    let run = 0;
    while (run < live.length && printed.has(live[run]!.sequence)) run += 1;
    const marked = live.findIndex((t) => t.collected !== 'yes');
    const alreadyMarked = marked === -1 ? live.length : marked;
    if (run > alreadyMarked) await this.markRun(status, run);
    const beyond = request.ticketSequenceNumbers.filter((n) => live.findIndex((t) => t.sequence === n) >= run);
    if (beyond.length > 0)
      throw new CentralError(
        'rejected',
        `tickets ${beyond.join(', ')} of booking ${request.bookingNumber} printed after a ticket that is not: the cinema's SarftKioskService marks only the first ticket_count tickets printed (${run} marked)`,
      );
  }

  async isMarkedPrinted(request: { bookingNumber: number; ticketSequenceNumbers: number[] }): Promise<boolean> {
    const status = await this.deps.central.getBookingStatus(request.bookingNumber);
    if (!status) return false;
    return request.ticketSequenceNumbers.every((n) => {
      const t = status.tickets.find((x) => x.sequence === n);
      return t?.collected === 'yes' || t?.refunded === 'yes';
    });
  }

  /** Request 3, then request 4 on the same session; once more from request 3 if the session changed in between (2007). */
  private async markRun(status: CentralBookingStatus, count: number): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      await this.release(status);
      try {
        await this.deps.kiosk.printResult(printNoOf(status.bookingNumber), count);
        return;
      } catch (error) {
        if (attempt === 0 && error instanceof SarftKioskError && error.refusal === 'no-print-under-way') continue;
        throw centralErrorOf(error);
      }
    }
  }

  /** Request 3: every ticket not refunded, with its national QR. */
  private async release(status: CentralBookingStatus): Promise<SarftKioskBooking> {
    const md5 = createHash('md5').update(status.bookingId).digest('hex');
    try {
      return await this.deps.kiosk.print(printNoOf(status.bookingNumber), md5);
    } catch (error) {
      if (error instanceof SarftKioskError && error.refusal === 'not-yet-available')
        throw new TicketsNotYetIssued(`booking ${status.bookingNumber}: the national ticket QR is not issued yet`);
      const lacking = error instanceof SarftKioskError ? lackingField(error) : undefined;
      if (lacking) throw new TicketDataIncomplete(`SarftKioskService: ${(error as Error).message}`, [lacking], md5);
      throw centralErrorOf(error);
    }
  }
}

const printNoOf = (bookingNumber: number): string => String(bookingNumber).padStart(16, '0');

/** The service's fields a ticket must print, by the name the client's refusal gives. */
const requiredFields: Record<string, RequiredTicketField> = {
  CinemaName: 'cinemaName',
  FilmName: 'filmName',
  SessionDateTime: 'sessionDateTime',
  ScreenName: 'screenName',
  SeatName: 'seatName',
  Price: 'priceCents',
  TicketInfoCode: 'ticketInfoCode',
};

/**
 * A reply refused because a ticket lacks a field it must print, or carries an empty or unreadable one
 * (the client refuses `<ScreenName/>` as of the wrong form): a ticket that cannot be completed, for the
 * box office, rather than a fault of the service. Unsafe characters stay a malformed reply.
 */
function lackingField(error: SarftKioskError): RequiredTicketField | undefined {
  if (error.malformed !== 'missing-field' && error.malformed !== 'wrong-type') return undefined;
  const named = /\((?:missing-field|wrong-type): (\w+)\)$/u.exec(error.message)?.[1];
  return named ? requiredFields[named] : undefined;
}

/** The service's failures in central's terms (the same four kinds), its refusal named in the message. */
function centralErrorOf(error: unknown): unknown {
  if (!(error instanceof SarftKioskError)) return error;
  const named = error.refusal ?? error.malformed;
  return new CentralError(error.failure, `SarftKioskService: ${error.message}${named ? ` (${named})` : ''}`, error.detail?.resultCode);
}
