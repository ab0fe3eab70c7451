import { openSecret, sealSecret } from '../security/secret-box';

/**
 * The SarftKioskService password is sealed like the central token: bound to the service's origin, so
 * pointing `sarftUpstream.url` elsewhere by hand never sends the password to the new place.
 */
const context = (url: string) => `sarft-upstream-origin:${new URL(url).origin}`;

export const sealSarftPassword = (dataDir: string, password: string, url: string): string => sealSecret(dataDir, password, context(url));

/** Throws when the password was sealed for another origin (or altered). */
export const openSarftPassword = (dataDir: string, sealed: string, url: string): string => openSecret(dataDir, sealed, context(url));
