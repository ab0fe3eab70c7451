import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingsRepository } from '../../electron/core/storage/repositories/bookings.repository';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { startExternalSim, startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { firstRunCode } from '../support/first-run';

let sim: RunningCentralSim;
let host: RunningHost | undefined;
const dataDir = tempDir('office-restart');

beforeAll(async () => {
  sim = await startExternalSim();
});
afterAll(async () => {
  await host?.stop();
  await sim?.close();
});

describe('a reprint interrupted by a stop', () => {
  it('leaves its ticket unknown at the next start, listed for the box office and audited', async () => {
    host = await startHostOn(sim, dataDir);
    const booking = sim.state.createBooking({ ticketCount: 1 });
    expect(
      await host.core.handlers['kiosk.collect']({ printNo: String(booking.bookingNumber), verifyCode: booking.bookingId }),
    ).toMatchObject({ ok: true, value: { printed: 1 } });
    const code = booking.tickets[0]!.ticketCode;
    // The host stops between the reprint's journal entry and the printer's answer.
    new BookingsRepository(host.core.db).startReprint(code, Date.now());
    await host.stop();

    host = await startHostOn(sim, dataDir);
    await host.core.handlers['staff.setup']({ username: 'tech1', password: 'a-long-password-1', code: firstRunCode(dataDir) });
    const tech = await host.core.handlers['staff.login']({ username: 'tech1', password: 'a-long-password-1' });
    await host.core.handlers['staff.add']({
      session: tech.ok ? tech.value.session : '',
      username: 'clerk1',
      role: 'clerk',
      password: '246810',
    });
    const clerk = await host.core.handlers['staff.login']({ username: 'clerk1', password: '246810' });
    const session = clerk.ok ? clerk.value.session : '';
    const list = await host.core.handlers['office.attention.list']({ session });
    expect(list).toMatchObject({ ok: true, value: { items: [expect.objectContaining({ id: `unknown:${code}`, kind: 'unknown-print' })] } });
    const detail = await host.core.handlers['office.booking']({ session, bookingNumber: booking.bookingNumber });
    expect(detail).toMatchObject({ ok: true, value: { tickets: [{ state: 'unknown', reprintCount: 1 }] } });
    expect(detail.ok && detail.value.history.map((h) => h.action)).toContain('ticket.reprint-interrupted');
  });
});
