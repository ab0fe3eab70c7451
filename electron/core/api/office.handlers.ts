import { fail, ok, type Result } from '../../../shared/errors';
import type { BookingDetail, UiOutput } from '../../../shared/contract/ui';
import type { AppConfig } from '../config/config';
import type { AuditLog } from '../audit/audit-log';
import type { UiHandlers } from './ui-dispatch';
import type { PrintServiceHost } from '../app/print-service-host';
import { CentralError } from '../central/central-api';
import { toIsoWithOffset } from '../central/vista-date';
import type { TicketPrinter } from '../printing/ticket-printer';
import { buildSlipBytes, type Slip } from '../printing/slip-layout';
import { wallClock } from '../printing/ticket-layout';
import { verifyRefundCode } from '../refunds/refund-code';
import { refundSlip } from '../refunds/refund-slip';
import type { StaffAuth, StaffSession } from '../staff/staff-auth';
import type { Db } from '../storage/database';
import type { AuditRepository } from '../storage/repositories/audit.repository';
import type { RefundRow } from '../storage/repositories/refunds.repository';
import { AttentionService } from '../office/attention.service';
import { readBookingQuery } from '../office/booking-query';
import { bookingDetailOf, refundViewOf } from '../office/booking-view';
import { KioskLockoutsService } from '../office/kiosk-lockouts.service';
import { ReprintService } from '../office/reprint.service';
import { shiftReportCsv, shiftReportLines, shiftSlip } from '../office/shift-report';

type OfficeCalls = Extract<keyof UiHandlers, `office.${string}`>;

export interface OfficeDeps {
  config: AppConfig;
  db: Db;
  staff: StaffAuth;
  audit: AuditLog;
  auditRows: AuditRepository;
  /** The ticket printer (reprints) and the slip printer (refund and shift slips; the ticket printer when none is set up). */
  printers: { ticket: TicketPrinter; slip: TicketPrinter };
  host: PrintServiceHost;
  now: () => number;
}

const MAX_REPORT_DAYS = 92;

/** The box office's calls, for clerks and supervisors: each checks the session, validates, audits. */
export function officeHandlers(deps: OfficeDeps): Pick<UiHandlers, OfficeCalls> {
  const { config, db, staff, audit, host, now } = deps;
  const { bookings, refunds, ledger } = host.stores;
  const offsetMinutes = config.central?.cinemaOffsetMinutes ?? 480;
  const terminalId = config.terminal.id;
  const cinemaTime = (ms: number) => toIsoWithOffset({ epochMs: ms, offsetMinutes });
  const kick = () => host.outboxWorker.kick();
  const reprints = new ReprintService({ db, bookings, outbox: host.outbox, ledger, audit, printer: deps.printers.ticket, cinemaOffsetMinutes: offsetMinutes, now, kick });
  const lockouts = new KioskLockoutsService({ db, limits: host.limits, audit, cinemaOffsetMinutes: offsetMinutes });
  const attention = new AttentionService({ db, bookings, refunds, outbox: host.outbox, ledger, audit, guessing: () => staff.guessing(), onlineRefunds: host.onlineRefunds, lastReconcile: () => host.lastReconcile(), cinemaOffsetMinutes: offsetMinutes, now, kick });

  const asClerk = <I extends { session: string }, O>(run: (input: I, who: StaffSession) => Promise<Result<O>>) => async (input: I): Promise<Result<O>> => {
    const session = staff.session(input.session, ['clerk', 'supervisor']);
    if (!session) return fail('UNAUTHORIZED', 'sign in as a clerk or supervisor');
    return run(input, session);
  };

  /** A supervisor's approval typed in at this screen, or the signed-in supervisor's own. */
  const supervisorOf = async (who: StaffSession, approval: { username: string; password: string } | undefined): Promise<Result<string | null>> => {
    if (!approval) return ok(who.role === 'supervisor' ? who.username : null);
    const outcome = await staff.approve(approval.username, approval.password, who);
    if (outcome.kind === 'ok') return ok(outcome.username);
    if (outcome.kind === 'locked') return fail('TOO_MANY_ATTEMPTS', 'too many failed approvals at this screen: try again later', { retryAfter: outcome.retryAfterSeconds, field: 'approval' });
    if (outcome.kind === 'not-allowed') return fail('UNAUTHORIZED', 'approval needs a supervisor', { field: 'approval' });
    return fail('UNAUTHORIZED', 'approval refused: wrong supervisor name or password', { field: 'approval' });
  };

  const printSlip = async (slip: Slip): Promise<boolean> => (await deps.printers.slip.printDocument((profile) => buildSlipBytes(slip, profile))).outcome === 'printed';
  const printRefundSlip = async (refund: RefundRow, actor: string, copy: boolean): Promise<boolean> => {
    const booking = bookings.booking(refund.booking_number)!;
    const printed = await printSlip(refundSlip(refund, booking, bookings.tickets(refund.booking_number), cinemaTime(refund.created_at), copy));
    audit.append({ actor, terminalId, action: printed ? 'refund.slip-printed' : 'refund.slip-not-printed', subject: `booking:${refund.booking_number}`, details: { refundCode: refund.refund_code, copy } });
    return printed;
  };

  /** Folds central's news about the booking into the store; false when central did not answer (the local copy stands). */
  const refresh = async (bookingNumber: number): Promise<boolean> => {
    try {
      await host.service.refreshFromCentral(bookingNumber);
      return true;
    } catch (error) {
      if (!(error instanceof CentralError)) throw error;
      return false;
    }
  };

  /** The booking fresh from central when it answers, else the local copy marked stale. */
  const loadBooking = async (bookingNumber: number): Promise<Result<BookingDetail>> => {
    const stale = !(await refresh(bookingNumber));
    const booking = bookings.booking(bookingNumber);
    if (!booking) return stale ? fail('CENTRAL_UNREACHABLE', 'the central system does not answer and this booking is not stored here') : fail('NOT_FOUND', 'no such booking', { bookingNumber });
    return ok(bookingDetailOf(booking, bookings.tickets(bookingNumber), refunds.forBooking(bookingNumber), deps.auditRows.bySubject(`booking:${bookingNumber}`), stale));
  };

  const reportOf = (input: { from: string; to: string; clerk?: string; terminalId?: string }, who: StaffSession) => {
    const from = Date.parse(input.from);
    const to = Date.parse(input.to);
    if (!(from < to)) return fail('VALIDATION', 'the report must end after it starts', { field: 'to' });
    if (to - from > MAX_REPORT_DAYS * 86_400_000) return fail('VALIDATION', `a report covers at most ${MAX_REPORT_DAYS} days`, { field: 'from' });
    // A clerk sees their own work; a supervisor anyone's.
    if (who.role === 'clerk' && input.clerk !== undefined && input.clerk !== who.username) return fail('UNAUTHORIZED', 'clerks see their own shift report');
    const clerk = who.role === 'clerk' ? who.username : input.clerk;
    const { lines, totals } = shiftReportLines(ledger.totals(from, to, { ...(clerk ? { actor: `staff:${clerk}` } : {}), ...(input.terminalId ? { terminalId: input.terminalId } : {}) }));
    return ok({ from: cinemaTime(from), to: cinemaTime(to), clerk, lines, totals });
  };

  return {
    'office.settings': asClerk(async (_input, who) =>
      ok({
        refundReasons: config.office.refundReasons,
        reprintReasons: config.office.reprintReasons,
        lateRefundMinutesBeforeStart: config.office.lateRefundMinutesBeforeStart,
        bookingFeeRefund: config.office.bookingFeeRefund,
        terminalId,
        username: who.username,
        role: who.role,
      }),
    ),
    'office.find': asClerk(async (input): Promise<Result<UiOutput<'office.find'>>> => {
      const query = readBookingQuery(input.query);
      switch (query.kind) {
        case 'refund-code': {
          const refundId = verifyRefundCode(host.secret, query.text);
          const refund = refundId === null ? undefined : refunds.byId(refundId);
          if (!refund || refund.refund_code !== query.text.trim().toUpperCase()) return fail('NOT_FOUND', 'not a refund code this cinema issued', { reason: 'refund-code' });
          const booking = await loadBooking(refund.booking_number);
          return booking.ok ? ok({ kind: 'refund', refund: refundViewOf(refund), booking: booking.value }) : booking;
        }
        case 'ticket': {
          const ticket = bookings.ticketByCode(query.code);
          if (!ticket) return fail('NOT_FOUND', 'this ticket is not known here', { reason: 'ticket' });
          const booking = await loadBooking(ticket.booking_number);
          return booking.ok ? ok({ kind: 'booking', booking: booking.value }) : booking;
        }
        case 'booking': {
          const booking = await loadBooking(query.bookingNumber);
          if (!booking.ok) return booking;
          if (query.verifyMd5 && bookings.booking(query.bookingNumber)?.verify_md5 !== query.verifyMd5) return fail('VERIFY_CODE_WRONG', 'the verify code does not match this pickup number');
          return ok({ kind: 'booking', booking: booking.value });
        }
        case 'verify-code': {
          const found = bookings.bookingByVerifyMd5(query.verifyMd5);
          if (!found) return fail('NOT_FOUND', 'no booking with this verify code is stored here: enter the pickup number', { reason: 'verify-code' });
          const booking = await loadBooking(found.booking_number);
          return booking.ok ? ok({ kind: 'booking', booking: booking.value }) : booking;
        }
        default:
          return fail('VALIDATION', 'enter a pickup number, a verify code, or scan a QR or a refund slip', { field: 'query' });
      }
    }),
    'office.booking': asClerk(async (input) => loadBooking(input.bookingNumber)),
    'office.refund': asClerk(async (input, who) => {
      await refresh(input.bookingNumber);
      const supervisor = await supervisorOf(who, input.approval);
      if (!supervisor.ok) return supervisor;
      const request = { bookingNumber: input.bookingNumber, ticketCodes: input.ticketCodes, reason: input.reason, clerk: who.username, supervisor: supervisor.value, terminalId };
      // Printed tickets are refunded here; unprinted ones online (seed 003 §2.4).
      const local = bookings.tickets(input.bookingNumber).some((t) => input.ticketCodes.includes(t.ticket_code) && t.state === 'printed');
      const started = local ? host.refunds.refundPrinted(request) : host.onlineRefunds.begin(request);
      if (!started.ok) return started;
      const slipPrinted = local ? await printRefundSlip(started.value, `staff:${who.username}`, false) : null;
      return ok({ ...refundViewOf(started.value), slipPrinted });
    }),
    'office.refundSlip.print': asClerk(async (input, who) => {
      const refund = refunds.byCode(input.refundCode.trim().toUpperCase());
      if (!refund) return fail('NOT_FOUND', 'no such refund', { field: 'refundCode' });
      return ok({ printed: await printRefundSlip(refund, `staff:${who.username}`, true) });
    }),
    'office.reprint': asClerk(async (input, who) => {
      const supervisor = await supervisorOf(who, input.approval);
      if (!supervisor.ok) return supervisor;
      if (!supervisor.value) return fail('APPROVAL_REQUIRED', 'a reprint needs a supervisor\'s approval');
      return reprints.reprint({ ticketCode: input.ticketCode, reason: input.reason, clerk: who.username, supervisor: supervisor.value, terminalId });
    }),
    'office.attention.list': asClerk(async () => ok({ items: attention.list() })),
    'office.attention.resolve': asClerk(async (input, who) => {
      // Only the settling of an unknown print asks for (and checks) an approval.
      const supervisor = AttentionService.needsApproval(input.id, input.action) ? await supervisorOf(who, input.approval) : ok(null);
      if (!supervisor.ok) return supervisor;
      return attention.resolve(input.id, input.action, { actor: `staff:${who.username}`, supervisor: supervisor.value, terminalId });
    }),
    'office.lockouts.list': asClerk(async () => ok({ lockouts: lockouts.list() })),
    'office.lockouts.lift': asClerk(async (input, who) => {
      if (who.role !== 'supervisor') return fail('UNAUTHORIZED', 'lifting a kiosk lock needs a supervisor');
      return lockouts.lift(input.printNo, who.username, terminalId);
    }),
    'office.report': asClerk(async (input, who) => {
      const report = reportOf(input, who);
      if (!report.ok) return report;
      const { from, to, lines, totals } = report.value;
      return ok({ from, to, lines, totals, csv: shiftReportCsv(lines, totals) });
    }),
    'office.report.print': asClerk(async (input, who) => {
      const report = reportOf(input, who);
      if (!report.ok) return report;
      const { from, to, clerk, lines, totals } = report.value;
      const cinemaName = bookings.anyCinemaName() ?? config.central?.cinemaId ?? '';
      const printed = await printSlip(shiftSlip(cinemaName, { from: wallClock(from), to: wallClock(to) }, { ...(clerk ? { clerk } : {}), ...(input.terminalId ? { terminalId: input.terminalId } : {}) }, lines, totals, who.username));
      audit.append({ actor: `staff:${who.username}`, terminalId, action: 'report.printed', subject: 'report', details: { from, to, clerk: clerk ?? null, terminalId: input.terminalId ?? null, printed } });
      return ok({ printed });
    }),
  };
}

/** A kiosk that collects through a remote print service has no store of bookings: its box office runs on the host. */
export function remoteOfficeHandlers(): Pick<UiHandlers, OfficeCalls> {
  const refuse = async () => fail('VALIDATION', 'the box office runs on the print-service host: open /office there');
  return {
    'office.settings': refuse,
    'office.find': refuse,
    'office.booking': refuse,
    'office.refund': refuse,
    'office.refundSlip.print': refuse,
    'office.reprint': refuse,
    'office.attention.list': refuse,
    'office.attention.resolve': refuse,
    'office.lockouts.list': refuse,
    'office.lockouts.lift': refuse,
    'office.report': refuse,
    'office.report.print': refuse,
  };
}
