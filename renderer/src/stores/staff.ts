import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiInput, UiOutput } from '../../../shared/contract/ui';
import { useStaffSession } from '../composables/useStaffSession';

/** Staff accounts, managed from the box office (supervisors) and the technician console, with that page's session. */
export const useStaffStore = defineStore('staff', () => {
  const { session, error, errorOf, forget, call } = useStaffSession();
  const accounts = ref<UiOutput<'staff.list'>['staff']>([]);
  const notice = ref<string | null>(null);

  async function load(withSession: string): Promise<void> {
    session.value = withSession;
    accounts.value = (await call('staff.list', {}))?.staff ?? accounts.value;
  }
  async function add(input: Omit<UiInput<'staff.add'>, 'session'>): Promise<boolean> {
    const done = await call('staff.add', input);
    // Only after a success: reloading the list would clear the refusal the form must still show.
    if (!done) return false;
    notice.value = done.username;
    if (session.value) await load(session.value);
    return true;
  }
  async function setDisabled(username: string, disabled: boolean): Promise<boolean> {
    const done = await call('staff.setDisabled', { username, disabled });
    if (done && session.value) await load(session.value);
    return done !== null;
  }
  async function resetPassword(username: string, password: string): Promise<boolean> {
    const done = await call('staff.resetPassword', { username, password });
    if (done) notice.value = done.username;
    return done !== null;
  }
  return { accounts, error, errorOf, forget, notice, load, add, setDisabled, resetPassword };
});
