import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { buildReceipts, type ReceiptParts } from '../../electron/core/app/receipt-services';
import { mailSchema, type MailConfig } from '../../electron/core/config/config';
import { silentLogger } from '../../electron/core/observability/logger';
import { openDatabase, type Db } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { PrinterRegistry } from '../../electron/core/printing/printer-registry';
import { TicketPrinter } from '../../electron/core/printing/ticket-printer';
import { printerProfileSchema } from '../../electron/core/config/config';
import { startSmtpSink, type RunningSmtpSink } from '../../electron/simulator/smtp-sink/smtp-sink.server';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { sampleReceipt } from '../support/receipt-fixture';

/** A free loopback port with nothing listening on it (a relay that is switched off). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The mail outbox against a real SMTP relay that is off, then on; and one that refuses for good. */
describe('mail outbox and the SMTP relay', () => {
  let db: Db;
  let receipts: ReceiptParts;
  let sink: RunningSmtpSink | undefined;
  let mail: MailConfig;
  const dir = tempDir('mail-outbox');
  const state = (orderId: string) =>
    db.prepare('SELECT state, attempts, next_attempt_at, last_error FROM mail_outbox WHERE order_id = ?').get(orderId) as {
      state: string;
      attempts: number;
      next_attempt_at: number;
      last_error: string | null;
    };

  beforeEach(() => {
    db = openDatabase(join(tempDir('mail-db'), 'kiosk.sqlite'));
    const audit = new AuditLog(new AuditRepository(db));
    const printer = new TicketPrinter(new PrinterRegistry(printerProfileSchema.parse({ url: 'tcp://127.0.0.1:9' }), undefined), 'slip');
    receipts = buildReceipts({ db, audit, logger: silentLogger(), now: Date.now, printer, mail: () => mail });
  });
  afterEach(async () => {
    await receipts.stop();
    await sink?.close();
    sink = undefined;
    db.close();
  });

  it('a relay switched off (connection refused): retried with a capped backoff, then delivered once when it is switched on', async () => {
    const port = await closedPort();
    mail = mailSchema.parse({
      host: '127.0.0.1',
      port,
      security: 'none',
      from: 'receipts@cinema.example',
      pollMs: 20,
      baseDelayMs: 100,
      maxDelayMs: 250,
    });
    receipts.start();
    expect(receipts.services.queueReceiptMail('o-off', 'someone@example.com', sampleReceipt({ orderId: 'o-off' }))).toMatchObject({
      ok: true,
    });
    const waiting = await eventually(
      async () => state('o-off'),
      (r) => r.attempts >= 4,
    );
    expect(waiting.state).toBe('pending');
    expect(waiting.last_error).toMatch(/ECONNECTION|ECONNREFUSED/u);
    // The wait never grows past maxDelayMs, however many attempts failed.
    expect(waiting.next_attempt_at - Date.now()).toBeLessThanOrEqual(250);

    sink = await startSmtpSink({ dir: join(dir, 'relay-on'), port });
    mail = { ...mail, user: sink.user, password: sink.password };
    await eventually(
      async () => state('o-off'),
      (r) => r.state === 'sent',
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.messages()).toHaveLength(1);
    expect(receipts.services.mailDepth()).toBe(0);
  });

  it('a refused login is retried like a relay that is down (the technician may fix it); after maxAttempts the message is a dead letter', async () => {
    sink = await startSmtpSink({ dir: join(dir, 'relay-auth') });
    mail = mailSchema.parse({
      host: sink.host,
      port: sink.port,
      security: 'none',
      user: sink.user,
      password: 'wrong',
      from: 'receipts@cinema.example',
      pollMs: 20,
      baseDelayMs: 50,
      maxDelayMs: 100,
      maxAttempts: 3,
    });
    receipts.start();
    expect(receipts.services.queueReceiptMail('o-auth', 'someone@example.com', sampleReceipt({ orderId: 'o-auth' }))).toMatchObject({
      ok: true,
    });
    // A refused login is retried like a relay that is down, until the attempts run out.
    const dead = await eventually(
      async () => state('o-auth'),
      (r) => r.state === 'dead',
    );
    expect(dead.attempts).toBe(3);
    expect(dead.last_error).toMatch(/EAUTH/u);
    expect(sink.messages()).toEqual([]);
    const actions = (
      db.prepare("SELECT action FROM audit_log WHERE subject = 'order:o-auth' ORDER BY seq").all() as { action: string }[]
    ).map((a) => a.action);
    expect(actions).toEqual(['mail.receipt-queued', 'mail.dead-letter']);
  });

  it("the relay's final refusal of a mailbox (550) is a dead letter at once, and the next message still goes", async () => {
    sink = await startSmtpSink({ dir: join(dir, 'relay-550') });
    mail = mailSchema.parse({
      host: sink.host,
      port: sink.port,
      security: 'none',
      user: sink.user,
      password: sink.password,
      from: 'receipts@cinema.example',
      pollMs: 20,
      baseDelayMs: 50,
      maxDelayMs: 100,
    });
    receipts.start();
    expect(receipts.services.queueReceiptMail('o-550', 'nobody@refused.example', sampleReceipt({ orderId: 'o-550' }))).toMatchObject({
      ok: true,
    });
    expect(receipts.services.queueReceiptMail('o-ok', 'somebody@example.com', sampleReceipt({ orderId: 'o-ok' }))).toMatchObject({
      ok: true,
    });
    const dead = await eventually(
      async () => state('o-550'),
      (r) => r.state === 'dead',
    );
    expect(dead.attempts).toBe(1);
    expect(dead.last_error).toMatch(/550/u);
    expect(dead.last_error).not.toContain('nobody@refused.example');
    const details = (db.prepare("SELECT details FROM audit_log WHERE subject = 'order:o-550'").all() as { details: string }[])
      .map((d) => d.details)
      .join();
    expect(details).not.toContain('nobody@refused.example');
    await eventually(
      async () => state('o-ok'),
      (r) => r.state === 'sent',
    );
    expect(sink.messages()).toHaveLength(1);
  });
});
