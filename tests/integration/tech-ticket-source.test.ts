import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import { startDemoHost } from '../support/in-process-host';
import { firstRunCode } from '../support/first-run';
import { ticketSourceModes } from '../support/ticket-source-modes';

/**
 * The technician console names the ticket source in use (central, or the cinema's SarftKioskService with
 * its address and user, never its password), tests it (the service's own sign-in), and has the central
 * settings without a test first.
 */
describe.each(ticketSourceModes)('ticket source $mode', ({ mode, strictSeed }) => {
  let host: RunningHost;
  let session = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies (Result of each call) are checked by shape below
  const call = (name: UiCallName, input: Record<string, unknown> = {}): Promise<any> =>
    dispatchUiCall(host.core.handlers, name, { session, ...input });

  beforeAll(async () => {
    host = await startDemoHost({}, { strictSeed });
    const raw = (name: UiCallName, input: Record<string, unknown>) => dispatchUiCall(host.core.handlers, name, input);
    await raw('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
    const login = await raw('staff.login', { username: 'tech1', password: 'a-long-password-1' });
    session = login.ok ? (login.value as { session: string }).session : '';
  });
  afterAll(() => host?.stop());

  it('the central settings and the ticket source, without a test first; never a password', async () => {
    const got = await call('tech.central.get');
    expect(got).toMatchObject({ ok: true, value: { url: host.config.central!.url, ticketSource: { kind: mode } } });
    const sarft = host.config.sarftUpstream;
    if (sarft) {
      expect(got.value.ticketSource).toEqual({ kind: 'vista-sarft', url: sarft.url, username: sarft.username });
      expect(JSON.stringify(got)).not.toContain(sarft.password);
    }
  });

  it('tests the ticket source: the SarftKioskService signs in, or central answers', async () => {
    expect(await call('tech.ticketSource.test')).toMatchObject({ ok: true, value: { kind: mode, reachable: true } });
  });
});
