import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../../electron/core/security/durable-file';
import { hostSecret, HostSecretError } from '../../electron/core/security/secret-box';
import { readConfigFile, writeConfigSection } from '../../electron/core/config/config-file';
import { tempDir } from '../support/host-process';
import { fillDisk, mountTmpfs } from '../support/tmpfs';

const probe = mountTmpfs(1);
if (probe.ok) probe.unmount();
const noTmpfs = probe.ok ? '' : probe.reason;

describe('durable files: the host secret and config.json', () => {
  it('writes a new file whole, owner-only, and leaves no temporary file', () => {
    const dir = tempDir('durable');
    writeFileDurably(join(dir, 'a'), 'first');
    writeFileDurably(join(dir, 'a'), 'second');
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('second');
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['a']);
  });

  it('refuses a host secret that is not exactly 32 bytes, naming the file and what to do', () => {
    for (const size of [0, 31, 33]) {
      const dir = tempDir('host-secret');
      writeFileSync(join(dir, 'host-secret'), Buffer.alloc(size, 1));
      expect(() => hostSecret(dir)).toThrow(HostSecretError);
      expect(() => hostSecret(dir)).toThrow(
        new RegExp(`${join(dir, 'host-secret')} holds ${size} bytes instead of 32.*move the file away`, 'u'),
      );
    }
    const fresh = tempDir('host-secret');
    expect(hostSecret(fresh)).toHaveLength(32);
    expect(hostSecret(fresh).equals(hostSecret(fresh))).toBe(true);
  });

  it.skipIf(noTmpfs !== '')(
    `on a full disk makes no host secret at all, not an empty one, and keeps config.json whole ${noTmpfs}`,
    async () => {
      const tmpfs = mountTmpfs(1);
      if (!tmpfs.ok) throw new Error(tmpfs.reason);
      try {
        const dir = tmpfs.dir;
        writeConfigSection(dir, 'ui', { port: 1 });
        const free = fillDisk(dir);
        expect(() => hostSecret(dir)).toThrow(/ENOSPC/u);
        expect(existsSync(join(dir, 'host-secret'))).toBe(false);
        expect(() =>
          writeConfigSection(dir, 'office', { refundReasons: Array.from({ length: 200 }, (_, i) => `reason number ${i}`) }),
        ).toThrow(/ENOSPC/u);
        expect(readConfigFile(dir)).toEqual({ ui: { port: 1 } });
        expect(readdirSync(dir).sort()).toEqual(['config.json', 'filler.bin']);

        free();
        expect(hostSecret(dir)).toHaveLength(32);
      } finally {
        tmpfs.unmount();
      }
    },
  );
});
