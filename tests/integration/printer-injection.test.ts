import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { hasUnsafeCharacters } from '../../shared/domain/text';
import { startVirtualPrinter, type RunningVirtualPrinter, type StoredJob } from '../../electron/simulator/virtual-printer';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { eventually } from '../support/sim-control';
import { tempDir } from '../support/host-process';
import { commandsOf } from '../support/escpos-units';
import { firstRunCode } from '../support/first-run';

/** Printer commands hidden in text: a cash-drawer pulse, a full cut, NV bit image print, an NV graphics write. */
const DRAWER_PULSE = '\x10\x14\x01\x00\x05';
const CUT = '\x1dV\x00';
const NV_PRINT = '\x1cq';
const NV_GRAPHICS = '\x1d(L\x06\x000E  \x01\x01';
const ATTACKS = [DRAWER_PULSE, CUT, NV_PRINT, NV_GRAPHICS];

let host: RunningHost;
let slipPrinter: RunningVirtualPrinter;
let pick: ReturnType<typeof bookingPicker>;
let session = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by shape below
const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
const sim = () => host.demo!.sim!.state;
const rawOf = (dir: string, job: StoredJob) => readFileSync(join(dir, `${String(job.job).padStart(4, '0')}.bin`));
const holdsAttack = (bytes: Buffer) => ATTACKS.some((a) => bytes.includes(Buffer.from(a, 'latin1')));

/** Collects a booking at the kiosk and returns the ticket printer's bytes for it. */
async function collectAndRead(printNo: string, verifyCode: string): Promise<Buffer> {
  const printer = host.demo!.printer!;
  const before = printer.jobs().length;
  expect(await host.core.handlers['kiosk.collect']({ printNo, verifyCode })).toMatchObject({ ok: true, value: { printed: 1 } });
  const job = (
    await eventually(
      async () => printer.jobs(),
      (jobs) => jobs.length > before,
    )
  ).at(-1)!;
  return rawOf(printer.dir, job);
}

beforeAll(async () => {
  slipPrinter = await startVirtualPrinter({ dir: join(tempDir('slips'), 'printer') });
  host = await startDemoHost({ slipPrinter: { url: slipPrinter.url } });
  pick = bookingPicker(host);
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host!.config.dataDir) });
  const tech = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
  await call('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
  session = (await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).value.session;
});
afterAll(async () => {
  await host?.stop();
  await slipPrinter?.close();
});

describe('printer commands in text never reach the printer as commands', () => {
  it('a film title and hall name from central carrying a cut, a drawer pulse and NV commands print as text; the ticket has the commands of a clean one', async () => {
    const clean = pick('unprinted', 1);
    const hostile = pick('unprinted', 1);
    const simHostile = sim().findBooking(hostile.bookingNumber, undefined)!;
    simHostile.session = {
      ...simHostile.session,
      filmTitle: `流浪地球${CUT}3${DRAWER_PULSE}${NV_PRINT}\u202eevil`,
      screenName: `2号厅${NV_GRAPHICS}`,
    };

    const lookup = await call('kiosk.lookup', { printNo: hostile.printNo, verifyCode: hostile.verifyCode });
    expect(lookup).toMatchObject({ ok: true });
    for (const t of lookup.value.tickets) {
      expect(hasUnsafeCharacters(t.filmName)).toBe(false);
      expect(hasUnsafeCharacters(t.screenName)).toBe(false);
    }

    const cleanBytes = await collectAndRead(clean.printNo, clean.verifyCode);
    const hostileBytes = await collectAndRead(hostile.printNo, hostile.verifyCode);
    expect(holdsAttack(cleanBytes)).toBe(false);
    expect(holdsAttack(hostileBytes)).toBe(false);
    expect(commandsOf(hostileBytes)).toEqual(commandsOf(cleanBytes));
    const job = host.demo!.printer!.jobs().at(-1)!;
    expect(job.cuts).toBe(1);
    expect(job.lines.some((l) => l.startsWith('流浪地球') && l.includes('3'))).toBe(true);

    // The box office shows the booking without them either.
    const detail = await call('office.booking', { session, bookingNumber: hostile.bookingNumber });
    expect(detail).toMatchObject({ ok: true });
    expect(hasUnsafeCharacters(detail.value.filmTitle)).toBe(false);
    expect(hasUnsafeCharacters(detail.value.screenName)).toBe(false);

    // Its refund slip carries the title and prints with the commands of a clean booking's slip.
    const slipOf = async (bookingNumber: number) => {
      const before = slipPrinter.jobs().length;
      const ticketCodes = sim()
        .findBooking(bookingNumber, undefined)!
        .tickets.map((t) => t.ticketCode);
      expect(await call('office.refund', { session, bookingNumber, ticketCodes, reason: '顾客行程变更 Change of plans' })).toMatchObject({
        ok: true,
        value: { slipPrinted: true },
      });
      const slip = (
        await eventually(
          async () => slipPrinter.jobs(),
          (jobs) => jobs.length > before,
        )
      ).at(-1)!;
      return rawOf(slipPrinter.dir, slip);
    };
    const cleanSlip = await slipOf(clean.bookingNumber);
    const hostileSlip = await slipOf(hostile.bookingNumber);
    expect(holdsAttack(hostileSlip)).toBe(false);
    expect(commandsOf(hostileSlip)).toEqual(commandsOf(cleanSlip));
  });

  it('a refund whose reason carries a drawer pulse is refused by the contract, naming the field; nothing is refunded or printed', async () => {
    const b = pick('unprinted', 1);
    await collectAndRead(b.printNo, b.verifyCode);
    const slipsBefore = slipPrinter.jobs().length;
    const ticketCodes = sim()
      .findBooking(b.bookingNumber, undefined)!
      .tickets.map((t) => t.ticketCode);
    for (const reason of [`Change of plans${DRAWER_PULSE}`, `Bought twice${CUT}`, 'Other\u202e', 'two\nlines']) {
      const refused = await call('office.refund', { session, bookingNumber: b.bookingNumber, ticketCodes, reason });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { fields: [{ field: 'reason', problem: 'reason: control characters are not allowed' }] } },
      });
    }
    const reprint = await call('office.reprint', { session, ticketCode: ticketCodes[0], reason: `Paper jam${DRAWER_PULSE}` });
    expect(reprint).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { fields: [{ field: 'reason' }] } } });
    expect(sim().findBooking(b.bookingNumber, undefined)!.calls.refund).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(slipPrinter.jobs().length).toBe(slipsBefore);
  });
});
