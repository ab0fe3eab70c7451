import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { printerProfileSchema } from '../../electron/core/config/config';
import { PrinterRegistry } from '../../electron/core/printing/printer-registry';
import { TicketPrinter } from '../../electron/core/printing/ticket-printer';
import { CashDrawer, drawerKickBytes } from '../../electron/core/printing/cash-drawer';
import { decodeEscPos } from '../../electron/core/printing/escpos-decoder';
import { buildSlipBytes } from '../../electron/core/printing/slip-layout';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';

/** The cash drawer opened through the receipt printer (ESC p), against the virtual printer over TCP. */
describe('cash drawer through the receipt printer', () => {
  let printer: RunningVirtualPrinter;
  let receipt: TicketPrinter;
  const dir = tempDir('cash-drawer');

  beforeAll(async () => {
    printer = await startVirtualPrinter({ dir: join(dir, 'captures') });
    receipt = new TicketPrinter(
      new PrinterRegistry(printerProfileSchema.parse({ url: printer.url, ticketTimeoutMs: 1_000 }), undefined),
      'slip',
    );
  });
  afterAll(() => printer.close());
  beforeEach(() => printer.setCondition({ paperOut: false, coverOpen: false, online: true }));

  it('sends ESC p and the virtual printer decodes and records the pulse (pin, on and off times)', async () => {
    const before = printer.jobs().length;
    expect(await new CashDrawer(receipt).open()).toBe('opened');
    const jobs = await eventually(
      async () => printer.jobs(),
      (j) => j.length === before + 1,
    );
    const job = jobs.at(-1)!;
    expect(job.drawerKicks).toEqual([{ pin: 2, onMs: 100, offMs: 500 }]);
    expect(job.lines).toEqual([]);
    // Recorded with the job on disk too.
    const name = String(job.job).padStart(4, '0');
    expect(JSON.parse(readFileSync(join(printer.dir, `${name}.json`), 'utf8')).drawerKicks).toEqual(job.drawerKicks);
  });

  it('a drawer on pin 5 with a short pulse', async () => {
    const before = printer.jobs().length;
    expect(await new CashDrawer(receipt, { pin: 5, onMs: 50 }).open()).toBe('opened');
    const jobs = await eventually(
      async () => printer.jobs(),
      (j) => j.length === before + 1,
    );
    expect(jobs.at(-1)!.drawerKicks).toEqual([{ pin: 5, onMs: 50, offMs: 500 }]);
  });

  it('a printer that is not ready opens nothing and says so', async () => {
    printer.setCondition({ coverOpen: true });
    const before = printer.jobs().length;
    expect(await new CashDrawer(receipt).open()).toBe('not-ready');
    await new Promise((r) => setTimeout(r, 200));
    expect(
      printer
        .jobs()
        .slice(before)
        .flatMap((j) => j.drawerKicks),
    ).toEqual([]);
  });

  it('a drawer pulse hidden in text someone else wrote (ESC p, DLE DC4) never reaches the printer as a pulse', async () => {
    const hostile = 'Film \u001bp\u0000\u0019\u00fa \u0010\u0014\u0001\u0000\u0005';
    const before = printer.jobs().length;
    const { outcome } = await receipt.printDocument((profile) =>
      buildSlipBytes({ heading: hostile, title: hostile, lines: [hostile] }, profile),
    );
    expect(outcome).toBe('printed');
    const jobs = await eventually(
      async () => printer.jobs(),
      (j) => j.length === before + 1,
    );
    expect(jobs.at(-1)!.drawerKicks).toEqual([]);
    expect(jobs.at(-1)!.lines.join('\n')).toContain('Film');
  });

  it('the bytes are EPSON ESC p: the off time never shorter than the on time, times in 2 ms steps', () => {
    expect([...drawerKickBytes({ pin: 2, onMs: 100 })]).toEqual([0x1b, 0x70, 0, 50, 250]);
    expect([...drawerKickBytes({ pin: 5, onMs: 9_999 })]).toEqual([0x1b, 0x70, 1, 255, 255]);
    expect(decodeEscPos(Buffer.from([0x1b, 0x70, 0x31, 25, 250])).drawerKicks).toEqual([{ pin: 5, onMs: 50, offMs: 500 }]);
  });
});
