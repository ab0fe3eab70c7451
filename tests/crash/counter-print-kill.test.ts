import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { killPeers } from '../support/kill-peers';
import { ticketSourceModes } from '../support/ticket-source-modes';
import { startHostProcess, tempDir, type HostProcess } from '../support/host-process';
import { eventually, simSend } from '../support/sim-control';
import { uiClient } from '../support/ui-client';
import type { DemoBooking } from '../../electron/simulator/central-sim.state';
import { firstRunCode } from '../support/first-run';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';

/**
 * The host process is killed with SIGKILL while the counter prints a booking, and restarted: the
 * tickets that may have come out are unknown and in the box office's attention list, the attempt's
 * audit record (who, which booking) is there, and a retry with the same request id prints nothing.
 * The simulator and the printer live in other processes, so they see what really happened.
 */
describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  const dataDir = tempDir(`counter-kill-${strictSeed ? 'sarft' : 'central'}`);
  // A slow printer: the kill lands while the counter's tickets are going out.
  const peers = killPeers({ strictSeed, dataDir, acceptDelayMs: 40 });
  const readStore = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  const statesOf = (bookingNumber: number): string[] =>
    readStore(
      (db) => db.prepare('SELECT state FROM tickets WHERE booking_number = ? ORDER BY sequence').all(bookingNumber) as { state: string }[],
    ).map((r) => r.state);

  describe('SIGKILL during a counter print', () => {
    it('after the restart the tickets in doubt are unknown and listed, the attempt is audited, and a retry prints nothing', async () => {
      let host: HostProcess = await startHostProcess(peers.hostArgs(), { dataDir });
      let ui = await uiClient(host.uiUrl);
      expect(await ui('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(dataDir) })).toMatchObject({
        ok: true,
      });
      const tech = await ui('staff.login', { username: 'tech1', password: 'a-long-password-1' });
      await ui('staff.add', { session: tech.ok ? tech.value.session : '', username: 'clerk1', role: 'clerk', password: '246810' });
      const signIn = async () => {
        const reply = await ui('staff.login', { username: 'clerk1', password: '246810' });
        return reply.ok ? reply.value.session : '';
      };
      let session = await signIn();
      const [b] = await simSend<DemoBooking[]>(peers.central, 'POST', '/__sim/bookings', { count: 1, ticketCount: 3 });
      expect(await ui('office.find', { session, query: b!.printNo })).toMatchObject({ ok: true });

      const requestId = randomUUID();
      const print = ui('office.counterPrint', { session, bookingNumber: b!.bookingNumber, verifyCode: b!.verifyCode, requestId }).catch(
        () => undefined,
      );
      // The claim is in the store and the first ticket is on its way: kill now.
      await eventually(
        async () => statesOf(b!.bookingNumber),
        (s) => s.includes('claimed'),
      );
      host.child.kill('SIGKILL');
      await print;
      await new Promise<void>((resolve) =>
        host.child.exitCode !== null || host.child.signalCode ? resolve() : host.child.once('exit', () => resolve()),
      );
      const before = statesOf(b!.bookingNumber);
      expect(before).toContain('claimed');

      host = await startHostProcess(peers.hostArgs(), { dataDir });
      try {
        ui = await uiClient(host.uiUrl);
        session = await signIn();
        // Nothing that may have printed is printable again: every claimed ticket is unknown now.
        const after = statesOf(b!.bookingNumber);
        expect(after.filter((s) => s === 'claimed')).toEqual([]);
        expect(after.filter((s) => s === 'unknown').length).toBe(before.filter((s) => s === 'claimed').length);
        const attention = await ui('office.attention.list', { session });
        const listed = attention.ok
          ? attention.value.items.filter((i) => i.kind === 'unknown-print' && i.bookingNumber === b!.bookingNumber)
          : [];
        expect(listed.length).toBe(after.filter((s) => s === 'unknown').length);
        // Who started it, for which booking, on which terminal: audited before anything was claimed.
        const detail = await ui('office.booking', { session, bookingNumber: b!.bookingNumber });
        const started = detail.ok ? detail.value.history.filter((h) => h.action === 'office.counter-print.started') : [];
        expect(started).toEqual([expect.objectContaining({ actor: 'staff:clerk1', terminalId: 'COUNTER-01' })]);
        expect(started[0]!.details).toMatchObject({ requestId, printNo: b!.printNo });
        // The same request again: refused, nothing printed twice.
        await new Promise((r) => setTimeout(r, 300));
        const jobs = peers.printer.jobs().length;
        expect(
          await ui('office.counterPrint', { session, bookingNumber: b!.bookingNumber, verifyCode: b!.verifyCode, requestId }),
        ).toMatchObject({ ok: false, error: { code: 'TICKET_UNKNOWN' } });
        await new Promise((r) => setTimeout(r, 300));
        expect(peers.printer.jobs().length).toBe(jobs);
      } finally {
        await host.stop();
      }
      readStore((db) => {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(new AuditLog(new AuditRepository(db)).verify()).toMatchObject({ ok: true });
      });
    }, 120_000);
  });
});
