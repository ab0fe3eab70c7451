import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/storage/database';
import { TerminalsRepository } from '../../electron/core/storage/repositories/terminals.repository';
import { TerminalAuth } from '../../electron/core/print-service/terminal-auth';
import { tempDir } from '../support/host-process';

// The print service remembers a checked token for a moment so that a busy kiosk's queries do not each
// read the store. A disabled terminal's tokens must still stop at once: disabled here, by the terminals
// CLI on its own connection while the host runs, or by a password rotation.

const HOUR = 3_600_000;
let clock = 1_795_000_000_000;
const now = () => clock;
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function twoConnections() {
  const path = join(tempDir('token-memory'), 'kiosk.sqlite');
  const hostDb = openDatabase(path);
  const cliDb = openDatabase(path);
  open.push(hostDb, cliDb);
  const host = new TerminalAuth(new TerminalsRepository(hostDb), 12 * HOUR, now);
  const cli = new TerminalAuth(new TerminalsRepository(cliDb), 12 * HOUR, now);
  expect(await host.register('K1', 'kiosk-1', 'pw-one-long')).toBe(true);
  expect(await host.register('K2', 'kiosk-2', 'pw-two-long')).toBe(true);
  const login = async (username: string, password: string, id: string) => {
    const outcome = await host.login(username, password, id);
    if (outcome.kind !== 'ok') throw new Error(outcome.kind);
    return outcome.token;
  };
  return { host, cli, hostDb, k1: await login('kiosk-1', 'pw-one-long', 'K1'), k2: await login('kiosk-2', 'pw-two-long', 'K2') };
}

describe('remembered terminal tokens', () => {
  it('answers a remembered token without reading the store again, and with the session id', async () => {
    const { host, hostDb, k1 } = await twoConnections();
    const first = host.session(k1)!;
    expect(first.terminal.terminal_id).toBe('K1');
    // Removed behind the repository's back on the same connection: still remembered for the moment.
    hostDb.prepare('DELETE FROM terminal_tokens').run();
    expect(host.session(k1)).toEqual(first);
    clock += 2_001;
    expect(host.session(k1)).toBeUndefined();
  });

  it('a terminal disabled by another connection (the CLI while the host runs) stops at once', async () => {
    const { host, cli, k1, k2 } = await twoConnections();
    expect(host.authenticate(k1)?.terminal_id).toBe('K1');
    expect(host.authenticate(k2)?.terminal_id).toBe('K2');
    expect(cli.setDisabled('K1', true)).toBe(true);
    expect(host.authenticate(k1)).toBeUndefined();
    expect(host.authenticate(k2)?.terminal_id).toBe('K2');
    expect(cli.setDisabled('K1', false)).toBe(true);
    // Re-enabling does not bring back a token that disabling revoked.
    expect(host.authenticate(k1)).toBeUndefined();
  });

  it('a password rotated by another connection ends the remembered tokens at once', async () => {
    const { host, cli, k2 } = await twoConnections();
    expect(host.authenticate(k2)?.terminal_id).toBe('K2');
    expect(await cli.rotatePassword('K2', 'a-new-password')).toBe(true);
    expect(host.authenticate(k2)).toBeUndefined();
  });

  it('disabling or rotating on the same connection forgets at once too', async () => {
    const { host, k1, k2 } = await twoConnections();
    expect(host.authenticate(k1)?.terminal_id).toBe('K1');
    expect(host.authenticate(k2)?.terminal_id).toBe('K2');
    host.setDisabled('K1', true);
    expect(host.authenticate(k1)).toBeUndefined();
    await host.rotatePassword('K2', 'another-password');
    expect(host.authenticate(k2)).toBeUndefined();
  });

  it('a remembered token still ends at its own expiry', async () => {
    const { host, k1 } = await twoConnections();
    clock += 12 * HOUR - 1_000;
    expect(host.authenticate(k1)?.terminal_id).toBe('K1');
    clock += 1_000;
    expect(host.authenticate(k1)).toBeUndefined();
  });

  it('never remembers a bad token', async () => {
    const { host, k1 } = await twoConnections();
    expect(host.authenticate(`${k1}x`)).toBeUndefined();
    expect(host.authenticate('not-a-token')).toBeUndefined();
    expect(host.authenticate(k1)?.terminal_id).toBe('K1');
  });
});
