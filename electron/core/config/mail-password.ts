import { isSealed, openSecret, sealSecret } from '../security/secret-box';
import type { MailConfig } from './config';

/**
 * The SMTP password is sealed in config.json like the central token, bound to the relay (host and
 * port) and the account: a sealed password copied beside another relay does not open, so it is never
 * sent to a server the technician did not enter it for.
 */
const context = (mail: Pick<MailConfig, 'host' | 'port' | 'user'>) => `smtp-password:${mail.user ?? ''}@${mail.host}:${mail.port}`;

/** The mail section as config.json keeps it: the password sealed. */
export const persistedMail = (dataDir: string, mail: MailConfig): MailConfig =>
  mail.password ? { ...mail, password: sealSecret(dataDir, mail.password, context(mail)) } : mail;

/**
 * The mail section from config.json with its password opened. A password sealed for another relay or
 * account (edited by hand) is never sent: it is left out and the reason returned for the log, so the
 * relay refuses the login and the outbox keeps the messages until a technician enters it again.
 */
export function openSavedMail<M extends { host?: unknown; port?: unknown; user?: unknown; password?: unknown }>(
  dataDir: string,
  saved: M,
): { mail: M; problem?: string } {
  if (typeof saved.password !== 'string' || !isSealed(saved.password)) return { mail: saved };
  const where = {
    host: String(saved.host),
    port: typeof saved.port === 'number' ? saved.port : 587,
    user: saved.user as string | undefined,
  };
  try {
    return { mail: { ...saved, password: openSecret(dataDir, saved.password, context(where)) } };
  } catch {
    const { password: _dropped, ...rest } = saved;
    return {
      mail: rest as M,
      problem:
        'the SMTP password was saved for another relay or account than config.json names now: enter it again in the technician console',
    };
  }
}
