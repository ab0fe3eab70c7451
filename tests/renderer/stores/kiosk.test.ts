import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useKioskStore } from '../../../renderer/src/stores/kiosk';
import { useLocaleStore } from '../../../renderer/src/stores/locale';
import { i18n } from '../../../renderer/src/i18n';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';

let bridge: FakeBridge;
const printNo = '0000000000001234';

beforeEach(() => {
  setActivePinia(createPinia());
  // The locale store sets the page's language: under Node, <html> is all of the DOM it touches.
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  i18n.global.locale.value = 'zh-CN';
  bridge = installFakeBridge()
    .answer('kiosk.info', {
      ok: true,
      value: {
        terminalId: 'KIOSK-01',
        idleTimeoutSeconds: 90,
        idleWarningSeconds: 20,
        defaultLocale: 'zh-CN',
        printer: { state: 'ready', ready: true },
      },
    })
    .answer('kiosk.lookup', (input) => ({ ok: true, value: { printNo: input.printNo, tickets: [], printable: 2 } }))
    .answer('kiosk.collect', (input) => ({ ok: true, value: { printNo: input.printNo, total: 2, printed: 2, failed: 0, unknown: 0 } }));
});

afterEach(() => vi.unstubAllGlobals());

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

  it('sends the verify code with the lookup: nothing of the booking comes back without it', async () => {
    const kiosk = useKioskStore();
    kiosk.start();
    kiosk.submitPrintNo('1234');
    await kiosk.submitVerifyCode('ABCD12');
    expect(bridge.calls.at(-1)).toEqual({ name: 'kiosk.lookup', input: { printNo: '1234', verifyCode: 'ABCD12' } });
  });

  it('a wrong code is said on the verify screen at once: the pickup number stays, only the code is typed again', async () => {
    bridge.answer('kiosk.lookup', failure('VERIFY_CODE_WRONG'));
    const kiosk = useKioskStore();
    kiosk.start();
    kiosk.submitPrintNo('1234');
    await kiosk.submitVerifyCode('WRONG1');
    expect([kiosk.screen, kiosk.printNo, kiosk.verifyCode, kiosk.verifyError?.code, kiosk.booking, kiosk.busy]).toEqual([
      'verify-code',
      '1234',
      '',
      'VERIFY_CODE_WRONG',
      null,
      false,
    ]);
    bridge.answer('kiosk.lookup', (input) => ({ ok: true, value: { printNo: input.printNo, tickets: [], printable: 1 } }));
    await kiosk.submitVerifyCode('ABCD12');
    expect([kiosk.screen, kiosk.verifyError]).toEqual(['tickets', null]);
  });

  it('too many attempts, not yet available and central unreachable are refusals before the ticket screen', async () => {
    const kiosk = useKioskStore();
    for (const code of ['TOO_MANY_ATTEMPTS', 'NOT_YET_AVAILABLE', 'CENTRAL_UNREACHABLE', 'PRINTER_NOT_READY'] as const) {
      bridge.answer('kiosk.lookup', failure(code, 'no', code === 'TOO_MANY_ATTEMPTS' ? { retryAfterSeconds: 840 } : undefined));
      kiosk.start();
      kiosk.submitPrintNo('1234');
      await kiosk.submitVerifyCode('ABCD12');
      expect([kiosk.screen, kiosk.error?.code, kiosk.booking]).toEqual(['refused', code, null]);
    }
    expect(kiosk.error).toEqual({ code: 'PRINTER_NOT_READY', message: 'no' });
    bridge.answer('kiosk.lookup', failure('TOO_MANY_ATTEMPTS', 'no', { retryAfterSeconds: 840 }));
    await kiosk.retry();
    expect(kiosk.error?.details).toEqual({ retryAfterSeconds: 840 });
  });

  it('"try again" after central was unreachable asks again with the same codes', async () => {
    bridge.answer('kiosk.lookup', failure('CENTRAL_UNREACHABLE'));
    const kiosk = useKioskStore();
    await kiosk.scanned('1234|ABCD12');
    expect(kiosk.screen).toBe('refused');
    bridge.answer('kiosk.lookup', (input) => ({ ok: true, value: { printNo: input.printNo, tickets: [], printable: 1 } }));
    await kiosk.retry();
    expect([kiosk.screen, bridge.calls.at(-1)?.input]).toEqual(['tickets', { printNo, verifyCode: 'ABCD12' }]);
  });

  it('Back from the verify screen keeps both codes as typed; a different pickup number drops the code', () => {
    const kiosk = useKioskStore();
    kiosk.start();
    kiosk.submitPrintNo('1234');
    kiosk.backToPrintNo('AB');
    expect([kiosk.screen, kiosk.printNo, kiosk.verifyCode]).toEqual(['print-no', '1234', 'AB']);
    kiosk.submitPrintNo('1234');
    expect([kiosk.screen, kiosk.verifyCode]).toEqual(['verify-code', 'AB']);
    kiosk.backToPrintNo('AB');
    kiosk.submitPrintNo('1235');
    expect([kiosk.printNo, kiosk.verifyCode]).toEqual(['1235', '']);
  });

  it('after a scan of the pickup number alone, Back and Next with the number as shown (unpadded) keep the typed code', async () => {
    const kiosk = useKioskStore();
    await kiosk.scanned('5678');
    kiosk.backToPrintNo('XY');
    kiosk.submitPrintNo('5678');
    expect([kiosk.screen, kiosk.printNo, kiosk.verifyCode]).toEqual(['verify-code', '5678', 'XY']);
  });

  it('a printer known to be down is said before any code is typed or scanned, without asking the core', async () => {
    const kiosk = useKioskStore();
    await kiosk.init();
    bridge.emit({ type: 'printer.status', status: { state: 'paper-out', ready: false } });
    const before = bridge.calls.length;
    kiosk.start();
    expect([kiosk.screen, kiosk.error?.code]).toEqual(['refused', 'PRINTER_NOT_READY']);
    await kiosk.scanned('1234|ABCD12');
    expect([kiosk.screen, kiosk.error?.code, bridge.calls.length]).toEqual(['refused', 'PRINTER_NOT_READY', before]);
  });

  it("every customer starts in the cinema's language: after Done, the idle return and a refusal's return; starting keeps the chosen one", async () => {
    bridge.answer('kiosk.info', {
      ok: true,
      value: {
        terminalId: 'K',
        idleTimeoutSeconds: 60,
        idleWarningSeconds: 20,
        defaultLocale: 'en',
        printer: { state: 'ready', ready: true },
      },
    });
    const kiosk = useKioskStore();
    const locale = useLocaleStore();
    await kiosk.init();
    expect([locale.locale, i18n.global.locale.value]).toEqual(['en', 'en']);

    // Done.
    locale.toggle();
    kiosk.start();
    expect(locale.locale).toBe('zh-CN');
    kiosk.submitPrintNo('1234');
    await kiosk.submitVerifyCode('ABCD12');
    await kiosk.print();
    expect(kiosk.screen).toBe('done');
    kiosk.reset();
    expect([kiosk.screen, locale.locale, i18n.global.locale.value]).toEqual(['attract', 'en', 'en']);

    // A refusal's return.
    locale.toggle();
    bridge.answer('kiosk.lookup', failure('REFUNDED'));
    await kiosk.scanned('1234|ABCD12');
    expect([kiosk.screen, locale.locale]).toEqual(['refused', 'zh-CN']);
    kiosk.reset();
    expect(locale.locale).toBe('en');

    // The idle return (the idle prompt calls reset) from the middle of an entry.
    locale.toggle();
    kiosk.start();
    kiosk.submitPrintNo('1234');
    kiosk.reset();
    expect([kiosk.screen, kiosk.printNo, locale.locale]).toEqual(['attract', '', 'en']);
  });
});
