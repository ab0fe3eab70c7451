import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { simGet, simSend, eventually, type SimBookingView } from '../support/sim-control';
import { uiClient } from '../support/ui-client';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import type { StoredJob } from '../../electron/simulator/virtual-printer';

const RACES = 50;
let host: HostProcess;
const kiosks: HostProcess[] = [];

beforeAll(async () => {
  host = await startHostProcess(['--demo']);
  const terminals = readJson<{ terminalId: string; password: string }[]>(join(host.dataDir, 'demo-terminals.json'));
  for (const t of terminals.slice(0, 2)) {
    kiosks.push(await startHostProcess(['--print-service-url', host.printServiceUrl, '--terminal-id', t.terminalId, '--terminal-password', t.password, '--printer', 'virtual'], { dataDir: tempDir(`kiosk-${t.terminalId}`) }));
  }
});

afterAll(async () => {
  for (const k of kiosks) if (process.env.DEBUG_RACE) console.log("KIOSK", k.child.exitCode, k.stderr().slice(-3000));
  await Promise.all(kiosks.map((k) => k.stop()));
  await host?.stop();
});

function printedQrs(dataDir: string): string[] {
  const dir = join(dataDir, 'virtual-printer');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => readJson<StoredJob>(join(dir, f)).qrPayloads);
}

describe('two remote kiosks (own processes, own printers) racing through one print service', () => {
  it(`prints every ticket exactly once over ${RACES} races; the loser gets 2010; central sees each ticket collected once`, async () => {
    const [a, b] = await Promise.all(kiosks.map((k) => uiClient(k.uiUrl)));
    const losers: string[] = [];
    const bookings: DemoBooking[] = [];
    for (let i = 0; i < RACES; i += 1) {
      const booking = await simSend<DemoBooking>(host.centralUrl, 'POST', '/__sim/bookings', { ticketCount: 2, sessionId: ['29617', '29618', '29619'][i % 3] }).catch((e: Error) => {
        throw new Error(`sim: ${e.message}`);
      });
      bookings.push(booking);
      const input = { printNo: booking.printNo, verifyCode: booking.verifyCode };
      const label = (name: string) => (e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      };
      const results = await Promise.all([a!('kiosk.collect', input).catch(label('kiosk A')), b!('kiosk.collect', input).catch(label('kiosk B'))]);
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ ok: true, value: { printed: 2, failed: 0, unknown: 0 } });
      const loser = results.find((r) => !r.ok);
      losers.push(loser && !loser.ok ? loser.error.code : 'none');
    }
    expect(losers.every((code) => code === 'CLAIMED_ELSEWHERE')).toBe(true);

    await eventually(async () => kiosks.map((k) => printedQrs(k.dataDir)).flat().length, (n) => n === RACES * 2);
    const printed = kiosks.flatMap((k) => printedQrs(k.dataDir));
    expect(printed).toHaveLength(RACES * 2);
    expect(new Set(printed).size).toBe(RACES * 2);
    expect(kiosks.every((k) => printedQrs(k.dataDir).length > 0)).toBe(true);

    for (const booking of bookings) {
      const view = await eventually(
        () => simGet<SimBookingView>(host.centralUrl, `/__sim/bookings/${booking.bookingNumber}`),
        (v) => v.effects.collected === 2,
      );
      expect(view.effects.collected).toBe(2);
      expect(view.booking.Tickets.map((t) => t.TicketInfoCode).every((qr) => printed.includes(qr))).toBe(true);
    }
  });
});
