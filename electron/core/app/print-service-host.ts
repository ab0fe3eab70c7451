import type { RefundRow } from '../storage/repositories/refunds.repository';
import { hostSecret } from '../security/secret-box';
import type { AppConfig, CentralConfig } from '../config/config';
import type { Db } from '../storage/database';
import type { StoreHealth } from '../storage/store-health';
import { AbuseCountersRepository } from '../storage/repositories/abuse-counters.repository';
import { BookingsRepository } from '../storage/repositories/bookings.repository';
import { ClaimsRepository } from '../storage/repositories/claims.repository';
import { OutboxRepository } from '../storage/repositories/outbox.repository';
import { TerminalsRepository } from '../storage/repositories/terminals.repository';
import type { AuditLog } from '../audit/audit-log';
import { VistaHttpClient } from '../central/vista-http.client';
import { CentralError } from '../central/central-api';
import { CentralTicketSource, type TicketSource } from '../central/ticket-source';
import { VistaSarftTicketSource } from '../central/vista-sarft-ticket-source';
import { SarftKioskHttpClient } from '../central/sarft-kiosk-service.client';
import { AbuseLimits } from '../print-service/abuse-limits';
import { PrintService } from '../print-service/print-service';
import { LocalBookings } from '../bookings/local-bookings';
import { TicketStateMachine } from '../bookings/ticket-state-machine';
import { IncompleteTickets } from '../bookings/incomplete-tickets';
import { IncompleteTicketsRepository } from '../storage/repositories/incomplete-tickets.repository';
import { PrintServiceGate } from '../print-service/print-service.gate';
import { PasswordCheckLanes } from '../print-service/password-check-lanes';
import { RefusalAudit } from '../print-service/refusal-audit';
import { startPrintServiceServer } from '../print-service/print-service.server';
import { netLimits } from '../net/connection-guard';
import { cachedProbe } from '../net/cached-probe';
import { TerminalAuth } from '../print-service/terminal-auth';
import { ensureServiceCertificate } from '../print-service/tls-certificate';
import { OutboxWorker } from '../sync/outbox-worker';
import { Reconciler, type ReconcileReport } from '../sync/reconciler';
import { LocalRefundService, type RefundDeps } from '../refunds/local-refund.service';
import { OnlineRefundRunner } from '../refunds/online-refund.runner';
import { refundCodeOf } from '../refunds/refund-code';
import { BookingPaymentsRepository } from '../storage/repositories/booking-payments.repository';
import { LedgerRepository } from '../storage/repositories/ledger.repository';
import { RefundsRepository } from '../storage/repositories/refunds.repository';
import type { UiEvent } from '../../../shared/contract/ui';
import type { Logger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { DomainEvents } from '../observability/domain-events';
import { abuseLimitSettings } from './abuse-limit-settings';
import { percentile95, registerPrintServiceGauges } from './print-service-gauges';
import { printServiceHealth } from './print-service-health';

export interface PrintServiceHost {
  url: string;
  /** Set when the service speaks TLS. */
  fingerprint?: string;
  auth: TerminalAuth;
  /** The abuse limits: the box office lists and lifts pickup-number locks through them. */
  limits: AbuseLimits;
  outbox: OutboxRepository;
  outboxWorker: OutboxWorker;
  /** The domain events this half listens to and raises (`outbox.work` wakes the outbox worker). */
  events: DomainEvents;
  service: PrintService;
  /** The local copy of central's bookings (load, refresh, fold in changes made elsewhere). */
  bookings: LocalBookings;
  /** The ticket state machine: the only way a ticket's state changes. */
  tickets: TicketStateMachine;
  metrics: Metrics;
  syncStatus(): { deadLetters: number; breaker: string; lagP95Ms: number };
  refunds: LocalRefundService;
  onlineRefunds: OnlineRefundRunner;
  /** Central takes a ticket list with RefundBooking (`central.partialRefunds`); else whole bookings only. */
  partialRefunds(): boolean;
  /** The store as the box office reads it. */
  stores: { bookings: BookingsRepository; refunds: RefundsRepository; ledger: LedgerRepository; incomplete: IncompleteTicketsRepository };
  /** This host's secret: signs print tokens and refund codes. */
  secret: Buffer;
  /** The last reconciliation's findings, for the box office's list. */
  lastReconcile(): ReconcileReport | undefined;
  /** Runs the reconciliation now. */
  reconcile(): Promise<ReconcileReport>;
  /** New central connection settings, used from the next call on. */
  reconfigureCentral(central: CentralConfig): void;
  /** Asks the central API something harmless and says whether it answered. */
  probeCentral(): Promise<{ reachable: boolean; detail: string }>;
  /** Where ticket data comes from: central, or the cinema's SarftKioskService (its address and user, never the password). */
  ticketSource(): { kind: 'central' | 'vista-sarft'; url?: string; username?: string };
  /** Tests the ticket source: the SarftKioskService's sign-in (request 1), or central as probeCentral does. */
  probeTicketSource(): Promise<{ reachable: boolean; detail: string }>;
  stop(): Promise<void>;
}

/** The print service and the stores it shares, built and not yet started: the start-up recovery runs on them first. */
export interface PrintServiceParts {
  service: PrintService;
  bookings: BookingsRepository;
  localBookings: LocalBookings;
  tickets: TicketStateMachine;
  claims: ClaimsRepository;
  outbox: OutboxRepository;
  refunds: RefundsRepository;
  ledger: LedgerRepository;
  incompleteTickets: IncompleteTicketsRepository;
  secret: Buffer;
  central: VistaHttpClient;
  /** Where ticket data, QR and printed marks come from (config: central alone, or the cinema's SarftKioskService). */
  source: TicketSource;
  /** The cinema's SarftKioskService client, when it is the ticket source (closed at stop). */
  sarftKiosk?: SarftKioskHttpClient;
}

/** Builds the local print service over the store; nothing listens or runs yet. */
export function buildPrintService(
  config: AppConfig & { central: CentralConfig },
  deps: { db: Db; audit: AuditLog; now: () => number },
): PrintServiceParts {
  const { db, audit, now } = deps;
  const ps = config.printService;
  const bookings = new BookingsRepository(db);
  const claims = new ClaimsRepository(db);
  const outbox = new OutboxRepository(db);
  const refunds = new RefundsRepository(db);
  const ledger = new LedgerRepository(db);
  const incompleteTickets = new IncompleteTicketsRepository(db);
  const secret = hostSecret(config.dataDir);
  const central = new VistaHttpClient(vistaSettings(config.central));
  const tickets = new TicketStateMachine({ db, bookings, audit });
  // The ticket source: the cinema's SarftKioskService when configured (vista-sarft), else central alone.
  const upstream = config.sarftUpstream;
  const sarftKiosk = upstream
    ? new SarftKioskHttpClient({
        baseUrl: upstream.url.replace(/\/$/u, ''),
        username: upstream.username,
        password: upstream.password,
        connectTimeoutMs: upstream.connectTimeoutMs,
        requestTimeoutMs: upstream.requestTimeoutMs,
        cinemaOffsetMinutes: config.central.cinemaOffsetMinutes,
      })
    : undefined;
  const source: TicketSource = sarftKiosk
    ? new VistaSarftTicketSource({
        central,
        kiosk: sarftKiosk,
        known: (n) =>
          bookings.tickets(n).map((t) => ({
            sequence: t.sequence,
            ticketCode: t.ticket_code,
            seatName: t.seat_name,
            priceCents: t.price_cents,
            serviceFeeCents: t.service_fee_cents,
            ticketInfoCode: t.ticket_info_code,
            printedHere: t.state === 'printed',
          })),
      })
    : new CentralTicketSource(central);
  const localBookings = new LocalBookings({ db, bookings, source, tickets, now, cacheMs: ps.bookingCacheSeconds * 1000 });
  const service = new PrintService({
    db,
    bookings,
    claims,
    outbox,
    ledger,
    local: localBookings,
    tickets,
    incomplete: new IncompleteTickets({ repository: incompleteTickets, audit }),
    secret,
    now,
    settings: {
      claimTtlMs: ps.claimTtlSeconds * 1000,
      collectionClosesAfterStartMs: ps.collectionClosesAfterStartMinutes * 60_000,
      cinemaOffsetMinutes: config.central.cinemaOffsetMinutes,
      qrMayComeLater: source.qrMayComeLater,
    },
  });
  return {
    service,
    bookings,
    localBookings,
    tickets,
    claims,
    outbox,
    refunds,
    ledger,
    incompleteTickets,
    secret,
    central,
    source,
    ...(sarftKiosk ? { sarftKiosk } : {}),
  };
}

/** The cinema host's half: the local print service, its central checks, abuse limits and the status sync. */
export async function startPrintServiceHost(
  config: AppConfig & { central: CentralConfig },
  deps: {
    db: Db;
    audit: AuditLog;
    logger: Logger;
    now: () => number;
    printerReady: () => Promise<boolean>;
    emit?: (event: UiEvent) => void;
    storeHealth: StoreHealth;
    events?: DomainEvents;
    parts: PrintServiceParts;
    /** A refund central confirmed, in its settling transaction: the sale queues the money-back of its own sales. */
    afterCentralRefund?: (refund: RefundRow) => void;
    /** A refund of printed tickets at the counter, in its transaction: the sale queues the money-back of its own sales. */
    afterLocalRefund?: (refund: RefundRow) => void;
  },
): Promise<PrintServiceHost> {
  const { db, audit, logger, now } = deps;
  const events = deps.events ?? new DomainEvents();
  const outboxHasWork = (): void => void events.emit('outbox.work');
  const ps = config.printService;
  const { service, bookings, localBookings, tickets, claims, outbox, refunds, ledger, incompleteTickets, secret, central, source } =
    deps.parts;
  const auth = new TerminalAuth(new TerminalsRepository(db), ps.tokenTtlHours * 3_600_000, now);
  const limits = new AbuseLimits(new AbuseCountersRepository(db), abuseLimitSettings(ps.limits), now);
  const refusals = new RefusalAudit(audit, ps.limits.refusalAuditSeconds * 1000, now);
  const timers = [
    setInterval(() => service.expireClaims(), 5_000),
    setInterval(() => limits.flush(), 5_000),
    setInterval(() => refusals.flush(), 5_000),
  ];
  for (const t of timers) t.unref();

  const payments = new BookingPaymentsRepository(db);
  const outboxWorker = new OutboxWorker({ db, outbox, central, source, payments, audit, logger, now, events }, config.sync);
  outboxWorker.start();
  const reconciler = new Reconciler(
    { db, local: localBookings, bookings, outbox, refunds, audit, logger, now, events },
    { days: config.sync.reconcileDays, everyMs: config.sync.reconcileEveryMinutes * 60_000 },
  );
  reconciler.start();

  const refundDeps: RefundDeps = {
    db,
    bookings,
    tickets,
    refunds,
    outbox,
    ledger,
    audit,
    now,
    events,
    rules: () => ({ lateMinutesBeforeStart: config.office.lateRefundMinutesBeforeStart, bookingFeePolicy: config.office.bookingFeeRefund }),
    partialRefunds: () => central.capabilities.partialRefunds,
    codeOf: (cinemaCode, refundId) => refundCodeOf(secret, cinemaCode, refundId),
    afterLocalRefund: (refund) => deps.afterLocalRefund?.(refund),
  };
  const onlineRefunds = new OnlineRefundRunner(
    {
      ...refundDeps,
      central,
      payments,
      logger,
      emit: deps.emit ?? (() => {}),
      afterCentralRefund: (refund) => deps.afterCentralRefund?.(refund),
    },
    () => ({
      maxAttempts: config.office.onlineRefundAttempts,
      retryMs: config.office.onlineRefundRetrySeconds * 1000,
    }),
  );
  onlineRefunds.start();

  const metrics = new Metrics();
  registerPrintServiceGauges(metrics, { claims, limits, outbox, outboxWorker, reconciler, now });

  const lanes = new PasswordCheckLanes({ concurrent: ps.limits.passwordChecksAtOnce, queue: ps.limits.passwordCheckQueue });
  const gate = new PrintServiceGate({ service, auth, limits, lanes, refusals, audit, metrics, afterPrintResult: outboxHasWork });
  const certificate = ps.tls ? ensureServiceCertificate(config.dataDir, [ps.host]) : undefined;
  // A probe opens a printer connection: /healthz answers from one at most healthProbeSeconds old.
  const printerReady = cachedProbe(() => deps.printerReady().catch(() => false), ps.healthProbeSeconds * 1000, now);
  const server = await startPrintServiceServer(
    {
      gate,
      metrics,
      logger,
      health: printServiceHealth({
        storeHealth: deps.storeHealth,
        central,
        ticketSource: { kind: source.kind, ...(deps.parts.sarftKiosk ? { sarft: deps.parts.sarftKiosk } : {}) },
        printerReady,
        outbox,
        outboxWorker,
        now,
        lagAlertSeconds: config.sync.lagAlertSeconds,
        insecurePlaintext: config.net.insecurePlaintext,
      }),
      operators: { trustedSources: ps.trustedSources, metricsToken: ps.metricsToken },
    },
    {
      port: ps.port,
      host: ps.host,
      limits: netLimits(config.net, ps.trustedSources).printService,
      ...(certificate ? { tls: { key: certificate.key, cert: certificate.cert } } : {}),
    },
  );

  /** Asks central something harmless: the seed's members only, so a seed-strict central is reachable too. */
  const probeCentral = async (): Promise<{ reachable: boolean; detail: string }> => {
    try {
      // The seed's members only: a seed-strict central is reachable too.
      await central.getBookingStatus(1);
      return { reachable: true, detail: 'GetSingleBooking answered' };
    } catch (error) {
      const failure = error instanceof CentralError ? error.failure : 'unknown-outcome';
      return { reachable: failure === 'rejected' || failure === 'malformed', detail: (error as Error).message };
    }
  };

  return {
    url: server.url,
    ...(certificate ? { fingerprint: certificate.fingerprint } : {}),
    auth,
    limits,
    outbox,
    outboxWorker,
    events,
    service,
    bookings: localBookings,
    tickets,
    metrics,
    refunds: new LocalRefundService(refundDeps),
    onlineRefunds,
    partialRefunds: refundDeps.partialRefunds,
    stores: { bookings, refunds, ledger, incomplete: incompleteTickets },
    secret,
    lastReconcile: () => reconciler.lastReport(),
    reconcile: () => reconciler.run(),
    syncStatus: () => ({
      deadLetters: outbox.deadCount(),
      breaker: outboxWorker.breakerState(),
      lagP95Ms: Math.round(percentile95(outboxWorker.stats.lags)),
    }),
    reconfigureCentral: (next) => central.reconfigure(vistaSettings(next)),
    ticketSource: () =>
      config.sarftUpstream
        ? { kind: 'vista-sarft', url: config.sarftUpstream.url, username: config.sarftUpstream.username }
        : { kind: 'central' },
    probeTicketSource: async () => {
      const kiosk = deps.parts.sarftKiosk;
      if (!kiosk) return probeCentral();
      try {
        await kiosk.auth();
        return { reachable: true, detail: 'SarftKioskService accepted the sign-in (request 1)' };
      } catch (error) {
        return { reachable: false, detail: (error as Error).message };
      }
    },
    probeCentral,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      reconciler.stop();
      await onlineRefunds.stop();
      await server.close();
      await outboxWorker.stop();
      limits.flush();
      refusals.flush(true);
      await central.close();
      await deps.parts.sarftKiosk?.close();
    },
  };
}

function vistaSettings(central: CentralConfig) {
  return {
    baseUrl: central.url.replace(/\/$/u, ''),
    connectApiToken: central.connectApiToken,
    cinemaId: central.cinemaId,
    optionalClientId: central.optionalClientId,
    partialRefunds: central.partialRefunds,
    connectTimeoutMs: central.connectTimeoutMs,
    requestTimeoutMs: central.requestTimeoutMs,
  };
}
