import type { AuditLog } from '../audit/audit-log';
import { saleReceiptSchema } from '../../../shared/domain/sale-receipt';
import { MailError, type Mailer } from '../mail/mailer';
import { receiptMessage } from '../mail/receipt-message';
import type { Logger } from '../observability/logger';
import type { Db } from '../storage/database';
import type { MailOutboxRepository, MailOutboxRow } from '../storage/repositories/mail-outbox.repository';
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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

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
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the worker now: called after a message was queued. */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the due messages; answers how many the relay took. */
  async drainOnce(): Promise<number> {
    const settings = this.settings();
    if (!settings) return 0;
    let sent = 0;
    for (const row of this.deps.outbox.due(this.deps.now(), 20)) {
      if (this.stopped) break;
      if (await this.deliver(row, settings)) sent += 1;
    }
    return sent;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .catch((error: unknown) => {
          this.deps.logger.error({ err: (error as Error).message }, 'mail outbox pass failed');
          return 0;
        })
        .then((sent) => {
          this.running = undefined;
          if (!this.stopped) this.schedule(sent > 0 ? 0 : (this.settings()?.pollMs ?? 1_000));
        });
    }, delayMs);
    this.timer.unref();
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
    const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** row.attempts);
    const jittered = exponential / 2 + (this.deps.random ?? Math.random)() * (exponential / 2);
    this.deps.outbox.scheduleRetry(row.id, Math.round(this.deps.now() + jittered), message);
    this.deps.logger.warn({ mailId: row.id, attempt: row.attempts + 1, err: message }, 'e-mailed receipt not taken; will retry');
  }
}
