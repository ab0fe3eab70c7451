import { isIP } from 'node:net';

/** Whether a host name or address can only mean this machine (traffic to it never leaves the box). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/gu, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare === '::1') return true;
  return bare.startsWith('::ffff:127.');
}

/**
 * Why a setting would carry passwords, tokens or customers' codes over the LAN in clear text, or
 * undefined when it would not: a bind address without TLS, an `http://` URL to another machine.
 */
export function cleartextProblem(
  setting: { bind?: string | undefined; tls?: boolean | undefined } | { url: string; what: string },
): string | undefined {
  if ('url' in setting) {
    let parsed: URL;
    try {
      parsed = new URL(setting.url);
    } catch {
      return undefined;
    }
    return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)
      ? `${setting.what} ${setting.url} is plain http:// to another machine`
      : undefined;
  }
  return setting.bind !== undefined && !setting.tls && !isLoopbackHost(setting.bind)
    ? `--bind ${setting.bind} without --tls serves the print service in clear text on the LAN`
    : undefined;
}
