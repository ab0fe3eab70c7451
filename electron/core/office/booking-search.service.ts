import { fail, ok, type Result } from '../../../shared/errors';
import type { BookingDetail, UiOutput } from '../../../shared/contract/ui';
import { CentralError } from '../central/central-api';
import { verifyRefundCode } from '../refunds/refund-code';
import type { AuditRepository } from '../storage/repositories/audit.repository';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { IncompleteTicketsRepository } from '../storage/repositories/incomplete-tickets.repository';
import type { RefundsRepository } from '../storage/repositories/refunds.repository';
import { readBookingQuery } from './booking-query';
import { bookingDetailOf, refundViewOf } from './booking-view';

export interface BookingSearchDeps {
  bookings: BookingsRepository;
  refunds: RefundsRepository;
  auditRows: AuditRepository;
  /** Bookings a print was refused for because a ticket lacked data: the booking view says so. */
  incomplete: IncompleteTicketsRepository;
  /** This host's secret: refund codes are signed with it. */
  secret: Buffer;
  /** Folds central's news about a booking into the store; throws a CentralError when central does not answer. */
  refreshFromCentral: (bookingNumber: number) => Promise<unknown>;
  /** The tender of this store's sale of the booking (its refund goes back by it); undefined for bookings sold elsewhere. */
  soldHereBy?: (bookingNumber: number) => 'alipay' | 'cash' | undefined;
}

/**
 * The box office's search box and booking view: what the clerk typed or scanned (pickup number,
 * verify code, a ticket's QR or code, a refund slip's code) read as the booking it names, fresh
 * from central when it answers, else the local copy marked stale.
 */
export class BookingSearchService {
  constructor(private readonly deps: BookingSearchDeps) {}

  /** False when central did not answer (the local copy stands). */
  async refresh(bookingNumber: number): Promise<boolean> {
    try {
      await this.deps.refreshFromCentral(bookingNumber);
      return true;
    } catch (error) {
      if (!(error instanceof CentralError)) throw error;
      return false;
    }
  }

  async booking(bookingNumber: number): Promise<Result<BookingDetail>> {
    const { bookings, refunds, auditRows } = this.deps;
    const stale = !(await this.refresh(bookingNumber));
    const booking = bookings.booking(bookingNumber);
    if (!booking)
      return stale
        ? fail('CENTRAL_UNREACHABLE', 'the central system does not answer and this booking is not stored here')
        : fail('NOT_FOUND', 'no such booking', { bookingNumber });
    return ok(
      bookingDetailOf(
        booking,
        bookings.tickets(bookingNumber),
        refunds.forBooking(bookingNumber),
        auditRows.bySubject(`booking:${bookingNumber}`),
        stale,
        this.missingTicketData(bookingNumber),
        this.soldHere(bookingNumber),
      ),
    );
  }

  private soldHere(bookingNumber: number): BookingDetail['soldHere'] {
    const tender = this.deps.soldHereBy?.(bookingNumber);
    return tender ? { tender } : undefined;
  }

  /** What a refused print lacked, while a ticket is still to print (printed or refunded since: nothing to say). */
  private missingTicketData(bookingNumber: number): string[] {
    const refused = this.deps.incomplete.get(bookingNumber);
    if (!refused) return [];
    const open = this.deps.bookings.tickets(bookingNumber);
    if (open.length > 0 && !open.some((t) => t.state === 'unprinted')) return [];
    return JSON.parse(refused.missing) as string[];
  }

  async find(raw: string): Promise<Result<UiOutput<'office.find'>>> {
    const { bookings, refunds } = this.deps;
    const query = readBookingQuery(raw);
    switch (query.kind) {
      case 'refund-code': {
        const refundId = verifyRefundCode(this.deps.secret, query.text);
        const refund = refundId === null ? undefined : refunds.byId(refundId);
        if (!refund || refund.refund_code !== query.text.trim().toUpperCase())
          return fail('NOT_FOUND', 'not a refund code this cinema issued', { reason: 'refund-code' });
        const booking = await this.booking(refund.booking_number);
        return booking.ok ? ok({ kind: 'refund', refund: refundViewOf(refund), booking: booking.value }) : booking;
      }
      case 'ticket': {
        const ticket = bookings.ticketByCode(query.code);
        if (!ticket) return fail('NOT_FOUND', 'this ticket is not known here', { reason: 'ticket' });
        return this.asFound(await this.booking(ticket.booking_number));
      }
      case 'booking': {
        const booking = await this.booking(query.bookingNumber);
        if (!booking.ok) return booking;
        if (query.verifyMd5 && bookings.booking(query.bookingNumber)?.verify_md5 !== query.verifyMd5)
          return fail('VERIFY_CODE_WRONG', 'the verify code does not match this pickup number');
        return this.asFound(booking);
      }
      case 'verify-code': {
        const found = bookings.bookingByVerifyMd5(query.verifyMd5);
        if (!found)
          return fail('NOT_FOUND', 'no booking with this verify code is stored here: enter the pickup number', { reason: 'verify-code' });
        return this.asFound(await this.booking(found.booking_number));
      }
      default:
        return fail('VALIDATION', 'enter a pickup number, a verify code, or scan a QR or a refund slip', { field: 'query' });
    }
  }

  private asFound(booking: Result<BookingDetail>): Result<UiOutput<'office.find'>> {
    return booking.ok ? ok({ kind: 'booking', booking: booking.value }) : booking;
  }
}
