import type { UiEvent } from '../../../shared/contract/ui';
import type { AuditLog } from '../audit/audit-log';
import type { AppConfig, CentralConfig } from '../config/config';
import { VistaSaleClient, type VistaSaleConfig } from '../central/vista-sale.client';
import type { SaleCentral } from '../central/sale-api';
import type { Logger } from '../observability/logger';
import { CatalogueCache } from '../sale/catalogue-cache';
import { OrderCancelService } from '../sale/order-cancel.service';
import { OrderLedger } from '../sale/order-ledger';
import { SaleCatalogueService } from '../sale/sale-catalogue.service';
import { SeatHoldService } from '../sale/seat-hold.service';
import { SalePaymentService } from '../sale/sale-payment.service';
import { SaleQrPaymentService } from '../sale/sale-qr-payment.service';
import { TradeSettlement } from '../sale/trade-settlement';
import { SaleCompletionService } from '../sale/sale-completion.service';
import { SalePrintService, type CollectPrint } from '../sale/sale-print.service';
import { OwnSaleRefundWorker } from '../sale/own-sale-refund.worker';
import { SaleRefundsRepository } from '../storage/repositories/sale-refunds.repository';
import { CashPaymentService, type DrawerResult } from '../sale/cash-payment.service';
import { SaleReceiptService, type ReceiptPort } from '../sale/sale-receipt.service';
import type { PaymentGateway } from '../payment/payment-gateway';
import { BookingPaymentsRepository } from '../storage/repositories/booking-payments.repository';
import type { Db } from '../storage/database';
import { CatalogueCacheRepository } from '../storage/repositories/catalogue-cache.repository';
import { SaleOrdersRepository } from '../storage/repositories/sale-orders.repository';
import { AuditRepository } from '../storage/repositories/audit.repository';
import { MailOutboxRepository } from '../storage/repositories/mail-outbox.repository';
import { SaleOutboxRepository } from '../storage/repositories/sale-outbox.repository';
import { SaleOutboxWorker } from '../sync/sale-outbox.worker';
import type { SaleServices } from '../api/sale.handlers';
import { backgroundRefresh } from './background-refresh';

/** The sale, built and not yet running: the start-up recovery annuls open orders through `cancels` first. */
export interface SaleParts {
  central: SaleCentral & { reconfigure(config: VistaSaleConfig): void; close(): Promise<void> };
  catalogue: SaleCatalogueService;
  holds: SeatHoldService;
  cancels: OrderCancelService;
  payments: SalePaymentService;
  /** The QR the customer scans (precreate), beside the payment code. */
  qrPayments: SaleQrPaymentService;
  /** Every trade's settling (query, reversal), whichever way it was asked for: `idle()` waits for it. */
  settlement: TradeSettlement;
  completions: SaleCompletionService;
  /** The money-back of refunds of our own sales, queued when central confirms the booking's refund. */
  ownRefunds: OwnSaleRefundWorker;
  /** At start: every order of this terminal whose money may have moved goes on from its row (never a second trade). */
  resumeInFlight(): number;
  /** Booked sales whose print never reported before a stop: on the box office's list (printing on completion only). */
  listUnprintedAtStart(): number;
  worker: SaleOutboxWorker;
  /** What the handlers need, but the role guard (built with the staff sessions). */
  services: Omit<SaleServices, 'guard'>;
  start(): void;
  /** New central settings from the next call on. */
  reconfigureCentral(central: CentralConfig): void;
  stop(): Promise<void>;
}

export const vistaSaleSettings = (central: CentralConfig): VistaSaleConfig => ({
  baseUrl: central.url,
  connectApiToken: central.connectApiToken,
  cinemaId: central.cinemaId,
  optionalClientClass: central.optionalClientClass,
  optionalClientId: central.optionalClientId,
  optionalClientName: central.optionalClientName,
  connectTimeoutMs: central.connectTimeoutMs,
  requestTimeoutMs: central.requestTimeoutMs,
  cinemaOffsetMinutes: central.cinemaOffsetMinutes,
});

/** Builds the sale over the store for a host with a central connection (the settings are read at each use). */
export function buildSale(
  config: AppConfig & { central: CentralConfig },
  deps: {
    db: Db;
    audit: AuditLog;
    logger: Logger;
    now: () => number;
    emit: (event: UiEvent) => void;
    /** The payment provider in use (a technician's change applies to the next call). */
    gateway: () => PaymentGateway | undefined;
    /** The collection's print path of this host's kiosk terminal (built after the sale). */
    collect: () => CollectPrint | undefined;
    /** The same path as the counter's own terminal, where the box office runs (built after the sale). */
    counterCollect?: () => CollectPrint | undefined;
    /** The receipt printer and the mail outbox of this host (built after the sale). */
    receipts: () => ReceiptPort | undefined;
    /** Opens the cash drawer on the receipt printer (built after the sale). */
    openDrawer: () => Promise<DrawerResult>;
  },
): SaleParts {
  const { db, audit, logger, now } = deps;
  const central = new VistaSaleClient(vistaSaleSettings(config.central));
  const orders = new SaleOrdersRepository(db);
  const outbox = new SaleOutboxRepository(db);
  const cache = new CatalogueCache({ db, rows: new CatalogueCacheRepository(db), now, logger });
  const sale = () => config.sale;
  const catalogue = new SaleCatalogueService({
    central,
    cache,
    now,
    settings: () => ({ ...sale(), cinemaId: config.central!.cinemaId, timeZone: config.cinema.timeZone }),
  });
  // The worker confirms orders through the ledger and the ledger wakes the worker: each refers to the other in a closure.
  const worker = new SaleOutboxWorker(
    { db, outbox, central, logger, now, onCancelled: (orderId, attempts) => ledger.confirmCancelled(orderId, { attempts }) },
    () => ({ pollMs: sale().cancelPollMs, baseDelayMs: sale().cancelBaseDelayMs, maxDelayMs: sale().cancelMaxDelayMs }),
  );
  const ledger = new OrderLedger({
    db,
    orders,
    outbox,
    audit,
    terminalId: config.terminal.id,
    now,
    emit: deps.emit,
    kickOutbox: () => worker.kick(),
  });
  const holds = new SeatHoldService({ central, catalogue, ledger, holdSeconds: () => sale().holdSeconds, now, logger });
  const cancels = new OrderCancelService({ ledger, orders, now, logger, expiryCheckMs: () => sale().expiryCheckMs });
  // A clerk's sale prints as the counter (its tickets, journal and shift report say the counter), a customer's as the kiosk.
  const printing = new SalePrintService({
    ledger,
    collect: (channel) => (channel === 'staff' ? deps.counterCollect?.() : deps.collect()),
    logger,
  });
  const auditRows = new AuditRepository(db);
  const mailOutbox = new MailOutboxRepository(db);
  const receipts = new SaleReceiptService({
    ledger,
    receipts: deps.receipts,
    cinemaName: async () => {
      const films = await catalogue.films();
      return films.ok ? films.value.cinemaName : config.central!.cinemaId;
    },
    paidAt: (orderId) => {
      const at = auditRows
        .bySubject(`order:${orderId}`)
        .filter((row) => row.action === 'sale.order.paid')
        .at(-1)?.at;
      return at ? Date.parse(at) : undefined;
    },
    timeZone: () => config.cinema.timeZone,
    // The receipt names the terminal the customer stood at: the counter's for a clerk's sale.
    terminalOf: (order) => (order.channel === 'staff' ? config.office.terminalId : order.terminal_id),
    mailsQueued: (orderId) => mailOutbox.ofOrder(orderId).map((row) => row.address.toLowerCase()),
    audit,
    logger,
  });
  // The tickets first, then the receipt, whether the tickets printed or not: the sale stands either way.
  const printAndReceipt = async (orderId: string): Promise<void> => {
    await printing.print(orderId);
    await receipts.print(orderId);
  };
  const completions = new SaleCompletionService({
    ledger,
    central,
    gateway: deps.gateway,
    payments: new BookingPaymentsRepository(db),
    settings: sale,
    now,
    logger,
    onCompleted: (orderId) => {
      if (!sale().printOnCompletion) return;
      printAndReceipt(orderId).catch((error: unknown) =>
        logger.error({ orderId, err: (error as Error).message }, 'printing a sale failed'),
      );
    },
  });
  const settlement = new TradeSettlement({
    ledger,
    gateway: deps.gateway,
    settings: sale,
    now,
    logger,
    onPaid: (orderId) => completions.continue(orderId),
  });
  const payments = new SalePaymentService({ ledger, gateway: deps.gateway, settlement, now, logger });
  const qrPayments = new SaleQrPaymentService({ ledger, gateway: deps.gateway, settlement, now, logger });
  const cash = new CashPaymentService({
    ledger,
    openDrawer: deps.openDrawer,
    audit,
    now,
    logger,
    onPaid: (orderId) => completions.continue(orderId),
  });
  const ownRefunds = new OwnSaleRefundWorker(
    {
      db,
      rows: new SaleRefundsRepository(db),
      orders,
      gateway: deps.gateway,
      audit,
      logger,
      now,
    },
    () => ({
      pollMs: Math.max(100, sale().cancelPollMs),
      retryMs: sale().paymentRetryMs,
      maxAttempts: Math.max(3, sale().paymentRetryAttempts),
    }),
  );
  const resumeInFlight = (): number => {
    const rows = orders.inFlight(config.terminal.id);
    for (const row of rows) {
      if (row.state === 'paying' || row.state === 'payment-unknown') settlement.resume(row);
      else completions.continue(row.order_id);
    }
    if (rows.length > 0)
      logger.warn({ orders: rows.length }, 'paid or paying sale orders found at start: each goes on from where it stopped');
    return rows.length;
  };
  const prefetch = backgroundRefresh(
    () => catalogue.warm(),
    () => sale().prefetchSeconds,
    (error) => logger.warn({ err: error.message }, 'catalogue refresh failed'),
  );
  return {
    central,
    catalogue,
    holds,
    cancels,
    payments,
    qrPayments,
    settlement,
    completions,
    ownRefunds,
    resumeInFlight,
    listUnprintedAtStart: () => (sale().printOnCompletion ? printing.listUnprintedAtStart() : 0),
    worker,
    services: {
      catalogue,
      orders: {
        hold: (input, actor) => holds.hold(input, actorName(actor)),
        cancel: async (orderId, reason, actor) => cancels.cancel(orderId, reason, actorName(actor)),
        order: (orderId) => cancels.order(orderId),
        pay: (orderId, paymentCode, actor) => payments.pay(orderId, paymentCode, actorName(actor)),
        payQr: (orderId, actor) => qrPayments.payQr(orderId, actorName(actor)),
        abandonPay: async (orderId, actor) => qrPayments.abandon(orderId, actorName(actor)),
        payStatus: (orderId) => payments.status(orderId),
        payCash: (orderId, tenderedCents, actor) => cash.pay(orderId, tenderedCents, actorName(actor)),
        mailReceipt: (orderId, address) => receipts.mail(orderId, address),
      },
    },
    start: () => {
      worker.start();
      cancels.start();
      prefetch.start();
      ownRefunds.start();
    },
    reconfigureCentral: (next) => central.reconfigure(vistaSaleSettings(next)),
    stop: async () => {
      prefetch.stop();
      cancels.stop();
      settlement.stop();
      completions.stop();
      await ownRefunds.stop();
      await worker.stop();
      await central.close();
    },
  };
}

/** `kiosk`, or `staff:<username>` as the audit log names staff. */
const actorName = (actor: { kind: 'kiosk' | 'staff'; name: string }): string => (actor.kind === 'kiosk' ? 'kiosk' : `staff:${actor.name}`);
