import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../electron/core/security/secret-box';
import { isCleartextToRemote, openCentralToken, sealCentralToken } from '../../electron/core/config/central-token';
import { tempDir } from '../support/host-process';

describe('sealed secrets bound to the central origin', () => {
  it('opens a token only for the origin it was sealed for', () => {
    const dir = tempDir('secret-box');
    const sealed = sealCentralToken(dir, 'the-token', 'https://vista.example:443/WSVistaWebClient');
    expect(sealed).not.toContain('the-token');
    expect(openCentralToken(dir, sealed, 'https://vista.example/OtherPath')).toBe('the-token');
    for (const other of [
      'http://vista.example/WSVistaWebClient',
      'https://vista.example:8443/WSVistaWebClient',
      'https://attacker.example/WSVistaWebClient',
    ]) {
      expect(() => openCentralToken(dir, sealed, other)).toThrow();
    }
    // Nor without any context, nor under another data folder's key.
    expect(() => openSecret(dir, sealed)).toThrow();
    expect(() => openCentralToken(tempDir('secret-box'), sealed, 'https://vista.example/')).toThrow();
  });

  it('still opens a value sealed without a context (an older config.json), and passes plain values through', () => {
    const dir = tempDir('secret-box');
    expect(openSecret(dir, sealSecret(dir, 'old'))).toBe('old');
    expect(openSecret(dir, 'plain', 'anything')).toBe('plain');
  });

  it('calls http: to another machine cleartext, loopback and https: not', () => {
    expect(isCleartextToRemote('http://192.0.2.7/WSVistaWebClient')).toBe(true);
    expect(isCleartextToRemote('http://vista.example/WSVistaWebClient')).toBe(true);
    for (const fine of ['https://vista.example/', 'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x'])
      expect(isCleartextToRemote(fine)).toBe(false);
  });
});
