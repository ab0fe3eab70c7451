import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useOfficeStore } from '../../../renderer/src/stores/office';
import { useTechStore } from '../../../renderer/src/stores/tech';
import { useStaffStore } from '../../../renderer/src/stores/staff';
import type { BookingDetail, RefundView } from '../../../shared/contract/ui';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';

/** What issue 12 asks of the staff stores: errors kept per action, results cleared, the cinema's zone, wedge scans. */
let bridge: FakeBridge;
const session = 'session-token-0012';
const booking = (bookingNumber: number): BookingDetail => ({
  bookingNumber,
  printNo: String(bookingNumber).padStart(16, '0'),
  cinemaName: 'Cinema',
  filmTitle: 'Film',
  screenName: 'Screen 1',
  sessionAt: '2030-01-01T20:00:00+08:00',
  sessionEpochMs: Date.parse('2030-01-01T12:00:00Z'),
  cancelled: false,
  stale: false,
  tickets: [],
  missingTicketData: [],
  refunds: [],
  history: [],
});
const refund = (code: string): RefundView => ({
  refundCode: code,
  kind: 'local',
  state: 'refunded',
  bookingNumber: 1234,
  ticketCodes: ['1111111111111111'],
  ticketCents: 4500,
  bookingFeeCents: 0,
  totalCents: 4500,
  reason: 'Other',
  clerk: 'clerk1',
  supervisor: null,
  terminalId: 'OFFICE-01',
  createdAt: '2030-01-01T10:00:00+08:00',
  attempts: 0,
  lastError: null,
});
const settings = (timeZone?: string) => ({
  refundReasons: ['Other'],
  reprintReasons: ['Paper jam'],
  lateRefundMinutesBeforeStart: 30,
  bookingFeeRefund: 'when-on-time' as const,
  partialRefunds: true,
  terminalId: 'OFFICE-01',
  ...(timeZone ? { timeZone } : {}),
  username: 'clerk1',
  role: 'clerk' as const,
});

beforeEach(() => {
  setActivePinia(createPinia());
  bridge = installFakeBridge()
    .answer('staff.status', { ok: true, value: { needsSetup: false } })
    .answer('staff.login', (input) => ({
      ok: true,
      value: { session, role: input.username.startsWith('tech') ? 'technician' : 'clerk', timeZone: 'Europe/Berlin' },
    }))
    .answer('staff.logout', { ok: true, value: {} })
    .answer('office.settings', { ok: true, value: settings('Asia/Tokyo') })
    .answer('office.lockouts.list', { ok: true, value: { lockouts: [] } });
});

describe('the box office store (issue 12)', () => {
  it("a refund-slip lookup clears the last result first: a forged code's refusal never sits beside the valid slip", async () => {
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    bridge.answer('office.find', {
      ok: true,
      value: { kind: 'refund', refund: refund('RF-1-00000001-AAAAAAAAAA'), booking: booking(1234) },
    });
    await office.find('RF-1-00000001-AAAAAAAAAA');
    expect([office.verifiedRefund?.refundCode, office.booking?.bookingNumber]).toEqual(['RF-1-00000001-AAAAAAAAAA', 1234]);
    // Between the scan and the answer, nothing of the last result shows.
    let seenDuring: unknown = 'not called';
    bridge.answer('office.find', () => {
      seenDuring = office.verifiedRefund;
      return failure('NOT_FOUND', 'no such refund');
    });
    await office.find('RF-1-00000002-AAAAAAAAAA');
    expect(seenDuring).toBeNull();
    expect([office.verifiedRefund, office.booking, office.errorOf('office.find')?.code]).toEqual([null, null, 'NOT_FOUND']);
  });

  it("keeps each action's refusal until that action succeeds, whatever other calls do meanwhile; a dialog opened again forgets it", async () => {
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    bridge.answer('office.refund', failure('UNAUTHORIZED', 'approval refused', { refusal: 'APPROVAL_REFUSED' }));
    bridge.answer('office.find', { ok: true, value: { kind: 'booking', booking: booking(1234) } });
    await office.find('1234');
    office.selected = ['1111111111111111'];
    await office.refund('Other', { username: 'sup1', password: 'wrong' });
    await office.find('1234');
    expect(office.error).toBeNull();
    expect(office.errorOf('office.refund')?.details).toEqual({ refusal: 'APPROVAL_REFUSED' });
    office.forget('office.refund');
    expect(office.errorOf('office.refund')).toBeNull();
  });

  it("shows times in the cinema's zone from the settings, and a new sign-in starts without the last user's booking", async () => {
    const office = useOfficeStore();
    expect(office.timeZone).toBe('Asia/Shanghai');
    await office.login('clerk1', '246810');
    expect(office.timeZone).toBe('Asia/Tokyo');
    bridge.answer('office.find', { ok: true, value: { kind: 'booking', booking: booking(1234) } });
    await office.find('1234');
    await office.logout();
    await office.login('clerk1', '246810');
    expect([office.booking, office.verifiedRefund, office.selected]).toEqual([null, null, []]);
  });

  it('tells a technician signing in here to use their console', async () => {
    const office = useOfficeStore();
    await office.login('tech1', 'a-long-password-1');
    expect([office.session, office.technicianRefused]).toEqual([null, true]);
    await office.login('clerk1', '246810');
    expect(office.technicianRefused).toBe(false);
  });
});

describe('the technician store (issue 12)', () => {
  it("takes the cinema's zone from the sign-in, and lists keyboard-wedge scans with serial ones, newest first", async () => {
    const tech = useTechStore();
    await tech.login('tech1', 'a-long-password-1');
    expect(tech.timeZone).toBe('Europe/Berlin');
    bridge.emit({ type: 'scanner.scan', raw: '111972|WQNX8JL' });
    tech.addScan('111973|ABCD2345', 'keyboard');
    expect(tech.scans.map((s) => [s.source, s.parsed])).toEqual([
      ['keyboard', { kind: 'pickup', printNo: '0000000000111973', verifyCode: 'ABCD2345' }],
      ['serial', { kind: 'pickup', printNo: '0000000000111972', verifyCode: 'WQNX8JL' }],
    ]);
  });

  it("keeps a save's refusal beside the printer form while the status is polled, and forgets an old test page on a new printer", async () => {
    const tech = useTechStore();
    await tech.login('tech1', 'a-long-password-1');
    const status = { state: 'ready' as const, ready: true };
    const profile = {
      url: 'tcp://127.0.0.1:9100',
      name: 'p',
      type: 'epson' as const,
      paperWidthMm: 80 as const,
      bootsInChineseMode: false,
      qrMode: 'native' as const,
      qrModuleDots: 4,
      cutMode: 'partial' as const,
      leftMarginDots: 0,
      feedLinesBeforeCut: 3,
      ticketTimeoutMs: 15_000,
    };
    bridge
      .answer('tech.printer.get', { ok: true, value: { profile, status, lastJobPng: null } })
      .answer('tech.printer.testPage', { ok: true, value: { printed: true, status } })
      .answer('tech.printer.update', failure('VALIDATION', 'not a printer device', { field: 'profile.url' }));
    await tech.testPage();
    expect(tech.lastTestPage?.printed).toBe(true);
    expect(await tech.savePrinter({ ...profile, url: 'file:/etc/passwd' })).toBe(false);
    expect(tech.lastTestPage).toBeNull();
    await tech.loadPrinter();
    expect(tech.error).toBeNull();
    expect(tech.errorOf('tech.printer.update')?.details).toEqual({ field: 'profile.url' });
  });

  it('says a paste that is not JSON beside the import box, without asking the core', async () => {
    const tech = useTechStore();
    await tech.login('tech1', 'a-long-password-1');
    const before = bridge.calls.length;
    await tech.importConfig('{ nope');
    expect(bridge.calls.length).toBe(before);
    expect(tech.errorOf('tech.config.import')).toEqual({
      code: 'VALIDATION',
      message: 'not JSON',
      details: { field: 'config', reason: 'NOT_JSON' },
    });
  });
});

describe('the staff accounts store (issue 12)', () => {
  it('answers whether enabling or disabling worked, for the screen to confirm it', async () => {
    bridge
      .answer('staff.list', { ok: true, value: { staff: [] } })
      .answer('staff.setDisabled', (input) => ({ ok: true, value: { username: input.username, disabled: input.disabled } }));
    const staff = useStaffStore();
    await staff.load(session);
    expect(await staff.setDisabled('clerk1', true)).toBe(true);
    bridge.answer('staff.setDisabled', failure('VALIDATION', 'last', { reason: 'last-technician' }));
    expect(await staff.setDisabled('tech1', true)).toBe(false);
    expect(staff.errorOf('staff.setDisabled')?.details).toEqual({ reason: 'last-technician' });
  });
});
