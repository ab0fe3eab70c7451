import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A per-installation secret, created once and kept in the data folder (owner-readable only). */
export function hostSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'host-secret');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 });
  return readFileSync(path);
}

const PREFIX = 'sealed:v1:';
const keyOf = (dataDir: string) => Buffer.from(hkdfSync('sha256', hostSecret(dataDir), Buffer.alloc(0), 'config-secrets', 32));

/**
 * Secrets in config.json (the central API token) are sealed with AES-256-GCM under a key derived from
 * the host secret: a copied config file or a config export reveals nothing. The key sits in the same
 * data folder, so this protects the file, not a stolen disk; on Electron, safeStorage could hold the key.
 */
export function sealSecret(dataDir: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(dataDir), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The plain secret; values that were never sealed pass through. Throws when a sealed value was tampered with. */
export function openSecret(dataDir: string, value: string): string {
  if (!value.startsWith(PREFIX)) return value;
  const raw = Buffer.from(value.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(dataDir), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
