import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useStaffStore } from '../../../renderer/src/stores/staff';
import { errorLine } from '../../../renderer/src/composables/call-error';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';

let bridge: FakeBridge;
const session = 'session-token-0001';
const account = (username: string, role: 'clerk' | 'supervisor' | 'technician') => ({
  username,
  role,
  disabled: false,
  locked: false,
  createdAt: '2026-01-01T00:00:00Z',
});

beforeEach(() => {
  setActivePinia(createPinia());
  bridge = installFakeBridge().answer('staff.list', {
    ok: true,
    value: { staff: [account('sup1', 'supervisor'), account('clerk1', 'clerk')] },
  });
});

describe('the staff accounts store', () => {
  it("lists the accounts with the console's session, and lists again after a change", async () => {
    bridge.answer('staff.add', (input) => ({ ok: true, value: { username: input.username } }));
    const staff = useStaffStore();
    await staff.load(session);
    expect(staff.accounts.map((a) => a.username)).toEqual(['sup1', 'clerk1']);
    expect(await staff.add({ username: 'clerk2', role: 'clerk', password: '246810' })).toBe(true);
    expect(staff.notice).toBe('clerk2');
    expect(bridge.names()).toEqual(['staff.list', 'staff.add', 'staff.list']);
    for (const c of bridge.calls) expect(c.input).toMatchObject({ session });
  });

  it("keeps the core's error as it came; the panel shows the code and each refused field", async () => {
    bridge.answer(
      'staff.resetPassword',
      failure('VALIDATION', 'invalid input', {
        fields: [{ field: 'password', problem: 'a PIN of 6 to 12 digits or a password of at least 10 characters' }],
      }),
    );
    const staff = useStaffStore();
    await staff.load(session);
    expect(await staff.resetPassword('clerk1', '123456')).toBe(false);
    expect(staff.error).toMatchObject({ code: 'VALIDATION', message: 'invalid input' });
    expect(errorLine(staff.error!, { fieldProblems: true })).toBe(
      'VALIDATION: a PIN of 6 to 12 digits or a password of at least 10 characters',
    );
    bridge.answer('staff.setDisabled', (input) => ({ ok: true, value: { username: input.username, disabled: input.disabled } }));
    await staff.setDisabled('clerk1', true);
    expect(staff.error).toBeNull();
  });

  it('calls nothing without a session', async () => {
    const staff = useStaffStore();
    expect(await staff.add({ username: 'clerk2', role: 'clerk', password: '246810' })).toBe(false);
    expect(bridge.calls).toEqual([]);
  });
});
