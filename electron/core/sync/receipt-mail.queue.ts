import { createHash } from 'node:crypto';
import { checkMailAddress } from '../../../shared/domain/mail-address';
import { saleReceiptSchema, type SaleReceiptInput } from '../../../shared/domain/sale-receipt';
import { hasUnsafeCharacters } from '../../../shared/domain/text';
import { fail, ok, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../storage/database';
import type { MailOutboxRepository } from '../storage/repositories/mail-outbox.repository';

export interface QueuedReceiptMail {
  mailId: number;
  state: 'pending' | 'sent' | 'dead';
  /** False when this order and address had been queued already: nothing new was queued. */
  queued: boolean;
}

/** `c***@example.com`: enough for staff to tell two addresses apart, not enough to write to. */
export const maskedAddress = (address: string): string => {
  const at = address.indexOf('@');
  return `${address.slice(0, Math.min(1, at))}***${address.slice(at)}`;
};

/**
 * Queues a receipt for e-mail when a customer asks (seed 000: the QR "printed or sent by e-mail"):
 * the address checked (one bare address, no control characters; refused with VALIDATION and
 * `details.reason` `mail-address-<why>`), the receipt checked like the printed one, then one outbox row
 * per order and address with its audit record in one transaction. The worker sends it.
 */
export class ReceiptMailQueue {
  constructor(
    private readonly deps: {
      db: Db;
      outbox: MailOutboxRepository;
      audit: AuditLog;
      now: () => number;
      /** The relay's From address while one is set up; undefined: the kiosk offers no e-mail. */
      fromAddress: () => string | undefined;
      /** Wakes the worker after a commit. */
      kick: () => void;
    },
  ) {}

  queue(orderId: string, address: string, input: SaleReceiptInput): Result<QueuedReceiptMail> {
    const from = this.deps.fromAddress();
    if (!from) return fail('VALIDATION', 'no SMTP relay is set up on this kiosk', { reason: 'mail-not-configured' });
    const checked = checkMailAddress(address);
    if (!checked.ok)
      return fail('VALIDATION', 'that is not an e-mail address a receipt can be sent to', {
        field: 'address',
        reason: `mail-address-${checked.reason}`,
      });
    if (orderId.length === 0 || orderId.length > 64 || hasUnsafeCharacters(orderId))
      return fail('VALIDATION', 'not an order id', { field: 'orderId' });
    const receipt = saleReceiptSchema.safeParse(input);
    if (!receipt.success)
      return fail('VALIDATION', 'the receipt is not valid', {
        reason: 'receipt-invalid',
        problems: receipt.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    if (receipt.data.orderId !== orderId) return fail('VALIDATION', 'the receipt is of another order', { field: 'orderId' });
    // The local part is kept as typed (a relay may tell cases apart); the key folds case so that asking
    // again with different capitals is still one message.
    const key = `receipt:${orderId}:${checked.address.toLowerCase()}`;
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const messageId = `<receipt.${digest}@${from.slice(from.lastIndexOf('@') + 1)}>`;
    const now = this.deps.now();
    const result = this.deps.db.transaction(() => {
      const added = this.deps.outbox.add({ orderId, address: checked.address, key, messageId, receipt: JSON.stringify(receipt.data) }, now);
      if (added.added)
        this.deps.audit.append({
          actor: 'kiosk',
          action: 'mail.receipt-queued',
          subject: `order:${orderId}`,
          details: { mailId: added.row.id, to: maskedAddress(checked.address), messageId },
        });
      return added;
    })();
    if (result.added) this.deps.kick();
    return ok({ mailId: result.row.id, state: result.row.state, queued: result.added });
  }
}
