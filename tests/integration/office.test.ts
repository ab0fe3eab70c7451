import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName, UiEvent } from '../../shared/contract/ui';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { bookingPicker, md5, startDemoHost, terminalClient } from '../support/in-process-host';
import { ticketSourceModes } from '../support/ticket-source-modes';
import { eventually } from '../support/sim-control';
import { tempDir } from '../support/host-process';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { firstRunCode } from '../support/first-run';

describe.each(ticketSourceModes)('ticket source $mode', ({ mode, strictSeed, markPath }) => {
  /** Refunds as seed 003 §3.12 says (strict mode) are another change's: those tests run against the default simulator. */
  const refunds = mode === 'central';
  let host: RunningHost;
  let slipPrinter: RunningVirtualPrinter;
  let pick: ReturnType<typeof bookingPicker>;
  const sessions: Record<string, string> = {};
  const events: UiEvent[] = [];

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
  const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
  const as = (who: string, name: UiCallName, input: Record<string, unknown> = {}) => call(name, { session: sessions[who], ...input });
  const sim = () => host.demo!.sim!.state;
  const simBooking = (n: number) => sim().findBooking(n, undefined)!;
  const supervisor = { username: 'sup1', password: 'supervisor-pass-1' };
  const zbar = (png: string) =>
    execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n');

  async function collect(printNo: string, verifyCode: string): Promise<void> {
    expect(await host.core.handlers['kiosk.collect']({ printNo, verifyCode })).toMatchObject({ ok: true });
  }

  beforeAll(async () => {
    slipPrinter = await startVirtualPrinter({ dir: join(tempDir('slips'), 'printer') });
    host = await startDemoHost(
      {
        slipPrinter: { url: slipPrinter.url },
        office: { onlineRefundRetrySeconds: 0.2, onlineRefundAttempts: 4 },
        central: { requestTimeoutMs: 600 },
      },
      { strictSeed },
    );
    pick = bookingPicker(host);
    host.core.events.on('event', (e) => events.push(e));
    await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
    sessions.tech1 = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
  });
  afterAll(async () => {
    await host?.stop();
    await slipPrinter?.close();
  });

  describe('staff accounts', () => {
    it('technicians manage everyone, supervisors clerks and supervisors; PINs for the counter; nobody manages themselves', async () => {
      expect(await as('tech1', 'staff.add', { username: 'sup1', role: 'supervisor', password: supervisor.password })).toEqual({
        ok: true,
        value: { username: 'sup1' },
      });
      sessions.sup1 = (await call('staff.login', supervisor)).value.session;
      expect(await as('sup1', 'staff.add', { username: 'clerk1', role: 'clerk', password: '246810' })).toEqual({
        ok: true,
        value: { username: 'clerk1' },
      });
      expect(await as('sup1', 'staff.add', { username: 'tech2', role: 'technician', password: 'a-long-password-2' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await as('sup1', 'staff.add', { username: 'clerk1', role: 'clerk', password: '135790' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(await as('sup1', 'staff.add', { username: 'clerk2', role: 'clerk', password: '12345' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(await as('sup1', 'staff.setDisabled', { username: 'sup1', disabled: true })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { reason: 'self' } },
      });
      expect(await as('sup1', 'staff.setDisabled', { username: 'tech1', disabled: true })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      sessions.clerk1 = (await call('staff.login', { username: 'clerk1', password: '246810' })).value.session;
      expect(await as('clerk1', 'staff.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(await as('tech1', 'office.settings')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      const list = await as('sup1', 'staff.list');
      expect(list.value.staff.map((s: { username: string; role: string }) => `${s.username}:${s.role}`).sort()).toEqual([
        'clerk1:clerk',
        'sup1:supervisor',
        'tech1:technician',
      ]);
    });

    it('disabling an account ends its sessions at once; a reset password lets it back in', async () => {
      await as('sup1', 'staff.add', { username: 'clerk9', role: 'clerk', password: '998877' });
      const session = (await call('staff.login', { username: 'clerk9', password: '998877' })).value.session as string;
      expect(await call('office.settings', { session })).toMatchObject({ ok: true, value: { username: 'clerk9', role: 'clerk' } });
      expect(await as('sup1', 'staff.setDisabled', { username: 'clerk9', disabled: true })).toMatchObject({ ok: true });
      expect(await call('office.settings', { session })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(await call('staff.login', { username: 'clerk9', password: '998877' })).toMatchObject({ ok: false });
      expect(await as('sup1', 'staff.setDisabled', { username: 'clerk9', disabled: false })).toMatchObject({ ok: true });
      expect(await as('sup1', 'staff.resetPassword', { username: 'clerk9', password: '112233' })).toMatchObject({ ok: true });
      expect(await call('staff.login', { username: 'clerk9', password: '112233' })).toMatchObject({ ok: true, value: { role: 'clerk' } });
    });
  });

  describe('finding a booking at the counter', () => {
    it("by pickup number, pickup number with verify code, verify code alone, a printed ticket's QR or ticket code", async () => {
      const b = pick('unprinted', 2);
      await collect(b.printNo, b.verifyCode);
      const ticket = simBooking(b.bookingNumber).tickets[0]!;
      for (const query of [
        String(b.bookingNumber),
        `${b.printNo}|${b.verifyCode}`,
        b.verifyCode,
        ticket.ticketInfoCode,
        ticket.ticketCode,
      ]) {
        expect(await as('clerk1', 'office.find', { query })).toMatchObject({
          ok: true,
          value: {
            kind: 'booking',
            booking: { bookingNumber: b.bookingNumber, stale: false, tickets: [{ state: 'printed' }, { state: 'printed' }] },
          },
        });
      }
      const found = await as('clerk1', 'office.find', { query: b.printNo });
      expect(found.value.booking.history.map((h: { action: string }) => h.action)).toEqual(
        expect.arrayContaining(['tickets.claimed', 'tickets.print-result']),
      );
      expect(await as('clerk1', 'office.find', { query: `${b.printNo}|WRONG12` })).toMatchObject({
        ok: false,
        error: { code: 'VERIFY_CODE_WRONG' },
      });
      expect(await as('clerk1', 'office.find', { query: '99999999' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await as('clerk1', 'office.find', { query: '<img src=x>' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await as('clerk1', 'office.find', { query: 'RF-31090211-00000001-ABCDEFGHJK' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await call('office.find', { session: 'not-a-session-token', query: b.printNo })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
    });
  });

  describe.runIf(refunds)('local refund of printed tickets', () => {
    it('refunds one of four: slip printed with a refund code the app verifies later; central shows that ticket refunded, the others untouched', async () => {
      const b = pick('unprinted', 4);
      await collect(b.printNo, b.verifyCode);
      const codes = simBooking(b.bookingNumber).tickets.map((t) => t.ticketCode);
      const slipsBefore = slipPrinter.jobs().length;
      const refund = await as('clerk1', 'office.refund', {
        bookingNumber: b.bookingNumber,
        ticketCodes: [codes[1]],
        reason: '顾客行程变更 Change of plans',
      });
      expect(refund).toMatchObject({
        ok: true,
        value: {
          kind: 'local',
          state: 'refunded',
          ticketCents: 4500,
          bookingFeeCents: 300,
          totalCents: 4800,
          slipPrinted: true,
          clerk: 'clerk1',
          supervisor: null,
        },
      });
      const slip = (
        await eventually(
          async () => slipPrinter.jobs(),
          (j) => j.length > slipsBefore,
        )
      ).at(-1)!;
      const text = slip.lines.join('\n');
      for (const expected of [
        '退票凭证 REFUND',
        codes[1]!,
        '￥48.00',
        'clerk1',
        'Change of plans',
        // Where the money goes back (electron/core/refunds/README.md): paid here.
        '退款去向 Money: 本柜台退还 At this counter',
        // The counter's own terminal id (issue 12), not the kiosk's.
        host.config.office.terminalId,
        refund.value.refundCode,
      ])
        expect(text).toContain(expected);
      expect(zbar(join(slipPrinter.dir, `${String(slip.job).padStart(4, '0')}.png`))).toEqual([refund.value.refundCode]);

      const verified = await as('clerk1', 'office.find', { query: refund.value.refundCode });
      expect(verified).toMatchObject({
        ok: true,
        value: {
          kind: 'refund',
          refund: { refundCode: refund.value.refundCode, ticketCodes: [codes[1]] },
          booking: { bookingNumber: b.bookingNumber },
        },
      });
      const forged = refund.value.refundCode.replace(
        /-(\d{8})-/u,
        (_: string, id: string) => `-${String(Number(id) + 1).padStart(8, '0')}-`,
      );
      expect(await as('clerk1', 'office.find', { query: forged })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      const central = await eventually(
        async () => simBooking(b.bookingNumber),
        (x) => x.effects.refunded === 1,
      );
      expect(central.tickets.map((t) => t.refunded)).toEqual([false, true, false, false]);
      expect(central.effects.refundedCents).toBe(4800);
      expect(
        await as('clerk1', 'office.refund', { bookingNumber: b.bookingNumber, ticketCodes: [codes[1]], reason: 'again' }),
      ).toMatchObject({ ok: false, error: { code: 'REFUNDED' } });
      expect(await as('clerk1', 'office.refundSlip.print', { refundCode: refund.value.refundCode })).toEqual({
        ok: true,
        value: { printed: true },
      });
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
    });

    it("bad input changes nothing: no reason, a stranger's ticket, an unprinted ticket mixed in", async () => {
      const b = pick('unprinted', 2);
      await collect(b.printNo, b.verifyCode);
      const other = pick('unprinted', 1);
      const codes = simBooking(b.bookingNumber).tickets.map((t) => t.ticketCode);
      expect(await as('clerk1', 'office.refund', { bookingNumber: b.bookingNumber, ticketCodes: [codes[0]], reason: ' ' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(
        await as('clerk1', 'office.refund', {
          bookingNumber: b.bookingNumber,
          ticketCodes: [simBooking(other.bookingNumber).tickets[0]!.ticketCode],
          reason: 'wrong booking',
        }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(
        await as('clerk1', 'office.refund', { bookingNumber: b.bookingNumber, ticketCodes: ['12'], reason: 'bad code' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      const detail = await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber });
      expect(detail.value.tickets.map((t: { state: string }) => t.state)).toEqual(['printed', 'printed']);
      expect(detail.value.refunds).toEqual([]);
    });

    it('a refund after the show started is refused until a supervisor approves; the booking fee is then kept', async () => {
      const made = sim().createBooking({ ticketCount: 2, sessionId: '29601', collected: true });
      const codes = made.tickets.map((t) => t.ticketCode);
      const request = { bookingNumber: made.bookingNumber, ticketCodes: [codes[0]], reason: '设备故障 Equipment fault' };
      expect(await as('clerk1', 'office.refund', request)).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REQUIRED', details: { started: true } },
      });
      expect(await as('clerk1', 'office.refund', { ...request, approval: { username: 'sup1', password: 'wrong-password' } })).toMatchObject(
        {
          ok: false,
          error: { code: 'UNAUTHORIZED' },
        },
      );
      expect(await as('clerk1', 'office.refund', { ...request, approval: { username: 'clerk1', password: '246810' } })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect((await as('clerk1', 'office.booking', { bookingNumber: made.bookingNumber })).value.tickets[0].state).toBe('printed');
      const approved = await as('clerk1', 'office.refund', { ...request, approval: supervisor });
      expect(approved).toMatchObject({ ok: true, value: { supervisor: 'sup1', ticketCents: 4500, bookingFeeCents: 0, totalCents: 4500 } });
      const central = await eventually(
        async () => simBooking(made.bookingNumber),
        (x) => x.effects.refunded === 1,
      );
      expect(central.effects.refundedCents).toBe(4500);
      // A supervisor signed in approves their own refund.
      expect(await as('sup1', 'office.refund', { ...request, ticketCodes: [codes[1]] })).toMatchObject({
        ok: true,
        value: { clerk: 'sup1', supervisor: 'sup1' },
      });
    });
  });

  describe.runIf(refunds)('online refund of unprinted tickets (RefundBooking, seed 003 §3.12)', () => {
    const progressOf = (code: string) =>
      events
        .filter(
          (e): e is Extract<UiEvent, { type: 'office.refund.progress' }> => e.type === 'office.refund.progress' && e.refundCode === code,
        )
        .map((e) => `${e.phase}:${e.attempt}`);

    it('while RefundBooking hangs: no kiosk may print the tickets; it verifies with GetSingleBooking, sends again, and refunds exactly once', async () => {
      const b = pick('unprinted', 2);
      await host.core.handlers['kiosk.lookup']({ printNo: b.printNo, verifyCode: b.verifyCode });
      const codes = simBooking(b.bookingNumber).tickets.map((t) => t.ticketCode);
      host.demo!.sim!.faults.add({ path: 'booking/refund', hang: true, times: 1 });
      try {
        const started = await as('clerk1', 'office.refund', {
          bookingNumber: b.bookingNumber,
          ticketCodes: codes,
          reason: '重复购买 Bought twice',
        });
        expect(started).toMatchObject({ ok: true, value: { kind: 'online', state: 'pending', totalCents: 9600, slipPrinted: null } });
        const kiosk = terminalClient(host, 1);
        expect(await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({
          resultCode: SarftCode.Refunded,
        });
        await kiosk.close();
        const done = await eventually(
          async () => (await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber })).value,
          (d) => d.refunds[0].state === 'refunded',
          10_000,
        );
        expect(done.tickets.map((t: { state: string }) => t.state)).toEqual(['refunded', 'refunded']);
        expect(progressOf(started.value.refundCode)).toEqual(['sending:1', 'waiting:1', 'verifying:2', 'sending:2', 'refunded:2']);
        // The hung call never reached the booking; the second did, and refunded each ticket once.
        expect(host.demo!.sim!.faults.list()[0]!.hits).toBe(1);
        expect(simBooking(b.bookingNumber).calls.refund).toBe(1);
        expect(simBooking(b.bookingNumber).effects).toMatchObject({ refunded: 2, refundedCents: 9600 });
      } finally {
        host.demo!.sim!.faults.clear();
      }
    });

    it('when the hung call did take effect, the verification finds it and nothing is sent again', async () => {
      const b = pick('unprinted', 1);
      await host.core.handlers['kiosk.lookup']({ printNo: b.printNo, verifyCode: b.verifyCode });
      const booking = simBooking(b.bookingNumber);
      host.demo!.sim!.faults.add({ path: 'booking/refund', hang: true, times: 1 });
      try {
        const started = await as('clerk1', 'office.refund', {
          bookingNumber: b.bookingNumber,
          ticketCodes: [booking.tickets[0]!.ticketCode],
          reason: 'Bought twice',
        });
        await eventually(
          async () => host.demo!.sim!.faults.list()[0]!.hits,
          (n) => n === 1,
        );
        // Central processed the refund but its answer was lost.
        expect(
          sim().refund(booking, { sequences: undefined, markAsRefundedOnly: false, amountCents: 4800, refundBookingFee: true }),
        ).toMatchObject({ result: 0 });
        await eventually(
          async () => progressOf(started.value.refundCode),
          (p) => p.includes('refunded:2'),
          10_000,
        );
        expect(progressOf(started.value.refundCode)).toEqual(['sending:1', 'waiting:1', 'verifying:2', 'refunded:2']);
        expect(booking.calls.refund).toBe(1); // the one made by hand above: the runner sent nothing more
        expect(booking.effects.refunded).toBe(1);
      } finally {
        host.demo!.sim!.faults.clear();
      }
    });

    it('after the last attempt it is handed to staff, who ask central and release the tickets', async () => {
      const b = pick('unprinted', 1);
      await host.core.handlers['kiosk.lookup']({ printNo: b.printNo, verifyCode: b.verifyCode });
      host.demo!.sim!.faults.add({ path: 'booking/refund', result: 39 });
      try {
        const started = await as('clerk1', 'office.refund', {
          bookingNumber: b.bookingNumber,
          ticketCodes: [simBooking(b.bookingNumber).tickets[0]!.ticketCode],
          reason: 'Bought twice',
        });
        await eventually(
          async () => progressOf(started.value.refundCode),
          (p) => p.includes('needs-staff:4'),
          10_000,
        );
        expect(host.demo!.sim!.faults.list()[0]!.hits).toBe(4);
        const list = await as('clerk1', 'office.attention.list');
        const item = list.value.items.find((i: { id: string }) => i.id === `refund:${started.value.refundCode}`);
        expect(item).toMatchObject({ kind: 'online-refund', actions: ['check-central', 'retry'] });
        expect(await as('clerk1', 'office.attention.resolve', { id: item.id, action: 'explode' })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
        expect(await as('clerk1', 'office.attention.resolve', { id: item.id, action: 'check-central' })).toEqual({
          ok: true,
          value: { id: item.id, action: 'check-central', outcome: 'released' },
        });
        const detail = await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber });
        expect(detail.value.tickets[0].state).toBe('unprinted');
        expect(detail.value.refunds[0].state).toBe('released');
        expect(detail.value.history.map((h: { action: string }) => h.action)).toEqual(
          expect.arrayContaining(['refund.online-started', 'refund.online-needs-staff', 'refund.online-released', 'attention.resolved']),
        );
      } finally {
        host.demo!.sim!.faults.clear();
      }
    });
  });

  describe('reprint and the needs-attention list', () => {
    it('a reprint needs a reason and a supervisor; it prints "REPRINT 1", counts, and refuses unprinted tickets', async () => {
      const b = pick('unprinted', 1);
      await collect(b.printNo, b.verifyCode);
      const code = simBooking(b.bookingNumber).tickets[0]!.ticketCode;
      expect(await as('clerk1', 'office.reprint', { ticketCode: code, reason: '卡纸 Paper jam' })).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REQUIRED' },
      });
      expect(await as('clerk1', 'office.reprint', { ticketCode: code, reason: '', approval: supervisor })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      const before = host.demo!.printer!.jobs().length;
      expect(await as('clerk1', 'office.reprint', { ticketCode: code, reason: '卡纸 Paper jam', approval: supervisor })).toEqual({
        ok: true,
        value: { printed: true, reprintCount: 1, state: 'printed' },
      });
      const jobs = await eventually(
        async () => host.demo!.printer!.jobs().slice(before),
        (j) => j.some((x) => x.lines.includes('REPRINT 1')),
      );
      const job = jobs.find((x) => x.lines.includes('REPRINT 1'))!;
      expect(job).toBeDefined();
      expect(job.qrPayloads).toEqual([simBooking(b.bookingNumber).tickets[0]!.ticketInfoCode]);
      const unprinted = pick('unprinted', 1);
      await host.core.handlers['kiosk.lookup']({ printNo: unprinted.printNo, verifyCode: unprinted.verifyCode });
      expect(
        await as('clerk1', 'office.reprint', {
          ticketCode: simBooking(unprinted.bookingNumber).tickets[0]!.ticketCode,
          reason: 'jam',
          approval: supervisor,
        }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });

    it('an unknown print is listed; confirming it printed needs a supervisor, marks it collected centrally, audited', async () => {
      const b = pick('unprinted', 1);
      const kiosk = terminalClient(host, 1);
      expect(await kiosk.call('applyPrint', { printNo: b.printNo, verifyCodeMd5: md5(b.verifyCode) })).toMatchObject({ resultCode: 0 });
      await kiosk.close();
      // The kiosk vanished mid-print: its claim is abandoned and the ticket becomes unknown.
      host.core.printService!.service.expireClaims(Date.now(), true);
      const code = simBooking(b.bookingNumber).tickets[0]!.ticketCode;
      const items = (await as('clerk1', 'office.attention.list')).value.items;
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: `unknown:${code}`,
            kind: 'unknown-print',
            actions: ['confirm-printed', 'mark-unprinted', 'reprint'],
          }),
        ]),
      );
      // A clerk alone cannot settle it: "not printed" would let the kiosk print the tickets a second time.
      expect(await as('clerk1', 'office.attention.resolve', { id: `unknown:${code}`, action: 'confirm-printed' })).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REQUIRED' },
      });
      expect(await as('clerk1', 'office.attention.resolve', { id: `unknown:${code}`, action: 'mark-unprinted' })).toMatchObject({
        ok: false,
        error: { code: 'APPROVAL_REQUIRED' },
      });
      expect(
        await as('clerk1', 'office.attention.resolve', {
          id: `unknown:${code}`,
          action: 'mark-unprinted',
          approval: { username: 'sup1', password: 'not-the-password' },
        }),
      ).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(await as('clerk1', 'office.attention.list')).toMatchObject({
        ok: true,
        value: { items: expect.arrayContaining([expect.objectContaining({ id: `unknown:${code}` })]) },
      });
      expect(
        await as('clerk1', 'office.attention.resolve', { id: `unknown:${code}`, action: 'confirm-printed', approval: supervisor }),
      ).toMatchObject({ ok: true, value: { outcome: 'printed' } });
      const history = (await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber })).value.history;
      expect(history.find((h: { action: string }) => h.action === 'attention.resolved')).toMatchObject({
        actor: 'staff:clerk1',
        details: { resolution: 'confirm-printed', supervisor: 'sup1' },
      });
      await eventually(
        async () => simBooking(b.bookingNumber).tickets[0]!.collected,
        (c) => c === true,
      );
      expect(await as('clerk1', 'office.attention.resolve', { id: `unknown:${code}`, action: 'confirm-printed' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });

    it('a dead letter is listed; sending it again delivers it', async () => {
      const b = pick('unprinted', 1);
      host.demo!.sim!.faults.add({ path: markPath, result: 4, times: 1 });
      await collect(b.printNo, b.verifyCode);
      const dead = await eventually(
        async () =>
          (await as('clerk1', 'office.attention.list')).value.items.filter(
            (i: { kind: string; bookingNumber: number }) => i.kind === 'dead-letter' && i.bookingNumber === b.bookingNumber,
          ),
        (l) => l.length === 1,
      );
      expect(await as('clerk1', 'office.attention.resolve', { id: dead[0].id, action: 'retry' })).toMatchObject({
        ok: true,
        value: { outcome: 'queued' },
      });
      await eventually(
        async () => simBooking(b.bookingNumber).tickets[0]!.collected,
        (c) => c === true,
      );
    });
  });

  describe('faults at the counter, and the other one-click resolutions', () => {
    it.runIf(refunds)(
      'a slip printer out of paper: the refund stands, the slip is reported not printed, and a copy prints once paper is in',
      async () => {
        const b = pick('unprinted', 1);
        await collect(b.printNo, b.verifyCode);
        slipPrinter.setCondition({ paperOut: true });
        try {
          const refund = await as('clerk1', 'office.refund', {
            bookingNumber: b.bookingNumber,
            ticketCodes: [simBooking(b.bookingNumber).tickets[0]!.ticketCode],
            reason: 'Change of plans',
          });
          expect(refund).toMatchObject({ ok: true, value: { state: 'refunded', slipPrinted: false } });
          const detail = await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber });
          expect(detail.value.history.map((h: { action: string }) => h.action)).toContain('refund.slip-not-printed');
          slipPrinter.setCondition({ paperOut: false });
          expect(await as('clerk1', 'office.refundSlip.print', { refundCode: refund.value.refundCode })).toEqual({
            ok: true,
            value: { printed: true },
          });
        } finally {
          slipPrinter.setCondition({ paperOut: false });
        }
      },
    );

    it('a reprint on a printer that is not ready changes nothing; one the printer drops mid-ticket is unknown, counted, and listed', async () => {
      const b = pick('unprinted', 1);
      await collect(b.printNo, b.verifyCode);
      const code = simBooking(b.bookingNumber).tickets[0]!.ticketCode;
      const printer = host.demo!.printer!;
      printer.setCondition({ coverOpen: true });
      try {
        expect(await as('clerk1', 'office.reprint', { ticketCode: code, reason: 'Paper jam', approval: supervisor })).toMatchObject({
          ok: false,
          error: { code: 'PRINTER_NOT_READY' },
        });
      } finally {
        printer.setCondition({ coverOpen: false });
      }
      expect((await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber })).value.tickets[0]).toMatchObject({
        state: 'printed',
        reprintCount: 0,
      });
      printer.setFaults({ dropAfterBytes: 100 });
      try {
        expect(await as('clerk1', 'office.reprint', { ticketCode: code, reason: 'Paper jam', approval: supervisor })).toEqual({
          ok: true,
          value: { printed: false, reprintCount: 1, state: 'unknown' },
        });
      } finally {
        printer.setFaults({});
      }
      const items = (await as('clerk1', 'office.attention.list')).value.items;
      expect(items.map((i: { id: string }) => i.id)).toContain(`unknown:${code}`);
      // Staff looked: nothing came out. The first print stands, so the ticket is printed (and may be reprinted again).
      expect(
        await as('clerk1', 'office.attention.resolve', { id: `unknown:${code}`, action: 'mark-unprinted', approval: supervisor }),
      ).toMatchObject({ ok: true, value: { outcome: 'printed' } });
      expect((await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber })).value.tickets[0]).toMatchObject({
        state: 'printed',
        reprintCount: 1,
      });
    });

    it('a dead letter dismissed leaves the list, and who dismissed it is kept', async () => {
      const b = pick('unprinted', 1);
      host.demo!.sim!.faults.add({ path: markPath, result: 4, times: 1 });
      await collect(b.printNo, b.verifyCode);
      const dead = await eventually(
        async () =>
          (await as('sup1', 'office.attention.list')).value.items.filter(
            (i: { kind: string; bookingNumber: number }) => i.kind === 'dead-letter' && i.bookingNumber === b.bookingNumber,
          ),
        (l) => l.length === 1,
      );
      expect(await as('sup1', 'office.attention.resolve', { id: dead[0].id, action: 'dismiss' })).toMatchObject({
        ok: true,
        value: { outcome: 'dismissed' },
      });
      const row = host.core.printService!.outbox.byId(Number(dead[0].id.split(':')[1]));
      expect(row).toMatchObject({ state: 'done', last_error: 'dismissed by staff:sup1' });
      expect((await as('sup1', 'office.attention.list')).value.items.map((i: { id: string }) => i.id)).not.toContain(dead[0].id);
    });

    it('a ticket printed here and refunded centrally afterwards is voided locally with one click', async () => {
      const b = pick('unprinted', 1);
      await collect(b.printNo, b.verifyCode);
      const booking = simBooking(b.bookingNumber);
      await eventually(
        async () => booking.tickets[0]!.collected,
        (c) => c,
      );
      expect(
        sim().refund(booking, { sequences: undefined, markAsRefundedOnly: true, amountCents: 4800, refundBookingFee: true }),
      ).toMatchObject({ result: 0 });
      await host.core.printService!.reconcile();
      const id = `central-refund:${booking.tickets[0]!.ticketCode}`;
      expect((await as('clerk1', 'office.attention.list')).value.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id, actions: ['accept-central-refund'] })]),
      );
      expect(await as('clerk1', 'office.attention.resolve', { id, action: 'accept-central-refund' })).toMatchObject({
        ok: true,
        value: { outcome: 'refunded' },
      });
      expect((await as('clerk1', 'office.booking', { bookingNumber: b.bookingNumber })).value.tickets[0].state).toBe('refunded');
    });

    it.runIf(refunds)(
      'with the central system down, the booking shows from the local copy and a counter refund still goes through, reaching central later',
      async () => {
        const b = pick('unprinted', 1);
        await collect(b.printNo, b.verifyCode);
        const booking = simBooking(b.bookingNumber);
        host.demo!.sim!.faults.add({ path: 'RESTBooking.svc/booking', status: 503 });
        host.demo!.sim!.faults.add({ path: 'booking/refund', status: 503 });
        try {
          expect(await as('clerk1', 'office.find', { query: b.printNo })).toMatchObject({
            ok: true,
            value: { booking: { stale: true, tickets: [{ state: 'printed' }] } },
          });
          expect(
            await as('clerk1', 'office.refund', {
              bookingNumber: b.bookingNumber,
              ticketCodes: [booking.tickets[0]!.ticketCode],
              reason: 'Change of plans',
            }),
          ).toMatchObject({ ok: true, value: { state: 'refunded', slipPrinted: true } });
          await new Promise((r) => setTimeout(r, 300));
          expect(booking.effects.refunded).toBe(0);
        } finally {
          host.demo!.sim!.faults.clear();
        }
        await eventually(
          async () => booking.effects.refunded,
          (n) => n === 1,
          15_000,
        );
        expect(booking.tickets[0]!.refunded).toBe(true);
      },
    );

    it('a verify code alone finds only bookings this cinema has seen', async () => {
      const b = pick('unprinted', 1);
      expect(await as('clerk1', 'office.find', { query: b.verifyCode })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { reason: 'verify-code' } },
      });
    });
  });

  describe('sign-in abuse at the counter', () => {
    const outcome = (r: { ok: boolean; error?: { code: string; message: string; details?: unknown } }) =>
      r.ok ? 'ok' : JSON.stringify(r.error);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('an unknown name gets the same answers and the same slow-down as an account', async () => {
      await as('sup1', 'staff.add', { username: 'clerk5', role: 'clerk', password: '556677' });
      const tries = async (username: string) => {
        const seen: string[] = [];
        for (let i = 0; i < 4; i += 1) seen.push(outcome(await call('staff.login', { username, password: `wrong-${i}` })));
        return seen;
      };
      const known = await tries('clerk5');
      expect(await tries('ghost5')).toEqual(known);
      expect(known.slice(2).every((o) => o.includes('TOO_MANY_ATTEMPTS'))).toBe(true);
    });

    it("wrong approvals typed at a clerk's screen lock that session only: the supervisor still signs in and approves elsewhere", async () => {
      const screen = (await call('staff.login', { username: 'clerk1', password: '246810' })).value.session as string;
      // A ticket this host never saw: an approval that passes ends in NOT_FOUND (nothing to reprint), so the ledger stays as it is.
      const b = pick('unprinted', 1);
      const reprint = (session: string, approval: { username: string; password: string }) =>
        call('office.reprint', { session, ticketCode: simBooking(b.bookingNumber).tickets[0]!.ticketCode, reason: 'Paper jam', approval });
      expect(await reprint(screen, { username: 'sup1', password: 'guess-1' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await reprint(screen, { username: 'sup1', password: 'guess-2' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await reprint(screen, supervisor)).toMatchObject({
        ok: false,
        error: { code: 'TOO_MANY_ATTEMPTS', details: { field: 'approval' } },
      });
      expect(await call('staff.login', supervisor)).toMatchObject({ ok: true, value: { role: 'supervisor' } });
      expect(await reprint(sessions.clerk1!, supervisor)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('a name being guessed shows in the needs-attention list; its refusals are audited with a count, not one row a try', async () => {
      for (let i = 0; i < 5; i += 1) {
        const r = await call('staff.login', { username: 'ghost7', password: `wrong-${i}` });
        if (!r.ok && r.error.code === 'TOO_MANY_ATTEMPTS') {
          await sleep(r.error.details.retryAfter * 1000);
          i -= 1;
        }
      }
      const items = (await as('clerk1', 'office.attention.list')).value.items;
      expect(items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'guessing:ghost7', kind: 'staff-guessing', actions: [] })]),
      );
      expect(await call('staff.login', { username: 'ghost7', password: 'wrong' })).toMatchObject({
        ok: false,
        error: { code: 'TOO_MANY_ATTEMPTS' },
      });
      const rows = host.core.db
        .prepare("SELECT details FROM audit_log WHERE action = 'staff.login-refused' AND subject = 'staff:ghost7'")
        .all() as { details: string }[];
      expect(rows.map((r) => JSON.parse(r.details).failures)).toEqual([1]);
    });
  });

  // It counts the refunds above.
  describe.runIf(refunds)('shift report', () => {
    it('counts what each clerk and kiosk did in the range, as CSV and as a printed summary; clerks see their own', async () => {
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const all = await as('sup1', 'office.report', { from, to });
      expect(all.ok).toBe(true);
      const line = (actor: string) => all.value.lines.find((l: { actor: string }) => l.actor === actor);
      expect(line('staff:clerk1')).toMatchObject({
        refundedLocal: 4,
        refundedLocalCents: 18_900,
        reprinted: 1,
        refundedOnline: 3,
        refundedOnlineCents: 14_400,
        printConfirmed: 1,
        printVoided: 1,
      });
      expect(line('staff:sup1')).toMatchObject({ refundedLocal: 1, refundedLocalCents: 4500 });
      expect(line(`terminal:${host.config.terminal.id}`)).toMatchObject({ printed: 15, printedCents: 15 * 4800 });
      expect(all.value.totals).toMatchObject({ printed: 15, reprinted: 1, refundedLocal: 5, refundedOnline: 3 });
      expect(all.value.csv).toContain('staff:clerk1,');
      expect(all.value.csv.trim().split('\r\n').at(-1)).toBe('TOTAL,,15,720.00,1,5,234.00,3,144.00,1,1');
      const own = await as('clerk1', 'office.report', { from, to });
      expect(own.value.lines.map((l: { actor: string }) => l.actor)).toEqual(['staff:clerk1']);
      expect(await as('clerk1', 'office.report', { from, to, clerk: 'sup1' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await as('sup1', 'office.report', { from: to, to: from })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await as('sup1', 'office.report', { from: 'yesterday', to })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const before = slipPrinter.jobs().length;
      expect(await as('sup1', 'office.report.print', { from, to })).toEqual({ ok: true, value: { printed: true } });
      expect(
        (
          await eventually(
            async () => slipPrinter.jobs(),
            (j) => j.length > before,
          )
        )
          .at(-1)!
          .lines.join('\n'),
      ).toContain('交班报表 SHIFT REPORT');
    });

    it('leaves the audit chain intact', () => {
      expect(host.core.audit.verify()).toMatchObject({ ok: true });
    });
  });
});
