// Box office: (1) a counter refund from the clerk's call to the answer (central re-read, the commit of
// refund, ledger, outbox and audit, and the refund slip printed and confirmed over TCP), over 100
// one-ticket refunds; (2) the shift report (ledger query, totals, CSV) over a ledger of 1,000,000
// ticket operations spread over 30 days, for one day, one clerk's day, and the whole month.
// Run: npm run bench -- box-office   (or: npx tsx bench/box-office.bench.ts)
import { performance } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../electron/core/observability/logger';
import { startHost } from '../electron/host/host';
import { startVirtualPrinter } from '../electron/simulator/virtual-printer';
import { openDatabase } from '../electron/core/storage/database';
import { LedgerRepository, type LedgerKind } from '../electron/core/storage/repositories/ledger.repository';
import { AuditLog } from '../electron/core/audit/audit-log';
import { AuditRepository } from '../electron/core/storage/repositories/audit.repository';
import { percentile, round } from './stats';

const DAY = 86_400_000;

export async function benchBoxOffice(refunds = 100, ledgerRows = 1_000_000, auditRows = 1_000_000): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-office-'));
  const slips = await startVirtualPrinter({ dir: join(dataDir, 'slips') });
  const host = await startHost(
    { demo: true, dataDir, printServicePort: 0, uiPort: 0, printer: 'virtual', overrides: { slipPrinter: { url: slips.url } } },
    silentLogger(),
  );
  const h = host.core.handlers;
  const result: Record<string, number> = {};
  try {
    await h['staff.setup']({ username: 'tech1', password: 'a-long-password-1', code: host.core.firstRunCode ?? '' });
    const tech = await h['staff.login']({ username: 'tech1', password: 'a-long-password-1' });
    if (!tech.ok) throw new Error('sign-in failed');
    await h['staff.add']({ session: tech.value.session, username: 'clerk1', role: 'clerk', password: '246810' });
    const clerk = await h['staff.login']({ username: 'clerk1', password: '246810' });
    if (!clerk.ok) throw new Error('sign-in failed');
    const session = clerk.value.session;

    const latencies: number[] = [];
    let lastRefunded = 0;
    for (let i = 0; i < refunds + 10; i += 1) {
      const booking = host.demo!.sim!.state.createBooking({ ticketCount: 1, collected: true, sessionId: '29619' });
      const started = performance.now();
      const refund = await h['office.refund']({
        session,
        bookingNumber: booking.bookingNumber,
        ticketCodes: [booking.tickets[0]!.ticketCode],
        reason: 'bench',
      });
      const elapsed = performance.now() - started;
      if (!refund.ok || refund.value.slipPrinted !== true) throw new Error(`refund failed: ${JSON.stringify(refund)}`);
      if (i >= 10) latencies.push(elapsed);
      lastRefunded = booking.bookingNumber;
    }
    result.refundP50Ms = round(percentile(latencies, 50));
    result.refundP95Ms = round(percentile(latencies, 95));
    result.slipBytes = slips.jobs().at(-1)!.bytes;

    // The ledger as a busy month leaves it: 20 clerks, 10 kiosks, mostly prints.
    const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
    const ledger = new LedgerRepository(db);
    const end = Date.now();
    const kinds: LedgerKind[] = [
      'printed',
      'printed',
      'printed',
      'printed',
      'printed',
      'printed',
      'reprinted',
      'refunded-local',
      'refunded-online',
    ];
    const fill = performance.now();
    db.transaction(() => {
      for (let i = 0; i < ledgerRows; i += 1) {
        const kind = kinds[i % kinds.length]!;
        const byKiosk = kind === 'printed';
        ledger.add({
          at: end - 30 * DAY + Math.floor((i / ledgerRows) * 30 * DAY),
          kind,
          booking_number: 1_000_000 + i,
          ticket_code: String(3_109_021_100_000_000 + i),
          amount_cents: kind === 'reprinted' ? 0 : 4800,
          actor: byKiosk ? `terminal:KIOSK-${i % 10}` : `staff:clerk${i % 20}`,
          terminal_id: byKiosk ? `KIOSK-${i % 10}` : 'BOX-01',
          refund_code: null,
        });
      }
    })();
    result.ledgerFillSeconds = round((performance.now() - fill) / 1000);
    // An audit log a year of operations long: the booking view reads one booking's history from it.
    const audit = new AuditLog(new AuditRepository(db));
    db.transaction(() => {
      for (let i = 0; i < auditRows; i += 1)
        audit.append({
          actor: `staff:clerk${i % 20}`,
          terminalId: 'BOX-01',
          action: 'tickets.print-result',
          subject: `booking:${2_000_000 + i}`,
          details: { printed: [String(i)] },
        });
    })();
    result.auditRecords = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    db.close();

    await h['staff.add']({ session: tech.value.session, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
    const sup = await h['staff.login']({ username: 'sup1', password: 'supervisor-pass-1' });
    if (!sup.ok) throw new Error('sign-in failed');
    const supervisorSession = sup.value.session;
    const report = async (label: string, input: { from: string; to: string; clerk?: string }) => {
      const samples: number[] = [];
      for (let i = 0; i < 22; i += 1) {
        const started = performance.now();
        const reply = await h['office.report']({ session: supervisorSession, ...input });
        if (!reply.ok) throw new Error(JSON.stringify(reply));
        if (i >= 2) samples.push(performance.now() - started);
      }
      result[`${label}P50Ms`] = round(percentile(samples, 50));
    };
    await report('reportDay', { from: new Date(end - DAY).toISOString(), to: new Date(end).toISOString() });
    await report('reportClerkDay', { from: new Date(end - DAY).toISOString(), to: new Date(end).toISOString(), clerk: 'clerk7' });
    const views: number[] = [];
    for (let i = 0; i < 52; i += 1) {
      const started = performance.now();
      const view = await h['office.find']({ session, query: String(lastRefunded) });
      if (!view.ok || view.value.booking.history.length === 0) throw new Error(JSON.stringify(view));
      if (i >= 2) views.push(performance.now() - started);
    }
    result.bookingViewP50Ms = round(percentile(views, 50));
    await report('reportMonth', { from: new Date(end - 30 * DAY - 1).toISOString(), to: new Date(end + 1).toISOString() });
    return result;
  } finally {
    await host.stop();
    await slips.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchBoxOffice());
