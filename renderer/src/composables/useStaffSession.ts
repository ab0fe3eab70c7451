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
  const busy = ref(false);

  /** Calls with the session; null when signed out or when the call failed (then `error` says why). */
  async function call<N extends StaffSessionCall>(name: N, input: Omit<UiInput<N>, 'session'>): Promise<UiOutput<N> | null> {
    if (!session.value) return null;
    busy.value = true;
    try {
      const reply = await getBridge().call(name, { ...input, session: session.value } as UiInput<N>);
      if (!reply.ok) {
        error.value = reply.error;
        if (reply.error.code === 'UNAUTHORIZED') await options.onUnauthorized?.(reply.error);
        return null;
      }
      error.value = null;
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
  }

  return { session, error, busy, call, signIn, signOut };
}
