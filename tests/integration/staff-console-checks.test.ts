import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { eventually } from '../support/sim-control';
import { tempDir } from '../support/host-process';
import { startSocat } from '../support/socat';
import { firstRunCode } from '../support/first-run';

let host: RunningHost;
let slipPrinter: RunningVirtualPrinter;
const sessions: Record<string, string> = {};
const dir = tempDir('staff-console-checks');
/** A zone 13 hours from the demo's +08:00 offset: a slip in the wrong zone shows another hour. */
const zone = 'America/New_York';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
const as = (who: string, name: UiCallName, input: Record<string, unknown> = {}) => call(name, { session: sessions[who], ...input });

beforeAll(async () => {
  slipPrinter = await startVirtualPrinter({ dir: join(dir, 'slips') });
  host = await startDemoHost({ slipPrinter: { url: slipPrinter.url }, cinema: { timeZone: zone } });
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
  sessions.tech1 = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
  await as('tech1', 'staff.add', { username: 'clerk1', role: 'clerk', password: '246810' });
  sessions.clerk1 = (await call('staff.login', { username: 'clerk1', password: '246810' })).value.session;
});
afterAll(async () => {
  await host?.stop();
  await slipPrinter?.close();
});

describe('a scanner port the machine does not have', () => {
  it('is refused beside the port field with a stable rule, and nothing is saved', async () => {
    const missing = await as('tech1', 'tech.scanners.update', {
      scanners: [{ path: join(dir, 'ttyNOTHERE'), baudRate: 9600, suffix: 'CR' }],
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ field: 'scanners.0.path', rule: 'SERIAL_PORT_MISSING' }] } },
    });
    const plainFile = join(dir, 'not-a-tty');
    writeFileSync(plainFile, 'x');
    expect(await as('tech1', 'tech.scanners.update', { scanners: [{ path: plainFile, baudRate: 9600, suffix: 'CR' }] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ field: 'scanners.0.path', rule: 'NOT_A_SERIAL_PORT' }] } },
    });
    expect((await as('tech1', 'tech.scanners.get')).value.scanners).toEqual([]);
  });

  it('a real serial device (a pseudo-terminal) is accepted, and stays accepted while unplugged', async () => {
    const device = join(dir, 'ttySCAN');
    const pair = await startSocat(`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${join(dir, 'ttyFEED')}`, [device]);
    try {
      expect(await as('tech1', 'tech.scanners.update', { scanners: [{ path: device, baudRate: 9600, suffix: 'CR' }] })).toMatchObject({
        ok: true,
      });
    } finally {
      await pair.stop();
    }
    // Unplugged now: the configured one may stay while another is changed; a new missing one is still refused.
    expect(await as('tech1', 'tech.scanners.update', { scanners: [{ path: device, baudRate: 19200, suffix: 'CR' }] })).toMatchObject({
      ok: true,
    });
    expect(
      await as('tech1', 'tech.scanners.update', {
        scanners: [
          { path: device, baudRate: 19200, suffix: 'CR' },
          { path: join(dir, 'ttyTYPO'), baudRate: 9600, suffix: 'CR' },
        ],
      }),
    ).toMatchObject({ ok: false, error: { details: { fields: [{ field: 'scanners.1.path', rule: 'SERIAL_PORT_MISSING' }] } } });
    await as('tech1', 'tech.scanners.update', { scanners: [] });
  });
});

describe("the cinema's time zone", () => {
  it('reaches both consoles at sign-in and with the box office settings', async () => {
    expect((await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.timeZone).toBe(zone);
    expect((await as('clerk1', 'office.settings')).value.timeZone).toBe(zone);
  });

  it("is the zone of the refund slip's time, whatever the offset the central system's times carry", async () => {
    const b = bookingPicker(host)('unprinted', 2);
    expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true });
    const booking = (await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber })).value;
    const before = slipPrinter.jobs().length;
    const refund = await as('clerk1', 'office.refund', {
      bookingNumber: b.bookingNumber,
      ticketCodes: [booking.tickets[0].ticketCode],
      reason: '顾客改签 change of plans',
    });
    expect(refund).toMatchObject({ ok: true, value: { slipPrinted: true } });
    const slip = (
      await eventually(
        async () => slipPrinter.jobs(),
        (j) => j.length > before,
      )
    ).at(-1)!;
    const line = slip.lines.find((l) => l.startsWith('时间 Time:'))!;
    const instant = new Date(refund.value.createdAt);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(instant)
        .map((p) => [p.type, p.value]),
    );
    expect(line).toBe(`时间 Time: ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`);
    // Not the +08:00 wall clock the refund's own record carries.
    expect(line).not.toContain(refund.value.createdAt.slice(11, 16));
  });

  it("is the zone of the shift summary slip's range, which names the clerk, not an internal actor id", async () => {
    const from = '2026-11-30T05:00:00.000Z';
    const to = new Date(Date.now() + 60_000).toISOString();
    const before = slipPrinter.jobs().length;
    expect(await as('clerk1', 'office.report.print', { from, to })).toMatchObject({ ok: true, value: { printed: true } });
    const slip = (
      await eventually(
        async () => slipPrinter.jobs(),
        (j) => j.length > before,
      )
    ).at(-1)!;
    // 05:00 UTC is midnight in New York (standard time).
    expect(slip.lines).toContain('从 From: 2026-11-30 00:00');
    expect(slip.lines.join('\n')).toContain('clerk1 · 终端 Terminal');
    expect(slip.lines.join('\n')).not.toContain('staff:clerk1');
  });
});
