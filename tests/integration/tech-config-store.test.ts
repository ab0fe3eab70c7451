import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startVirtualPrinter, type RunningVirtualPrinter } from '../../electron/simulator/virtual-printer';
import { bookingPicker, startDemoHost } from '../support/in-process-host';
import { firstRunCode } from '../support/first-run';
import { tempDir } from '../support/host-process';
import { eventually } from '../support/sim-control';

let host: RunningHost | undefined;
let other: RunningVirtualPrinter | undefined;
let session: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by shape below
const call = (name: UiCallName, input: unknown): Promise<Result<any>> => dispatchUiCall(host!.core.handlers, name, input);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the value of a reply the test expects to succeed
const valueOf = async (reply: Promise<Result<any>>): Promise<any> => {
  const r = await reply;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

beforeAll(async () => {
  host = await startDemoHost();
  other = await startVirtualPrinter({ dir: join(tempDir('tech-config-store'), 'captures') });
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host.config.dataDir) });
  const login = await call('staff.login', { username: 'tech1', password: 'a-long-password-1' });
  session = login.ok ? login.value.session : '';
});
afterAll(async () => {
  await host?.stop();
  await other?.close();
});

describe('technician changes go through the configuration store', () => {
  it('a new ticket printer takes the next collection, the health of the printer follows it, and the started config is not mutated', async () => {
    const started = host!.config.printer;
    const { profile } = await valueOf(call('tech.printer.get', { session }));
    expect(await call('tech.printer.update', { session, profile: { ...profile, url: other!.url } })).toMatchObject({ ok: true });
    expect(host!.config.printer).toBe(started);
    expect((await valueOf(call('tech.config.export', { session }))).config.printer.url).toBe(other!.url);
    expect(await call('printer.status', {})).toMatchObject({ ok: true, value: { ready: true } });

    const b = bookingPicker(host!)('unprinted', 1);
    expect(await host!.core.handlers['kiosk.collect']({ printNo: b.printNo, verifyCode: b.verifyCode })).toMatchObject({
      ok: true,
      value: { printed: 1 },
    });
    await eventually(
      async () => other!.jobs(),
      (j) => j.length === 1,
    );

    other!.setCondition({ paperOut: true });
    expect(await call('printer.status', {})).toMatchObject({ ok: true, value: { state: 'paper-out', ready: false } });
    other!.setCondition({ paperOut: false });
  });

  it('refuses an import that would move the central address with NOT_IMPORTABLE, and saves nothing', async () => {
    const reply = await call('tech.config.import', { session, config: { central: { url: 'https://elsewhere.example/WSVistaWebClient' } } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_IMPORTABLE', details: { field: 'central.url' } } });
    const imported = host!.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'config.imported'").get();
    expect(imported).toEqual({ n: 0 });
  });
});
