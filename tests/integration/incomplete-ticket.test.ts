import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import type { SimBooking } from '../../electron/simulator/central-sim.state';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { firstRunCode } from '../support/first-run';
import { ticketSourceModes } from '../support/ticket-source-modes';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';

/**
 * No incomplete ticket (issue 13 item 5): a ticket source that lacks the hall, a seat or the national
 * QR prints nothing; the kiosk tells the customer to see the box office, the booking is on the box
 * office's attention list, and the refusal is audited. The simulator's own data is made to lack the
 * field, so the real adapter, print service, kiosk and virtual printer all take part.
 */
describe.each(ticketSourceModes)('ticket source $mode', ({ strictSeed }) => {
  let host: RunningHost;
  let pick: ReturnType<typeof bookingPicker>;
  const sessions: Record<string, string> = {};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
  const call = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
  const asClerk = (name: UiCallName, input: Record<string, unknown> = {}) => call(name, { session: sessions.clerk, ...input });

  beforeAll(async () => {
    host = await startDemoHost({}, { strictSeed });
    pick = bookingPicker(host);
    await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
    sessions.tech = (await call('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
    await call('staff.add', { session: sessions.tech, username: 'clerk1', role: 'clerk', password: '246810' });
    sessions.clerk = (await call('staff.login', { username: 'clerk1', password: '246810' })).value.session;
  });
  afterAll(() => host?.stop());

  const lacking: [string, (b: SimBooking) => void, string][] = [
    ['the hall', (b) => void (b.session = { ...b.session, screenName: '' }), 'screenName'],
    ['a seat', (b) => void (b.tickets[1]!.seatNumber = ''), 'seatName'],
  ];

  describe('a ticket source that lacks a field a ticket must carry', () => {
    it.each(lacking)(
      'lacking %s: nothing prints, the kiosk says see the box office, the office lists it, and it is audited',
      async (_, lack, field) => {
        const booking = pick('unprinted', 3);
        lack(host.demo!.sim!.state.findBooking(booking.bookingNumber, undefined)!);
        const before = host.demo!.printer!.jobs().length;
        const codes = { printNo: booking.printNo, verifyCode: booking.verifyCode };

        expect(await host.core.handlers['kiosk.lookup'](codes)).toMatchObject({ ok: false, error: { code: 'TICKET_INCOMPLETE' } });
        expect(await host.core.handlers['kiosk.collect'](codes)).toMatchObject({ ok: false, error: { code: 'TICKET_INCOMPLETE' } });
        await new Promise((r) => setTimeout(r, 200));
        expect(host.demo!.printer!.jobs().length).toBe(before);

        const items = (await asClerk('office.attention.list')).value.items as {
          id: string;
          kind: string;
          bookingNumber: number;
          facts: { missing: string };
        }[];
        const item = items.find((i) => i.kind === 'incomplete-ticket' && i.bookingNumber === booking.bookingNumber)!;
        expect(item.facts.missing).toBe(field);
        // Nothing of the booking changed here (with the cinema's service, a reply lacking the hall is not kept at all).
        const tickets = host.core.printService!.stores.bookings.tickets(booking.bookingNumber);
        expect(tickets.filter((t) => t.state !== 'unprinted')).toEqual([]);
        // Where the booking is kept, its view says so too: the box office marks it and offers no counter print.
        if (tickets.length > 0)
          expect(await asClerk('office.booking', { bookingNumber: booking.bookingNumber })).toMatchObject({
            ok: true,
            value: { missingTicketData: [field] },
          });
        // Audited once, however often the customer tries (the lookup and the print above).
        const audited = new AuditRepository(host.core.db)
          .bySubject(`booking:${booking.bookingNumber}`)
          .filter((h) => h.action === 'tickets.incomplete-refused');
        expect(audited).toHaveLength(1);
        expect(JSON.parse(audited[0]!.details)).toMatchObject({ missing: [field] });

        // Settled at the counter: dismissed, and off the list.
        expect(await asClerk('office.attention.resolve', { id: item.id, action: 'dismiss' })).toMatchObject({
          ok: true,
          value: { outcome: 'dismissed' },
        });
        const after = (await asClerk('office.attention.list')).value.items as { id: string }[];
        expect(after.some((i) => i.id === item.id)).toBe(false);
        expect(host.core.audit.verify()).toMatchObject({ ok: true });
      },
    );

    // Both sources say a QR not issued yet is for later: central's GetSingleBooking by an empty TicketInfoCode, the SarftKioskService by 2006.
    it('lacking the national QR, which the source issues later: nothing prints and the kiosk says try again shortly', async () => {
      const booking = pick('unprinted', 2);
      host.demo!.sim!.state.findBooking(booking.bookingNumber, undefined)!.tickets[0]!.ticketInfoCode = '';
      const before = host.demo!.printer!.jobs().length;
      const codes = { printNo: booking.printNo, verifyCode: booking.verifyCode };
      expect(await host.core.handlers['kiosk.collect'](codes)).toMatchObject({ ok: false, error: { code: 'NOT_YET_AVAILABLE' } });
      await new Promise((r) => setTimeout(r, 200));
      expect(host.demo!.printer!.jobs().length).toBe(before);
    });
  });
});
