import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { isSealed, openSecret, sealSecret } from '../security/secret-box';
import type { AlipayConfig } from './config';

/**
 * The Alipay app private key is sealed in config.json like the central token, bound to the app id
 * and the gateway's origin: a sealed key copied beside another app id or gateway does not open, so
 * it never signs requests for anyone else.
 */
const context = (appId: string, gatewayUrl: string) => `alipay-app-key:${appId}@${new URL(gatewayUrl).origin}`;

export const sealAlipayKey = (dataDir: string, pem: string, appId: string, gatewayUrl: string): string =>
  sealSecret(dataDir, pem, context(appId, gatewayUrl));

/** Throws when the key was sealed for another app id or gateway (or altered). Unsealed values pass through. */
export const openAlipayKey = (dataDir: string, saved: string, appId: string, gatewayUrl: string): string =>
  isSealed(saved) ? openSecret(dataDir, saved, context(appId, gatewayUrl)) : saved;

/** A PEM, or the bare base64 the Alipay key tool gives, as a key object; undefined when it is neither. */
function parseKey(text: string, kind: 'private' | 'public'): KeyObject | undefined {
  const body = text.trim();
  const attempts: (() => KeyObject)[] = body.startsWith('-----BEGIN')
    ? [() => (kind === 'private' ? createPrivateKey(body) : createPublicKey(body))]
    : kind === 'private'
      ? [
          () => createPrivateKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'pkcs8' }),
          () => createPrivateKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'pkcs1' }),
        ]
      : [() => createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' })];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // the next form
    }
  }
  return undefined;
}

/**
 * The Alipay keys as the SDK takes them (PKCS#8 and SPKI PEM), or the problem with them: RSA of at
 * least 2048 bits (RSA2), and the private key's public half must not be Alipay's key (a common mix-up).
 */
export function normalizeAlipayKeys(
  appPrivateKey: string,
  alipayPublicKey: string,
):
  | { ok: true; appPrivateKey: string; alipayPublicKey: string; alipayPublicKeySha256: string }
  | { ok: false; field: string; problem: string } {
  const privateKey = parseKey(appPrivateKey, 'private');
  if (!privateKey || privateKey.asymmetricKeyType !== 'rsa' || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    return {
      ok: false,
      field: 'appPrivateKey',
      problem: 'the app private key must be an RSA key of 2048 bits or more (PEM or the key tool base64)',
    };
  const publicKey = parseKey(alipayPublicKey, 'public');
  if (!publicKey || publicKey.asymmetricKeyType !== 'rsa' || (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    return { ok: false, field: 'alipayPublicKey', problem: "Alipay's public key must be an RSA public key of 2048 bits or more" };
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  if (createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).equals(spki))
    return {
      ok: false,
      field: 'alipayPublicKey',
      problem: "that is the app's own public key: enter Alipay's public key from the open platform",
    };
  return {
    ok: true,
    appPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    alipayPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    alipayPublicKeySha256: createHash('sha256').update(spki).digest('hex'),
  };
}

/** SHA-256 (hex) of a public key's DER, for the console to show instead of the key. */
export const publicKeySha256 = (pem: string): string =>
  createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');

/** The Alipay settings as config.json keeps them: the private key sealed. */
export const persistedAlipay = (dataDir: string, alipay: AlipayConfig): AlipayConfig => ({
  ...alipay,
  appPrivateKey: sealAlipayKey(dataDir, alipay.appPrivateKey, alipay.appId, alipay.gatewayUrl),
});

/**
 * The Alipay section from config.json with its key opened. A key sealed for another app id or gateway
 * (edited by hand) is never used: the section is left out, so the kiosk takes no Alipay until a
 * technician enters the key again, and the reason is returned for the log.
 */
export function openSavedAlipay<A extends { appId?: unknown; gatewayUrl?: unknown; appPrivateKey?: unknown }>(
  dataDir: string,
  saved: A,
): { alipay?: A; problem?: string } {
  if (typeof saved.appPrivateKey !== 'string') return { alipay: saved };
  const gatewayUrl = typeof saved.gatewayUrl === 'string' ? saved.gatewayUrl : 'https://openapi.alipay.com/gateway.do';
  try {
    return { alipay: { ...saved, appPrivateKey: openAlipayKey(dataDir, saved.appPrivateKey, String(saved.appId), gatewayUrl) } };
  } catch {
    return {
      problem:
        'the Alipay app key was saved for another app id or gateway than config.json names now: Alipay is off until it is entered again',
    };
  }
}
