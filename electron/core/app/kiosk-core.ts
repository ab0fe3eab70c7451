import type { RefundRow } from '../storage/repositories/refunds.repository';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { UiEvent } from '../../../shared/contract/ui';
import type { AppConfig } from '../config/config';
import { openDatabase, type Db } from '../storage/database';
import { AuditRepository } from '../storage/repositories/audit.repository';
import { PrintJobsRepository } from '../storage/repositories/print-jobs.repository';
import { AuditLog } from '../audit/audit-log';
import { AuditKeyError, loadAuditKey } from '../audit/audit-key';
import { StoreHealth } from '../storage/store-health';
import { BackupScheduler } from '../storage/store-backup';
import { markStoreInUse } from '../storage/store-lock';
import { BackupRepository } from '../storage/repositories/backup.repository';
import { HealthProbeRepository } from '../storage/repositories/health-probe.repository';
import { PrintServiceClient } from '../print-service/print-service.client';
import { PrinterRegistry, printerAddressProblem } from '../printing/printer-registry';
import { TicketPrinter } from '../printing/ticket-printer';
import { ConfigStore } from '../config/config-store';
import { AlipayGateway } from '../payment/alipay.gateway';
import type { PaymentGateway } from '../payment/payment-gateway';
import { DomainEvents } from '../observability/domain-events';
import { TerminalAccounts } from '../tech/terminal-accounts';
import { CollectionService } from '../collection/collection.service';
import { ScannerPool } from '../scanning/scanner-pool';
import { StaffAuth } from '../staff/staff-auth';
import { StaffAccounts } from '../staff/staff-accounts';
import { FirstRunCode } from '../staff/first-run-code';
import { StaffRepository } from '../storage/repositories/staff.repository';
import { technicianHandlers } from '../api/tech.handlers';
import { staffHandlers } from '../api/staff.handlers';
import { kioskHandlers } from '../api/kiosk.handlers';
import { officeHandlers, remoteOfficeHandlers } from '../api/office.handlers';
import { buildOfficeServices } from './office-services';
import { saleHandlers, unconfiguredSaleHandlers } from '../api/sale.handlers';
import { roleGuard } from '../staff/role-guard';
import { buildSale } from './sale-services';
import { CashDrawer } from '../printing/cash-drawer';
import { buildReceipts, type ReceiptServices } from './receipt-services';
import { logTail, type Logger } from '../observability/logger';
import { logInternalFailuresTo } from '../api/internal-failure';
import type { UiHandlers } from '../api/ui-dispatch';
import { buildPrintService, startPrintServiceHost, type PrintServiceHost } from './print-service-host';
import { recoverAtStart } from './startup-recovery';
import type { CollectPrint } from '../sale/sale-print.service';

export interface KioskCore {
  /** The local print service; absent on a kiosk that collects through a remote one. */
  printService?: PrintServiceHost;
  /** Where this kiosk's terminal client sends its four calls. */
  printServiceUrl: string;
  handlers: UiHandlers;
  events: EventEmitter<{ event: [UiEvent] }>;
  db: Db;
  audit: AuditLog;
  /** While no technician exists: the one-time code the first-run setup needs (also in <dataDir>/first-run-code). */
  firstRunCode?: string;
  /** The payment provider in use (Alipay when a technician set it up; a change applies to the next call). */
  paymentGateway(): PaymentGateway | undefined;
  /** The payment receipt and its e-mail, for the sale's completion to call. */
  receipts: ReceiptServices;
  /** Whether a staff session token is live: the UI server's staff event stream asks. */
  staffSessionValid(token: string): boolean;
  stop(): Promise<void>;
}

/** Composition root: builds every service from the config, starts them, and stops them in order. */
export async function startKioskCore(config: AppConfig, logger: Logger, now: () => number = Date.now): Promise<KioskCore> {
  mkdirSync(config.dataDir, { recursive: true });
  logInternalFailuresTo(logger);
  const db = openDatabase(join(config.dataDir, 'kiosk.sqlite'));
  const auditRows = new AuditRepository(db);
  const auditKey = config.audit.keyFile ? loadAuditKey(config.audit.keyFile, config.dataDir) : undefined;
  const audit = new AuditLog(auditRows, () => new Date(now()), auditKey);
  if (!auditKey && audit.headIsKeyed()) {
    db.close();
    throw new AuditKeyError('the audit chain of this store is keyed: start with --audit-key-file FILE (or KIOSK_AUDIT_KEY_FILE)');
  }
  // The first keyed record pins every unkeyed one before it.
  if (auditKey && !audit.headIsKeyed()) audit.append({ actor: 'kiosk', action: 'audit.keyed', subject: 'audit' });
  if (!auditKey)
    logger.warn(
      'the audit chain is not keyed: give --audit-key-file FILE (outside the data folder) so that an edited store cannot pass audit:verify',
    );
  const storeHealth = new StoreHealth({
    probe: new HealthProbeRepository(db),
    dataDir: config.dataDir,
    now,
    settings: () => config.storage,
  });
  audit.onFailure((entry, error) => {
    logger.error(
      { action: entry.action, subject: entry.subject, err: error.message },
      'ALERT: an audit record could not be written; the action went ahead',
    );
    storeHealth.noteFailure(`audit write failed (${entry.action} ${entry.subject}: ${error.message})`);
  });
  const releaseStore = markStoreInUse(config.dataDir);
  const backups = new BackupScheduler(
    {
      repository: new BackupRepository(db),
      now,
      onDone: (path, pruned) => logger.info({ path, pruned }, 'store backed up'),
      onFailure: (error) => {
        logger.error({ err: error.message }, 'ALERT: the store backup failed');
        storeHealth.noteFailure(`backup failed: ${error.message}`);
      },
    },
    () => ({
      dir: config.storage.backupDir ?? join(config.dataDir, 'backups'),
      keepDays: config.storage.backupKeepDays,
      at: config.storage.backupAt,
      offsetMinutes: config.central?.cinemaOffsetMinutes ?? 480,
    }),
  );
  backups.start();
  const domainEvents = new DomainEvents();
  const printers = new PrinterRegistry(config.printer, config.slipPrinter, domainEvents);
  const ticketPrinter = new TicketPrinter(printers, 'ticket');
  const events = new EventEmitter<{ event: [UiEvent] }>();

  const printServiceParts =
    config.terminal.printServiceUrl || !config.central
      ? undefined
      : buildPrintService({ ...config, central: config.central }, { db, audit, now });
  const jobs = new PrintJobsRepository(db);
  // The sale runs where central can be reached (a kiosk of a remote print service without central has none).
  // The payment provider is built below (its metrics go to the print service's registry); the sale reads it at each use.
  let payment: PaymentGateway | undefined;
  // The collection's print path, built below: a completed sale prints through it.
  const late: { collect?: CollectPrint; counterCollect?: CollectPrint; receipts?: ReceiptServices; drawer?: CashDrawer } = {};
  const sale = config.central
    ? buildSale(
        { ...config, central: config.central },
        {
          db,
          audit,
          logger,
          now,
          emit: (event) => events.emit('event', event),
          gateway: () => payment,
          collect: () => late.collect,
          counterCollect: () => late.counterCollect,
          receipts: () => late.receipts,
          openDrawer: async () => (late.drawer ? late.drawer.open() : 'not-ready'),
        },
      )
    : undefined;
  // Before anything serves or sends: what a crash left half-done becomes unknown (or, for a sale order, annulled), once.
  recoverAtStart({
    db,
    audit,
    logger,
    now,
    jobs,
    ...(printServiceParts ? { printService: printServiceParts } : {}),
    ...(sale
      ? {
          sale: {
            cancelOpenAtStart: () => sale.cancels.cancelOpenAtStart(),
            resumeInFlight: () => sale.resumeInFlight(),
            listUnprintedAtStart: () => sale.listUnprintedAtStart(),
          },
        }
      : {}),
  });
  sale?.start();
  // /healthz probes the collection's current printer: the technician may change it live.
  const printService =
    !printServiceParts || !config.central
      ? undefined
      : await startPrintServiceHost(
          { ...config, central: config.central },
          {
            db,
            audit,
            logger,
            now,
            printerReady: async (): Promise<boolean> => (await ticketPrinter.status()).ready,
            emit: (event) => events.emit('event', event),
            storeHealth,
            events: domainEvents,
            parts: printServiceParts,
            // A refund of a booking this store sold, online or at the counter: its money-back is queued in the refund's transaction.
            ...(sale
              ? {
                  afterCentralRefund: (refund: RefundRow) => sale.ownRefunds.enqueue(refund),
                  afterLocalRefund: (refund: RefundRow) => sale.ownRefunds.enqueue(refund),
                }
              : {}),
          },
        );
  const printServiceUrl = config.terminal.printServiceUrl ?? printService!.url;

  const client = new PrintServiceClient({
    baseUrl: printServiceUrl,
    terminalId: config.terminal.id,
    username: config.terminal.username,
    password: config.terminal.password,
    timeoutMs: (config.central?.requestTimeoutMs ?? 8_000) + 2_000,
    ...(config.terminal.printServiceFingerprint
      ? { fingerprint: config.terminal.printServiceFingerprint }
      : printService?.fingerprint
        ? { fingerprint: printService.fingerprint }
        : {}),
  });
  const kiosk = new CollectionService({
    client,
    printer: ticketPrinter,
    jobs,
    cinemaOffsetMinutes: config.central?.cinemaOffsetMinutes ?? 480,
    emit: (event) => events.emit('event', event),
    logger,
    now,
    // The host's own print service commits into this store: its print-result flushes the journal's marks.
    printResultSharesStore: printService !== undefined,
  });
  late.collect = (input) => kiosk.collect(input);

  const scanners = new ScannerPool((event) => events.emit('event', event), logger);
  await scanners.replace(config.scanners);
  const staffRows = new StaffRepository(db);
  const firstRun = new FirstRunCode(join(config.dataDir, 'first-run-code'));
  const staff = new StaffAuth(staffRows, audit, {
    db,
    idleTimeoutMs: config.office.staffIdleMinutes * 60_000,
    lifetimeMs: config.office.staffSessionHours * 3_600_000,
    firstRunCode: firstRun,
    now,
  });
  const staffAccounts = new StaffAccounts({ db, staff: staffRows, audit, sessions: staff, firstRunCode: firstRun, now });
  staff.start();
  const firstRunCode = staff.issueFirstRunCode();
  // The code itself goes to the console (cli.ts), never to the log.
  if (firstRunCode)
    logger.warn(
      { file: join(config.dataDir, 'first-run-code') },
      'no technician exists yet: the first-run setup at /tech needs the one-time code in this file',
    );

  const slipPrinter = new TicketPrinter(printers, 'slip');
  // Read through the config store (below) at each use: the technician's SMTP changes apply to the next message.
  const receipts = buildReceipts({ db, audit, logger, now, printer: slipPrinter, mail: () => configStore.current().mail });
  receipts.start();
  late.receipts = receipts.services;
  // The cash drawer hangs off the receipt printer (the slip role): ESC p through it.
  late.drawer = new CashDrawer(slipPrinter);

  const paymentFor = (settings: AppConfig['payment']) =>
    settings.alipay && new AlipayGateway(settings.alipay, { logger, ...(printService ? { registry: printService.metrics.registry } : {}) });
  payment = paymentFor(config.payment);

  // The technician's changes go through the store: checked, applied here, saved, audited, announced.
  const configStore = new ConfigStore({
    config,
    audit,
    events: domainEvents,
    checks: { printer: (p) => printerAddressProblem(p.url), slipPrinter: (p) => (p ? printerAddressProblem(p.url) : undefined) },
    apply: {
      printer: (p) => printers.replace('ticket', p),
      scanners: (list) => scanners.replace(list),
      payment: (settings) => void (payment = paymentFor(settings)),
      ...(printService || sale
        ? {
            central: (c: AppConfig['central']) => {
              printService?.reconfigureCentral(c!);
              sale?.reconfigureCentral(c!);
            },
          }
        : {}),
    },
  });
  const local = printService && {
    outboxDepth: () => printService.outbox.depth(),
    syncStatus: () => printService.syncStatus(),
    probeCentral: () => printService.probeCentral(),
    ticketSource: () => printService.ticketSource(),
    probeTicketSource: () => printService.probeTicketSource(),
    reconcile: () => printService.reconcile(),
  };

  const office =
    printService &&
    buildOfficeServices({
      config,
      db,
      staff,
      audit,
      auditRows,
      printers: { ticket: ticketPrinter, slip: slipPrinter },
      host: printService,
      now,
      logger,
    });
  // A sale made at the counter prints as the counter's terminal, as the counter print does.
  if (office) late.counterCollect = office.counterCollect;
  const handlers: UiHandlers = {
    ...kioskHandlers({
      collection: kiosk,
      printerStatus: () => ticketPrinter.status(),
      screen: () => ({
        terminalId: config.terminal.id,
        idleTimeoutSeconds: config.ui.idleTimeoutSeconds,
        idleWarningSeconds: config.ui.idleWarningSeconds,
        outcomeSeconds: config.ui.outcomeSeconds,
        defaultLocale: config.ui.defaultLocale,
        accessibility: { speechVolume: config.ui.speechVolume, theme: config.ui.theme, accessibilityMode: config.ui.accessibilityMode },
      }),
    }),
    ...staffHandlers(staff, staffAccounts, config.terminal.id, config.cinema.timeZone),
    ...technicianHandlers({
      staff,
      audit,
      store: configStore,
      printer: ticketPrinter,
      scanners,
      terminals: new TerminalAccounts(printService?.auth, audit),
      local,
      logTail,
      storeHealth,
      now,
    }),
    ...(office ? officeHandlers(office) : remoteOfficeHandlers()),
    ...(sale ? saleHandlers({ ...sale.services, guard: roleGuard(staff) }) : unconfiguredSaleHandlers()),
  };

  return {
    ...(printService ? { printService } : {}),
    printServiceUrl,
    handlers,
    events,
    db,
    audit,
    ...(firstRunCode ? { firstRunCode } : {}),
    paymentGateway: () => payment,
    receipts: receipts.services,
    staffSessionValid: (token) => staff.isLive(token),
    stop: async () => {
      staff.stop();
      await scanners.stop();
      await sale?.stop();
      await receipts.stop();
      await printService?.stop();
      await client.close();
      await office?.counter.close();
      backups.stop();
      db.close();
      releaseStore();
    },
  };
}
