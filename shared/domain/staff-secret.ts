/** The roles of the box office and the technicians' console. */
export type StaffSecretRole = 'clerk' | 'supervisor' | 'technician';

/** A supervisor approves refunds and reprints, a technician manages everything: neither uses a PIN. */
export const STAFF_PASSWORD_MIN = 12;
export const STAFF_SECRET_RULE = `PINs are for clerks only: supervisors and technicians need a password of at least ${STAFF_PASSWORD_MIN} characters (not all digits)`;

const isPin = (secret: string) => /^\d{6,12}$/u.test(secret);

/** Whether a new password or PIN is allowed for this role. */
export function staffSecretAllowed(role: StaffSecretRole, secret: string): boolean {
  if (secret.length > 256) return false;
  if (role === 'clerk') return isPin(secret) || secret.length >= 10;
  return secret.length >= STAFF_PASSWORD_MIN && !/^\d+$/u.test(secret);
}
