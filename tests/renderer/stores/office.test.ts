import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useOfficeStore } from '../../../renderer/src/stores/office';
import { refundQuote } from '../../../shared/domain/refund-rules';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';
import { booking, ticket } from '../office-fixtures';

let bridge: FakeBridge;
const session = 'session-token-0002';
const settings = {
  refundReasons: ['Other'],
  reprintReasons: ['Paper jam'],
  lateRefundMinutesBeforeStart: 30,
  bookingFeeRefund: 'when-on-time' as const,
  partialRefunds: true,
  terminalId: 'OFFICE-01',
  username: 'clerk1',
  role: 'clerk' as const,
};

beforeEach(() => {
  setActivePinia(createPinia());
  bridge = installFakeBridge()
    .answer('staff.login', (input) => ({ ok: true, value: { session, role: input.username.startsWith('tech') ? 'technician' : 'clerk' } }))
    .answer('staff.logout', { ok: true, value: {} })
    .answer('office.settings', { ok: true, value: settings })
    .answer('office.lockouts.list', { ok: true, value: { lockouts: [] } });
});

async function signedIn() {
  const office = useOfficeStore();
  await office.login('clerk1', '246810');
  return office;
}

describe('the box office store', () => {
  it('signs in clerks and supervisors, loads the settings and opens the staff event stream with the session', async () => {
    const office = await signedIn();
    expect([office.session, office.settings?.terminalId, office.error]).toEqual([session, 'OFFICE-01', null]);
    expect(bridge.streams()).toEqual([session]);
    await office.logout();
    expect([office.session, bridge.streams()]).toEqual([null, []]);
    expect(bridge.names().at(-1)).toBe('staff.logout');
  });

  it("sends technicians to their console, and keeps a refused sign-in's error as the core sent it", async () => {
    const office = useOfficeStore();
    await office.login('tech1', 'a-long-password-1');
    expect([office.session, office.error]).toEqual([null, { code: 'UNAUTHORIZED', message: 'technicians use /tech' }]);
    bridge.answer('staff.login', failure('TOO_MANY_ATTEMPTS', 'wait', { retryAfter: 1 }));
    await office.login('clerk1', 'wrong');
    expect(office.error).toEqual({ code: 'TOO_MANY_ATTEMPTS', message: 'wait', details: { retryAfter: 1 } });
  });

  it('finds a booking, chooses its only refundable ticket, and quotes by the shared refund rules', async () => {
    const found = booking([ticket(1, 'refunded'), ticket(2, 'printed')]);
    bridge.answer('office.find', { ok: true, value: { kind: 'booking', booking: found } });
    const office = await signedIn();
    await office.find('1234');
    expect(office.booking?.bookingNumber).toBe(1234);
    expect(office.selected).toEqual([ticket(2, 'printed').ticketCode]);
    const now = Date.now();
    expect(office.quote).toEqual(
      refundQuote([ticket(2, 'printed')], found.sessionEpochMs, now, { lateMinutesBeforeStart: 30, bookingFeePolicy: 'when-on-time' }),
    );
  });

  it('a refused approval keeps the session; an UNAUTHORIZED without details is checked, and a dead session is dropped', async () => {
    bridge.answer('office.find', { ok: true, value: { kind: 'booking', booking: booking([ticket(1, 'printed')]) } });
    const office = await signedIn();
    await office.find('1234');
    bridge.answer('office.reprint', failure('UNAUTHORIZED', 'approval refused', { field: 'approval' }));
    expect(await office.reprint(ticket(1, 'printed').ticketCode, 'Paper jam', { username: 'sup1', password: 'wrong-password' })).toBeNull();
    expect([office.session, office.error?.code, office.busy]).toEqual([session, 'UNAUTHORIZED', false]);
    bridge.answer('office.reprint', failure('UNAUTHORIZED', 'session ended'));
    bridge.answer('office.settings', failure('UNAUTHORIZED', 'session ended'));
    await office.reprint(ticket(1, 'printed').ticketCode, 'Paper jam', { username: 'sup1', password: 'supervisor-pass-1' });
    expect(office.session).toBeNull();
  });

  it("collects an online refund's progress and reloads the booking when it ends", async () => {
    bridge.answer('office.find', { ok: true, value: { kind: 'booking', booking: booking([ticket(1, 'unprinted')]) } });
    bridge.answer('office.booking', { ok: true, value: booking([ticket(1, 'refunded')]) });
    const office = await signedIn();
    await office.find('1234');
    const step = { type: 'office.refund.progress' as const, refundCode: 'R-1', bookingNumber: 1234, attempt: 1, maxAttempts: 4 };
    bridge.emit({ ...step, phase: 'sending' });
    bridge.emit({ ...step, phase: 'refunded' });
    expect(office.progress['R-1']?.map((p) => p.phase)).toEqual(['sending', 'refunded']);
    await vi.waitFor(() => expect(office.booking?.tickets[0]?.state).toBe('refunded'));
  });
});
