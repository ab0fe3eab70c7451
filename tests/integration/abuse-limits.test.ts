import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';
import type { RunningHost } from '../../electron/host/host';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { tempDir } from '../support/host-process';
import { startExternalSim, startHostOn } from '../support/external-sim-host';
import { md5 } from '../support/in-process-host';

const limits = { printService: { limits: { loginFailures: 3, verifyFailures: 3, queriesPerMinute: 5 } } };
let sim: RunningCentralSim;

beforeAll(async () => {
  sim = await startExternalSim();
});
afterAll(() => sim?.close());

async function call(host: RunningHost, path: string, body: unknown, token?: string) {
  const response = await request(`${host.printServiceUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    retryAfterHeader: response.headers['retry-after'],
    body: (await response.body.json()) as Record<string, unknown>,
  };
}

async function login(host: RunningHost, index: number, password?: string) {
  const t = host.demo!.terminals[index]!;
  return call(host, '/sarft/v1/auth', { username: t.username, password: password ?? t.password, terminalId: t.terminalId });
}

describe('abuse limits, kept across a restart', () => {
  it('locks an account after repeated login failures; the lock survives a restart; the correct password is refused while locked', async () => {
    const dataDir = tempDir('limits-login');
    let host = await startHostOn(sim, dataDir, limits);
    try {
      for (let i = 0; i < 2; i += 1) expect((await login(host, 1, 'wrong-password')).body.resultCode).toBe(SarftCode.BadCredentials);
      const third = await login(host, 1, 'wrong-password');
      expect(third.body.resultCode).toBe(SarftCode.BadCredentials);
      const locked = await login(host, 1);
      expect(locked).toMatchObject({ status: 429, body: { resultCode: SarftCode.TooManyAttempts } });
      expect(Number(locked.body.retryAfter)).toBeGreaterThan(800);
      expect(Number(locked.retryAfterHeader)).toBe(locked.body.retryAfter);
      // The other terminal is not affected.
      expect((await login(host, 0)).body.resultCode).toBe(SarftCode.Ok);
    } finally {
      await host.stop();
    }
    host = await startHostOn(sim, dataDir, limits);
    try {
      expect((await login(host, 1)).body.resultCode).toBe(SarftCode.TooManyAttempts);
      const refusals = host.core.audit.verify();
      expect(refusals.ok).toBe(true);
    } finally {
      await host.stop();
    }
  });

  it('locks a print number for the guessing terminal after repeated wrong verify codes, also after a restart; other terminals still collect', async () => {
    const dataDir = tempDir('limits-verify');
    const booking = sim.state.createBooking({ ticketCount: 1 });
    const printNo = String(booking.bookingNumber);
    let host = await startHostOn(sim, dataDir, limits);
    try {
      const token = String((await login(host, 0)).body.token);
      for (let i = 0; i < 3; i += 1) {
        expect(
          (await call(host, '/sarft/v1/tickets/apply-print', { printNo, verifyCodeMd5: md5(`WRONG${i}`) }, token)).body.resultCode,
        ).toBe(SarftCode.PrintNoOrVerifyWrong);
      }
      expect(
        (await call(host, '/sarft/v1/tickets/apply-print', { printNo, verifyCodeMd5: md5(booking.bookingId) }, token)).body.resultCode,
      ).toBe(SarftCode.TooManyAttempts);
    } finally {
      await host.stop();
    }
    host = await startHostOn(sim, dataDir, limits);
    try {
      const same = String((await login(host, 0)).body.token);
      expect(
        (await call(host, '/sarft/v1/tickets/apply-print', { printNo, verifyCodeMd5: md5(booking.bookingId) }, same)).body.resultCode,
      ).toBe(SarftCode.TooManyAttempts);
      expect(sim.state.findBooking(booking.bookingNumber, undefined)!.tickets[0]!.collected).toBe(false);
      // Another kiosk is not locked out by this one's guessing (tests/integration/abuse-flood.test.ts covers the all-terminals ceiling).
      const other = String((await login(host, 1)).body.token);
      expect(
        (await call(host, '/sarft/v1/tickets/apply-print', { printNo, verifyCodeMd5: md5(booking.bookingId) }, other)).body.resultCode,
      ).toBe(SarftCode.Ok);
    } finally {
      await host.stop();
    }
  });

  it('limits queries per terminal per minute, with retryAfter, and keeps the window across a restart', async () => {
    const dataDir = tempDir('limits-query');
    let host = await startHostOn(sim, dataDir, limits);
    const printNo = String(sim.state.bookings()[0]!.bookingNumber);
    try {
      const token = String((await login(host, 0)).body.token);
      for (let i = 0; i < 5; i += 1)
        expect((await call(host, '/sarft/v1/tickets/query', { printNo }, token)).body.resultCode).toBe(SarftCode.Ok);
      const sixth = await call(host, '/sarft/v1/tickets/query', { printNo }, token);
      expect(sixth).toMatchObject({ status: 429, body: { resultCode: SarftCode.TooManyAttempts } });
      expect(Number(sixth.body.retryAfter)).toBeGreaterThan(0);
      expect(Number(sixth.body.retryAfter)).toBeLessThanOrEqual(60);
    } finally {
      await host.stop();
    }
    host = await startHostOn(sim, dataDir, limits);
    try {
      const token = String((await login(host, 0)).body.token);
      expect((await call(host, '/sarft/v1/tickets/query', { printNo }, token)).body.resultCode).toBe(SarftCode.TooManyAttempts);
      const metrics = await (await request(`${host.printServiceUrl}/metrics`)).body.text();
      expect(metrics).toMatch(/sarft_requests_total\{call="query",code="2009"\} 1/u);
    } finally {
      await host.stop();
    }
  });

  it('answers an unknown user and a wrong password alike, in timing too', async () => {
    const host = await startHostOn(sim, tempDir('limits-timing'), {
      printService: { limits: { loginFailures: 1000, sourceLoginsPerMinute: 1000, sourceFailuresPerMinute: 1000 } },
    });
    try {
      const t = host.demo!.terminals[0]!;
      const time = async (username: string) => {
        const started = performance.now();
        const reply = await call(host, '/sarft/v1/auth', { username, password: 'wrong-password', terminalId: t.terminalId });
        return { ms: performance.now() - started, reply };
      };
      await time('warm-up');
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const a = await time(t.username);
        const b = await time(`ghost-${i}`);
        expect(a.reply.body.resultCode).toBe(SarftCode.BadCredentials);
        expect(b.reply.body.resultCode).toBe(SarftCode.BadCredentials);
        expect(a.reply.body.message).toBe(b.reply.body.message);
        known.push(a.ms);
        unknown.push(b.ms);
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      // Both pay one scrypt: the medians stay within a factor of two of each other.
      expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
      expect(median(unknown) / median(known)).toBeLessThan(2);
    } finally {
      await host.stop();
    }
  });
});
