import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useKioskStore } from '../../../renderer/src/stores/kiosk';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';

let bridge: FakeBridge;
const printNo = '0000000000001234';

beforeEach(() => {
  setActivePinia(createPinia());
  bridge = installFakeBridge()
    .answer('kiosk.info', {
      ok: true,
      value: { terminalId: 'KIOSK-01', idleTimeoutSeconds: 90, idleWarningSeconds: 20, printer: { state: 'ready', ready: true } },
    })
    .answer('kiosk.lookup', (input) => ({ ok: true, value: { printNo: input.printNo, tickets: [], printable: 2 } }))
    .answer('kiosk.collect', (input) => ({ ok: true, value: { printNo: input.printNo, total: 2, printed: 2, failed: 0, unknown: 0 } }));
});

describe('the kiosk store', () => {
  it('takes the terminal and its idle timers from kiosk.info, and follows printer and progress events', async () => {
    const kiosk = useKioskStore();
    await kiosk.init();
    expect([kiosk.terminalId, kiosk.idleTimeoutSeconds, kiosk.idleWarningSeconds, kiosk.printer?.state]).toEqual([
      'KIOSK-01',
      90,
      20,
      'ready',
    ]);
    expect(bridge.streams()).toEqual([undefined]);
    bridge.emit({ type: 'printer.status', status: { state: 'paper-out', ready: false } });
    expect(kiosk.printer).toEqual({ state: 'paper-out', ready: false });
    kiosk.start();
    kiosk.submitPrintNo(printNo);
    await kiosk.submitVerifyCode('ABCD12');
    bridge.emit({ type: 'collection.progress', printNo: '0000000000009999', done: 1, total: 3 });
    expect(kiosk.progress).toEqual({ done: 0, total: 0 });
    bridge.emit({ type: 'collection.progress', printNo, done: 1, total: 2 });
    expect(kiosk.progress).toEqual({ done: 1, total: 2 });
  });

  it('goes pickup number, verify code, tickets, printing, done', async () => {
    const kiosk = useKioskStore();
    kiosk.start();
    expect(kiosk.screen).toBe('print-no');
    kiosk.submitPrintNo('1234');
    expect(kiosk.screen).toBe('verify-code');
    await kiosk.submitVerifyCode('ABCD12');
    expect([kiosk.screen, kiosk.printable]).toEqual(['tickets', 2]);
    await kiosk.print();
    expect(kiosk.screen).toBe('done');
    expect(kiosk.result).toMatchObject({ printed: 2, failed: 0 });
    expect(bridge.calls.at(-1)).toEqual({ name: 'kiosk.collect', input: { printNo: '1234', verifyCode: 'ABCD12' } });
  });

  it('refuses what is not a pickup number by the shared rule, before asking the core', () => {
    const kiosk = useKioskStore();
    for (const bad of ['', '12a4', '12345678901234567', '9999999999999999']) {
      kiosk.start();
      kiosk.submitPrintNo(bad);
      expect([bad, kiosk.screen, kiosk.error?.code]).toEqual([bad, 'refused', 'VALIDATION']);
    }
    expect(bridge.calls).toEqual([]);
  });

  it("shows the core's refusal by its code", async () => {
    bridge.answer('kiosk.collect', failure('VERIFY_CODE_WRONG'));
    const kiosk = useKioskStore();
    kiosk.start();
    kiosk.submitPrintNo('1234');
    await kiosk.submitVerifyCode('WRONG1');
    await kiosk.print();
    expect([kiosk.screen, kiosk.error, kiosk.busy]).toEqual([
      'refused',
      { code: 'VERIFY_CODE_WRONG', message: 'verify_code_wrong' },
      false,
    ]);
  });

  it('a scan of pickup number and code goes straight to the tickets; a bad scan is refused; none while printing', async () => {
    const kiosk = useKioskStore();
    await kiosk.scanned('1234|ABCD12');
    expect([kiosk.screen, kiosk.printNo, kiosk.verifyCode]).toEqual(['tickets', printNo, 'ABCD12']);
    await kiosk.scanned('not a ticket');
    expect([kiosk.screen, kiosk.error?.code]).toEqual(['refused', 'VALIDATION']);
    await kiosk.scanned('5678');
    expect([kiosk.screen, kiosk.printNo]).toEqual(['verify-code', '0000000000005678']);
    kiosk.screen = 'printing';
    const before = bridge.calls.length;
    await kiosk.scanned('1234|ABCD12');
    expect([kiosk.screen, bridge.calls.length]).toEqual(['printing', before]);
  });
});
