import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiCallName, UiInput, UiOutput } from '../../../shared/contract/ui';
import { getBridge } from '../services/bridge';

type StaffCall = Extract<UiCallName, 'staff.list' | 'staff.add' | 'staff.setDisabled' | 'staff.resetPassword'>;

/** Staff accounts, managed from the box office (supervisors) and the technician console, with that page's session. */
export const useStaffStore = defineStore('staff', () => {
  const session = ref<string | null>(null);
  const accounts = ref<UiOutput<'staff.list'>['staff']>([]);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);

  async function call<N extends StaffCall>(name: N, input: Omit<UiInput<N>, 'session'>): Promise<UiOutput<N> | null> {
    if (!session.value) return null;
    const reply = await getBridge().call(name, { ...input, session: session.value } as UiInput<N>);
    if (!reply.ok) {
      const problems = (reply.error.details?.fields as { problem: string }[] | undefined)?.map((f) => f.problem).join('; ');
      error.value = `${reply.error.code}: ${problems ?? reply.error.message}`;
      return null;
    }
    error.value = null;
    return reply.value;
  }

  async function load(withSession: string): Promise<void> {
    session.value = withSession;
    accounts.value = (await call('staff.list', {}))?.staff ?? accounts.value;
  }
  async function add(input: Omit<UiInput<'staff.add'>, 'session'>): Promise<boolean> {
    const done = await call('staff.add', input);
    if (done) notice.value = done.username;
    if (session.value) await load(session.value);
    return done !== null;
  }
  async function setDisabled(username: string, disabled: boolean): Promise<void> {
    await call('staff.setDisabled', { username, disabled });
    if (session.value) await load(session.value);
  }
  async function resetPassword(username: string, password: string): Promise<boolean> {
    const done = await call('staff.resetPassword', { username, password });
    if (done) notice.value = done.username;
    return done !== null;
  }
  return { accounts, error, notice, load, add, setDisabled, resetPassword };
});
