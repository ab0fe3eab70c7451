import { readConfigFile, writeConfigSection } from '../core/config/config-file';
import { openSarftPassword, sealSarftPassword } from '../core/config/sarft-upstream-secret';
import { isSealed } from '../core/security/secret-box';

/** The cinema's SarftKioskService as the flags give it (`--sarft-upstream URL --sarft-upstream-user U --sarft-upstream-password P`). */
export interface SarftUpstreamFlags {
  url: string;
  username: string;
  password: string;
}

/**
 * The `sarftUpstream` section of config.json with its password opened. A password typed into the file
 * in the clear is sealed there now (bound to the service's origin, like the central token); one sealed
 * for another origin (the address edited by hand) is refused rather than sent to the new address.
 */
export function savedSarftUpstream(dataDir: string, section: Record<string, unknown>): Record<string, unknown> {
  const url = String(section.url ?? '');
  const password = section.password;
  if (typeof password !== 'string' || password === '') return section;
  if (!isSealed(password)) {
    const saved = readConfigFile(dataDir).sarftUpstream;
    if (saved && typeof saved === 'object')
      writeConfigSection(dataDir, 'sarftUpstream', { ...saved, password: sealSarftPassword(dataDir, password, url) });
    return section;
  }
  try {
    return { ...section, password: openSarftPassword(dataDir, password, url) };
  } catch {
    throw new Error(
      `the SarftKioskService password was saved for another address than sarftUpstream.url (${url}): put the address back, or start with --sarft-upstream, --sarft-upstream-user and --sarft-upstream-password`,
    );
  }
}
