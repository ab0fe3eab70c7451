import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { killPeers } from '../support/kill-peers';
import { startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { eventually, simGet, simSend, type SimBookingView } from '../support/sim-control';
import { uiClient } from '../support/ui-client';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import { ticketSourceModes } from '../support/ticket-source-modes';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';

/**
 * Kill test: collections against a host process that is killed with SIGKILL at random moments and
 * restarted, KILL_RUNS times (200 in CI, split evenly between the two ticket sources: central, and
 * vista-sarft against the strict-seed simulator's SarftKioskService). The simulator and the printer live in other processes, so
 * they see what really happened. Afterwards no ticket printed twice, no fully printed ticket left
 * `unprinted`, every acknowledged status at the central side, the store intact, the audit chain whole.
 */
const RUNS = Math.max(1, Math.round(Number(process.env.KILL_RUNS ?? 200) / ticketSourceModes.length));

describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  const dataDir = tempDir(`kill-${strictSeed ? 'sarft' : 'central'}`);
  // A printer that takes its time, so that kills land in the middle of tickets too.
  const peers = killPeers({ strictSeed, dataDir, acceptDelayMs: 4 });
  const ticketCodeOf = (lines: string[]) => lines.map((l) => /Ticket: (\d{16})/u.exec(l)?.[1]).find(Boolean);

  describe('SIGKILL at random moments during collections', () => {
    it(`${RUNS} kills and restarts: nothing printed twice, nothing lost, store and audit intact`, async () => {
      const bookings: DemoBooking[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const host: HostProcess = await startHostProcess(peers.hostArgs(), { dataDir });
        const collect = await uiClient(host.uiUrl);
        const batch = await simSend<DemoBooking[]>(peers.central, 'POST', '/__sim/bookings', { count: 3, ticketCount: 1 + (run % 3) });
        bookings.push(...batch);
        // Collections one after another; the kill lands somewhere among them.
        const work = (async () => {
          for (const b of batch) await collect('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode }).catch(() => undefined);
        })();
        await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 350)));
        host.child.kill('SIGKILL');
        await Promise.race([work, new Promise((r) => setTimeout(r, 2_000))]);
        await new Promise<void>((resolve) =>
          host.child.exitCode !== null || host.child.signalCode ? resolve() : host.child.once('exit', () => resolve()),
        );
      }

      // A last clean start lets the outbox drain; then the checks.
      const host = await startHostProcess(peers.hostArgs(), { dataDir });
      try {
        await eventually(
          async () => {
            const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
            try {
              return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
            } finally {
              db.close();
            }
          },
          (n) => n === 0,
          60_000,
        );
      } finally {
        await host.stop();
      }
      await new Promise((r) => setTimeout(r, 300));

      const jobs = peers.printer.jobs();
      const qrCount = new Map<string, number>();
      for (const qr of jobs.flatMap((j) => j.qrPayloads)) qrCount.set(qr, (qrCount.get(qr) ?? 0) + 1);
      expect([...qrCount.values()].filter((n) => n > 1)).toEqual([]);

      // Tickets the printer received in full: a piece that ends with a cut.
      const complete = jobs
        .flatMap((j) => j.pieces.slice(0, j.cuts).map((p) => ticketCodeOf(p.lines)))
        .filter((c): c is string => Boolean(c));
      const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const state = (code: string) =>
          (db.prepare('SELECT state FROM tickets WHERE ticket_code = ?').get(code) as { state: string } | undefined)?.state;
        const wrong = complete.filter((code) => !['printed', 'unknown'].includes(state(code) ?? 'missing'));
        expect(wrong).toEqual([]);
        const done = db.prepare("SELECT booking_number, payload FROM outbox WHERE state = 'done'").all() as {
          booking_number: number;
          payload: string;
        }[];
        for (const row of done) {
          const view = await simGet<SimBookingView & { booking: { Tickets: { TicketCode: string; CollectedStatus: string }[] } }>(
            peers.central,
            `/__sim/bookings/${row.booking_number}`,
          );
          const codes = (JSON.parse(row.payload) as { ticketCodes: string[] }).ticketCodes;
          for (const code of codes) expect(view.booking.Tickets.find((t) => t.TicketCode === code)?.CollectedStatus).toBe('1');
        }
        const printedHere = db.prepare("SELECT ticket_code, booking_number FROM tickets WHERE state = 'printed'").all() as {
          ticket_code: string;
          booking_number: number;
        }[];
        for (const t of printedHere) {
          const view = await simGet<SimBookingView & { booking: { Tickets: { TicketCode: string; CollectedStatus: string }[] } }>(
            peers.central,
            `/__sim/bookings/${t.booking_number}`,
          );
          expect(view.booking.Tickets.find((x) => x.TicketCode === t.ticket_code)?.CollectedStatus).toBe('1');
          expect(view.effects.collected).toBeLessThanOrEqual(view.booking.Tickets.length);
        }
        expect(new AuditLog(new AuditRepository(db)).verify()).toMatchObject({ ok: true });
        console.log(
          `kill test: ${RUNS} kills, ${bookings.length} bookings, ${jobs.length} printer jobs, ${complete.length} complete tickets, ${printedHere.length} printed, ${(db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE state = 'unknown'").get() as { n: number }).n} unknown`,
        );
      } finally {
        db.close();
      }
      expect(readFileSync(join(dataDir, 'demo-terminals.json'), 'utf8')).toContain('KIOSK-01');
    }, 1_800_000);
  });
});
