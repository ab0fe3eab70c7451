import { createHash, randomUUID } from 'node:crypto';
import { SarftCode } from '../../../shared/contract/sarft-codes';
import type { ReleasedTicket } from '../../../shared/contract/sarft';
import type { PrinterStatus, UiEvent, UiOutput } from '../../../shared/contract/ui';
import { fail, ok, type Result } from '../../../shared/errors';
import { padPrintNo } from '../../../shared/domain/print-no';
import type { Logger } from '../observability/logger';
import type { PrintServiceClient } from '../print-service/print-service.client';
import type { PrintJobsRepository } from '../storage/repositories/print-jobs.repository';
import type { PrinterSession, PrinterTransport } from '../printing/transports/transport';
import { buildTicketBytes } from '../printing/ticket-layout';
import { probePrinter } from '../printing/printer-probe';
import { printJob, readStatusOf } from '../printing/print-job';
import { toIsoWithOffset } from '../central/vista-date';
import type { PrinterProfile } from '../config/config';
import { uiErrorOfSarft } from './sarft-errors';

export interface CollectionDeps {
  client: PrintServiceClient;
  printer: PrinterTransport;
  jobs: PrintJobsRepository;
  profile: PrinterProfile;
  cinemaOffsetMinutes: number;
  emit: (event: UiEvent) => void;
  logger: Logger;
  now: () => number;
}

type TicketOutcome = 'printed' | 'failed' | 'unknown';

/** The test page is laid out as a ticket, so it shows exactly what tickets will look like. */
function testTicket(now: number, offsetMinutes: number): ReleasedTicket {
  return {
    ticketCode: '0000000000000000',
    cinemaName: '打印测试页 Test page',
    screenName: '中文 GB18030：影厅 座位 票价 ¥ 退票 补打',
    filmName: '测试 TEST',
    sessionDateTime: toIsoWithOffset({ epochMs: now, offsetMinutes }),
    seatName: '7排10座',
    priceCents: 4500,
    serviceFeeCents: 300,
    printFlag: 0,
    state: 'claimed',
    returnValue: 0,
    ticketInfoCode: 'TEST-PAGE 测试 0123456789',
    cinemaCode: '00000000',
    reprintCount: 0,
  };
}

/** Collect at a kiosk: look up, check the printer, claim, print one ticket per seat, report. */
export class CollectionService {
  private lastJob: Buffer | undefined;

  constructor(private readonly deps: CollectionDeps) {}

  /** A new printer profile applies to the next job: no restart. */
  setPrinter(printer: PrinterTransport, profile: PrinterProfile): void {
    this.deps.printer = printer;
    this.deps.profile = profile;
  }

  get profile(): PrinterProfile {
    return this.deps.profile;
  }

  /** The ticket printer in use now (the box office reprints on it). */
  get printer(): PrinterTransport {
    return this.deps.printer;
  }

  /** The bytes of the last job sent to the printer, for the technician's preview. */
  lastJobBytes(): Buffer | undefined {
    return this.lastJob;
  }

  /** A test page: GB18030 sample text (with ¥) and a QR, on the ticket printer, confirmed like a ticket. */
  async printTestPage(terminalId: string): Promise<{ printed: boolean; status: PrinterStatus }> {
    const bytes = buildTicketBytes(testTicket(this.deps.now(), this.deps.cinemaOffsetMinutes), { terminalId, printedAt: toIsoWithOffset({ epochMs: this.deps.now(), offsetMinutes: this.deps.cinemaOffsetMinutes }) }, this.deps.profile);
    const { outcome, status } = await printJob(this.deps.printer, bytes, this.deps.profile.ticketTimeoutMs, () => {
      this.lastJob = bytes;
      return true;
    });
    return { printed: outcome === 'printed', status };
  }

  async lookup(printNoInput: string): Promise<Result<UiOutput<'kiosk.lookup'>>> {
    const printNo = padPrintNo(printNoInput);
    if (!printNo) return fail('VALIDATION', 'printNo must be 1 to 16 digits');
    const reply = await this.deps.client.call('query', { printNo });
    if (reply.kind === 'unreachable') return fail('PRINT_SERVICE_UNREACHABLE', reply.message);
    if (reply.resultCode !== SarftCode.Ok) return fail(uiErrorOfSarft(reply.resultCode, reply.message), reply.message);
    const tickets = reply.body.tickets ?? [];
    const printable = tickets.filter((t) => t.state === 'unprinted').length;
    if (printable === 0) {
      if (tickets.some((t) => t.state === 'unknown')) return fail('TICKET_UNKNOWN', 'a ticket of this booking needs the box office');
      if (tickets.some((t) => t.state === 'claimed')) return fail('CLAIMED_ELSEWHERE', 'these tickets are being printed at another terminal');
      if (tickets.every((t) => t.state === 'refunded' || t.state === 'refunding')) return fail('REFUNDED', 'booking refunded');
      return fail('ALREADY_PRINTED', 'every ticket of this booking is already printed');
    }
    return ok({ printNo, tickets, printable });
  }

  printerStatus(): Promise<PrinterStatus> {
    return probePrinter(this.deps.printer);
  }

  async collect(input: { printNo: string; verifyCode: string; requestId?: string }): Promise<Result<UiOutput<'kiosk.collect'>>> {
    const requestId = input.requestId ?? randomUUID();
    const log = this.deps.logger.child({ requestId, printNo: input.printNo });
    const printNo = padPrintNo(input.printNo);
    if (!printNo) return fail('VALIDATION', 'printNo must be 1 to 16 digits');

    // The printer first: a customer must not claim tickets a broken printer cannot print.
    let session: PrinterSession;
    try {
      session = await this.deps.printer.open();
    } catch (error) {
      return fail('PRINTER_NOT_READY', (error as Error).message, { state: 'offline' });
    }
    try {
      const before = await readStatusOf(session);
      if (!before.ready) return fail('PRINTER_NOT_READY', before.detail ?? before.state, { state: before.state });

      const verifyCodeMd5 = createHash('md5').update(input.verifyCode).digest('hex');
      const claim = await this.deps.client.call('applyPrint', { printNo, verifyCodeMd5 });
      if (claim.kind === 'unreachable') return fail('PRINT_SERVICE_UNREACHABLE', claim.message);
      if (claim.resultCode !== SarftCode.Ok) return fail(uiErrorOfSarft(claim.resultCode, claim.message), claim.message);
      const toPrint = (claim.body.tickets ?? []).filter((t) => t.returnValue === 0);
      this.lastJob = Buffer.alloc(0);
      const printToken = String(claim.body.printToken ?? '');
      log.info({ tickets: toPrint.length }, 'tickets claimed');

      const outcomes = await this.printAll(session, printNo, toPrint);
      const printed = toPrint.filter((_, i) => outcomes[i] === 'printed').map((t) => t.ticketCode);
      const failed = toPrint.filter((_, i) => outcomes[i] === 'failed').map((t) => t.ticketCode);
      const unknown = toPrint.length - printed.length - failed.length;
      await this.reportResult(printNo, printToken, printed, failed);
      log.info({ printed: printed.length, failed: failed.length, unknown }, 'collection finished');
      return ok({ printNo, total: toPrint.length, printed: printed.length, failed: failed.length, unknown });
    } finally {
      await session.close();
    }
  }

  /**
   * Prints ticket by ticket: the printer's status before each ticket, then a process-ID request after
   * it, so a ticket counts as printed only when the printer says it has printed it. At the first fault
   * the printer's buffer is cleared (nothing stale comes out once paper is loaded) and nothing more
   * is sent: tickets not sent are failed, the one in the printer when it failed is unknown.
   */
  private async printAll(session: PrinterSession, printNo: string, tickets: ReleasedTicket[]): Promise<TicketOutcome[]> {
    const outcomes: TicketOutcome[] = tickets.map(() => 'failed');
    const printedAt = toIsoWithOffset({ epochMs: this.deps.now(), offsetMinutes: this.deps.cinemaOffsetMinutes });
    for (const [i, ticket] of tickets.entries()) {
      if (i > 0) {
        const status = await readStatusOf(session);
        if (!status.ready) break;
      }
      const bytes = buildTicketBytes(ticket, { terminalId: this.deps.client.terminalId, printedAt, reprint: ticket.reprintCount }, this.deps.profile);
      const job = this.deps.jobs.start(printNo, ticket.ticketCode, this.deps.now());
      this.lastJob = Buffer.concat([this.lastJob ?? Buffer.alloc(0), bytes]);
      let confirmation: 'printed' | 'timeout' | 'no-read-back' | 'link-failed';
      try {
        await session.write(bytes);
        confirmation = await session.confirmPrinted(this.deps.profile.ticketTimeoutMs);
      } catch {
        confirmation = 'link-failed';
      }
      if (confirmation === 'printed' || confirmation === 'no-read-back') {
        outcomes[i] = 'printed';
        this.deps.jobs.finish(job, 'printed', this.deps.now());
        this.deps.emit({ type: 'collection.progress', printNo, done: i + 1, total: tickets.length });
        continue;
      }
      // Some of this ticket may be on paper: unknown until staff look, never reprinted by itself.
      outcomes[i] = 'unknown';
      this.deps.jobs.finish(job, 'unknown', this.deps.now());
      await session.clearBuffer();
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
