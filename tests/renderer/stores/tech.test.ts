import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useTechStore } from '../../../renderer/src/stores/tech';
import { errorLine } from '../../../renderer/src/composables/call-error';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';

let bridge: FakeBridge;
const session = 'session-token-0003';
const diagnostics = {
  versions: { node: '22' },
  dataDir: '/data',
  diskFreeBytes: 1,
  outbox: { depth: 0, oldest: null },
  sync: null,
  logTail: [],
};

beforeEach(() => {
  setActivePinia(createPinia());
  bridge = installFakeBridge()
    .answer('staff.status', { ok: true, value: { needsSetup: false } })
    .answer('staff.login', (input) => ({
      ok: true,
      value: { session, role: input.username.startsWith('tech') ? 'technician' : 'supervisor' },
    }))
    .answer('staff.logout', { ok: true, value: {} })
    .answer('tech.diagnostics', { ok: true, value: diagnostics });
});

async function signedIn() {
  const tech = useTechStore();
  await tech.login('tech1', 'a-long-password-1');
  return tech;
}

describe('the technician console store', () => {
  it("signs in technicians only, in the console's own words", async () => {
    const tech = useTechStore();
    await tech.init();
    expect(tech.needsSetup).toBe(false);
    await tech.login('sup1', 'supervisor-pass-1');
    expect([tech.session, tech.signInError]).toEqual([null, 'technicians only']);
    bridge.answer('staff.login', failure('UNAUTHORIZED'));
    await tech.login('tech1', 'wrong');
    expect(tech.signInError).toBe('wrong name or password');
    bridge.answer('staff.login', failure('TOO_MANY_ATTEMPTS'));
    await tech.login('tech1', 'wrong');
    expect(tech.signInError).toBe('locked: try again later');
    bridge.answer('staff.login', { ok: true, value: { session, role: 'technician' } });
    await tech.login('tech1', 'a-long-password-1');
    expect([tech.session, tech.signInError, tech.error, bridge.streams()]).toEqual([session, null, null, [session]]);
  });

  it('shows a wrong or locked first-run code and a weak password beside their fields (as i18n keys), other setup problems in the banner', async () => {
    bridge.answer('staff.setup', failure('UNAUTHORIZED', 'wrong or expired code', { field: 'code' }));
    const tech = useTechStore();
    await tech.setup('tech1', 'a-long-password-1', '1234');
    expect([tech.setupCodeError, tech.setupPasswordError, tech.signInError]).toEqual(['tech.setupCodeWrong', null, null]);
    bridge.answer('staff.setup', failure('TOO_MANY_ATTEMPTS', 'too many wrong one-time codes', { field: 'code', retryAfter: 900 }));
    await tech.setup('tech1', 'a-long-password-1', '1234');
    expect([tech.setupCodeError, tech.signInError]).toEqual(['tech.setupLocked', null]);
    bridge.answer(
      'staff.setup',
      failure('VALIDATION', 'invalid input', { fields: [{ field: 'password', problem: 'password: at least 12 characters' }] }),
    );
    await tech.setup('tech1', 'a-long-password-1', '1234');
    expect([tech.setupCodeError, tech.setupPasswordError, tech.signInError]).toEqual([null, 'tech.passwordRule', null]);
    bridge.answer('staff.setup', failure('VALIDATION', 'invalid input'));
    await tech.setup('tech1', 'a-long-password-1', '1234');
    expect([tech.setupCodeError, tech.signInError]).toEqual([null, 'invalid input']);
  });

  it("calls with the session; an UNAUTHORIZED answer ends it, with the core's error kept", async () => {
    const tech = await signedIn();
    await tech.loadDiagnostics();
    expect(tech.diagnostics?.dataDir).toBe('/data');
    expect(bridge.calls.at(-1)).toEqual({ name: 'tech.diagnostics', input: { session } });
    bridge.answer('tech.diagnostics', failure('UNAUTHORIZED', 'session ended'));
    await tech.loadDiagnostics();
    expect([tech.session, tech.error]).toEqual([null, { code: 'UNAUTHORIZED', message: 'session ended' }]);
    expect(errorLine(tech.error!)).toBe('UNAUTHORIZED: session ended');
  });

  it('refuses an import that is not JSON without asking the core', async () => {
    const tech = await signedIn();
    const before = bridge.calls.length;
    await tech.importConfig('{ not json');
    expect(errorLine(tech.error!)).toBe('VALIDATION: not JSON');
    expect(bridge.calls.length).toBe(before);
  });

  it('signing out ends the session at the core and closes the event stream', async () => {
    const tech = await signedIn();
    await tech.logout();
    expect([tech.session, bridge.names().at(-1), bridge.streams()]).toEqual([null, 'staff.logout', []]);
  });
});
