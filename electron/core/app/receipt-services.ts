import type { SaleReceiptInput } from '../../../shared/domain/sale-receipt';
import type { Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { MailConfig } from '../config/config';
import type { Mailer } from '../mail/mailer';
import { SmtpMailer } from '../mail/smtp-mailer';
import type { Logger } from '../observability/logger';
import { ReceiptPrinter } from '../printing/receipt-printer';
import type { DocumentOutcome, TicketPrinter } from '../printing/ticket-printer';
import type { Db } from '../storage/database';
import { MailOutboxRepository } from '../storage/repositories/mail-outbox.repository';
import { MailOutboxWorker } from '../sync/mail-outbox.worker';
import { ReceiptMailQueue, type QueuedReceiptMail } from '../sync/receipt-mail.queue';

/** What a paid sale calls for its receipt: on paper at once, by e-mail when the customer asks. */
export interface ReceiptServices {
  /** Prints the receipt with its control coupon on the receipt printer; `printed` when the printer confirmed it. */
  printReceipt(receipt: SaleReceiptInput): Promise<Result<{ outcome: DocumentOutcome }>>;
  /** Queues the receipt for e-mail to `address` (one message per order and address); the outbox sends it. */
  queueReceiptMail(orderId: string, address: string, receipt: SaleReceiptInput): Result<QueuedReceiptMail>;
  /** Messages still waiting for the relay. */
  mailDepth(): number;
}

export interface ReceiptParts {
  services: ReceiptServices;
  worker: MailOutboxWorker;
  start(): void;
  stop(): Promise<void>;
}

/** Builds the receipt printer and the mail outbox; `mail` is read at each use (the technician may change it). */
export function buildReceipts(deps: {
  db: Db;
  audit: AuditLog;
  logger: Logger;
  now: () => number;
  /** The slip role's printer: the receipt printer, or the ticket printer where there is none. */
  printer: TicketPrinter;
  mail: () => MailConfig | undefined;
  /** Tests give another; the SMTP relay otherwise. */
  mailer?: Mailer;
}): ReceiptParts {
  const { db, audit, logger, now } = deps;
  const outbox = new MailOutboxRepository(db);
  const worker = new MailOutboxWorker({ db, outbox, mailer: deps.mailer ?? new SmtpMailer(deps.mail), audit, logger, now }, () => {
    const mail = deps.mail();
    return (
      mail && {
        pollMs: mail.pollMs,
        baseDelayMs: mail.baseDelayMs,
        maxDelayMs: mail.maxDelayMs,
        maxAttempts: mail.maxAttempts,
        from: { name: mail.fromName, address: mail.from },
      }
    );
  });
  const queue = new ReceiptMailQueue({ db, outbox, audit, now, fromAddress: () => deps.mail()?.from, kick: () => worker.kick() });
  const printer = new ReceiptPrinter(deps.printer);
  return {
    services: {
      printReceipt: (receipt) => printer.print(receipt),
      queueReceiptMail: (orderId, address, receipt) => queue.queue(orderId, address, receipt),
      mailDepth: () => outbox.depth(),
    },
    worker,
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
}
