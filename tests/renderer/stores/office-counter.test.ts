import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useOfficeStore } from '../../../renderer/src/stores/office';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';
import { booking, ticket } from '../office-fixtures';

/** The counter's own actions in the box office store: printing an unprinted booking, lifting a kiosk lock. */
let bridge: FakeBridge;
const session = 'session-token-0012';
const requestId = '00000000-0000-4000-8000-000000000012';
const settings = (role: 'clerk' | 'supervisor') => ({
  refundReasons: ['Other'],
  reprintReasons: ['Paper jam'],
  lateRefundMinutesBeforeStart: 30,
  bookingFeeRefund: 'when-on-time' as const,
  partialRefunds: true,
  terminalId: 'COUNTER-01',
  username: role === 'clerk' ? 'clerk1' : 'sup1',
  role,
});
const lock = { printNo: '0000000000001234', bookingNumber: 1234, terminalId: 'KIOSK-01', until: '2030-01-01T19:00:00+08:00' };

beforeEach(() => {
  setActivePinia(createPinia());
  bridge = installFakeBridge()
    .answer('staff.login', { ok: true, value: { session, role: 'clerk' } })
    .answer('office.settings', { ok: true, value: settings('clerk') })
    .answer('office.lockouts.list', { ok: true, value: { lockouts: [] } })
    .answer('office.find', { ok: true, value: { kind: 'booking', booking: booking([ticket(1, 'unprinted'), ticket(2, 'unprinted')]) } });
});

async function atCounter() {
  const office = useOfficeStore();
  await office.login('clerk1', '246810');
  await office.find('1234');
  return office;
}

describe('counter print in the box office store', () => {
  it("sends the booking, the customer's code and the dialog's request id, then shows the booking as it is now", async () => {
    const office = await atCounter();
    const printed = {
      printNo: '0000000000001234',
      bookingNumber: 1234,
      total: 2,
      printed: 2,
      failed: 0,
      unknown: 0,
      ticketCodes: [ticket(1, 'printed').ticketCode, ticket(2, 'printed').ticketCode],
      requestId,
      terminalId: 'COUNTER-01',
    };
    bridge.answer('office.counterPrint', { ok: true, value: printed });
    bridge.answer('office.booking', { ok: true, value: booking([ticket(1, 'printed'), ticket(2, 'printed')]) });
    expect(await office.counterPrint('AB12CD', requestId)).toEqual(printed);
    expect(bridge.calls.find((c) => c.name === 'office.counterPrint')!.input).toEqual({
      session,
      bookingNumber: 1234,
      verifyCode: 'AB12CD',
      requestId,
    });
    expect(office.booking?.tickets.map((t) => t.state)).toEqual(['printed', 'printed']);
    expect([office.error, office.busy]).toEqual([null, false]);
  });

  it("keeps a refusal's stable code for the dialog and does not reload", async () => {
    const office = await atCounter();
    bridge.answer('office.counterPrint', failure('VERIFY_CODE_WRONG', 'wrong code'));
    expect(await office.counterPrint('WRONG1', requestId)).toBeNull();
    expect([office.error?.code, office.session, office.busy]).toEqual(['VERIFY_CODE_WRONG', session, false]);
    expect(bridge.names()).not.toContain('office.booking');
  });

  it("the counter's own wrong codes locking the pickup number show the lock at once", async () => {
    const office = await atCounter();
    bridge.answer('office.lockouts.list', { ok: true, value: { lockouts: [{ ...lock, terminalId: 'COUNTER-01' }] } });
    bridge.answer('office.counterPrint', failure('TOO_MANY_ATTEMPTS', 'locked', { retryAfter: 3600 }));
    expect(await office.counterPrint('WRONG4', requestId)).toBeNull();
    expect([office.error?.code, office.kioskLocks.map((l) => l.terminalId)]).toEqual(['TOO_MANY_ATTEMPTS', ['COUNTER-01']]);
  });

  it('without a booking at the counter nothing is sent', async () => {
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    expect(await office.counterPrint('AB12CD', requestId)).toBeNull();
    expect(bridge.names()).not.toContain('office.counterPrint');
  });
});

describe("a kiosk's pickup-number lock in the box office store", () => {
  it('shows the locks of the booking at the counter; a lift reloads them and the booking', async () => {
    bridge.answer('office.lockouts.list', {
      ok: true,
      value: { lockouts: [lock, { ...lock, printNo: '0000000000009999', bookingNumber: 9999 }] },
    });
    const office = await atCounter();
    await new Promise((r) => setTimeout(r, 0));
    expect(office.kioskLocks).toEqual([lock]);
    bridge.answer('office.lockouts.lift', { ok: true, value: { printNo: lock.printNo, lifted: 1 } });
    bridge.answer('office.lockouts.list', { ok: true, value: { lockouts: [] } });
    bridge.answer('office.booking', { ok: true, value: booking([ticket(1, 'unprinted')]) });
    await office.liftKioskLock();
    expect(bridge.calls.find((c) => c.name === 'office.lockouts.lift')!.input).toEqual({ session, printNo: lock.printNo });
    expect(office.kioskLocks).toEqual([]);
    // The lift is in the booking's history: the booking is read again after it.
    expect(bridge.names().slice(bridge.names().indexOf('office.lockouts.lift'))).toContain('office.booking');
  });

  it("a clerk's lift is refused with the stable code and the lock stays", async () => {
    bridge.answer('office.lockouts.list', { ok: true, value: { lockouts: [lock] } });
    const office = await atCounter();
    await new Promise((r) => setTimeout(r, 0));
    bridge.answer('office.lockouts.lift', failure('UNAUTHORIZED', 'lifting a kiosk lock needs a supervisor', { refusal: 'WRONG_ROLE' }));
    await office.liftKioskLock();
    expect([office.error?.code, office.error?.details?.['refusal'], office.session]).toEqual(['UNAUTHORIZED', 'WRONG_ROLE', session]);
    expect(office.kioskLocks).toEqual([lock]);
  });
});
