import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';

/**
 * The box office's refunds at a cinema like the seed's (issue 13): the host started with
 * `--demo --strict-seed`, so central answers GetSingleBooking with seed 003 §3.11's members only and
 * RefundBooking as §3.12 demands (MarkAsRefundedOnly true, PaymentInfo equal to the booking's, whole
 * bookings only), and the tickets come from the cinema's SarftKioskService stand-in (`vista-sarft`).
 * Every call goes through the office's own handlers, as a clerk's screen sends them.
 */
let host: RunningHost;
let slipPrinter: RunningVirtualPrinter;
let pick: ReturnType<typeof bookingPicker>;
let session = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
const asSup = (name: UiCallName, input: Record<string, unknown> = {}) => call(name, { session, ...input });
const simBooking = (n: number) => host.demo!.sim!.state.findBooking(n, undefined)!;

beforeAll(async () => {
  slipPrinter = await startVirtualPrinter({ dir: join(tempDir('strict-refund-slips'), 'printer') });
  host = await startDemoHost(
    {
      slipPrinter: { url: slipPrinter.url },
      office: { onlineRefundRetrySeconds: 0.2, onlineRefundAttempts: 4 },
      central: { requestTimeoutMs: 600 },
    },
    { strictSeed: true },
  );
  pick = bookingPicker(host);
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
  const tech = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
  await call('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
  session = (await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).value.session;
});
afterAll(async () => {
  await host?.stop();
  await slipPrinter?.close();
});

describe('refunds against a seed-strict central with the vista-sarft ticket source', () => {
  it('runs with the vista-sarft source, and central refunds whole bookings only', async () => {
    expect(host.config.sarftUpstream).toBeDefined();
    expect((await asSup('office.settings')).value).toMatchObject({ partialRefunds: false });
  });

  it('refunds an unprinted booking online: the strict RefundBooking accepts ours, once, and the office sees it refunded', async () => {
    const b = pick('unprinted', 2);
    const detail = await asSup('office.booking', { bookingNumber: b.bookingNumber });
    expect(detail).toMatchObject({ ok: true });
    const codes = detail.value.tickets.map((t: { ticketCode: string }) => t.ticketCode);
    expect(codes).toHaveLength(2);
    const refund = await asSup('office.refund', { bookingNumber: b.bookingNumber, ticketCodes: codes, reason: '重复购买 Bought twice' });
    expect(refund).toMatchObject({ ok: true, value: { kind: 'online' } });
    const central = await eventually(
      async () => simBooking(b.bookingNumber),
      (x) => x.effects.refunded === 2,
    );
    expect(central.tickets.map((t) => t.refunded)).toEqual([true, true]);
    const after = await eventually(
      async () => (await asSup('office.booking', { bookingNumber: b.bookingNumber })).value,
      (v) => v.tickets.every((t: { state: string }) => t.state === 'refunded'),
    );
    expect(after.tickets.map((t: { state: string }) => t.state)).toEqual(['refunded', 'refunded']);
    // One RefundBooking for the two tickets, never a second.
    expect(simBooking(b.bookingNumber).calls.refund).toBe(1);
  });

  it('a RefundBooking whose answer never comes is checked with the seed members of GetSingleBooking, then sent again, once', async () => {
    const b = pick('unprinted', 2);
    const codes = (await asSup('office.booking', { bookingNumber: b.bookingNumber })).value.tickets.map(
      (t: { ticketCode: string }) => t.ticketCode,
    );
    host.demo!.sim!.faults.add({ path: 'booking/refund', hang: true, times: 1 });
    expect(await asSup('office.refund', { bookingNumber: b.bookingNumber, ticketCodes: codes, reason: 'network trouble' })).toMatchObject({
      ok: true,
    });
    const after = await eventually(
      async () => (await asSup('office.booking', { bookingNumber: b.bookingNumber })).value,
      (v) => v.tickets.every((t: { state: string }) => t.state === 'refunded'),
      15_000,
    );
    expect(after.tickets.map((t: { state: string }) => t.state)).toEqual(['refunded', 'refunded']);
    expect(simBooking(b.bookingNumber).tickets.map((t) => t.refunded)).toEqual([true, true]);
    expect(simBooking(b.bookingNumber).calls.refund).toBe(1);
  });

  it('refunds a booking printed at the kiosk at the counter, with its slip; a part of it is refused with the reason first', async () => {
    const b = pick('unprinted', 2);
    expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: true });
    const detail = (await asSup('office.booking', { bookingNumber: b.bookingNumber })).value;
    expect(detail.tickets.map((t: { state: string }) => t.state)).toEqual(['printed', 'printed']);
    const codes = detail.tickets.map((t: { ticketCode: string }) => t.ticketCode);

    const part = await asSup('office.refund', { bookingNumber: b.bookingNumber, ticketCodes: [codes[0]], reason: 'one seat' });
    expect(part).toMatchObject({ ok: false, error: { code: 'PARTIAL_REFUND_UNSUPPORTED' } });
    expect(simBooking(b.bookingNumber).calls.refund).toBe(0);

    const slipsBefore = slipPrinter.jobs().length;
    const whole = await asSup('office.refund', { bookingNumber: b.bookingNumber, ticketCodes: codes, reason: '设备故障 Equipment fault' });
    expect(whole).toMatchObject({ ok: true, value: { kind: 'local', state: 'refunded', slipPrinted: true } });
    await eventually(
      async () => slipPrinter.jobs(),
      (j) => j.length > slipsBefore,
    );
    const central = await eventually(
      async () => simBooking(b.bookingNumber),
      (x) => x.effects.refunded === 2,
    );
    expect(central.tickets.map((t) => t.refunded)).toEqual([true, true]);
    expect(central.calls.refund).toBe(1);
  });
});
