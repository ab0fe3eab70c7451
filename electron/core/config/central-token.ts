import { openSecret, sealSecret } from '../security/secret-box';

/**
 * The central API token is sealed together with the central's origin (scheme, host, port): the token
 * opens only for the origin it was given for, so pointing central.url elsewhere, in the console or in
 * config.json by hand, never sends the token to the new place.
 */
export const centralOrigin = (url: string): string => new URL(url).origin;

const context = (url: string) => `central-origin:${centralOrigin(url)}`;

export const sealCentralToken = (dataDir: string, token: string, url: string): string => sealSecret(dataDir, token, context(url));

/** Throws when the token was sealed for another origin (or altered). */
export const openCentralToken = (dataDir: string, sealed: string, url: string): string => openSecret(dataDir, sealed, context(url));

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/iu;

/** Plain http to another machine would carry the token in clear over the network. */
export const isCleartextToRemote = (url: string): boolean => {
  const parsed = new URL(url);
  return parsed.protocol !== 'https:' && !LOOPBACK.test(parsed.hostname);
};
