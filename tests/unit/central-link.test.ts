import { describe, expect, it } from 'vitest';
import { LinkHealth } from '../../electron/core/central/central-link';
import { CentralError } from '../../electron/core/central/central-api';
import { SarftKioskError } from '../../electron/core/central/sarft-kiosk-service';

describe('what the last calls over a link say of it (/healthz)', () => {
  it('nothing before the first call; reachable after an answer, unreachable after a call not sent or of unknown outcome', async () => {
    const link = new LinkHealth(CentralError);
    expect(link.report()).toEqual({ reachable: null, lastOkAt: null, lastError: null });
    expect(await link.track(async () => 42)).toBe(42);
    const ok = link.report();
    expect(ok.reachable).toBe(true);
    expect(Date.parse(ok.lastOkAt!)).toBeGreaterThan(Date.now() - 60_000);

    const notSent = new CentralError('unreachable', 'booking: connect ECONNREFUSED');
    await expect(link.track(() => Promise.reject(notSent))).rejects.toBe(notSent);
    expect(link.report()).toEqual({ reachable: false, lastOkAt: ok.lastOkAt, lastError: 'booking: connect ECONNREFUSED' });
    await expect(link.track(() => Promise.reject(new CentralError('unknown-outcome', 'booking: timeout')))).rejects.toThrow('timeout');
    expect(link.report().lastError).toBe('booking: timeout');
  });

  it("a refusal, another client's error or a plain error says nothing about the link", async () => {
    const link = new LinkHealth(CentralError);
    await link.track(async () => 'answered');
    await expect(link.track(() => Promise.reject(new CentralError('rejected', 'booking: refused', 8)))).rejects.toThrow('refused');
    await expect(link.track(() => Promise.reject(new SarftKioskError('unreachable', 'Auth: refused')))).rejects.toThrow('Auth');
    await expect(link.track(() => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    expect(link.report()).toMatchObject({ reachable: true, lastError: null });
  });

  it('a new address is unknown until its first call; the last success and error stay for the technician', async () => {
    const link = new LinkHealth(SarftKioskError);
    await link.track(async () => 1);
    await expect(link.track(() => Promise.reject(new SarftKioskError('unreachable', 'Auth: ECONNRESET')))).rejects.toThrow();
    const before = link.report();
    link.forget();
    expect(link.report()).toEqual({ ...before, reachable: null });
  });
});
