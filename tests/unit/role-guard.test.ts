import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok } from '../../shared/errors';
import { openDatabase } from '../../electron/core/storage/database';
import { AuditLog } from '../../electron/core/audit/audit-log';
import { AuditRepository } from '../../electron/core/storage/repositories/audit.repository';
import { StaffRepository } from '../../electron/core/storage/repositories/staff.repository';
import { StaffAuth, type StaffSession } from '../../electron/core/staff/staff-auth';
import { StaffAccounts } from '../../electron/core/staff/staff-accounts';
import { FirstRunCode } from '../../electron/core/staff/first-run-code';
import { roleGuard } from '../../electron/core/staff/role-guard';
import { refusalOf } from '../../electron/core/staff/staff-refusals';
import { SupervisorApproval } from '../../electron/core/staff/supervisor-approval';
import { staffHandlers } from '../../electron/core/api/staff.handlers';
import { remoteOfficeHandlers } from '../../electron/core/api/office.handlers';

/** Real staff accounts in a real SQLite file, on a clock the test moves. */
async function staffWorld() {
  let now = Date.UTC(2026, 10, 24, 9);
  const dir = mkdtempSync(join(tmpdir(), 'role-guard-'));
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  const staffRows = new StaffRepository(db);
  const audit = new AuditLog(new AuditRepository(db));
  const auth = new StaffAuth(staffRows, audit, {
    db,
    idleTimeoutMs: 30 * 60_000,
    lifetimeMs: 12 * 3_600_000,
    firstRunCode: new FirstRunCode(join(dir, 'first-run-code')),
    now: () => now,
  });
  const accounts = new StaffAccounts({ db, staff: staffRows, audit, sessions: auth, now: () => now });
  const code = auth.issueFirstRunCode()!;
  expect(await auth.setup('tech1', 'a-long-password-1', code)).toEqual({ kind: 'ok' });
  const tech: StaffSession = { id: 's-tech1', username: 'tech1', role: 'technician', startedAt: 0, lastUsed: 0 };
  await accounts.add(tech, 'sup1', 'supervisor', 'supervisor-pass-1');
  await accounts.add(tech, 'clerk1', 'clerk', '246810');
  const tokenOf = async (username: string, password: string) => {
    const login = await auth.login(username, password, 'T1');
    if (login.kind !== 'ok') throw new Error(`sign-in of ${username} failed: ${login.kind}`);
    return login.token;
  };
  return { auth, accounts, tokenOf, advance: (ms: number) => (now += ms) };
}

describe('role guard', () => {
  it('runs the call for a live session of an allowed role, with that session', async () => {
    const { auth, tokenOf } = await staffWorld();
    const token = await tokenOf('clerk1', '246810');
    const call = roleGuard(auth).asRole(['clerk', 'supervisor'], async (input: { session: string; n: number }, who) =>
      ok({ n: input.n, who: who.username, role: who.role }),
    );
    expect(await call({ session: token, n: 7 })).toEqual({ ok: true, value: { n: 7, who: 'clerk1', role: 'clerk' } });
  });

  it('refuses an unknown token, a signed-out session and an idle one as a session that ended, without running the call', async () => {
    const { auth, tokenOf, advance } = await staffWorld();
    let runs = 0;
    const call = roleGuard(auth).asRole(['clerk', 'supervisor'], async () => ok((runs += 1)));
    const signedOut = await tokenOf('clerk1', '246810');
    auth.logout(signedOut);
    const idle = await tokenOf('sup1', 'supervisor-pass-1');
    advance(31 * 60_000);
    for (const session of ['not-a-session-token', signedOut, idle]) {
      const refused = await call({ session });
      expect(refused).toEqual({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'sign in as a clerk or supervisor', details: { refusal: 'SESSION_ENDED' } },
      });
      expect(refusalOf(refused)).toBe('SESSION_ENDED');
    }
    expect(runs).toBe(0);
  });

  it('refuses a live session of another role as the wrong role, and keeps that session alive', async () => {
    const { auth, tokenOf } = await staffWorld();
    const token = await tokenOf('tech1', 'a-long-password-1');
    const office = roleGuard(auth).asRole(['clerk', 'supervisor'], async () => ok('ran'));
    expect(await office({ session: token })).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'sign in as a clerk or supervisor', details: { refusal: 'WRONG_ROLE' } },
    });
    const tech = roleGuard(auth).asRole(['technician'], async (_input, who) => ok(who.username));
    expect(await tech({ session: token })).toEqual({ ok: true, value: 'tech1' });
    const clerk = await tokenOf('clerk1', '246810');
    expect(await tech({ session: clerk })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'sign in as a technician', details: { refusal: 'WRONG_ROLE' } },
    });
    const managers = roleGuard(auth).asRole(['supervisor', 'technician'], async () => ok('ran'));
    expect(await managers({ session: clerk })).toMatchObject({
      ok: false,
      error: { message: 'sign in as a supervisor or technician', details: { refusal: 'WRONG_ROLE' } },
    });
  });
});

describe('supervisor approval', () => {
  it('is the signed-in supervisor, nobody for a clerk, or the supervisor typed in', async () => {
    const { auth, tokenOf } = await staffWorld();
    const approval = new SupervisorApproval(auth);
    const sup = auth.session(await tokenOf('sup1', 'supervisor-pass-1'), ['supervisor'])!;
    const clerk = auth.session(await tokenOf('clerk1', '246810'), ['clerk'])!;
    expect(await approval.of(sup, undefined)).toEqual({ ok: true, value: 'sup1' });
    expect(await approval.of(clerk, undefined)).toEqual({ ok: true, value: null });
    expect(await approval.of(clerk, { username: 'sup1', password: 'supervisor-pass-1' })).toEqual({ ok: true, value: 'sup1' });
  });

  it('refuses a wrong password and a non-supervisor as APPROVAL_REFUSED on the approval field, then locks this screen', async () => {
    const { auth, tokenOf, advance } = await staffWorld();
    const approval = new SupervisorApproval(auth);
    const clerk = auth.session(await tokenOf('clerk1', '246810'), ['clerk'])!;
    const notSupervisor = await approval.of(clerk, { username: 'clerk1', password: '246810' });
    expect(notSupervisor).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'approval needs a supervisor', details: { field: 'approval', refusal: 'APPROVAL_REFUSED' } },
    });
    let last;
    for (let i = 0; i < 8; i += 1) {
      last = await approval.of(clerk, { username: 'sup1', password: `guess-${i}` });
      if (!last.ok && last.error.code === 'TOO_MANY_ATTEMPTS') break;
      expect(last).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED', details: { field: 'approval', refusal: 'APPROVAL_REFUSED' } },
      });
      advance(60_000);
    }
    expect(last).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS', details: { field: 'approval' } } });
    expect(refusalOf(last!)).toBeUndefined();
  });
});

describe('staff account calls', () => {
  it('answer through the guard, and name a taken username DUPLICATE and a managed-above account WRONG_ROLE, keeping their codes and details', async () => {
    const { auth, accounts, tokenOf } = await staffWorld();
    const calls = staffHandlers(auth, accounts, 'T1');
    const sup = await tokenOf('sup1', 'supervisor-pass-1');
    const clerk = await tokenOf('clerk1', '246810');
    expect(await calls['staff.list']({ session: clerk })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'sign in as a supervisor or technician', details: { refusal: 'WRONG_ROLE' } },
    });
    expect(await calls['staff.list']({ session: 'gone' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', details: { refusal: 'SESSION_ENDED' } },
    });
    expect(await calls['staff.add']({ session: sup, username: 'clerk1', role: 'clerk', password: '135790' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'that username is taken', details: { reason: 'exists', refusal: 'DUPLICATE' } },
    });
    expect(await calls['staff.setDisabled']({ session: sup, username: 'tech1', disabled: true })).toEqual({
      ok: false,
      error: {
        code: 'UNAUTHORIZED',
        message: 'your role may not manage this account',
        details: { reason: 'not-allowed', refusal: 'WRONG_ROLE' },
      },
    });
    // Other refusals keep their shape, with no refusal named.
    expect(await calls['staff.setDisabled']({ session: sup, username: 'sup1', disabled: true })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.any(String), details: { reason: 'self' } },
    });
  });
});

describe('box office on a kiosk without the print service', () => {
  it('refuses every call as WRONG_HOST, pointing at /office on the host', async () => {
    for (const call of Object.values(remoteOfficeHandlers())) {
      const refused = await call({ session: 'x'.repeat(20) } as never);
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('/office') } });
      expect(refusalOf(refused)).toBe('WRONG_HOST');
    }
  });
});
