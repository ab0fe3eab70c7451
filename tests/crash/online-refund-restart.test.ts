import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { uiClient } from '../support/ui-client';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { firstRunCode } from '../support/first-run';

/**
 * The host is killed (SIGKILL) while its RefundBooking call is in flight, then restarted on the
 * same store. The attempt was counted before the request left, so the restarted host verifies with
 * GetSingleBooking before sending anything: the refund happens once, whether or not the lost call
 * took effect at the central side.
 */
let sim: RunningCentralSim;
const dataDir = tempDir('refund-restart');
let host: HostProcess | undefined;

const start = async () => {
  host = await startHostProcess(['--demo', '--central-url', sim.baseUrl, '--central-token', sim.token, '--cinema-id', sim.cinemaId], {
    dataDir,
  });
  return uiClient(host.uiUrl);
};

beforeAll(async () => {
  sim = await startCentralSim({ seed: 11 });
  // A hung call gives up after 5 s here: the kill lands well before that.
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ office: { onlineRefundRetrySeconds: 0.3, onlineRefundAttempts: 5 }, central: { requestTimeoutMs: 5_000 } }),
  );
  const ui = await start();
  await ui('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(dataDir) });
  const tech = await ui('staff.login', { username: 'tech1', password: 'a-long-password-1' });
  await ui('staff.add', { session: tech.ok ? tech.value.session : '', username: 'clerk1', role: 'clerk', password: '246810' });
});
afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

async function refundThenKill(tookEffect: boolean): Promise<number> {
  const ui = host ? await uiClient(host.uiUrl) : await start();
  const booking = sim.state.createBooking({ ticketCount: 2 });
  const login = await ui('staff.login', { username: 'clerk1', password: '246810' });
  const session = login.ok ? login.value.session : '';
  await ui('office.booking', { session, bookingNumber: booking.bookingNumber });
  sim.faults.add({ path: 'booking/refund', hang: true, times: 1 });
  const started = await ui('office.refund', {
    session,
    bookingNumber: booking.bookingNumber,
    ticketCodes: booking.tickets.map((t) => t.ticketCode),
    reason: 'Bought twice',
  });
  expect(started).toMatchObject({ ok: true, value: { kind: 'online', state: 'pending' } });
  await eventually(
    async () => sim.faults.list()[0]?.hits ?? 0,
    (n) => n === 1,
  );
  await host!.stop('SIGKILL');
  host = undefined;
  sim.faults.clear();
  if (tookEffect)
    expect(
      sim.state.refund(booking, { sequences: undefined, markAsRefundedOnly: false, amountCents: 9600, refundBookingFee: true }),
    ).toMatchObject({ result: 0 });

  const restarted = await start();
  const relogin = await restarted('staff.login', { username: 'clerk1', password: '246810' });
  const after = await eventually(
    async () => restarted('office.booking', { session: relogin.ok ? relogin.value.session : '', bookingNumber: booking.bookingNumber }),
    (r) => r.ok && r.value.refunds[0]?.state === 'refunded',
    15_000,
  );
  expect(after).toMatchObject({
    ok: true,
    value: { tickets: [{ state: 'refunded' }, { state: 'refunded' }], refunds: [{ state: 'refunded', attempts: 2 }] },
  });
  expect(booking.effects.refunded).toBe(2);
  expect(booking.effects.refundedCents).toBe(9600);
  return booking.calls.refund;
}

describe('online refund across a crash mid-call', () => {
  it('the lost call took effect: the restarted host finds it refunded and sends nothing', async () => {
    expect(await refundThenKill(true)).toBe(1); // the call made by hand above, standing for the lost one
  });

  it('the lost call did not take effect: the restarted host verifies, then refunds once', async () => {
    expect(await refundThenKill(false)).toBe(1);
  });
});
