import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, existsSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../../electron/host/host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import { printerTransportFor } from '../../electron/core/printing/printer-transport.factory';
import { FilePrinterTransport } from '../../electron/core/printing/transports/file.transport';
import { PrinterLinkError } from '../../electron/core/printing/transports/transport';
import type { UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startDemoHost } from '../support/in-process-host';
import { tempDir } from '../support/host-process';
import { startSocat } from '../support/socat';
import { firstRunCode } from '../support/first-run';

let host: RunningHost;
let session: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked by shape below
const call = (name: UiCallName, input: unknown): Promise<Result<any>> => dispatchUiCall(host.core.handlers, name, input);

beforeAll(async () => {
  host = await startDemoHost();
  await call('staff.setup', { username: 'tech1', password: 'a-long-password-1', code: firstRunCode(host!.config.dataDir) });
  const login = await call('staff.login', { username: 'tech1', password: 'a-long-password-1' });
  session = login.ok ? login.value.session : '';
});
afterAll(() => host?.stop());

const snapshot = (path: string) => ({ bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs });
const configFile = () =>
  existsSync(join(host.config.dataDir, 'config.json')) ? readFileSync(join(host.config.dataDir, 'config.json'), 'utf8') : null;

describe('a file: printer is a printer device, never a file the service user can append to', () => {
  it('refuses file:/tmp/… , file:/etc/passwd, /dev/null and paths that climb out of /dev, in the printer panel and in an import, changing nothing', async () => {
    const victim = join(tempDir('printer-victim'), 'x.txt');
    writeFileSync(victim, 'keep me\n');
    const before = { victim: snapshot(victim), passwd: snapshot('/etc/passwd'), config: configFile() };
    const got = await call('tech.printer.get', { session });
    const profile = got.ok ? (got.value.profile as Record<string, unknown>) : {};
    for (const url of [
      `file:${victim}`,
      'file:/etc/passwd',
      'file:/dev/null',
      'file:/dev/usb/lp0/../../../etc/passwd',
      `file:/dev/pts/../../${victim}`,
    ]) {
      expect(await call('tech.printer.update', { session, profile: { ...profile, url } })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'profile.url' } },
      });
      expect(await call('tech.config.import', { session, config: { slipPrinter: { ...profile, url } } })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'slipPrinter.url' } },
      });
      expect(await call('tech.config.import', { session, config: { printer: { ...profile, url } } })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { field: 'printer.url' } },
      });
    }
    expect(await call('tech.printer.get', { session })).toMatchObject({ ok: true, value: { profile: { url: profile.url } } });
    // A test page still goes to the printer in use, not to any of the files.
    expect(await call('tech.printer.testPage', { session })).toMatchObject({ ok: true, value: { printed: true } });
    expect(snapshot(victim)).toEqual(before.victim);
    expect(snapshot('/etc/passwd')).toEqual(before.passwd);
    expect(configFile()).toBe(before.config);
  });

  it('opens no regular file and follows no symbolic link at the device path (checked on the open handle), leaving the target unchanged', async () => {
    const dir = tempDir('printer-link');
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(dir, 'lp0'));
    const before = snapshot(target);
    await expect(new FilePrinterTransport(join(dir, 'lp0')).open()).rejects.toThrow(PrinterLinkError);
    await expect(new FilePrinterTransport(target).open()).rejects.toThrow(/not a printer device/u);
    await expect(new FilePrinterTransport(join(dir, 'missing')).open()).rejects.toThrow(PrinterLinkError);
    expect(snapshot(target)).toEqual(before);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
  });

  it('prints to a real character device: a pty whose other end reads the bytes', async () => {
    const dir = tempDir('printer-pty');
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    const socat = await startSocat(`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`, [a, b]);
    try {
      const device = realpathSync(a);
      expect(device).toMatch(/^\/dev\/pts\/\d+$/u);
      // The link itself is refused (a symbolic link); the device it names is a printer path.
      expect(() => printerTransportFor(`file:${a}`)).toThrow(/refused/u);
      const reader = createReadStream(realpathSync(b));
      // The pty reports EIO once socat closes it.
      reader.on('error', () => undefined);
      const received = new Promise<string>((resolve) => {
        let got = '';
        reader.on('data', (d) => {
          got += d.toString();
          if (got.includes('\n')) resolve(got);
        });
      });
      const session = await printerTransportFor(`file:${device}`).open();
      await session.write(Buffer.from('TICKET 1\n'));
      await session.close();
      expect(await received).toBe('TICKET 1\n');
      reader.destroy();
    } finally {
      await socat.stop();
    }
  });
});
