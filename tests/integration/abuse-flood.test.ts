import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { request } from 'undici';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { uiContract } from '../../shared/contract/ui';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { tempDir } from '../support/host-process';
import { startExternalSim, startHostOn } from '../support/external-sim-host';
import { md5 } from '../support/in-process-host';
import { eventually } from '../support/sim-control';
import { launchChromium } from '../support/chromium';
import type { Browser } from 'playwright-core';
import { firstRunCode } from '../support/first-run';

/**
 * Floods and lockouts of the print service from other addresses: all of 127/8 is loopback on
 * Linux, so a client that binds 127.0.0.2 reaches the service on 127.0.0.1 as another source.
 */
let sim: RunningCentralSim;
const agents: HttpAgent[] = [];
/**
 * undici's connector does not bind a local address; node:http does. Under the print service's
 * per-source connection cap (32), so that these tests meet the request budgets, not the socket cap.
 */
const from = (localAddress: string): Via => {
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 24 });
  agents.push(agent);
  return { agent, localAddress };
};
interface Via {
  agent: HttpAgent;
  localAddress: string;
}

beforeAll(async () => {
  sim = await startExternalSim();
});
afterAll(async () => {
  for (const a of agents) a.destroy();
  await sim?.close();
});

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function call(host: RunningHost, path: string, body: unknown, options: { token?: string; via?: Via } = {}): Promise<Reply> {
  const headers = { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  if (!options.via) {
    const response = await request(`${host.printServiceUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
  }
  const { agent, localAddress } = options.via;
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${host.printServiceUrl}${path}`, { method: 'POST', headers, agent, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const login = (host: RunningHost, index: number, options: { password?: string; via?: Via } = {}) => {
  const t = host.demo!.terminals[index]!;
  return call(
    host,
    '/sarft/v1/auth',
    { username: t.username, password: options.password ?? t.password, terminalId: t.terminalId },
    options.via ? { via: options.via } : {},
  );
};
const auditRows = (host: RunningHost): number => (host.core.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
const metric = async (host: RunningHost, pattern: RegExp): Promise<number> => {
  const text = await (await request(`${host.printServiceUrl}/metrics`)).body.text();
  return text
    .split('\n')
    .filter((line) => pattern.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
};
const codes = (replies: Reply[]) =>
  replies.reduce<Record<number, number>>(
    (acc, r) => ({ ...acc, [Number(r.body.resultCode)]: (acc[Number(r.body.resultCode)] ?? 0) + 1 }),
    {},
  );

describe('unauthenticated floods', () => {
  it('500 bogus tokens from one source cost at most two audit rows, and the source is soon answered 2009 before any work', async () => {
    const dataDir = tempDir('flood-tokens');
    let host = await startHostOn(sim, dataDir);
    const attacker = from('127.0.0.2');
    const printNo = String(sim.state.bookings()[0]!.bookingNumber);
    try {
      // The service sees the attacker's own address (the premise of every per-source limit here).
      const before = auditRows(host);
      const replies: Reply[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        replies.push(
          ...(await Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              call(host, '/sarft/v1/tickets/query', { printNo }, { token: `bogus-${batch}-${i}`, via: attacker }),
            ),
          )),
        );
      }
      const seen = codes(replies);
      expect(seen[SarftCode.TokenInvalid]).toBeLessThanOrEqual(30);
      expect(seen[SarftCode.TooManyAttempts]).toBeGreaterThanOrEqual(470);
      expect(replies.at(-1)).toMatchObject({ status: 429, body: { resultCode: SarftCode.TooManyAttempts } });
      expect(Number(replies.at(-1)!.body.retryAfter)).toBeGreaterThan(0);
      expect(auditRows(host) - before).toBeLessThanOrEqual(2);
      expect(await metric(host, /^sarft_limit_refusals_total\{reason="source-failures"\}/u)).toBe(seen[SarftCode.TooManyAttempts]);
      const [first] = host.core.db.prepare("SELECT details FROM audit_log WHERE actor = 'address:127.0.0.2'").all() as {
        details: string;
      }[];
      expect(JSON.parse(first!.details)).toMatchObject({ source: '127.0.0.2', code: SarftCode.TokenInvalid });

      // A kiosk at another address is not affected.
      const token = String((await login(host, 0)).body.token);
      expect((await call(host, '/sarft/v1/tickets/query', { printNo }, { token })).body.resultCode).toBe(SarftCode.Ok);
    } finally {
      await host.stop();
    }
    // At stop the rest of the window is written as one row with its count: nothing is lost.
    host = await startHostOn(sim, dataDir);
    try {
      const summaries = host.core.db
        .prepare("SELECT details FROM audit_log WHERE actor = 'address:127.0.0.2' AND action = 'print-service.refused-repeatedly'")
        .all() as { details: string }[];
      expect(summaries).toHaveLength(1);
      expect(JSON.parse(summaries[0]!.details)).toMatchObject({ count: 499, source: '127.0.0.2' });
      expect(host.core.audit.verify().ok).toBe(true);
    } finally {
      await host.stop();
    }
  });

  it('wrong passwords from elsewhere never lock a kiosk out of its own account', async () => {
    const host = await startHostOn(sim, tempDir('flood-lockout'));
    const attacker = from('127.0.0.2');
    try {
      const replies: Reply[] = [];
      for (let i = 0; i < 20; i += 1) replies.push(await login(host, 0, { password: `wrong-${i}`, via: attacker }));
      expect(replies.slice(0, 5).map((r) => r.body.resultCode)).toEqual(Array(5).fill(SarftCode.BadCredentials));
      expect(replies.at(-1)).toMatchObject({ status: 429, body: { resultCode: SarftCode.TooManyAttempts } });
      // The attacker's address stays locked for this account, even with the right password.
      expect((await login(host, 0, { via: attacker })).body.resultCode).toBe(SarftCode.TooManyAttempts);
      // The kiosk itself, from its own address, logs in at once.
      expect(await login(host, 0)).toMatchObject({ status: 200, body: { resultCode: SarftCode.Ok } });
      expect(host.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'print-service.login-locked'").get()).toEqual({
        n: 1,
      });
    } finally {
      await host.stop();
    }
  });

  it('200 concurrent bad logins run a bounded number of password hashes; a good login from another address still succeeds', async () => {
    const host = await startHostOn(sim, tempDir('flood-scrypt'));
    const attacker = from('127.0.0.3');
    try {
      const checksBefore = await metric(host, /^sarft_password_checks_total\{/u);
      const t = host.demo!.terminals[1]!;
      const flood = Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          call(
            host,
            '/sarft/v1/auth',
            { username: i % 2 ? t.username : `ghost-${i}`, password: `wrong-${i}`, terminalId: t.terminalId },
            { via: attacker },
          ),
        ),
      );
      // The good login goes in while the flood is being refused, not after it.
      await eventually(
        () => metric(host, /^sarft_limit_refusals_total\{/u),
        (n) => n >= 100,
      );
      const good = await login(host, 0);
      const replies = await flood;
      expect(good).toMatchObject({ status: 200, body: { resultCode: SarftCode.Ok } });
      const seen = codes(replies);
      expect(Object.keys(seen).map(Number).sort()).toEqual([SarftCode.BadCredentials, SarftCode.TooManyAttempts].sort());
      // The flood's hashes: at most the per-source login budget (10 a minute), plus the good login's one.
      const checks = (await metric(host, /^sarft_password_checks_total\{/u)) - checksBefore;
      expect(checks).toBeLessThanOrEqual(11);
      expect(seen[SarftCode.BadCredentials]).toBeLessThanOrEqual(10);
      expect(await metric(host, /^sarft_limit_refusals_total\{/u)).toBeGreaterThanOrEqual(190);
    } finally {
      await host.stop();
    }
  });
});

describe('pickup-number locks', () => {
  const limits = { printService: { limits: { verifyFailures: 3, verifyFailuresAllTerminals: 5 } } };

  it('lock the guessing terminal only, until the all-terminals ceiling; a supervisor lifts a lock in the booking view (audited), a clerk cannot', async () => {
    const host = await startHostOn(sim, tempDir('pickup-locks'), limits);
    let browser: Browser | undefined;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
    const ui = (name: UiCallName, input: Record<string, unknown>): Promise<any> => dispatchUiCall(host.core.handlers, name, input);
    try {
      const [tokenA, tokenB] = [String((await login(host, 0)).body.token), String((await login(host, 1)).body.token)];
      const apply = (token: string, printNo: string, code: string) =>
        call(host, '/sarft/v1/tickets/apply-print', { printNo, verifyCodeMd5: md5(code) }, { token });

      // B guesses: B is locked out of this pickup number, A still collects it.
      const first = sim.state.createBooking({ ticketCount: 1 });
      const firstNo = String(first.bookingNumber);
      for (let i = 0; i < 3; i += 1)
        expect((await apply(tokenB, firstNo, `WRONG${i}`)).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
      expect((await apply(tokenB, firstNo, first.bookingId)).body.resultCode).toBe(SarftCode.TooManyAttempts);
      const claimed = await apply(tokenA, firstNo, first.bookingId);
      expect(claimed.body.resultCode).toBe(SarftCode.Ok);
      const ticketCode = String((claimed.body.tickets as { ticketCode: string }[])[0]!.ticketCode);
      expect(
        (
          await call(
            host,
            '/sarft/v1/tickets/print-result',
            { printNo: firstNo, printToken: claimed.body.printToken, printed: [ticketCode], failed: [] },
            { token: tokenA },
          )
        ).body.resultCode,
      ).toBe(SarftCode.Ok);

      // Guessing spread over the kiosks reaches the all-terminals ceiling: locked for everyone.
      const second = sim.state.createBooking({ ticketCount: 1 });
      const secondNo = String(second.bookingNumber);
      for (let i = 0; i < 3; i += 1) await apply(tokenB, secondNo, `WRONG${i}`);
      for (let i = 0; i < 2; i += 1)
        expect((await apply(tokenA, secondNo, `WRONG${i}`)).body.resultCode).toBe(SarftCode.PrintNoOrVerifyWrong);
      expect((await apply(tokenA, secondNo, second.bookingId)).body.resultCode).toBe(SarftCode.TooManyAttempts);

      // The box office: a clerk sees the locks but cannot lift them; a supervisor can.
      await ui('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
      const tech = (await ui('staff.login', { username: 'tech1', password: 'a-long-password-1' })).value.session;
      await ui('staff.add', { session: tech, username: 'sup1', role: 'supervisor', password: 'supervisor-pass-1' });
      await ui('staff.add', { session: tech, username: 'clerk1', role: 'clerk', password: '246810' });
      const sup = (await ui('staff.login', { username: 'sup1', password: 'supervisor-pass-1' })).value.session;
      const clerk = (await ui('staff.login', { username: 'clerk1', password: '246810' })).value.session;
      const listed = await ui('office.lockouts.list', { session: clerk });
      expect(listed.ok).toBe(true);
      expect(
        listed.value.lockouts
          .filter((l: { bookingNumber: number }) => l.bookingNumber === second.bookingNumber)
          .map((l: { terminalId: string | null }) => l.terminalId)
          .sort(),
      ).toEqual([null, 'KIOSK-02'].sort());
      expect(await ui('office.lockouts.lift', { session: clerk, printNo: secondNo })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect((await apply(tokenA, secondNo, second.bookingId)).body.resultCode).toBe(SarftCode.TooManyAttempts);

      // In the booking view: the clerk sees the lock and no button; the supervisor lifts it there.
      browser = await launchChromium();
      const viewAs = async (username: string, password: string) => {
        const page = await (await browser!.newContext()).newPage();
        await page.goto(`${host.uiUrl}/office`);
        await page.getByTestId('office-username').fill(username);
        await page.getByTestId('office-password').fill(password);
        await page.getByTestId('office-sign-in-submit').click();
        await page.getByTestId('office-query').fill(secondNo);
        await page.getByTestId('office-query').press('Enter');
        await page.getByTestId('kiosk-locked').waitFor();
        return page;
      };
      const clerkPage = await viewAs('clerk1', '246810');
      expect(await clerkPage.getByTestId('kiosk-locked').textContent()).toContain('KIOSK-02');
      expect(await clerkPage.getByTestId('kiosk-lock-lift').count()).toBe(0);
      const supPage = await viewAs('sup1', 'supervisor-pass-1');
      await supPage.getByTestId('kiosk-lock-lift').click();
      await supPage.getByTestId('kiosk-locked').waitFor({ state: 'detached' });
      expect(await ui('office.lockouts.lift', { session: sup, printNo: secondNo })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect((await apply(tokenA, secondNo, second.bookingId)).body.resultCode).toBe(SarftCode.Ok);

      const history = host.core.db
        .prepare('SELECT actor, action, details FROM audit_log WHERE subject = ? ORDER BY seq')
        .all(`booking:${second.bookingNumber}`) as { actor: string; action: string; details: string }[];
      const lift = history.find((h) => h.action === 'office.pickup-lock-lifted');
      expect(lift).toMatchObject({ actor: 'staff:sup1' });
      expect(JSON.parse(lift!.details)).toMatchObject({ locks: 2 });
      expect(
        history
          .filter((h) => h.action === 'print-service.pickup-locked')
          .map((h) => JSON.parse(h.details).lockedFor)
          .sort(),
      ).toEqual(['all-terminals', 'this-terminal']);
    } finally {
      await browser?.close();
      await host.stop();
    }
  });
});

describe('print numbers above 2^53', () => {
  it('are refused as malformed at every entrance, so two of them can never name one booking', async () => {
    const host = await startHostOn(sim, tempDir('print-no-range'));
    try {
      const token = String((await login(host, 0)).body.token);
      for (const printNo of ['9007199254740992', '9007199254740993']) {
        const reply = await call(host, '/sarft/v1/tickets/query', { printNo }, { token });
        expect(reply).toMatchObject({
          status: 400,
          body: { resultCode: SarftCode.Malformed, details: { fields: [{ field: 'printNo' }] } },
        });
        expect((await call(host, '/sarft/v1/tickets/apply-print', { printNo, verifyCodeMd5: md5('WQNX8JL') }, { token })).status).toBe(400);
        expect(uiContract['kiosk.lookup'].input.safeParse({ printNo, verifyCode: 'WQNX8JL' }).success).toBe(false);
        expect(await dispatchUiCall(host.core.handlers, 'kiosk.lookup', { printNo, verifyCode: 'WQNX8JL' })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
      // The largest exact one is a well-formed (unknown) number.
      expect((await call(host, '/sarft/v1/tickets/query', { printNo: '9007199254740991' }, { token })).body.resultCode).toBe(
        SarftCode.PrintNoNotFound,
      );
    } finally {
      await host.stop();
    }
  });
});
