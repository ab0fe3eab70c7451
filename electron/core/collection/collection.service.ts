import { createHash, randomUUID } from 'node:crypto';
import { SarftCode } from '../../../shared/contract/sarft-codes';
import type { ReleasedTicket } from '../../../shared/contract/sarft';
import type { UiEvent, UiOutput } from '../../../shared/contract/ui';
import { fail, ok, type Result } from '../../../shared/errors';
import { padPrintNo } from '../../../shared/domain/print-no';
import type { Logger } from '../observability/logger';
import type { PrintServiceClient } from '../print-service/print-service.client';
import type { PrintJobsRepository } from '../storage/repositories/print-jobs.repository';
import { buildTicketBytes } from '../printing/ticket-layout';
import type { PrintRun, TicketPrinter } from '../printing/ticket-printer';
import { timingMark } from '../observability/timing-marks';
import { toIsoWithOffset } from '../central/vista-date';
import { uiErrorOfSarft } from './sarft-errors';
import { missingOfTickets } from '../../../shared/domain/complete-ticket';

export interface CollectionDeps {
  client: PrintServiceClient;
  printer: TicketPrinter;
  jobs: PrintJobsRepository;
  cinemaOffsetMinutes: number;
  emit: (event: UiEvent) => void;
  logger: Logger;
  now: () => number;
  /**
   * True when the print service this terminal reports to commits into this terminal's own store (the
   * host's print service, in the same process): its print-result commit then makes the journal's
   * `printed` mark durable in the same fsync (PrintJobsRepository.finishPrintedFlushedByPrintResult).
   * False or absent (a remote print service): the mark is flushed on its own.
   */
  printResultSharesStore?: boolean;
}

type TicketOutcome = 'printed' | 'failed' | 'unknown';

/** What a claim and its printing left for print-result. */
interface Printed {
  printToken: string;
  tickets: ReleasedTicket[];
  outcomes: TicketOutcome[];
}

/** Collect at a kiosk: look up, check the printer, claim, print one ticket per seat, report. */
export class CollectionService {
  constructor(private readonly deps: CollectionDeps) {}

  /**
   * Both codes proven before anything of the booking is shown: the query carries the verify code's MD5
   * (our extension of the query, shared/contract/sarft.ts), is counted like apply-print, claims nothing
   * and releases no admission credential. The printer is asked first, so a customer whose tickets could
   * not come out is told before the ticket screen, and without spending an attempt.
   */
  async lookup(input: { printNo: string; verifyCode: string }): Promise<Result<UiOutput<'kiosk.lookup'>>> {
    const printNo = padPrintNo(input.printNo);
    if (!printNo) return fail('VALIDATION', 'printNo must be 1 to 16 digits');
    const printer = await this.deps.printer.status();
    if (!printer.ready) return fail('PRINTER_NOT_READY', printer.detail ?? printer.state, { state: printer.state });
    const verifyCodeMd5 = createHash('md5').update(input.verifyCode).digest('hex');
    const reply = await this.deps.client.call('query', { printNo, verifyCodeMd5 });
    if (reply.kind === 'unreachable') return fail('PRINT_SERVICE_UNREACHABLE', reply.message);
    if (reply.resultCode === SarftCode.TooManyAttempts)
      return fail('TOO_MANY_ATTEMPTS', reply.message, { retryAfterSeconds: Number(reply.body.retryAfter ?? 0) });
    if (reply.resultCode !== SarftCode.Ok) return fail(uiErrorOfSarft(reply.resultCode, reply.message, reply.body.details), reply.message);
    const tickets = reply.body.tickets ?? [];
    const printable = tickets.filter((t) => t.state === 'unprinted').length;
    if (printable === 0) {
      if (tickets.some((t) => t.state === 'unknown')) return fail('TICKET_UNKNOWN', 'a ticket of this booking needs the box office');
      if (tickets.some((t) => t.state === 'claimed'))
        return fail('CLAIMED_ELSEWHERE', 'these tickets are being printed at another terminal');
      if (tickets.every((t) => t.state === 'refunded' || t.state === 'refunding')) return fail('REFUNDED', 'booking refunded');
      return fail('ALREADY_PRINTED', 'every ticket of this booking is already printed');
    }
    return ok({ printNo, tickets, printable });
  }

  async collect(input: { printNo: string; verifyCode: string; requestId?: string }): Promise<Result<UiOutput<'kiosk.collect'>>> {
    const requestId = input.requestId ?? randomUUID();
    const log = this.deps.logger.child({ requestId, printNo: input.printNo });
    const printNo = padPrintNo(input.printNo);
    if (!printNo) return fail('VALIDATION', 'printNo must be 1 to 16 digits');

    // The printer first: a customer must not claim tickets a broken printer cannot print.
    const run = await this.deps.printer.run(async (printing): Promise<Result<Printed>> => {
      const verifyCodeMd5 = createHash('md5').update(input.verifyCode).digest('hex');
      const claim = await this.deps.client.call('applyPrint', { printNo, verifyCodeMd5 });
      timingMark('collection.claimed');
      if (claim.kind === 'unreachable') return fail('PRINT_SERVICE_UNREACHABLE', claim.message);
      if (claim.resultCode !== SarftCode.Ok)
        return fail(uiErrorOfSarft(claim.resultCode, claim.message, claim.body.details), claim.message);
      const tickets = (claim.body.tickets ?? []).filter((t) => t.returnValue === 0);
      // Our own check too (the print service may be another vendor's): nothing prints when a ticket lacks a required field.
      const missing = missingOfTickets(tickets);
      if (missing.length > 0) {
        log.warn({ missing }, 'claimed tickets lack required data: nothing printed');
        const printToken = String(claim.body.printToken ?? '');
        await this.reportResult(
          printNo,
          printToken,
          [],
          tickets.map((t) => t.ticketCode),
        );
        return fail('TICKET_INCOMPLETE', 'ticket data incomplete: nothing printed', { missing });
      }
      this.deps.printer.resetPreview();
      log.info({ tickets: tickets.length }, 'tickets claimed');
      return ok({ printToken: String(claim.body.printToken ?? ''), tickets, outcomes: await this.printAll(printing, printNo, tickets) });
    });
    if (!run.ready) return fail('PRINTER_NOT_READY', run.status.detail ?? run.status.state, { state: run.status.state });
    if (!run.value.ok) return run.value;

    // The printer is closed by now: print-result needs only the service, and the printer is free sooner.
    const { printToken, tickets: toPrint, outcomes } = run.value.value;
    const printed = toPrint.filter((_, i) => outcomes[i] === 'printed').map((t) => t.ticketCode);
    const failed = toPrint.filter((_, i) => outcomes[i] === 'failed').map((t) => t.ticketCode);
    const unknown = toPrint.length - printed.length - failed.length;
    await this.reportResult(printNo, printToken, printed, failed);
    timingMark('collection.reported');
    log.info({ printed: printed.length, failed: failed.length, unknown }, 'collection finished');
    return ok({ printNo, total: toPrint.length, printed: printed.length, failed: failed.length, unknown });
  }

  /**
   * Prints ticket by ticket: the printer's status before each ticket, then a process-ID request after
   * it, so a ticket counts as printed only when the printer says it has printed it. At the first fault
   * the printer's buffer is cleared (nothing stale comes out once paper is loaded) and nothing more
   * is sent: tickets not sent are failed, the one in the printer when it failed is unknown.
   */
  private async printAll(printing: PrintRun, printNo: string, tickets: ReleasedTicket[]): Promise<TicketOutcome[]> {
    const outcomes: TicketOutcome[] = tickets.map(() => 'failed');
    const printedAt = toIsoWithOffset({ epochMs: this.deps.now(), offsetMinutes: this.deps.cinemaOffsetMinutes });
    for (const [i, ticket] of tickets.entries()) {
      const bytes = buildTicketBytes(
        ticket,
        { terminalId: this.deps.client.terminalId, printedAt, reprint: ticket.reprintCount },
        printing.profile,
      );
      timingMark('ticket.laid-out');
      let job = 0;
      const outcome = await printing.print(bytes, () => {
        job = this.deps.jobs.start(printNo, ticket.ticketCode, this.deps.now());
        timingMark('ticket.journaled');
        this.deps.printer.addToPreview(bytes);
        return true;
      });
      if (outcome === 'not-ready') break;
      if (outcome === 'printed') {
        outcomes[i] = 'printed';
        if (this.deps.printResultSharesStore) this.deps.jobs.finishPrintedFlushedByPrintResult(job, this.deps.now());
        else this.deps.jobs.finish(job, 'printed', this.deps.now());
        timingMark('ticket.journaled-printed');
        this.deps.emit({ type: 'collection.progress', printNo, done: i + 1, total: tickets.length });
        continue;
      }
      // Some of this ticket may be on paper: unknown until staff look, never reprinted by itself.
      outcomes[i] = 'unknown';
      this.deps.jobs.finish(job, 'unknown', this.deps.now());
      break;
    }
    return outcomes;
  }

  /** print-result is idempotent, so it is repeated until the service answers. */
  private async reportResult(printNo: string, printToken: string, printed: string[], failed: string[]): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reply = await this.deps.client.call('printResult', { printNo, printToken, printed, failed });
      if (reply.kind === 'reply') {
        if (reply.resultCode !== SarftCode.Ok) this.deps.logger.warn({ printNo, resultCode: reply.resultCode }, 'print-result refused');
        return;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
    this.deps.logger.error({ printNo }, 'print-result not delivered; the claim will expire to unknown');
  }
}
