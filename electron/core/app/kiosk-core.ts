import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { UiEvent } from '../../../shared/contract/ui';
import { ok } from '../../../shared/errors';
import type { AppConfig } from '../config/config';
import { openDatabase, type Db } from '../storage/database';
import { AuditRepository } from '../storage/repositories/audit.repository';
import { BookingsRepository } from '../storage/repositories/bookings.repository';
import { ClaimsRepository } from '../storage/repositories/claims.repository';
import { OutboxRepository } from '../storage/repositories/outbox.repository';
import { PrintJobsRepository } from '../storage/repositories/print-jobs.repository';
import { TerminalsRepository } from '../storage/repositories/terminals.repository';
import { AuditLog } from '../audit/audit-log';
import { VistaHttpClient } from '../central/vista-http.client';
import { PrintService } from '../print-service/print-service';
import { startPrintServiceServer, type RunningPrintServiceServer } from '../print-service/print-service.server';
import { PrintServiceClient } from '../print-service/print-service.client';
import { TerminalAuth } from '../print-service/terminal-auth';
import { printerTransportFor } from '../printing/printer-transport.factory';
import { CollectionService } from '../collection/collection.service';
import { OutboxWorker } from '../sync/outbox-worker';
import type { Logger } from './logger';
import type { UiHandlers } from './ui-handlers';

export interface KioskCore {
  printService: RunningPrintServiceServer;
  handlers: UiHandlers;
  events: EventEmitter<{ event: [UiEvent] }>;
  db: Db;
  terminalAuth: TerminalAuth;
  audit: AuditLog;
  outbox: OutboxRepository;
  outboxWorker: OutboxWorker;
  stop(): Promise<void>;
}

/** Composition root: builds every service from the config, starts them, and stops them in order. */
export async function startKioskCore(config: AppConfig, logger: Logger, now: () => number = Date.now): Promise<KioskCore> {
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, 'kiosk.sqlite'));
  const audit = new AuditLog(new AuditRepository(db), () => new Date(now()));
  const bookings = new BookingsRepository(db);
  const claims = new ClaimsRepository(db);
  const outbox = new OutboxRepository(db);
  const jobs = new PrintJobsRepository(db);
  const terminalAuth = new TerminalAuth(new TerminalsRepository(db), config.printService.tokenTtlHours * 3_600_000, now);
  const central = new VistaHttpClient({
    baseUrl: config.central.url.replace(/\/$/u, ''),
    connectApiToken: config.central.connectApiToken,
    cinemaId: config.central.cinemaId,
    optionalClientId: config.central.optionalClientId,
    connectTimeoutMs: config.central.connectTimeoutMs,
    requestTimeoutMs: config.central.requestTimeoutMs,
  });

  const service = new PrintService({
    db,
    bookings,
    claims,
    outbox,
    audit,
    central,
    secret: hostSecret(config.dataDir),
    now,
    settings: {
      claimTtlMs: config.printService.claimTtlSeconds * 1000,
      collectionClosesAfterStartMs: config.printService.collectionClosesAfterStartMinutes * 60_000,
      bookingCacheMs: config.printService.bookingCacheSeconds * 1000,
      cinemaOffsetMinutes: config.central.cinemaOffsetMinutes,
    },
  });
  // Claims left by a crash, or that simply ran out, turn their tickets unknown: never printable again by themselves.
  service.expireClaims();
  const expiryTimer = setInterval(() => service.expireClaims(), 5_000);
  expiryTimer.unref();

  const outboxWorker = new OutboxWorker({ db, outbox, central, audit, logger, now }, config.sync);
  outboxWorker.start();

  const printService = await startPrintServiceServer(
    {
      service,
      afterPrintResult: () => outboxWorker.kick(),
      auth: terminalAuth,
      logger,
      health: () => ({ status: 'ok', outbox: outbox.depth() }),
    },
    { port: config.printService.port, host: config.printService.host },
  );

  const events = new EventEmitter<{ event: [UiEvent] }>();
  const client = new PrintServiceClient({
    baseUrl: printService.url,
    terminalId: config.terminal.id,
    username: config.terminal.username,
    password: config.terminal.password,
    timeoutMs: config.central.requestTimeoutMs + 2_000,
  });
  const collection = new CollectionService({
    client,
    printer: printerTransportFor(config.printer.url),
    jobs,
    paperWidthMm: config.printer.paperWidthMm,
    cinemaOffsetMinutes: config.central.cinemaOffsetMinutes,
    emit: (event) => events.emit('event', event),
    logger,
    now,
  });

  const handlers: UiHandlers = {
    'kiosk.info': async () =>
      ok({
        terminalId: config.terminal.id,
        idleTimeoutSeconds: config.ui.idleTimeoutSeconds,
        idleWarningSeconds: config.ui.idleWarningSeconds,
        printer: await collection.printerStatus(),
      }),
    'kiosk.lookup': (input) => collection.lookup(input.printNo),
    'kiosk.collect': (input) => collection.collect(input),
    'printer.status': async () => ok(await collection.printerStatus()),
  };

  return {
    printService,
    handlers,
    events,
    db,
    terminalAuth,
    audit,
    outbox,
    outboxWorker,
    stop: async () => {
      clearInterval(expiryTimer);
      await printService.close();
      await outboxWorker.stop();
      await Promise.allSettled([client.close(), central.close()]);
      db.close();
    },
  };
}

/** A per-installation secret (print-token signatures), created once and kept in the data folder. */
function hostSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'host-secret');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return readFileSync(path);
}
