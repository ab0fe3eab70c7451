import { hasUnsafeCharacters } from './text';

/** The longest address SMTP carries (RFC 5321: a 254-octet path). */
export const MAIL_ADDRESS_MAX = 254;

// One bare address: a dot-atom local part and a domain of LDH labels with a letter TLD. No display
// name, no comments, no quoted local part, no second address: nothing a header or an SMTP command
// could be split on, and nothing a customer needs to have a receipt sent.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/u;

export type MailAddressCheck =
  { ok: true; address: string } | { ok: false; reason: 'empty' | 'too-long' | 'control-characters' | 'not-an-address' };

/** Checks an address a customer typed; the answer's `address` is trimmed, with its domain in lower case. */
export function checkMailAddress(raw: string): MailAddressCheck {
  if (hasUnsafeCharacters(raw)) return { ok: false, reason: 'control-characters' };
  const text = raw.trim();
  if (text.length === 0) return { ok: false, reason: 'empty' };
  if (text.length > MAIL_ADDRESS_MAX) return { ok: false, reason: 'too-long' };
  const at = text.lastIndexOf('@');
  if (at <= 0 || at !== text.indexOf('@')) return { ok: false, reason: 'not-an-address' };
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  if (local.length > 64 || !LOCAL.test(local)) return { ok: false, reason: 'not-an-address' };
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !/^[a-z]{2,63}$/u.test(labels.at(-1)!))
    return { ok: false, reason: 'not-an-address' };
  return { ok: true, address: `${local}@${domain}` };
}
