import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { startHostOn } from '../support/external-sim-host';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';

/**
 * Choosing the vista-sarft ticket source outside the embedded demo: the host flags, and config.json's
 * `sarftUpstream` whose password is sealed at the first start and bound to the service's address.
 */
let sim: RunningCentralSim;
beforeAll(async () => {
  sim = await startCentralSim({ seed: 5, strictSeed: true });
});
afterAll(() => sim?.close());

async function collectOne(host: RunningHost): Promise<void> {
  const made = sim.state.createBooking({ ticketCount: 2 });
  const b = sim.state.demoBookings([made])[0]!;
  expect(await host.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
    ok: true,
    value: { printed: 2 },
  });
  // The mark reached the cinema's service (the strict simulator has no MarkBookingAsCollected).
  await eventually(async () => made.tickets.every((t) => t.collected), Boolean);
  expect(made.calls.markcollected).toBe(1);
}

describe('the vista-sarft source from flags or config.json', () => {
  it('--sarft-upstream with its user and password: tickets, QR and the printed mark come from the SarftKioskService', async () => {
    const host = await startHostOn(sim, tempDir('sarft-flags'), {}, { sarftUpstream: sim.sarft });
    try {
      await collectOne(host);
      // /healthz (details on loopback) names the source and checks the cinema's service like central.
      const health = (await (await request(`${host.printServiceUrl}/healthz`)).body.json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', ticketSource: { kind: 'vista-sarft', sarftKioskService: { reachable: true } } });
    } finally {
      await host.stop();
    }
  });

  it('config.json: a password typed in the clear is sealed at start and used; moved to another address, it is refused', async () => {
    const dataDir = tempDir('sarft-config');
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ sarftUpstream: { url: sim.sarft.url, username: sim.sarft.username, password: sim.sarft.password } }),
    );
    const host = await startHostOn(sim, dataDir);
    try {
      await collectOne(host);
    } finally {
      await host.stop();
    }
    const saved = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { sarftUpstream: { url: string; password: string } };
    expect(saved.sarftUpstream.password).not.toContain(sim.sarft.password);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).not.toContain(sim.sarft.password);

    // The sealed password opens again at the next start (same address).
    const again = await startHostOn(sim, dataDir);
    try {
      await collectOne(again);
    } finally {
      await again.stop();
    }

    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ ...saved, sarftUpstream: { ...saved.sarftUpstream, url: 'http://127.0.0.1:9/SarftKioskService' } }),
    );
    await expect(startHostOn(sim, dataDir)).rejects.toThrow(/saved for another address than sarftUpstream\.url/u);
  });
});
