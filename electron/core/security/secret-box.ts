import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from './durable-file';

const SECRET_BYTES = 32;

export class HostSecretError extends Error {}

/**
 * A per-installation secret, created once and kept in the data folder (owner-readable only).
 * Written durably: a start on a full disk once left an empty file, and every later start used it.
 */
export function hostSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'host-secret');
  if (!existsSync(path)) writeFileDurably(path, randomBytes(SECRET_BYTES));
  const secret = readFileSync(path);
  if (secret.length !== SECRET_BYTES) {
    throw new HostSecretError(
      `${path} holds ${secret.length} bytes instead of ${SECRET_BYTES}: it is damaged (a start on a full disk?). ` +
        'Free disk space, move the file away and start again: a new secret is made, terminals sign in again, ' +
        'and the central token must be entered again in the technician console.',
    );
  }
  return secret;
}

const PREFIX_V1 = 'sealed:v1:';
/** v2 binds the sealed value to a context (the central origin) as AES-GCM additional data. */
const PREFIX_V2 = 'sealed:v2:';
const keyOf = (dataDir: string) => Buffer.from(hkdfSync('sha256', hostSecret(dataDir), Buffer.alloc(0), 'config-secrets', 32));

export const isSealed = (value: string): boolean => value.startsWith(PREFIX_V1) || value.startsWith(PREFIX_V2);
/** Sealed before values were bound to a context: open once without one, then seal again with it. */
export const isSealedWithoutContext = (value: string): boolean => value.startsWith(PREFIX_V1);

/**
 * Secrets in config.json (the central API token) are sealed with AES-256-GCM under a key derived from
 * the host secret: a copied config file or a config export reveals nothing. The key sits in the same
 * data folder, so this protects the file, not a stolen disk; on Electron, safeStorage could hold the key.
 * `aad` binds the value to where it may be used (the central token to the central's origin): a sealed
 * token copied next to another URL no longer opens, so it is never sent there.
 */
export function sealSecret(dataDir: string, plain: string, aad?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(dataDir), iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return (aad === undefined ? PREFIX_V1 : PREFIX_V2) + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * The plain secret; values that were never sealed pass through. Throws when a sealed value was tampered
 * with, or was sealed for another `aad` (a v2 value opened without one, or with a different one).
 */
export function openSecret(dataDir: string, value: string, aad?: string): string {
  const v2 = value.startsWith(PREFIX_V2);
  if (!v2 && !value.startsWith(PREFIX_V1)) return value;
  if (v2 && aad === undefined) throw new Error('this sealed value is bound to a context that was not given');
  const raw = Buffer.from(value.slice((v2 ? PREFIX_V2 : PREFIX_V1).length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(dataDir), raw.subarray(0, 12));
  if (v2) decipher.setAAD(Buffer.from(aad!, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
