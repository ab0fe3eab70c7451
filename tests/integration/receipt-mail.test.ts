import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import { readConfigFile } from '../../electron/core/config/config-file';
import { parseScanPayload } from '../../shared/domain/scan-payload';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { eventually } from '../support/sim-control';
import { tempDir } from '../support/host-process';
import { firstRunCode } from '../support/first-run';
import { sampleReceipt } from '../support/receipt-fixture';

/** A MIME part: its headers (names in lower case) and its body decoded by its Content-Transfer-Encoding. */
interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** Just enough MIME for the messages nodemailer writes: nested multiparts, base64 and quoted-printable. */
function headersOf(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw
    .split(/\r?\n\r?\n/u)[0]!
    .replace(/\r?\n[ \t]+/gu, ' ')
    .split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function mimeParts(raw: string): Part[] {
  const [, ...rest] = raw.split(/\r?\n\r?\n/u);
  const body = rest.join('\r\n\r\n');
  const headers = headersOf(raw);
  const boundary = /boundary="?([^";]+)"?/iu.exec(headers['content-type'] ?? '')?.[1];
  if (boundary)
    return body
      .split(`--${boundary}`)
      .slice(1, -1)
      .flatMap((p) => mimeParts(p.replace(/^\r?\n/u, '')));
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/gu, ''), 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r?\n/gu, '').replace(/=([0-9A-F]{2})/giu, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          )
        : Buffer.from(body, 'utf8');
  return [{ headers, body: decoded }];
}

/** An encoded-word header (`=?UTF-8?B?…?=` / `?Q?`) as text. */
const decodeHeader = (value: string) =>
  value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/giu, (_m, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/gu, ' ').replace(/=([0-9A-F]{2})/giu, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

const zbar = (png: string) =>
  execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n');

describe('e-mailed receipts through the demo SMTP relay', () => {
  let host: RunningHost;
  let pick: ReturnType<typeof bookingPicker>;
  const work = tempDir('receipt-mail');
  const sink = () => host.demo!.mail!;
  const rows = (orderId: string) =>
    host.core.db.prepare('SELECT state, attempts, last_error FROM mail_outbox WHERE order_id = ?').all(orderId) as {
      state: string;
      attempts: number;
      last_error: string | null;
    }[];

  beforeAll(async () => {
    host = await startDemoHost({ mail: { baseDelayMs: 150, maxDelayMs: 400, pollMs: 50 } });
    pick = bookingPicker(host);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('lands in <data-dir>/mail/ (0600) with the receipt, and its inline QR, read by zbarimg, starts a collection at the kiosk', async () => {
    expect(sink().dir).toBe(join(host.config.dataDir, 'mail'));
    const booking = pick('unprinted', 2);
    const receipt = sampleReceipt({ orderId: 'order-mail-1', coupon: { printNo: booking.printNo, verifyCode: booking.verifyCode } });
    const before = sink().messages().length;
    const queued = host.core.receipts.queueReceiptMail('order-mail-1', 'Customer.One@Example.COM', receipt);
    expect(queued).toMatchObject({ ok: true, value: { state: 'pending', queued: true } });
    const messages = await eventually(
      async () => sink().messages(),
      (m) => m.length === before + 1,
    );
    const { file, raw } = messages.at(-1)!;
    expect(file).toMatch(/^\d{6}-[0-9a-f]{8}\.eml$/u);
    expect(statSync(join(sink().dir, file)).mode & 0o777).toBe(0o600);
    expect(statSync(sink().dir).mode & 0o777).toBe(0o700);
    await eventually(
      async () => rows('order-mail-1'),
      (r) => r[0]?.state === 'sent',
    );

    const top = headersOf(raw);
    expect(top.to).toBe('Customer.One@example.com');
    expect(decodeHeader(top.from!)).toContain('receipts@cinema-demo.example');
    expect(decodeHeader(top.subject!)).toBe('购票凭证 Receipt · 流浪地球2 · 2026-12-08 19:30');
    expect(top['message-id']).toMatch(/^<receipt\.[0-9a-f]{32}@cinema-demo\.example>$/u);

    const parts = mimeParts(raw);
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))!.body.toString('utf8');
    for (const line of [
      '影片 Film: 流浪地球2',
      '影厅 Hall: 3号厅 IMAX',
      '座位 Seats: 7排10座 7排11座',
      `取票号 Pickup no.: ${booking.printNo}`,
    ])
      expect(text).toContain(line);
    expect(text).toMatch(/合计 Total +¥77\.00/u);
    expect(text).toMatch(/支付宝交易号 Alipay trade no\.\s+2026120722001412345678901234/u);
    // The mail has room for the whole references.
    expect(text).toContain('K01-20261207-a3f1c2d45e6f4a7b8c9d0e1f2a3b');
    const html = parts.find((p) => p.headers['content-type']?.startsWith('text/html'))!.body.toString('utf8');
    expect(html).toContain('src="cid:control-coupon@receipt"');
    const image = parts.find((p) => p.headers['content-type']?.startsWith('image/png'))!;
    expect(image.headers['content-id']).toBe('<control-coupon@receipt>');

    // The phone shows the PNG to any kiosk's scanner: the scan path reads it and the collection lookup finds the booking.
    const png = join(work, 'coupon.png');
    writeFileSync(png, image.body);
    const scanned = zbar(png);
    expect(scanned).toEqual([`${booking.printNo}|${booking.verifyCode}`]);
    const payload = parseScanPayload(scanned[0]!);
    expect(payload).toEqual({ kind: 'pickup', printNo: booking.printNo, verifyCode: booking.verifyCode });
    const lookup = await dispatchUiCall(host.core.handlers, 'kiosk.lookup', {
      printNo: booking.printNo,
      verifyCode: booking.verifyCode,
    });
    expect(lookup).toMatchObject({ ok: true, value: { printNo: booking.printNo, printable: 2 } });

    // Asked again for the same order and address (any capitals): nothing new is queued or sent.
    expect(host.core.receipts.queueReceiptMail('order-mail-1', 'customer.one@example.com', receipt)).toMatchObject({
      ok: true,
      value: { state: 'sent', queued: false },
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(sink().messages().length).toBe(before + 1);
  });

  it("the composition root's printReceipt prints on the slip role's printer (the ticket printer when there is no receipt printer)", async () => {
    const printer = host.demo!.printer!;
    const before = printer.jobs().length;
    expect(await host.core.receipts.printReceipt(sampleReceipt({ orderId: 'order-print-1' }))).toEqual({
      ok: true,
      value: { outcome: 'printed' },
    });
    const job = (
      await eventually(
        async () => printer.jobs(),
        (j) => j.length === before + 1,
      )
    ).at(-1)!;
    expect(job.lines).toContain('付款凭证 Receipt');
    expect(job.qrPayloads).toEqual(['0000000000111972|WQNX8JL']);
  });

  it('with the relay down the message is retried with backoff, and delivered once when it is back', async () => {
    sink().setRefusing(true);
    const before = sink().messages().length;
    try {
      expect(
        host.core.receipts.queueReceiptMail('order-mail-2', 'two@example.com', sampleReceipt({ orderId: 'order-mail-2' })),
      ).toMatchObject({
        ok: true,
      });
      const failing = await eventually(
        async () => rows('order-mail-2'),
        (r) => (r[0]?.attempts ?? 0) >= 3,
      );
      expect(failing[0]).toMatchObject({ state: 'pending' });
      expect(failing[0]!.last_error).toMatch(/421/u);
      expect(sink().messages().length).toBe(before);
    } finally {
      sink().setRefusing(false);
    }
    await eventually(
      async () => rows('order-mail-2'),
      (r) => r[0]?.state === 'sent',
    );
    await new Promise((r) => setTimeout(r, 600));
    const mine = sink()
      .messages()
      .slice(before)
      .filter((m) => /^To: two@example\.com$/mu.test(m.raw));
    expect(mine).toHaveLength(1);
    expect(host.core.receipts.mailDepth()).toBe(0);
    const audit = host.core.db.prepare("SELECT action, details FROM audit_log WHERE subject = 'order:order-mail-2' ORDER BY seq").all() as {
      action: string;
      details: string;
    }[];
    expect(audit.map((a) => a.action)).toEqual(['mail.receipt-queued', 'mail.receipt-sent']);
    expect(audit.map((a) => a.details).join()).not.toContain('two@example.com');
  });

  it('a hostile address is refused with a stable code and queues nothing; a hostile film title adds no header', async () => {
    const receipt = sampleReceipt({ orderId: 'order-mail-3' });
    for (const address of [
      'a@example.com\r\nBcc: victim@example.net',
      'a@example.com, b@example.com',
      '"Boss" <a@example.com>',
      'a@example.com\u202e',
      'a@@example.com',
      'a@localhost',
      '',
      `${'a'.repeat(250)}@example.com`,
    ]) {
      const refused = host.core.receipts.queueReceiptMail('order-mail-3', address, receipt);
      expect(refused, address).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'address' } } });
      expect(refused.ok ? '' : String(refused.error.details?.reason)).toMatch(
        /^mail-address-(control-characters|not-an-address|empty|too-long)$/u,
      );
    }
    expect(rows('order-mail-3')).toEqual([]);

    const before = sink().messages().length;
    const hostile = sampleReceipt({ orderId: 'order-mail-4', filmTitle: 'Film\r\nBcc: victim@example.net\r\n\r\nbody' });
    expect(host.core.receipts.queueReceiptMail('order-mail-4', 'four@example.com', hostile)).toMatchObject({ ok: true });
    const messages = await eventually(
      async () => sink().messages(),
      (m) => m.length === before + 1,
    );
    const raw = messages.at(-1)!.raw;
    expect(raw.split(/\r?\n\r?\n/u)[0]).not.toMatch(/^Bcc:/imu);
    expect(decodeHeader(headersOf(raw).subject!)).toBe('购票凭证 Receipt · Film Bcc: victim@example.net body · 2026-12-08 19:30');
  });

  it('the technician sets the relay: the password sealed in config.json, never shown or audited; no clear text to another machine', async () => {
    await dispatchUiCall(host.core.handlers, 'staff.setup', {
      username: 'tech1',
      password: 'a-long-password-1',
      code: firstRunCode(host.config.dataDir),
    });
    const login = await dispatchUiCall(host.core.handlers, 'staff.login', { username: 'tech1', password: 'a-long-password-1' });
    const session = login.ok ? (login.value as { session: string }).session : '';
    const shown = await dispatchUiCall(host.core.handlers, 'tech.mail.get', { session });
    expect(shown).toMatchObject({ ok: true, value: { configured: true, host: '127.0.0.1', security: 'none', passwordSet: true } });
    expect(JSON.stringify(shown)).not.toContain(sink().password);

    const remoteClear = await dispatchUiCall(host.core.handlers, 'tech.mail.update', {
      session,
      host: 'smtp.cinema.example',
      port: 25,
      security: 'none',
      user: 'kiosk',
      password: 'x',
      from: 'receipts@cinema.example',
    });
    expect(remoteClear).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'security' } } });
    const movedWithoutPassword = await dispatchUiCall(host.core.handlers, 'tech.mail.update', {
      session,
      host: 'smtp.cinema.example',
      port: 587,
      security: 'starttls',
      user: 'kiosk',
      from: 'receipts@cinema.example',
    });
    expect(movedWithoutPassword).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'password' } } });
    const badFrom = await dispatchUiCall(host.core.handlers, 'tech.mail.update', {
      session,
      host: '127.0.0.1',
      port: sink().port,
      security: 'none',
      user: sink().user,
      from: 'receipts@cinema.example\r\nBcc: x@example.net',
    });
    expect(badFrom).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    // The same relay and account keep the password; a new From applies to the next message.
    const updated = await dispatchUiCall(host.core.handlers, 'tech.mail.update', {
      session,
      host: '127.0.0.1',
      port: sink().port,
      security: 'none',
      user: sink().user,
      from: 'tickets@cinema-demo.example',
      fromName: '星光影城',
    });
    expect(updated).toMatchObject({ ok: true, value: { from: 'tickets@cinema-demo.example', passwordSet: true } });
    const saved = readConfigFile(host.config.dataDir).mail as Record<string, string>;
    expect(saved.password).toMatch(/^sealed:v2:/u);
    const audit = host.core.db.prepare("SELECT details FROM audit_log WHERE action = 'config.mail-updated'").all() as { details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain(sink().password);

    const before = sink().messages().length;
    expect(
      host.core.receipts.queueReceiptMail('order-mail-5', 'five@example.com', sampleReceipt({ orderId: 'order-mail-5' })),
    ).toMatchObject({
      ok: true,
    });
    const messages = await eventually(
      async () => sink().messages(),
      (m) => m.length === before + 1,
    );
    expect(messages.at(-1)!.raw).toMatch(/^From: .*<tickets@cinema-demo\.example>$/mu);
  });
});
