import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { StaffRepository } from '../../electron/core/storage/repositories/staff.repository';
import { StaffAuth } from '../../electron/core/staff/staff-auth';

function staffAuth() {
  let now = Date.UTC(2026, 10, 24, 9);
  const db = openDatabase(':memory:');
  const audit = new AuditLog(new AuditRepository(db));
  const auth = new StaffAuth(new StaffRepository(db), audit, 30 * 60_000, () => now);
  return { auth, audit, advance: (ms: number) => (now += ms) };
}

describe('staff sign-in, sessions and approvals', () => {
  it('ends a session after 30 quiet minutes; each use extends it; a role outside the list is refused', async () => {
    const { auth, advance } = staffAuth();
    await auth.setup('tech1', 'a-long-password-1');
    const tech = { username: 'tech1', role: 'technician' as const, lastUsed: 0 };
    expect(await auth.add(tech, 'clerk1', 'clerk', '246810')).toEqual({ ok: true });
    const login = await auth.login('clerk1', '246810');
    if (login.kind !== 'ok') throw new Error('login failed');
    advance(29 * 60_000);
    expect(auth.session(login.token, ['clerk'])).toBeDefined();
    advance(29 * 60_000);
    expect(auth.session(login.token, ['supervisor'])).toBeUndefined();
    expect(auth.session(login.token, ['clerk'])).toBeDefined();
    advance(31 * 60_000);
    expect(auth.session(login.token, ['clerk'])).toBeUndefined();
  });

  it('approvals: only a supervisor\'s; five wrong passwords lock the supervisor for 15 minutes, the right one included', async () => {
    const { auth, audit, advance } = staffAuth();
    await auth.setup('tech1', 'a-long-password-1');
    const tech = { username: 'tech1', role: 'technician' as const, lastUsed: 0 };
    await auth.add(tech, 'sup1', 'supervisor', 'supervisor-pass-1');
    await auth.add(tech, 'clerk1', 'clerk', '246810');
    expect(await auth.approve('clerk1', '246810')).toEqual({ kind: 'not-allowed' });
    expect(await auth.approve('tech1', 'a-long-password-1')).toEqual({ kind: 'not-allowed' });
    expect(await auth.approve('nobody', 'x')).toEqual({ kind: 'bad-credentials' });
    expect(await auth.approve('sup1', 'supervisor-pass-1')).toEqual({ kind: 'ok', username: 'sup1' });
    for (let i = 0; i < 5; i += 1) expect(await auth.approve('sup1', `wrong-${i}`)).toEqual({ kind: 'bad-credentials' });
    expect(await auth.approve('sup1', 'supervisor-pass-1')).toMatchObject({ kind: 'locked' });
    advance(15 * 60_000 + 1);
    expect(await auth.approve('sup1', 'supervisor-pass-1')).toEqual({ kind: 'ok', username: 'sup1' });
    expect(audit.verify()).toMatchObject({ ok: true });
  });

  it('the last active technician cannot be disabled', async () => {
    const { auth } = staffAuth();
    await auth.setup('tech1', 'a-long-password-1');
    const tech1 = { username: 'tech1', role: 'technician' as const, lastUsed: 0 };
    await auth.add(tech1, 'tech2', 'technician', 'a-long-password-2');
    const tech2 = { username: 'tech2', role: 'technician' as const, lastUsed: 0 };
    expect(auth.setDisabled(tech2, 'tech1', true)).toEqual({ ok: true });
    expect(auth.setDisabled(tech1, 'tech2', true)).toEqual({ ok: false, reason: 'last-technician' });
  });
});
