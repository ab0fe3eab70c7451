import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { StaffRepository } from '../../electron/core/storage/repositories/staff.repository';
import { StaffAuth, type StaffSession } from '../../electron/core/staff/staff-auth';
import { StaffAccounts } from '../../electron/core/staff/staff-accounts';
import { FirstRunCode } from '../../electron/core/staff/first-run-code';

function staffAuth(options: { lifetimeMs?: number } = {}) {
  let now = Date.UTC(2026, 10, 24, 9);
  const dir = mkdtempSync(join(tmpdir(), 'staff-auth-'));
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  const auditRows = new AuditRepository(db);
  const audit = new AuditLog(auditRows);
  const firstRun = new FirstRunCode(join(dir, 'first-run-code'));
  const staffRows = new StaffRepository(db);
  const auth = new StaffAuth(staffRows, audit, {
    db,
    idleTimeoutMs: 30 * 60_000,
    lifetimeMs: options.lifetimeMs ?? 12 * 3_600_000,
    firstRunCode: firstRun,
    now: () => now,
  });
  const accounts = new StaffAccounts({ db, staff: staffRows, audit, sessions: auth, firstRunCode: firstRun, now: () => now });
  const code = auth.issueFirstRunCode()!;
  const actions = (action: string) => auditRows.bySubject('staff:' + action.split(' ')[1]).filter((r) => r.action === action.split(' ')[0]);
  return { auth, accounts, audit, db, dir, firstRun, code, actions, advance: (ms: number) => (now += ms) };
}

const techSession = (username = 'tech1'): StaffSession => ({
  id: `s-${username}`,
  username,
  role: 'technician',
  startedAt: 0,
  lastUsed: 0,
});

async function withStaff() {
  const t = staffAuth();
  expect(await t.auth.setup('tech1', 'a-long-password-1', t.code)).toEqual({ kind: 'ok' });
  await t.accounts.add(techSession(), 'sup1', 'supervisor', 'supervisor-pass-1');
  await t.accounts.add(techSession(), 'clerk1', 'clerk', '246810');
  await t.accounts.add(techSession(), 'clerk2', 'clerk', '135790');
  const signIn = async (username: string, password: string, source = 'T1') => {
    const login = await t.auth.login(username, password, source);
    if (login.kind !== 'ok') throw new Error(`sign-in of ${username} failed: ${login.kind}`);
    return t.auth.session(login.token, ['clerk', 'supervisor', 'technician'])!;
  };
  return { ...t, signIn };
}

describe('first-run setup', () => {
  it('needs the one-time code from the 0600 file; of 20 concurrent setups with it exactly one makes a technician', async () => {
    const { auth, dir, code, db, advance } = staffAuth();
    const file = join(dir, 'first-run-code');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(code);
    expect(await auth.setup('mallory', 'a-long-password-1', '')).toEqual({ kind: 'bad-code' });
    expect(await auth.setup('mallory', 'a-long-password-1', '0000-0000-0000')).toEqual({ kind: 'bad-code' });
    advance(1_000);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => auth.setup(`tech${i}`, 'a-long-password-1', code)));
    expect(outcomes.filter((o) => o.kind === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind !== 'ok').every((o) => o.kind === 'done-already')).toBe(true);
    expect(db.prepare("SELECT COUNT(*) AS n FROM staff WHERE role = 'technician'").get()).toEqual({ n: 1 });
    // Used once, the code is gone: a later setup is refused whatever it says.
    expect(existsSync(file)).toBe(false);
    expect(await auth.setup('tech99', 'a-long-password-1', code)).toEqual({ kind: 'done-already' });
    expect(auth.issueFirstRunCode()).toBeUndefined();
  });

  it('five wrong codes close setup for 15 minutes, the right code included; the tries are audited with their count', async () => {
    const { auth, code, advance, actions } = staffAuth();
    for (let i = 0; i < 5; i += 1) {
      expect(await auth.setup('mallory', 'a-long-password-1', `1111-2222-333${i}`)).toEqual({ kind: 'bad-code' });
      advance(31_000);
    }
    expect(await auth.setup('tech1', 'a-long-password-1', code)).toMatchObject({ kind: 'locked' });
    expect(actions('staff.setup-refused mallory').length).toBeGreaterThan(0);
    advance(15 * 60_000);
    expect(await auth.setup('tech1', 'a-long-password-1', code)).toEqual({ kind: 'ok' });
  });

  it('a technician made from the host shell needs no code and retires it', async () => {
    const { auth, accounts, dir } = staffAuth();
    expect(await accounts.addFromShell('tech1', 'technician', 'a-long-password-1')).toEqual({ ok: true });
    expect(existsSync(join(dir, 'first-run-code'))).toBe(false);
    expect(auth.needsSetup()).toBe(false);
  });
});

describe('staff accounts', () => {
  it('concurrent adds of one name: one is added, the others answer "exists" (the UNIQUE constraint decides)', async () => {
    const { accounts } = await withStaff();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => accounts.add(techSession(), 'clerk9', 'clerk', '998877')));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toEqual(Array(9).fill({ ok: false, reason: 'exists' }));
  });

  it('PINs are for clerks only: supervisors and technicians need a password of at least 12 characters', async () => {
    const { accounts } = await withStaff();
    expect(await accounts.add(techSession(), 'sup2', 'supervisor', '123456')).toEqual({ ok: false, reason: 'weak-secret' });
    expect(await accounts.add(techSession(), 'sup2', 'supervisor', 'elevenchars')).toEqual({ ok: false, reason: 'weak-secret' });
    expect(await accounts.add(techSession(), 'sup2', 'supervisor', '123456789012345')).toEqual({ ok: false, reason: 'weak-secret' });
    expect(await accounts.add(techSession(), 'tech2', 'technician', '987654')).toEqual({ ok: false, reason: 'weak-secret' });
    expect(await accounts.resetPassword(techSession(), 'sup1', '24681012')).toEqual({ ok: false, reason: 'weak-secret' });
    expect(await accounts.add(techSession(), 'sup2', 'supervisor', 'twelve-chars')).toEqual({ ok: true });
    expect(await accounts.add(techSession(), 'clerk3', 'clerk', '112233')).toEqual({ ok: true });
    expect(await accounts.addFromShell('tech3', 'technician', '123456')).toEqual({ ok: false, reason: 'weak-secret' });
  });

  it('the last active technician cannot be disabled', async () => {
    const { accounts } = await withStaff();
    await accounts.add(techSession(), 'tech2', 'technician', 'a-long-password-2');
    expect(accounts.setDisabled(techSession('tech2'), 'tech1', true)).toEqual({ ok: true });
    expect(accounts.setDisabled(techSession('tech1'), 'tech2', true)).toEqual({ ok: false, reason: 'last-technician' });
  });
});

describe('sessions', () => {
  it('end after 30 quiet minutes; each use extends them; a role outside the list is refused', async () => {
    const { auth, advance, signIn } = await withStaff();
    const login = await auth.login('clerk1', '246810', 'T1');
    if (login.kind !== 'ok') throw new Error('login failed');
    advance(29 * 60_000);
    expect(auth.session(login.token, ['clerk'])).toBeDefined();
    advance(29 * 60_000);
    expect(auth.session(login.token, ['supervisor'])).toBeUndefined();
    expect(auth.session(login.token, ['clerk'])).toBeDefined();
    advance(31 * 60_000);
    expect(auth.session(login.token, ['clerk'])).toBeUndefined();
    void signIn;
  });

  it('end a shift after sign-in however busy, and the sweep drops ended sessions without being asked', async () => {
    const { auth, advance } = await withStaff();
    const busy = await auth.login('clerk1', '246810', 'T1');
    if (busy.kind !== 'ok') throw new Error('login failed');
    // 100 idle sign-ins that are never used again.
    for (let i = 0; i < 100; i += 1) expect(await auth.login('clerk2', '135790', 'T1')).toMatchObject({ kind: 'ok' });
    for (let minutes = 0; minutes < 12 * 60; minutes += 10) {
      expect(auth.session(busy.token, ['clerk'])).toBeDefined();
      advance(10 * 60_000);
    }
    advance(1);
    expect(auth.session(busy.token, ['clerk'])).toBeUndefined();
    auth.sweep();
    expect(auth.sessionCount).toBe(0);
  });
});

describe('sign-in failures: lockout, slow-down, enumeration, approvals, alerts', () => {
  /** Five failures at the slow-down's pace, then the right password: the answers a probe sees. */
  async function probe(auth: StaffAuth, advance: (ms: number) => number, username: string, password: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      seen.push(JSON.stringify(await auth.login(username, `wrong-${i}`, 'T1')));
      advance(8_000);
    }
    seen.push(JSON.stringify(await auth.login(username, password, 'T1')));
    advance(15 * 60_000);
    return seen;
  }

  it('an unknown name answers and locks exactly like an account, so "locked" confirms nothing', async () => {
    const { auth, advance } = await withStaff();
    const known = await probe(auth, advance, 'clerk1', '246810');
    const unknown = await probe(auth, advance, 'ghost', '246810');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatch(/"locked"/u);
    expect(await auth.login('clerk1', '246810', 'T1')).toMatchObject({ kind: 'ok' });
  });

  it('failures from one source slow that source down progressively (0, 1, 2, 4 s …), without sleeping', async () => {
    const { auth, advance } = await withStaff();
    expect(await auth.login('clerk1', 'wrong-1', 'T1')).toEqual({ kind: 'bad-credentials' });
    expect(await auth.login('clerk1', 'wrong-2', 'T1')).toEqual({ kind: 'bad-credentials' });
    expect(await auth.login('clerk1', '246810', 'T1')).toEqual({ kind: 'locked', retryAfterSeconds: 1 });
    advance(1_000);
    expect(await auth.login('clerk1', 'wrong-3', 'T1')).toEqual({ kind: 'bad-credentials' });
    expect(await auth.login('clerk1', '246810', 'T1')).toEqual({ kind: 'locked', retryAfterSeconds: 2 });
    advance(2_000);
    expect(await auth.login('clerk1', 'wrong-4', 'T1')).toEqual({ kind: 'bad-credentials' });
    expect(await auth.login('clerk1', '246810', 'T1')).toEqual({ kind: 'locked', retryAfterSeconds: 4 });
    // Another terminal is not slowed down by this one's failures.
    expect(await auth.login('clerk1', '246810', 'T2')).toMatchObject({ kind: 'ok' });
  });

  it('concurrent guesses cannot slip past the counter while the hash runs', async () => {
    const { auth } = await withStaff();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => auth.login('sup1', `guess-${i}`, 'T1')));
    expect(outcomes.filter((o) => o.kind === 'bad-credentials').length).toBeLessThanOrEqual(2);
  });

  it("wrong approvals at a clerk's screen lock that screen's session only, not the supervisor's own sign-in", async () => {
    const { auth, advance, signIn } = await withStaff();
    const clerk1 = await signIn('clerk1', '246810');
    const clerk2 = await signIn('clerk2', '135790');
    expect(await auth.approve('clerk2', '135790', clerk1)).toEqual({ kind: 'not-allowed' });
    expect(await auth.approve('tech1', 'a-long-password-1', clerk1)).toEqual({ kind: 'not-allowed' });
    expect(await auth.approve('nobody', 'x', clerk1)).toEqual({ kind: 'bad-credentials' });
    expect(await auth.approve('sup1', 'supervisor-pass-1', clerk1)).toEqual({ kind: 'ok', username: 'sup1' });
    for (let i = 0; i < 5; i += 1) {
      expect(await auth.approve('sup1', `wrong-${i}`, clerk1)).toEqual({ kind: 'bad-credentials' });
      advance(8_000);
    }
    expect(await auth.approve('sup1', 'supervisor-pass-1', clerk1)).toMatchObject({ kind: 'locked' });
    expect(await auth.approve('sup1', 'supervisor-pass-1', clerk2)).toEqual({ kind: 'ok', username: 'sup1' });
    expect(await auth.login('sup1', 'supervisor-pass-1', 'T1')).toMatchObject({ kind: 'ok' });
    advance(15 * 60_000);
    expect(await auth.approve('sup1', 'supervisor-pass-1', clerk1)).toEqual({ kind: 'ok', username: 'sup1' });
  });

  it('a name being guessed raises an alert; refusals are audited once a minute with their count', async () => {
    const { auth, advance, actions, audit } = await withStaff();
    expect(auth.guessing()).toEqual([]);
    for (let i = 0; i < 5; i += 1) {
      await auth.login('sup1', `wrong-${i}`, 'T1');
      advance(8_000);
    }
    for (let i = 0; i < 5; i += 1) {
      await auth.login('ghost', `wrong-${i}`, 'T1');
      advance(8_000);
    }
    expect(auth.guessing().map((g) => [g.username, g.failures])).toEqual([
      ['sup1', 5],
      ['ghost', 5],
    ]);
    advance(60_000);
    auth.sweep();
    const rows = actions('staff.login-refused sup1');
    expect(rows.map((r) => JSON.parse(r.details).failures)).toEqual([1, 4]);
    expect(audit.verify()).toMatchObject({ ok: true });
  });

  it("a new password lifts the name's lockout", async () => {
    const { auth, accounts, advance } = await withStaff();
    for (let i = 0; i < 5; i += 1) {
      await auth.login('clerk1', `wrong-${i}`, 'T1');
      advance(8_000);
    }
    expect(accounts.list().find((s) => s.username === 'clerk1')).toMatchObject({ locked: true });
    expect(await accounts.resetPassword(techSession(), 'clerk1', '864209')).toEqual({ ok: true });
    expect(accounts.list().find((s) => s.username === 'clerk1')).toMatchObject({ locked: false });
    expect(await auth.login('clerk1', '864209', 'T1')).toMatchObject({ kind: 'ok' });
  });
});
