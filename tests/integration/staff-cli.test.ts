import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/storage/database';
import { ROOT, tempDir } from '../support/host-process';

const staffCli = (args: string[], stdin = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/staff-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', input: stdin });

describe('npm run staff', () => {
  it('makes the first technician from the host shell without the first-run code, the password from stdin or a file, never argv', () => {
    const dataDir = tempDir('staff-cli');
    writeFileSync(join(dataDir, 'first-run-code'), '1234-5678-9012\n', { mode: 0o600 });
    const added = staffCli(['add', '--data-dir', dataDir, '--username', 'tech1', '--role', 'technician'], 'a-long-password-1\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('added tech1 (technician)');
    // A technician exists: the one-time code is of no use any more and goes.
    expect(existsSync(join(dataDir, 'first-run-code'))).toBe(false);

    expect(staffCli(['add', '--data-dir', dataDir, '--username', 'tech1', '--role', 'technician'], 'a-long-password-2\n')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('tech1 exists'),
    });
    expect(staffCli(['add', '--data-dir', dataDir, '--username', 'sup1', '--role', 'supervisor'], '123456\n')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('PINs are for clerks only'),
    });
    expect(
      staffCli(['add', '--data-dir', dataDir, '--username', 'sup1', '--role', 'supervisor', '--password', 'a-long-password-3']),
    ).toMatchObject({ status: 1 });
    writeFileSync(join(dataDir, 'pw'), 'supervisor-pass-1\n', { mode: 0o600 });
    expect(
      staffCli(['add', '--data-dir', dataDir, '--username', 'sup1', '--role', 'supervisor', '--password-file', join(dataDir, 'pw')]),
    ).toMatchObject({ status: 0 });

    const db = openDatabase(join(dataDir, 'kiosk.sqlite'));
    try {
      expect(db.prepare('SELECT username, role FROM staff ORDER BY username').all()).toEqual([
        { username: 'sup1', role: 'supervisor' },
        { username: 'tech1', role: 'technician' },
      ]);
      expect(db.prepare("SELECT actor, subject FROM audit_log WHERE action = 'staff.added' ORDER BY seq").all()).toEqual([
        { actor: 'technician:cli', subject: 'staff:tech1' },
        { actor: 'technician:cli', subject: 'staff:sup1' },
      ]);
    } finally {
      db.close();
    }
  });
});
