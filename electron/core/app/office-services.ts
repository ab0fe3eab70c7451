import { SaleTotalsRepository } from '../storage/repositories/sale-totals.repository';
import { SaleOrdersRepository } from '../storage/repositories/sale-orders.repository';
import { SaleRefundsRepository } from '../storage/repositories/sale-refunds.repository';
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
import { silentLogger, type Logger } from '../observability/logger';
import { CollectionService } from '../collection/collection.service';
import { CounterPrintService } from '../office/counter-print.service';
import { CounterTerminal } from '../office/counter-terminal';
import { PrintJobsRepository } from '../storage/repositories/print-jobs.repository';
import { ok, type Result } from '../../../shared/errors';
import { ownSaleTenderOf } from '../sale/own-sale-refund.worker';

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
  /** For the counter print's collection log lines. */
  logger?: Logger;
}

/** The box office's services, each with the few parts of the host it needs. */
export function buildOfficeServices(
  deps: OfficeServicesDeps,
): OfficeServices & { counter: CounterTerminal; counterCollect: CounterCollect } {
  const { config, db, staff, audit, host, now } = deps;
  const { bookings, refunds, ledger } = host.stores;
  const cinemaOffsetMinutes = config.central?.cinemaOffsetMinutes ?? 480;
  // The counter PC's own terminal id (not the kiosk's): on its audit records, tickets, slips and screen.
  const terminalId = config.office.terminalId;
  const approval = new SupervisorApproval(staff);
  const slips = new SlipPrinter(deps.printers.slip);
  const saleRefunds = new SaleRefundsRepository(db);
  const saleOrders = new SaleOrdersRepository(db);
  const search = new BookingSearchService({
    bookings,
    refunds,
    auditRows: deps.auditRows,
    incomplete: host.stores.incomplete,
    secret: host.secret,
    refreshFromCentral: (n) => host.bookings.refreshFromCentral(n),
    soldHereBy: (n) => ownSaleTenderOf(saleOrders.ofBooking(n)),
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
    events: host.events,
  });
  const attention = new AttentionService({
    db,
    bookings,
    tickets: host.tickets,
    refunds,
    outbox: host.outbox,
    ledger,
    incomplete: host.stores.incomplete,
    audit,
    guessing: () => staff.guessing(),
    onlineRefunds: host.onlineRefunds,
    lastReconcile: () => host.lastReconcile(),
    cinemaOffsetMinutes,
    now,
    events: host.events,
    saleOrders,
  });
  const counter = new CounterTerminal({
    auth: host.auth,
    terminalId,
    baseUrl: host.url.replace('//0.0.0.0:', '//127.0.0.1:'),
    ...(host.fingerprint ? { fingerprint: host.fingerprint } : {}),
    timeoutMs: (config.central?.requestTimeoutMs ?? 8_000) + 2_000,
  });
  // One collection as the counter's terminal: the counter print and a sale made at the counter both print through it.
  const counterCollect = counterCollectOf(deps, counter, cinemaOffsetMinutes);
  return {
    guard: roleGuard(staff),
    settings: (who) => ({
      refundReasons: config.office.refundReasons,
      reprintReasons: config.office.reprintReasons,
      lateRefundMinutesBeforeStart: config.office.lateRefundMinutesBeforeStart,
      bookingFeeRefund: config.office.bookingFeeRefund,
      partialRefunds: host.partialRefunds(),
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
      ownSaleMoneyBack: (refundId) => {
        const row = saleRefunds.byId(refundId);
        return row && { tender: row.tender, amountCents: row.amount_cents };
      },
    }),
    reprints: new ReprintDesk({ approval, reprints, terminalId }),
    attention: new AttentionDesk({ approval, attention, terminalId }),
    lockouts: new KioskLockoutsService({ db, limits: host.limits, audit, cinemaOffsetMinutes }),
    reports: new ShiftReportService({
      ledger,
      sales: new SaleTotalsRepository(db),
      bookings,
      slips,
      audit,
      terminalId,
      cinemaOffsetMinutes,
      timeZone: config.cinema.timeZone,
      cinemaIdFallback: () => config.central?.cinemaId ?? '',
    }),
    counterPrint: new CounterPrintService({
      bookings: deps.host.stores.bookings,
      auditRows: deps.auditRows,
      audit: deps.audit,
      expireClaims: () => void deps.host.service.expireClaims(),
      terminalId: counter.terminalId,
      collection: async () => ok({ collect: counterCollect }),
    }),
    counter,
    counterCollect,
    terminalId,
  };
}

/** The kiosk's collection path, as the counter's own terminal: its claims, tickets, journal and ledger rows say the counter. */
export type CounterCollect = Pick<CollectionService, 'collect'>['collect'];

/** The kiosk's collection, as the counter's terminal on the host's ticket printer (the one reprints use). */
function counterCollectOf(deps: OfficeServicesDeps, counter: CounterTerminal, cinemaOffsetMinutes: number): CounterCollect {
  const jobs = new PrintJobsRepository(deps.db);
  const logger = (deps.logger ?? silentLogger()).child({ terminalId: counter.terminalId });
  let current: CollectionService | undefined;
  const connected = async (): Promise<Result<CollectionService>> => {
    if (current) return ok(current);
    const client = await counter.connect();
    if (!client.ok) return client;
    current = new CollectionService({
      client: client.value,
      printer: deps.printers.ticket,
      jobs,
      cinemaOffsetMinutes,
      // The kiosk's progress events are the kiosk screen's; the counter's dialog waits for the answer.
      emit: () => undefined,
      logger,
      now: deps.now,
      // The counter reports to this host's own print service, which commits into the same store.
      printResultSharesStore: true,
    });
    return ok(current);
  };
  return async (input) => {
    const first = await connected();
    if (!first.ok) return first;
    const done = await first.value.collect(input);
    if (done.ok || done.error.code !== 'UNAUTHORIZED') return done;
    // Its login refused (the account rotated or disabled by a technician), before anything was claimed:
    // once more with a password made anew; a disabled account stays refused.
    current = undefined;
    await counter.forget();
    const again = await connected();
    return again.ok ? again.value.collect(input) : again;
  };
}
