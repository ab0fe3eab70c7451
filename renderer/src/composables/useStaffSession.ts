import { ref } from 'vue';
import type { UiCallName, UiInput, UiOutput } from '../../../shared/contract/ui';
import type { Result, UiError } from '../../../shared/errors';
import { getBridge } from '../services/bridge';

/** The calls that carry a staff session. */
export type StaffSessionCall = { [N in UiCallName]: UiInput<N> extends { session: string } ? N : never }[UiCallName];

export interface StaffSessionOptions {
  /** What an UNAUTHORIZED answer means on this console: a refused approval, or a session that ended. */
  onUnauthorized?: (error: UiError) => Promise<void> | void;
}

/**
 * A signed-in staff member's session on one console (box office, technician console, staff accounts), for
 * the stores: every call carries the session, and every failed call leaves the core's error as it came (one
 * error shape across the renderer).
 */
export function useStaffSession(options: StaffSessionOptions = {}) {
  const session = ref<string | null>(null);
  const error = ref<UiError | null>(null);
  /**
   * Each call's last refusal, until that call succeeds: a panel shows its own beside its form, and a poll of
   * another call (the printer's status) does not wipe it away.
   */
  const errors = ref<Partial<Record<UiCallName, UiError>>>({});
  const busy = ref(false);

  /** Calls with the session; null when signed out or when the call failed (then `error` says why). */
  async function call<N extends StaffSessionCall>(name: N, input: Omit<UiInput<N>, 'session'>): Promise<UiOutput<N> | null> {
    if (!session.value) return null;
    busy.value = true;
    try {
      const reply = await getBridge().call(name, { ...input, session: session.value } as UiInput<N>);
      if (!reply.ok) {
        error.value = reply.error;
        errors.value = { ...errors.value, [name]: reply.error };
        if (reply.error.code === 'UNAUTHORIZED') await options.onUnauthorized?.(reply.error);
        return null;
      }
      error.value = null;
      if (errors.value[name]) {
        const { [name]: _settled, ...rest } = errors.value;
        errors.value = rest;
      }
      return reply.value;
    } finally {
      busy.value = false;
    }
  }

  /** Signs in; the caller decides whether the role may use this console before keeping the session. */
  const signIn = (username: string, password: string): Promise<Result<UiOutput<'staff.login'>>> =>
    getBridge().call('staff.login', { username, password });

  /** Ends the session at the core too (a stolen token stops working), then forgets it. */
  async function signOut(): Promise<void> {
    if (session.value) await getBridge().call('staff.logout', { session: session.value });
    session.value = null;
    errors.value = {};
  }

  /** The refusal of the first of these calls that has one now. */
  const errorOf = (...names: UiCallName[]): UiError | null => names.map((n) => errors.value[n]).find(Boolean) ?? null;

  /** Forgets these calls' refusals: a dialog opened again starts without the last one's. */
  const forget = (...names: UiCallName[]): void => {
    errors.value = Object.fromEntries(Object.entries(errors.value).filter(([n]) => !names.includes(n as UiCallName)));
    if (error.value && names.length > 0) error.value = null;
  };

  return { session, error, errors, errorOf, forget, busy, call, signIn, signOut };
}
