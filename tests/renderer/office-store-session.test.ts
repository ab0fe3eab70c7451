import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { setBridge } from '../../renderer/src/services/bridge';
import { useOfficeStore } from '../../renderer/src/stores/office';

// The core's replies as its role guard and approval give them (tests/unit/role-guard.test.ts checks those shapes on the real core).
const sessionEnded = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'sign in as a clerk or supervisor', details: { refusal: 'SESSION_ENDED' } },
} as const;
const approvalRefused = {
  ok: false,
  error: {
    code: 'UNAUTHORIZED',
    message: 'approval refused: wrong supervisor name or password',
    details: { field: 'approval', refusal: 'APPROVAL_REFUSED' },
  },
} as const;
const wrongRole = {
  ok: false,
  error: { code: 'UNAUTHORIZED', message: 'clerks see their own shift report', details: { refusal: 'WRONG_ROLE' } },
} as const;
const settings = {
  refundReasons: [],
  reprintReasons: [],
  lateRefundMinutesBeforeStart: 30,
  bookingFeeRefund: 'never',
  terminalId: 'BOX-01',
  username: 'clerk1',
  role: 'clerk',
} as const;

/** A core whose session lives until `end()`; `next` answers the next office call once. */
function scriptedCore() {
  let live = true;
  let next: Result<unknown> | undefined;
  const calls: UiCallName[] = [];
  setBridge({
    call: async (name) => {
      calls.push(name);
      if (name === 'staff.login') return { ok: true, value: { session: 'token-1', role: 'clerk' } } as never;
      if (!live) return sessionEnded as never;
      if (next) {
        const reply = next;
        next = undefined;
        return reply as never;
      }
      if (name === 'office.settings') return { ok: true, value: settings } as never;
      return { ok: true, value: {} } as never;
    },
    onEvent: () => () => {},
  });
  return { calls, end: () => (live = false), answer: (reply: Result<unknown>) => (next = reply) };
}

describe('the office store and staff refusals', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps its session after a refused approval or a call its role may not make', async () => {
    const core = scriptedCore();
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    expect(office.session).toBe('token-1');
    core.answer(approvalRefused);
    expect(await office.reprint('1234567890123456', 'jam', { username: 'sup1', password: 'nope' })).toBeNull();
    expect(office.error).toEqual(approvalRefused.error);
    core.answer(wrongRole);
    await office.loadReport({ from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z', clerk: 'sup1' });
    expect(office.error).toEqual(wrongRole.error);
    expect(office.session).toBe('token-1');
  });

  it('forgets a session that ended, so the screen goes back to sign-in', async () => {
    const core = scriptedCore();
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    core.end();
    await office.find('0000000000111997');
    expect(office.error).toEqual(sessionEnded.error);
    expect(office.session).toBeNull();
  });

  it('still asks the host about an UNAUTHORIZED without details, as older hosts answer', async () => {
    const core = scriptedCore();
    const office = useOfficeStore();
    await office.login('clerk1', '246810');
    core.answer({ ok: false, error: { code: 'UNAUTHORIZED', message: 'sign in as a clerk or supervisor' } });
    await office.find('0000000000111997');
    expect(core.calls.slice(-2)).toEqual(['office.find', 'office.settings']);
    expect(office.session).toBe('token-1');
  });
});
