import type { AppConfig } from '../config/config';
import type { AuditLog } from '../audit/audit-log';
import type { OfficeServices } from '../api/office.handlers';
import { AttentionDesk } from '../office/attention-desk';
import { AttentionService } from '../office/attention.service';
import { BookingSearchService } from '../office/booking-search.service';
import { KioskLockoutsService } from '../office/kiosk-lockouts.service';
import { ReprintDesk } from '../office/reprint-desk';
import { ReprintService } from '../office/reprint.service';
import { ShiftReportService } from '../office/shift-report.service';
import { SlipPrinter } from '../printing/slip-printer';
import type { TicketPrinter } from '../printing/ticket-printer';
import { RefundDeskService } from '../refunds/refund-desk.service';
import { roleGuard } from '../staff/role-guard';
import type { StaffAuth } from '../staff/staff-auth';
import { SupervisorApproval } from '../staff/supervisor-approval';
import type { Db } from '../storage/database';
import type { AuditRepository } from '../storage/repositories/audit.repository';
import type { PrintServiceHost } from './print-service-host';

export interface OfficeServicesDeps {
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

/** The box office's services, each with the few parts of the host it needs. */
export function buildOfficeServices(deps: OfficeServicesDeps): OfficeServices {
  const { config, db, staff, audit, host, now } = deps;
  const { bookings, refunds, ledger } = host.stores;
  const cinemaOffsetMinutes = config.central?.cinemaOffsetMinutes ?? 480;
  const terminalId = config.terminal.id;
  const kick = () => void host.events.emit('outbox.work');
  const approval = new SupervisorApproval(staff);
  const slips = new SlipPrinter(deps.printers.slip);
  const search = new BookingSearchService({
    bookings,
    refunds,
    auditRows: deps.auditRows,
    secret: host.secret,
    refreshFromCentral: (n) => host.bookings.refreshFromCentral(n),
  });
  const reprints = new ReprintService({
    db,
    bookings,
    tickets: host.tickets,
    outbox: host.outbox,
    ledger,
    audit,
    printer: deps.printers.ticket,
    cinemaOffsetMinutes,
    now,
    kick,
  });
  const attention = new AttentionService({
    db,
    bookings,
    tickets: host.tickets,
    refunds,
    outbox: host.outbox,
    ledger,
    audit,
    guessing: () => staff.guessing(),
    onlineRefunds: host.onlineRefunds,
    lastReconcile: () => host.lastReconcile(),
    cinemaOffsetMinutes,
    now,
    kick,
  });
  return {
    guard: roleGuard(staff),
    settings: (who) => ({
      refundReasons: config.office.refundReasons,
      reprintReasons: config.office.reprintReasons,
      lateRefundMinutesBeforeStart: config.office.lateRefundMinutesBeforeStart,
      bookingFeeRefund: config.office.bookingFeeRefund,
      terminalId,
      timeZone: config.cinema.timeZone,
      username: who.username,
      role: who.role,
    }),
    search,
    refunds: new RefundDeskService({
      bookings,
      refunds,
      local: host.refunds,
      online: host.onlineRefunds,
      approval,
      refresh: (n) => search.refresh(n),
      slips,
      audit,
      terminalId,
      cinemaOffsetMinutes,
      timeZone: config.cinema.timeZone,
    }),
    reprints: new ReprintDesk({ approval, reprints, terminalId }),
    attention: new AttentionDesk({ approval, attention, terminalId }),
    lockouts: new KioskLockoutsService({ db, limits: host.limits, audit, cinemaOffsetMinutes }),
    reports: new ShiftReportService({
      ledger,
      bookings,
      slips,
      audit,
      terminalId,
      cinemaOffsetMinutes,
      timeZone: config.cinema.timeZone,
      cinemaIdFallback: () => config.central?.cinemaId ?? '',
    }),
    terminalId,
  };
}
