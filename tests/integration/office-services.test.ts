import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import type { OfficeServices } from '../../electron/core/api/office.handlers';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import { buildOfficeServices } from '../../electron/core/app/office-services';
import { PrinterRegistry } from '../../electron/core/printing/printer-registry';
import { TicketPrinter } from '../../electron/core/printing/ticket-printer';
import { refusalOf } from '../../electron/core/staff/staff-refusals';
import { StaffAuth, type StaffSession } from '../../electron/core/staff/staff-auth';
import { StaffAccounts } from '../../electron/core/staff/staff-accounts';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { StaffRepository } from '../../electron/core/storage/repositories/staff.repository';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';

// The box office's services built by the composition root's builder, on the demo host's real store,
// real simulator and real virtual printers; called directly, without the UI dispatcher.
let host: RunningHost;
let slipPrinter: RunningVirtualPrinter;
let office: OfficeServices;
let auditRows: AuditRepository;
let pick: ReturnType<typeof bookingPicker>;
let now = Date.now();
const who: Record<'clerk1' | 'clerk2' | 'sup1', StaffSession> = {} as never;
const sim = () => host.demo!.sim!.state;
const supervisor = { username: 'sup1', password: 'supervisor-pass-1' };

async function collect(printNo: string, verifyCode: string): Promise<void> {
  expect(await host.core.handlers['kiosk.collect']({ printNo, verifyCode })).toMatchObject({ ok: true });
}

beforeAll(async () => {
  slipPrinter = await startVirtualPrinter({ dir: join(tempDir('slips'), 'printer') });
  host = await startDemoHost({ slipPrinter: { url: slipPrinter.url } });
  pick = bookingPicker(host);
  expect(
    await dispatchUiCall(host.core.handlers, 'staff.setup', {
      username: 'tech1',
      password: 'a-long-password-1',
      code: firstRunCode(host.config.dataDir),
    }),
  ).toMatchObject({ ok: true });
  // Staff accounts in the host's own store; sessions in this test's StaffAuth, on a clock it moves past approval delays.
  const db = host.core.db;
  const staff = new StaffAuth(new StaffRepository(db), host.core.audit, {
    db,
    idleTimeoutMs: 30 * 60_000,
    lifetimeMs: 12 * 3_600_000,
    now: () => now,
  });
  const accounts = new StaffAccounts({ db, staff: new StaffRepository(db), audit: host.core.audit, sessions: staff, now: () => now });
  const signIn = async (username: string, password: string, roles: StaffSession['role'][]) => {
    const login = await staff.login(username, password, 'T1');
    if (login.kind !== 'ok') throw new Error(`sign-in of ${username}: ${login.kind}`);
    return staff.session(login.token, roles)!;
  };
  const tech = await signIn('tech1', 'a-long-password-1', ['technician']);
  await accounts.add(tech, 'sup1', 'supervisor', supervisor.password);
  await accounts.add(tech, 'clerk1', 'clerk', '246810');
  await accounts.add(tech, 'clerk2', 'clerk', '135790');
  who.sup1 = await signIn('sup1', supervisor.password, ['supervisor']);
  who.clerk1 = await signIn('clerk1', '246810', ['clerk']);
  who.clerk2 = await signIn('clerk2', '135790', ['clerk']);
  auditRows = new AuditRepository(db);
  // The host's printers: the demo's virtual printer for tickets, the slip printer set up for this test.
  const printers = new PrinterRegistry(host.config.printer, host.config.slipPrinter);
  office = buildOfficeServices({
    config: host.config,
    db,
    staff,
    audit: host.core.audit,
    auditRows,
    printers: { ticket: new TicketPrinter(printers, 'ticket'), slip: new TicketPrinter(printers, 'slip') },
    host: host.core.printService!,
    now: () => now,
  });
});
afterAll(async () => {
  await host?.stop();
  await slipPrinter?.close();
});

describe('booking search', () => {
  it('reads each kind the search box takes, fresh from central', async () => {
    const b = pick('unprinted', 2);
    await collect(b.printNo, b.verifyCode);
    const ticket = sim().findBooking(b.bookingNumber, undefined)!.tickets[0]!;
    for (const query of [b.printNo, `${b.printNo}|${b.verifyCode}`, b.verifyCode, ticket.ticketInfoCode, ticket.ticketCode]) {
      expect(await office.search.find(query)).toMatchObject({
        ok: true,
        value: {
          kind: 'booking',
          booking: { bookingNumber: b.bookingNumber, stale: false, tickets: [{ state: 'printed' }, { state: 'printed' }] },
        },
      });
    }
    expect(await office.search.find(`${b.printNo}|WRONG12`)).toMatchObject({ ok: false, error: { code: 'VERIFY_CODE_WRONG' } });
    expect(await office.search.find('RF-1-00000001-0000000000')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'refund-code' } },
    });
    expect(await office.search.find('1234567890123456')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'ticket' } },
    });
    expect(await office.search.find('<img src=x>')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'query' } },
    });
  });

  it('with central down, shows the local copy marked stale, and says so for a booking not stored here', async () => {
    const b = pick('unprinted', 1);
    await collect(b.printNo, b.verifyCode);
    const unseen = pick('unprinted', 1);
    host.demo!.sim!.faults.add({ path: 'RESTBooking.svc/booking', status: 503 });
    try {
      expect(await office.search.booking(b.bookingNumber)).toMatchObject({
        ok: true,
        value: { stale: true, tickets: [{ state: 'printed' }] },
      });
      expect(await office.search.booking(unseen.bookingNumber)).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNREACHABLE' } });
    } finally {
      host.demo!.sim!.faults.clear();
    }
  });
});

describe('refund desk', () => {
  it('refunds a printed ticket here and prints its slip, audited; a copy is marked as one', async () => {
    const b = pick('unprinted', 2);
    await collect(b.printNo, b.verifyCode);
    const codes = sim()
      .findBooking(b.bookingNumber, undefined)!
      .tickets.map((t) => t.ticketCode);
    const slipsBefore = slipPrinter.jobs().length;
    const done = await office.refunds.refund(
      { bookingNumber: b.bookingNumber, ticketCodes: [codes[0]!], reason: 'Change of plans' },
      who.clerk1,
    );
    expect(done).toMatchObject({ ok: true, value: { slipPrinted: true, refund: { kind: 'local', clerk: 'clerk1', supervisor: null } } });
    const refundCode = done.ok ? done.value.refund.refund_code : '';
    const slip = (
      await eventually(
        async () => slipPrinter.jobs(),
        (j) => j.length > slipsBefore,
      )
    ).at(-1)!;
    expect(slip.lines.join('\n')).toContain(refundCode);
    expect(
      auditRows
        .bySubject(`booking:${b.bookingNumber}`)
        .filter((r) => r.action === 'refund.slip-printed')
        .map((r) => JSON.parse(r.details)),
    ).toEqual([{ refundCode, copy: false }]);
    expect(await office.refunds.printSlipCopy(` ${refundCode.toLowerCase()} `, who.clerk1)).toEqual({ ok: true, value: { printed: true } });
    expect(
      (
        await eventually(
          async () => slipPrinter.jobs(),
          (j) => j.length > slipsBefore + 1,
        )
      )
        .at(-1)!
        .lines.join('\n'),
    ).toContain('副本 COPY');
    expect(await office.refunds.printSlipCopy('RF-NOPE', who.clerk1)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'refundCode' } },
    });
    // The slip names the refund: a search for its code finds the refund and its booking.
    expect(await office.search.find(refundCode)).toMatchObject({
      ok: true,
      value: { kind: 'refund', refund: { refundCode }, booking: { bookingNumber: b.bookingNumber } },
    });
  });

  it('refunds unprinted tickets online, with no slip here', async () => {
    const b = pick('unprinted', 1);
    const codes = sim()
      .findBooking(b.bookingNumber, undefined)!
      .tickets.map((t) => t.ticketCode);
    const slipsBefore = slipPrinter.jobs().length;
    expect(
      await office.refunds.refund({ bookingNumber: b.bookingNumber, ticketCodes: codes, reason: 'Bought twice' }, who.clerk1),
    ).toMatchObject({ ok: true, value: { slipPrinted: null, refund: { kind: 'online' } } });
    expect(slipPrinter.jobs().length).toBe(slipsBefore);
  });

  it('a refused approval refunds nothing and says APPROVAL_REFUSED', async () => {
    const b = pick('unprinted', 1);
    await collect(b.printNo, b.verifyCode);
    const codes = sim()
      .findBooking(b.bookingNumber, undefined)!
      .tickets.map((t) => t.ticketCode);
    const refused = await office.refunds.refund(
      {
        bookingNumber: b.bookingNumber,
        ticketCodes: codes,
        reason: 'Change of plans',
        approval: { username: 'sup1', password: 'not-the-password' },
      },
      who.clerk2,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', details: { field: 'approval' } } });
    expect(refusalOf(refused)).toBe('APPROVAL_REFUSED');
    expect(host.core.printService!.stores.refunds.forBooking(b.bookingNumber)).toEqual([]);
    expect(await office.search.booking(b.bookingNumber)).toMatchObject({ ok: true, value: { tickets: [{ state: 'printed' }] } });
    now += 60_000;
  });
});

describe('reprint and attention desks', () => {
  it('a reprint needs a supervisor: a clerk alone is asked for one, a wrong one is refused, the right one reprints', async () => {
    const b = pick('unprinted', 1);
    await collect(b.printNo, b.verifyCode);
    const ticketCode = sim().findBooking(b.bookingNumber, undefined)!.tickets[0]!.ticketCode;
    expect(await office.reprints.reprint({ ticketCode, reason: 'jam' }, who.clerk1)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED' },
    });
    expect(
      refusalOf(
        await office.reprints.reprint({ ticketCode, reason: 'jam', approval: { username: 'clerk2', password: '135790' } }, who.clerk1),
      ),
    ).toBe('APPROVAL_REFUSED');
    const before = host.demo!.printer!.jobs().length;
    expect(await office.reprints.reprint({ ticketCode, reason: 'jam', approval: supervisor }, who.clerk1)).toEqual({
      ok: true,
      value: { printed: true, reprintCount: 1, state: 'printed' },
    });
    await eventually(
      async () => host.demo!.printer!.jobs().slice(before),
      (j) => j.some((x) => x.lines.includes('REPRINT 1')),
    );
  });

  it('checks an approval only when settling an unknown print', async () => {
    const refused = await office.attention.resolve(
      { id: 'unknown:1234567890123456', action: 'confirm-printed', approval: { username: 'sup1', password: 'wrong' } },
      who.clerk2,
    );
    expect(refusalOf(refused)).toBe('APPROVAL_REFUSED');
    now += 60_000;
    expect(
      await office.attention.resolve(
        { id: 'dead-letter:1', action: 'dismiss', approval: { username: 'sup1', password: 'wrong' } },
        who.clerk2,
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(Array.isArray(office.attention.list())).toBe(true);
  });
});

describe('shift report', () => {
  const day = () => ({ from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() });

  it('scopes a clerk to their own lines; a supervisor sees anyone, or one clerk', async () => {
    const own = office.reports.report(day(), who.clerk1);
    expect(own.ok && own.value.lines.length > 0 && own.value.lines.every((l) => l.actor === 'staff:clerk1')).toBe(true);
    expect(own.ok && own.value.csv.split('\r\n')[0]).toMatch(/^actor,terminal,printed/u);
    const refused = office.reports.report({ ...day(), clerk: 'clerk2' }, who.clerk1);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: 'clerks see their own shift report' } });
    expect(refusalOf(refused)).toBe('WRONG_ROLE');
    const all = office.reports.report(day(), who.sup1);
    expect(all.ok && new Set(all.value.lines.map((l) => l.actor)).has('staff:clerk1')).toBe(true);
    expect(all.ok && all.value.lines.some((l) => !l.actor.startsWith('staff:'))).toBe(true);
    const one = office.reports.report({ ...day(), clerk: 'clerk1' }, who.sup1);
    expect(one.ok && one.value.lines.map((l) => l.actor)).toEqual(own.ok && own.value.lines.map((l) => l.actor));
  });

  it('refuses a backwards or too long range, and prints the summary slip, audited', async () => {
    const { from, to } = day();
    expect(office.reports.report({ from: to, to: from }, who.sup1)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'to' } },
    });
    expect(office.reports.report({ from: new Date(now - 93 * 86_400_000).toISOString(), to }, who.sup1)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { field: 'from' } },
    });
    const slipsBefore = slipPrinter.jobs().length;
    expect(await office.reports.print({ from, to }, who.clerk1)).toEqual({ ok: true, value: { printed: true } });
    const slip = (
      await eventually(
        async () => slipPrinter.jobs(),
        (j) => j.length > slipsBefore,
      )
    ).at(-1)!;
    expect(slip.lines.join('\n')).toContain('员工 Clerk: clerk1');
    expect(auditRows.bySubject('report').at(-1)).toMatchObject({ action: 'report.printed', actor: 'staff:clerk1' });
  });
});
