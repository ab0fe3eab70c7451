import type { AuditLog } from '../audit/audit-log';
import { saleReceiptSchema } from '../../../shared/domain/sale-receipt';
import { MailError, type Mailer } from '../mail/mailer';
import { receiptMessage } from '../mail/receipt-message';
import type { Logger } from '../observability/logger';
import type { Db } from '../storage/database';
import type { MailOutboxRepository, MailOutboxRow } from '../storage/repositories/mail-outbox.repository';
import { DueRowRunner, retryAt } from './due-rows.runner';
import { maskedAddress } from './receipt-mail.queue';

export interface MailOutboxSettings {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  from: { name: string; address: string };
}

/**
 * Drains the mail outbox to the SMTP relay one message at a time, oldest first. A message the relay
 * did not take is tried again after a jittered exponential backoff capped at maxDelayMs; a permanent
 * refusal (5xx) or the last attempt moves it to `dead` with an audit record. Each attempt carries the
 * row's Message-ID, so a message the relay took just before a crash, sent again after it, is the same
 * message to the customer's mail client. Settings are read at each pass (the technician may change them).
 */
export class MailOutboxWorker {
  private readonly runner: DueRowRunner<MailOutboxRow>;

  constructor(
    private readonly deps: {
      db: Db;
      outbox: MailOutboxRepository;
      mailer: Mailer;
      audit: AuditLog;
      logger: Logger;
      now: () => number;
      random?: () => number;
    },
    /** Undefined while no relay is set up: messages wait. */
    private readonly settings: () => MailOutboxSettings | undefined,
  ) {
    this.runner = new DueRowRunner(
      {
        due: () => (this.settings() ? this.deps.outbox.due(this.deps.now(), 20) : []),
        handle: async (row) => {
          const settings = this.settings();
          return settings !== undefined && (await this.deliver(row, settings));
        },
      },
      { name: 'mail outbox', logger: deps.logger, pollMs: () => this.settings()?.pollMs ?? 1_000 },
    );
  }

  start(): void {
    this.runner.start();
  }

  /** Wakes the worker now: called after a message was queued. */
  kick(): void {
    this.runner.wake();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }

  /** One pass over the due messages; answers how many the relay took. */
  async drainOnce(): Promise<number> {
    return this.runner.runOnce();
  }

  private async deliver(row: MailOutboxRow, settings: MailOutboxSettings): Promise<boolean> {
    try {
      const receipt = saleReceiptSchema.parse(JSON.parse(row.receipt));
      await this.deps.mailer.send(await receiptMessage(receipt, row.address, row.message_id, settings.from));
    } catch (error) {
      this.fail(row, error, settings);
      return false;
    }
    this.deps.db.transaction(() => {
      if (!this.deps.outbox.markSent(row.id, this.deps.now())) return;
      this.deps.audit.append({
        actor: 'mail',
        action: 'mail.receipt-sent',
        subject: `order:${row.order_id}`,
        details: { mailId: row.id, messageId: row.message_id, attempts: row.attempts + 1 },
      });
    })();
    return true;
  }

  private fail(row: MailOutboxRow, error: unknown, settings: MailOutboxSettings): void {
    // A relay's refusal often quotes the recipient: the log and the audit get it masked.
    const message = (error as Error).message.split(row.address).join(maskedAddress(row.address));
    // A row that does not parse (edited by hand) cannot become a message: it is dead at once.
    const permanent = !(error instanceof MailError) || error.permanent;
    if (permanent || row.attempts + 1 >= settings.maxAttempts) {
      this.deps.db.transaction(() => {
        this.deps.outbox.markDead(row.id, message);
        this.deps.audit.append({
          actor: 'mail',
          action: 'mail.dead-letter',
          subject: `order:${row.order_id}`,
          details: { mailId: row.id, attempts: row.attempts + 1, error: message },
        });
      })();
      this.deps.logger.error({ mailId: row.id, attempts: row.attempts + 1, err: message }, 'e-mailed receipt given up');
      return;
    }
    this.deps.outbox.scheduleRetry(row.id, retryAt(this.deps.now(), row.attempts, settings, this.deps.random), message);
    this.deps.logger.warn({ mailId: row.id, attempt: row.attempts + 1, err: message }, 'e-mailed receipt not taken; will retry');
  }
}
