import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { printerProfileSchema } from '../../electron/core/config/config';
import { PrinterRegistry } from '../../electron/core/printing/printer-registry';
import { TicketPrinter } from '../../electron/core/printing/ticket-printer';
import { ReceiptPrinter } from '../../electron/core/printing/receipt-printer';
import { startVirtualPrinter, type RunningVirtualPrinter, type StoredJob } from '../../electron/simulator/virtual-printer';
import { parseScanPayload } from '../../shared/domain/scan-payload';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { sampleReceipt } from '../support/receipt-fixture';
import { columnsOf } from '../../shared/domain/sale-receipt';

/** The payment receipt on the receipt printer, against the virtual printer over TCP, read back as a person and a phone would. */
describe('payment receipt on the receipt printer', () => {
  let printer: RunningVirtualPrinter;
  const dir = tempDir('receipt-print');
  const zbar = (png: string) =>
    execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n');
  const receiptsOn = (profile: Record<string, unknown> = {}) =>
    new ReceiptPrinter(
      new TicketPrinter(
        new PrinterRegistry(printerProfileSchema.parse({ url: printer.url, ticketTimeoutMs: 1_000, ...profile }), undefined),
        'slip',
      ),
    );
  const nextJob = async (before: number): Promise<StoredJob> =>
    (
      await eventually(
        async () => printer.jobs(),
        (j) => j.length === before + 1,
      )
    ).at(-1)!;
  const pngOf = (job: StoredJob) => join(printer.dir, `${String(job.job).padStart(4, '0')}.png`);

  beforeAll(async () => {
    printer = await startVirtualPrinter({ dir: join(dir, 'captures') });
  });
  afterAll(() => printer.close());
  beforeEach(() => printer.setCondition({ paperOut: false, coverOpen: false, online: true }));

  it('an Alipay sale: cinema, film, show, hall, seats, each ticket type, fee, total, trade references, terminal, time, and the coupon QR', async () => {
    const before = printer.jobs().length;
    expect(await receiptsOn().print(sampleReceipt())).toEqual({ ok: true, value: { outcome: 'printed' } });
    const job = await nextJob(before);
    const text = job.lines.join('\n');
    expect(job.lines[0]).toBe('星光影城 Starlight Cinema');
    expect(job.lines[1]).toBe('付款凭证 Receipt');
    for (const expected of [
      '影片 Film: 流浪地球2',
      '场次 Show: 2026-12-08 19:30',
      '影厅 Hall: 3号厅 IMAX',
      '座位 Seats: 7排10座 7排11座',
      '取票号 Pickup no.: 0000000000111972',
      '验证码 Verify code: WQNX8JL',
    ])
      expect(job.lines).toContain(expected);
    // Amounts right-aligned on 48 columns (the printer shows ¥ full-width), to the cent.
    expect(text).toMatch(/成人 Adult ×1 +￥45\.00/u);
    expect(text).toMatch(/学生 Student ×1 +￥30\.00/u);
    expect(text).toMatch(/服务费 Booking fee +￥2\.00/u);
    expect(text).toMatch(/合计 Total +￥77\.00/u);
    // Both languages on the trade lines; a reference that does not fit beside its label goes under it, whole, on the right.
    expect(text).toMatch(/^支付宝交易号 Alipay trade no\.\n +2026120722001412345678901234$/mu);
    expect(text).toMatch(/^商户订单号 Merchant order no\.\n +K01-20261207-a3f1c2d45e6f4a7b8c9d0e1f2a3b$/mu);
    expect(text).toMatch(/^订单 Order +a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d$/mu);
    // The printer's font is fixed-width: no line wider than the paper, every amount ending on its last column.
    for (const line of job.lines) expect(columnsOf(line), line).toBeLessThanOrEqual(48);
    for (const line of job.lines.filter((l) => l.includes('￥'))) expect(columnsOf(line), line).toBe(48);
    expect(text).toMatch(/终端 Terminal +KIOSK-01/u);
    expect(text).toMatch(/时间 Time +2026-12-07 18:02:31/u);
    expect(job.cuts).toBe(1);
    expect(job.drawerKicks).toEqual([]);
    // The QR command carries the coupon; the paper's preview, read by zbarimg, is what a phone scans.
    expect(job.qrPayloads).toEqual(['0000000000111972|WQNX8JL']);
    const scanned = zbar(pngOf(job));
    expect(scanned).toEqual(['0000000000111972|WQNX8JL']);
    expect(parseScanPayload(scanned[0]!)).toEqual({ kind: 'pickup', printNo: '0000000000111972', verifyCode: 'WQNX8JL' });
  });

  it('a cash sale says tendered and change; a 58 mm raster-QR printer still gives a QR zbarimg reads', async () => {
    const before = printer.jobs().length;
    const cash = sampleReceipt({ tender: { kind: 'cash', tenderedCents: 10_000, changeCents: 2_300 } });
    expect(await receiptsOn({ paperWidthMm: 58, qrMode: 'raster' }).print(cash)).toMatchObject({ ok: true, value: { outcome: 'printed' } });
    const job = await nextJob(before);
    const text = job.lines.join('\n');
    expect(text).toMatch(/支付方式 Paid by +现金 Cash/u);
    expect(text).toMatch(/实收 Tendered +￥100\.00/u);
    expect(text).toMatch(/找零 Change +￥23\.00/u);
    expect(text).not.toContain('支付宝');
    // 32 columns: nothing wider, amounts on the right edge, the order id broken over two lines, never clipped.
    for (const line of job.lines) expect(columnsOf(line), line).toBeLessThanOrEqual(32);
    for (const line of job.lines.filter((l) => l.includes('￥'))) expect(columnsOf(line), line).toBe(32);
    expect(text).toMatch(/^订单 Order\na3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b\n +4c5d$/mu);
    expect(job.qrPayloads).toEqual([]);
    expect(zbar(pngOf(job))).toEqual(['0000000000111972|WQNX8JL']);
  });

  it('hostile text (ESC/POS commands, a drawer pulse, bidi overrides) in a film title or seat never reaches the printer as a command', async () => {
    const before = printer.jobs().length;
    const hostile = sampleReceipt({
      filmTitle: 'Film\u001bp\u0000\u0019\u00fa\u001dV\u0000\u202eevil\u202c',
      seats: ['7排\u0010\u0014\u0001\u0000\u000510座'],
      cinemaName: 'Cinema\u001b@\u2066x\u2069',
    });
    expect(await receiptsOn().print(hostile)).toMatchObject({ ok: true, value: { outcome: 'printed' } });
    const job = await nextJob(before);
    expect(job.drawerKicks).toEqual([]);
    expect(job.cuts).toBe(1);
    const text = job.lines.join('\n');
    // Each unsafe character prints as a placeholder (U+FFFD, which a two-byte printer shows as ?).
    expect(text).toContain('影片 Film: Film?p');
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069]/u);
    expect(job.qrPayloads).toEqual(['0000000000111972|WQNX8JL']);
  });

  it('amounts that do not add up, or change that is not tendered minus total, are refused before a byte is sent', async () => {
    const before = printer.jobs().length;
    const wrongTotal = await receiptsOn().print(sampleReceipt({ totalCents: 7_800 }));
    expect(wrongTotal).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { reason: 'receipt-invalid' } } });
    const wrongChange = await receiptsOn().print(sampleReceipt({ tender: { kind: 'cash', tenderedCents: 10_000, changeCents: 2_000 } }));
    expect(wrongChange).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const fractional = await receiptsOn().print(sampleReceipt({ totalCents: 77.5 }));
    expect(fractional).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(printer.jobs().length).toBe(before);
  });

  it('a printer with its cover open prints nothing and says not-ready', async () => {
    printer.setCondition({ coverOpen: true });
    expect(await receiptsOn().print(sampleReceipt())).toEqual({ ok: true, value: { outcome: 'not-ready' } });
  });
});
