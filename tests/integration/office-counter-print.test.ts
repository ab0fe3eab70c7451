import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import type { StoredJob } from '../../electron/simulator/virtual-printer';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { ticketSourceModes } from '../support/ticket-source-modes';
import { eventually } from '../support/sim-control';
import { firstRunCode } from '../support/first-run';

/**
 * The counter prints an unprinted booking for the customer standing there, and a supervisor lifts a
 * kiosk's pickup-number lock: the real print service, simulator and virtual printer, over the UI calls.
 */
describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let host: RunningHost;
  let pick: ReturnType<typeof bookingPicker>;
  const sessions: Record<string, string> = {};
  const COUNTER = 'COUNTER-07';

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
  const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
  const as = (who: string, name: UiCallName, input: Record<string, unknown> = {}) => call(name, { session: sessions[who], ...input });
  const printer = () => host.demo!.printer!;
  /** As at the counter: the booking is found first (which brings it from central), then printed. */
  async function counterPrint(who: string, b: { bookingNumber: number; printNo?: string }, verifyCode: string, requestId = randomUUID()) {
    if (b.printNo) await as(who, 'office.find', { query: b.printNo });
    return as(who, 'office.counterPrint', { bookingNumber: b.bookingNumber, verifyCode, requestId });
  }
  const states = async (bookingNumber: number): Promise<string[]> =>
    (await as('clerk1', 'office.booking', { bookingNumber })).value.tickets.map((t: { state: string }) => t.state);
  const history = async (bookingNumber: number) =>
    (await as('clerk1', 'office.booking', { bookingNumber })).value.history as {
      actor: string;
      terminalId: string | null;
      action: string;
      details: Record<string, unknown>;
    }[];
  /** Jobs are stored when the printer connection closes, just after the call answers. */
  const settle = () => new Promise((r) => setTimeout(r, 300));
  async function nextJob(before: number): Promise<StoredJob> {
    const jobs = await eventually(
      async () => printer().jobs(),
      (j) => j.length > before,
    );
    return jobs.at(-1)!;
  }

  beforeAll(async () => {
    host = await startDemoHost(
      {
        office: { terminalId: COUNTER },
        printService: { claimTtlSeconds: 2, limits: { verifyFailures: 3 } },
        printer: { ticketTimeoutMs: 1_000 },
      },
      { strictSeed },
    );
    pick = bookingPicker(host);
    await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
    sessions.tech1 = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
    await as('tech1', 'staff.add', { username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
    await as('tech1', 'staff.add', { username: 'clerk1', role: 'clerk', password: '246810' });
    sessions.sup1 = (await call('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).value.session;
    sessions.clerk1 = (await call('staff.login', { username: 'clerk1', password: '246810' })).value.session;
  });
  afterEach(async () => {
    printer().setFaults({});
    printer().setCondition({ paperOut: false, coverOpen: false, online: true });
    await settle();
  });
  afterAll(() => host?.stop());

  describe('the counter is a terminal of its own', () => {
    it("shows and audits its own terminal id, not the kiosk's; its account is listed for the technician", async () => {
      expect(await as('clerk1', 'office.settings')).toMatchObject({ ok: true, value: { terminalId: COUNTER } });
      expect(await call('kiosk.info', {})).toMatchObject({ ok: true, value: { terminalId: 'KIOSK-01' } });
      const b = pick('unprinted', 1);
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: true });
      const terminals = await as('tech1', 'tech.terminals.list');
      expect(terminals.value.terminals).toContainEqual(expect.objectContaining({ terminalId: COUNTER, username: `counter.${COUNTER}` }));
    });
  });

  describe('counter print', () => {
    it('prints every ticket once on the counter printer, with the counter id on each ticket, audited with the clerk', async () => {
      const b = pick('unprinted', 3);
      const before = printer().jobs().length;
      const requestId = randomUUID();
      const done = await counterPrint('clerk1', b, b.verifyCode, requestId);
      expect(done).toMatchObject({
        ok: true,
        value: { bookingNumber: b.bookingNumber, total: 3, printed: 3, failed: 0, unknown: 0, requestId, terminalId: COUNTER },
      });
      expect(done.value.ticketCodes).toHaveLength(3);
      const job = await nextJob(before);
      expect(job.pieces).toHaveLength(3);
      for (const piece of job.pieces) expect(piece.lines.join('\n')).toContain(COUNTER);
      expect(await states(b.bookingNumber)).toEqual(['printed', 'printed', 'printed']);

      const steps = (await history(b.bookingNumber)).filter((h) => h.action.startsWith('office.counter-print'));
      expect(steps.map((h) => [h.action, h.actor, h.terminalId])).toEqual([
        ['office.counter-print.started', 'staff:clerk1', COUNTER],
        ['office.counter-print.finished', 'staff:clerk1', COUNTER],
      ]);
      expect(steps[1]!.details).toMatchObject({ requestId, outcome: 'printed', printed: done.value.ticketCodes, inDoubt: [] });
      // The kiosk's machinery all the way: the central system hears the tickets were collected.
      const central = host.demo!.sim!.state.findBooking(b.bookingNumber, undefined)!;
      expect(
        await eventually(
          async () => central.tickets.filter((t) => t.collected).length,
          (n) => n === 3,
        ),
      ).toBe(3);
    });

    it('a retry with the same requestId answers the same and prints nothing; a new request is refused as already printed', async () => {
      const b = pick('unprinted', 2);
      const requestId = randomUUID();
      const first = await counterPrint('clerk1', b, b.verifyCode, requestId);
      expect(first).toMatchObject({ ok: true, value: { printed: 2 } });
      await settle();
      const jobs = printer().jobs().length;
      // Twice at once and once after: one answer, no claim, no byte.
      const again = await Promise.all([
        counterPrint('clerk1', b, b.verifyCode, requestId),
        counterPrint('sup1', b, b.verifyCode, requestId),
      ]);
      expect(again).toEqual([first, first]);
      expect(await counterPrint('clerk1', b, b.verifyCode, requestId)).toEqual(first);
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: false, error: { code: 'ALREADY_PRINTED' } });
      await settle();
      expect(printer().jobs().length).toBe(jobs);
    });

    it('two requests for one booking at once: one prints, the other prints nothing twice', async () => {
      const b = pick('unprinted', 2);
      const before = printer().jobs().length;
      const [a, c] = await Promise.all([counterPrint('clerk1', b, b.verifyCode), counterPrint('sup1', b, b.verifyCode)]);
      expect([a, c].filter((r) => r.ok)).toHaveLength(1);
      expect([a, c].find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'ALREADY_PRINTED' } });
      await settle();
      expect(printer().jobs().length).toBe(before + 1);
    });

    it('a wrong verify code is refused, nothing printed, and counted by the abuse limits for the counter terminal', async () => {
      const b = pick('unprinted', 1);
      const before = printer().jobs().length;
      for (let i = 0; i < 3; i += 1)
        expect(await counterPrint('clerk1', b, `WRONG${i}`)).toMatchObject({ ok: false, error: { code: 'VERIFY_CODE_WRONG' } });
      // Locked now for the counter (per terminal), even with the right code; the kiosk is not affected.
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
      const locks = (await as('clerk1', 'office.lockouts.list')).value.lockouts;
      expect(locks).toContainEqual(expect.objectContaining({ printNo: b.printNo, terminalId: COUNTER }));
      await settle();
      expect(printer().jobs().length).toBe(before);
      expect(await states(b.bookingNumber)).toEqual(['unprinted']);
      const finished = (await history(b.bookingNumber)).filter((h) => h.action === 'office.counter-print.finished');
      expect(finished.map((h) => h.details.code)).toEqual([
        'VERIFY_CODE_WRONG',
        'VERIFY_CODE_WRONG',
        'VERIFY_CODE_WRONG',
        'TOO_MANY_ATTEMPTS',
      ]);
      // The supervisor lifts it and the counter prints.
      expect(await as('sup1', 'office.lockouts.lift', { printNo: b.printNo })).toMatchObject({ ok: true });
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: true, value: { printed: 1 } });
    });

    it('refuses what the kiosk refuses, with the same codes: printed, refunded, session over', async () => {
      for (const [state, code] of [
        ['printed', 'ALREADY_PRINTED'],
        ['refunded', 'REFUNDED'],
        ['session-over', 'SESSION_OVER'],
      ] as const) {
        const b = pick(state);
        expect(await call('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({ ok: false, error: { code } });
        expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: false, error: { code } });
      }
    });

    it('an unknown booking and a printer that is not ready are refused before anything is claimed', async () => {
      expect(await counterPrint('clerk1', { bookingNumber: 987_654_321 }, 'ABCD12')).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      const b = pick('unprinted', 1);
      printer().setCondition({ coverOpen: true });
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: false, error: { code: 'PRINTER_NOT_READY' } });
      printer().setCondition({ coverOpen: false });
      expect(await states(b.bookingNumber)).toEqual(['unprinted']);
    });

    it('a printer fault in the middle of a ticket: printed, unknown and failed as they are; the unknown one is in the attention list', async () => {
      const b = pick('unprinted', 3);
      printer().setFaults({ dropAfterBytes: 700 });
      const done = await counterPrint('clerk1', b, b.verifyCode);
      expect(done).toMatchObject({ ok: true, value: { total: 3, printed: 1, unknown: 1, failed: 1 } });
      const finished = (await history(b.bookingNumber)).filter((h) => h.action === 'office.counter-print.finished');
      expect(finished.at(-1)!.details).toMatchObject({ outcome: 'incomplete' });
      expect((finished.at(-1)!.details.inDoubt as string[]).length).toBe(1);
      // The unknown ticket (in neither list of the report): the attention list shows it, and the counter does not print it again.
      const items = await eventually(
        async () => (await as('clerk1', 'office.attention.list')).value.items as { kind: string; bookingNumber: number }[],
        (list) => list.some((i) => i.kind === 'unknown-print' && i.bookingNumber === b.bookingNumber),
      );
      expect(items.filter((i) => i.kind === 'unknown-print' && i.bookingNumber === b.bookingNumber)).toHaveLength(1);
      expect(await states(b.bookingNumber)).toEqual(['printed', 'unknown', 'unprinted']);
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: false, error: { code: 'TICKET_UNKNOWN' } });
    });

    it("a counter terminal a technician disabled is refused as the terminal's, not the clerk's session; enabled again, it prints", async () => {
      const b = pick('unprinted', 1);
      expect(await as('tech1', 'tech.terminals.setDisabled', { terminalId: COUNTER, disabled: true })).toMatchObject({ ok: true });
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED', details: { terminalId: COUNTER, field: 'office.terminalId' } },
      });
      expect(await as('clerk1', 'office.settings')).toMatchObject({ ok: true });
      expect(await as('tech1', 'tech.terminals.setDisabled', { terminalId: COUNTER, disabled: false })).toMatchObject({ ok: true });
      expect(await counterPrint('clerk1', b, b.verifyCode)).toMatchObject({ ok: true, value: { printed: 1 } });
      // A password rotated by a technician: the counter signs in anew with a password of its own.
      await host.core.printService!.auth.rotatePassword(COUNTER, 'rotated-by-a-technician');
      const next = pick('unprinted', 1);
      expect(await counterPrint('clerk1', next, next.verifyCode)).toMatchObject({ ok: true, value: { printed: 1 } });
    });

    it('needs a clerk or supervisor session: a technician is refused with the one staff refusal', async () => {
      const b = pick('unprinted', 1);
      expect(await counterPrint('tech1', b, b.verifyCode)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED', details: { refusal: 'WRONG_ROLE' } },
      });
      expect(
        await as('clerk1', 'office.counterPrint', { bookingNumber: b.bookingNumber, verifyCode: b.verifyCode, requestId: 'x' }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });
  });

  describe("lifting a kiosk's pickup-number lock", () => {
    it('a clerk is refused with the stable code; a supervisor lifts it, audited; the kiosk then collects', async () => {
      const b = pick('unprinted', 2);
      for (let i = 0; i < 3; i += 1) await call('kiosk.collect', { printNo: b.printNo, verifyCode: `WRONG${i}` });
      expect(await call('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: false,
        error: { code: 'TOO_MANY_ATTEMPTS' },
      });
      expect((await as('clerk1', 'office.lockouts.list')).value.lockouts).toContainEqual(
        expect.objectContaining({ printNo: b.printNo, bookingNumber: b.bookingNumber, terminalId: 'KIOSK-01' }),
      );
      expect(await as('clerk1', 'office.lockouts.lift', { printNo: b.printNo })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED', details: { refusal: 'WRONG_ROLE' } },
      });
      expect(await as('sup1', 'office.lockouts.lift', { printNo: b.printNo })).toEqual({
        ok: true,
        value: { printNo: b.printNo, lifted: 1 },
      });
      expect((await as('clerk1', 'office.lockouts.list')).value.lockouts.some((l: { printNo: string }) => l.printNo === b.printNo)).toBe(
        false,
      );
      const lifted = (await history(b.bookingNumber)).filter((h) => h.action === 'office.pickup-lock-lifted');
      expect(lifted).toEqual([
        expect.objectContaining({
          actor: 'staff:sup1',
          terminalId: COUNTER,
          details: { printNo: b.printNo, locks: 1, terminals: ['KIOSK-01'] },
        }),
      ]);
      expect(await as('sup1', 'office.lockouts.lift', { printNo: b.printNo })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call('kiosk.collect', { printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
        ok: true,
        value: { total: 2, printed: 2 },
      });
    });
  });
});
