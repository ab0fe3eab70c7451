import { fail, ok, type Result } from '../../../shared/errors';
import type { UiOutput } from '../../../shared/contract/ui';
import { printNoOf } from '../../../shared/domain/print-no';
import type { AuditLog } from '../audit/audit-log';
import type { CollectionService } from '../collection/collection.service';
import type { AuditRepository } from '../storage/repositories/audit.repository';
import type { BookingsRepository } from '../storage/repositories/bookings.repository';
import type { StaffSession } from '../staff/staff-auth';

export type CounterPrintOutput = UiOutput<'office.counterPrint'>;

export interface CounterPrintRequest {
  bookingNumber: number;
  /** Told by the customer standing there: the only proof at the counter that the booking is theirs. */
  verifyCode: string;
  /** The dialog's idempotency key: the same request answers the same outcome and never prints again. */
  requestId: string;
}

const FINISHED = 'office.counter-print.finished';

/**
 * An unprinted booking printed at the counter for the customer standing there, through the same
 * print-service claim as a kiosk (apply-print with the verify code's MD5, one ticket per seat,
 * print-result), as the counter's own terminal and on the counter's ticket printer. Each attempt is
 * audited with the clerk before anything is claimed and with its outcome after. What makes it safe
 * against a crash is the kiosk's own machinery: the claim is in the store before the first byte, each
 * ticket is journaled before it is sent, and at start an open claim or journaled job turns its tickets
 * unknown (the attention list). Counter prints run one at a time: the counter has one printer.
 */
export class CounterPrintService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Map<string, Promise<Result<CounterPrintOutput>>>();

  constructor(
    private readonly deps: {
      bookings: Pick<BookingsRepository, 'booking' | 'tickets'>;
      auditRows: Pick<AuditRepository, 'bySubject'>;
      audit: AuditLog;
      /** The kiosk's collection, as the counter's terminal on the counter's printer. */
      collection: () => Promise<Result<Pick<CollectionService, 'collect'>>>;
      /** Lets a claim past its time lapse first, so that it is not taken for one in progress. */
      expireClaims: () => void;
      terminalId: string;
    },
  ) {}

  print(request: CounterPrintRequest, who: StaffSession): Promise<Result<CounterPrintOutput>> {
    const earlier = this.inFlight.get(request.requestId);
    if (earlier) return earlier;
    const answered = this.answeredBefore(request);
    if (answered) return Promise.resolve(answered);
    const run = this.queue.then(() => this.answeredBefore(request) ?? this.run(request, who));
    this.queue = run.catch(() => undefined);
    this.inFlight.set(request.requestId, run);
    void run.finally(() => this.inFlight.delete(request.requestId)).catch(() => undefined);
    return run;
  }

  private async run(request: CounterPrintRequest, who: StaffSession): Promise<Result<CounterPrintOutput>> {
    const { bookingNumber, requestId } = request;
    const booking = this.deps.bookings.booking(bookingNumber);
    if (!booking) return fail('NOT_FOUND', 'no such booking here: find it first', { field: 'bookingNumber' });
    const printNo = printNoOf(bookingNumber);
    this.deps.expireClaims();
    const before = this.deps.bookings.tickets(bookingNumber);
    // A ticket still claimed may be on its way out of a printer (a kiosk's, or this counter's last attempt that faulted).
    if (before.some((t) => t.state === 'claimed'))
      return fail('CLAIMED_ELSEWHERE', 'a ticket of this booking is being printed: wait, or see the attention list');

    const actor = `staff:${who.username}`;
    const subject = `booking:${bookingNumber}`;
    this.deps.audit.append({
      actor,
      terminalId: this.deps.terminalId,
      action: 'office.counter-print.started',
      subject,
      details: { requestId, printNo, unprinted: before.filter((t) => t.state === 'unprinted').map((t) => t.ticket_code) },
    });
    const collection = await this.deps.collection();
    const collected = collection.ok ? await collection.value.collect({ printNo, verifyCode: request.verifyCode, requestId }) : collection;
    const done = this.asCounterRefusal(collected);

    const after = this.deps.bookings.tickets(bookingNumber);
    const was = new Map(before.map((t) => [t.ticket_code, t.state]));
    const printedNow = after.filter((t) => t.state === 'printed' && was.get(t.ticket_code) === 'unprinted').map((t) => t.ticket_code);
    // Claimed still (the printer did not confirm it: unknown once the claim lapses) or unknown already.
    const inDoubt = after.filter((t) => t.state === 'claimed' || (t.state === 'unknown' && was.get(t.ticket_code) !== 'unknown'));
    const result: Result<CounterPrintOutput> = done.ok
      ? ok({ ...done.value, bookingNumber, requestId, terminalId: this.deps.terminalId, ticketCodes: printedNow })
      : done;
    this.deps.audit.append({
      actor,
      terminalId: this.deps.terminalId,
      action: FINISHED,
      subject,
      details: {
        requestId,
        printNo,
        outcome: done.ok ? (done.value.printed === done.value.total ? 'printed' : 'incomplete') : 'refused',
        ...(done.ok ? { answer: result.ok ? result.value : undefined } : { code: done.error.code }),
        printed: printedNow,
        inDoubt: inDoubt.map((t) => t.ticket_code),
      },
    });
    return result;
  }

  /**
   * The print service refusing the counter's own login (its terminal disabled by a technician) is not
   * the clerk's session: it says which terminal, so the screen does not send the clerk to sign in again.
   */
  private asCounterRefusal(result: Result<UiOutput<'kiosk.collect'>>): Result<UiOutput<'kiosk.collect'>> {
    if (result.ok || result.error.code !== 'UNAUTHORIZED') return result;
    return fail(
      'UNAUTHORIZED',
      `the print service does not accept the counter's terminal ${this.deps.terminalId}: a technician checks it`,
      {
        terminalId: this.deps.terminalId,
        field: 'office.terminalId',
      },
    );
  }

  /**
   * The outcome of an earlier attempt with this key that claimed something, also from before a
   * restart (its audit record). Refusals are not kept: trying again after one claims nothing twice.
   */
  private answeredBefore(request: CounterPrintRequest): Result<CounterPrintOutput> | undefined {
    const rows = this.deps.auditRows.bySubject(`booking:${request.bookingNumber}`).filter((r) => r.action === FINISHED);
    for (const row of rows.reverse()) {
      const details = JSON.parse(row.details) as { requestId?: string; answer?: CounterPrintOutput };
      if (details.requestId === request.requestId && details.answer) return ok(details.answer);
    }
    return undefined;
  }
}
