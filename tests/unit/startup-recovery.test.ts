import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildPrintService } from '../../electron/core/app/print-service-host';
import { recoverAtStart } from '../../electron/core/app/startup-recovery';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { parseConfig } from '../../electron/core/config/config';
import { DomainEvents } from '../../electron/core/observability/domain-events';
import { openDatabase, type Db } from '../../electron/core/storage/database';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { OutboxRepository } from '../../electron/core/storage/repositories/outbox.repository';
import type { CentralApi } from '../../electron/core/central/central-api';
import type { TicketSource } from '../../electron/core/central/ticket-source';
import { OutboxWorker } from '../../electron/core/sync/outbox-worker';
import { PrintJobsRepository } from '../../electron/core/storage/repositories/print-jobs.repository';
import { CLIENT_IDENTITY } from '../support/host-process';

const NOW = Date.parse('2026-11-24T10:00:00Z');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeWithLeftovers(): { db: Db; audit: AuditLog; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'startup-recovery-'));
  const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  cleanups.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => {
      db.close();
    },
  );
  return { db, audit: new AuditLog(new AuditRepository(db), () => new Date(NOW)), dataDir };
}

function configFor(dataDir: string) {
  const parsed = parseConfig({
    dataDir,
    central: {
      url: 'http://127.0.0.1:1/WSVistaWebClient',
      connectApiToken: 't',
      cinemaId: '1',
      ...CLIENT_IDENTITY,
    },
    terminal: { id: 'KIOSK-01', username: 'kiosk01', password: 'p' },
    printService: {},
    printer: { url: 'file:/dev/null' },
    ui: {},
    sync: {},
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return { ...parsed.config, central: parsed.config.central! };
}

const ticket = (code: string, sequence: number) => ({
  ticket_code: code,
  booking_number: 7,
  sequence,
  seat_name: `A${sequence}`,
  price_cents: 4800,
  service_fee_cents: 0,
  ticket_info_code: 'INFO',
  state: 'unprinted' as const,
  updated_at: NOW,
});

describe('the start-up recovery', () => {
  it('turns what a crash left half-done unknown, once, each with its audit record', async () => {
    const { db, audit, dataDir } = storeWithLeftovers();
    const parts = buildPrintService(configFor(dataDir), { db, audit, now: () => NOW });
    cleanups.push(() => parts.central.close());
    parts.bookings.upsert(
      {
        booking_number: 7,
        verify_md5: '0'.repeat(32),
        cinema_id: '1',
        cinema_code: 'C1',
        cinema_name: 'Cinema',
        film_title: 'Film',
        screen_name: '1',
        session_at: '2026-11-24T19:30:00+08:00',
        session_epoch_ms: NOW + 3_600_000,
        cancelled: 0,
        fetched_at: NOW,
      },
      [ticket('0000000000000001', 1), ticket('0000000000000002', 2), ticket('0000000000000003', 3)],
    );
    // A claim open at the stop, a reprint under way, and this kiosk's own job mid-print.
    parts.claims.insert({
      claim_id: 'claim-1',
      booking_number: 7,
      terminal_id: 'KIOSK-02',
      session_id: 's',
      created_at: NOW - 1_000,
      expires_at: NOW + 60_000,
    });
    parts.bookings.setState('0000000000000001', 'claimed', 'claim-1', NOW - 1_000);
    parts.bookings.setState('0000000000000002', 'printing', null, NOW - 1_000);
    const jobs = new PrintJobsRepository(db);
    jobs.start('0000000007', '0000000000000003', NOW - 1_000);

    const deps = { db, audit, logger: pino({ level: 'silent' }), now: () => NOW, jobs, printService: parts };
    expect(recoverAtStart(deps)).toEqual({
      abandonedClaims: 1,
      interruptedReprints: 1,
      strandedJobs: 1,
      annulledOrders: 0,
      resumedOrders: 0,
      unprintedSales: 0,
    });

    expect(parts.bookings.tickets(7).map((t) => [t.ticket_code, t.state])).toEqual([
      ['0000000000000001', 'unknown'],
      ['0000000000000002', 'unknown'],
      ['0000000000000003', 'unprinted'],
    ]);
    expect(jobs.stranded()).toEqual([]);
    const actions = db
      .prepare<[], { action: string }>('SELECT action FROM audit_log ORDER BY seq')
      .all()
      .map((row) => row.action);
    expect(actions).toEqual(['claim.abandoned-at-start', 'ticket.reprint-interrupted', 'print.unknown-after-crash']);

    // A second start finds nothing left to settle and writes nothing.
    expect(recoverAtStart(deps)).toEqual({
      abandonedClaims: 0,
      interruptedReprints: 0,
      strandedJobs: 0,
      annulledOrders: 0,
      resumedOrders: 0,
      unprintedSales: 0,
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 3 });
  });

  it('settles only the kiosk side where the print service is remote', () => {
    const { db, audit } = storeWithLeftovers();
    const jobs = new PrintJobsRepository(db);
    jobs.start('0000000009', '0000000000000009', NOW - 1_000);
    expect(recoverAtStart({ db, audit, logger: pino({ level: 'silent' }), now: () => NOW, jobs })).toEqual({
      abandonedClaims: 0,
      interruptedReprints: 0,
      strandedJobs: 1,
      annulledOrders: 0,
      resumedOrders: 0,
      unprintedSales: 0,
    });
  });
});

describe('the outbox.work domain event', () => {
  it('reaches a listener with no payload, and a listener removed hears nothing', () => {
    const events = new DomainEvents();
    let heard = 0;
    const listener = (): void => {
      heard += 1;
    };
    events.on('outbox.work', listener);
    events.emit('outbox.work');
    events.off('outbox.work', listener);
    events.emit('outbox.work');
    expect(heard).toBe(1);
  });
});

describe('the outbox worker and outbox.work', () => {
  it('drains at once when told the outbox has work, and stops listening when stopped', async () => {
    const { db, audit } = storeWithLeftovers();
    const events = new DomainEvents();
    // An empty outbox never reaches central; an hour's poll means only the event can start a pass.
    const worker = new OutboxWorker(
      {
        db,
        outbox: new OutboxRepository(db),
        central: {} as CentralApi,
        payments: { of: () => undefined },
        source: {} as TicketSource,
        audit,
        logger: pino({ level: 'silent' }),
        now: () => NOW,
        events,
      },
      { pollMs: 3_600_000, baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5, batch: 10 },
    );
    const passes = vi.spyOn(worker, 'drainOnce');
    worker.start();
    await vi.waitFor(() => expect(passes).toHaveBeenCalledTimes(1));
    events.emit('outbox.work');
    await vi.waitFor(() => expect(passes).toHaveBeenCalledTimes(2));
    await worker.stop();
    expect(events.listenerCount('outbox.work')).toBe(0);
  });
});
