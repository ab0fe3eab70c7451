import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope, nextTick, type EffectScope } from 'vue';
import { i18n } from '../../renderer/src/i18n';
import { useKioskStore } from '../../renderer/src/stores/kiosk';
import { useAccessibilityStore } from '../../renderer/src/stores/accessibility';
import { useLocaleStore } from '../../renderer/src/stores/locale';
import { setSpeaker, type Utterance } from '../../renderer/src/services/speech';
import { screenAnnouncement, useKioskAnnouncements } from '../../renderer/src/composables/useKioskAnnouncements';

// Store-level tests under Node: the locale store touches only <html lang>; the speaker is a recorder.
let spoken: (Utterance & { interrupt: boolean })[];
let stops: number;
let scope: EffectScope;
const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {});
const settle = async () => {
  await nextTick();
  await nextTick();
};

beforeEach(() => {
  setActivePinia(createPinia());
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  i18n.global.locale.value = 'zh-CN';
  spoken = [];
  stops = 0;
  setSpeaker({ speak: (u, o) => void spoken.push({ ...u, interrupt: o?.interrupt ?? false }), stop: () => void (stops += 1) });
  scope = effectScope();
});
afterEach(() => {
  scope.stop();
  vi.unstubAllGlobals();
});

const base = {
  screen: 'attract' as const,
  errorCode: null,
  printable: 2,
  result: null,
  printerReady: true,
  idleWarning: false,
  idleWarningSeconds: 20,
  details: null,
};

describe('what the kiosk says', () => {
  it('says each screen, the refusal with its reason, and the result, in the current language', () => {
    i18n.global.locale.value = 'en';
    expect(screenAnnouncement({ ...base, screen: 'print-no' }, t).prompt).toBe(
      'Enter your pickup number. Type the digits on the keypad, then press Next.',
    );
    expect(screenAnnouncement({ ...base, screen: 'tickets' }, t).prompt).toBe(
      'Check your tickets. 2 ticket(s) ready to print. Press Print, or Cancel.',
    );
    expect(screenAnnouncement({ ...base, screen: 'refused', errorCode: 'REFUNDED' }, t)).toEqual({
      prompt: 'Cannot collect. This booking has been refunded.',
      live: { politeness: 'assertive', text: 'Cannot collect. This booking has been refunded.' },
    });
    expect(screenAnnouncement({ ...base, screen: 'done', result: { printed: 1, total: 2 } }, t).live).toEqual({
      politeness: 'polite',
      text: '1 of 2 ticket(s) printed. Please see the box office for the rest.',
    });
    expect(screenAnnouncement({ ...base, printerReady: false }, t).prompt).toContain('The printer is unavailable');
    expect(screenAnnouncement({ ...base, screen: 'print-no', idleWarning: true, idleWarningSeconds: 40 }, t).prompt).toBe(
      'Need more time? Back to start in 40 s. Press Enter or tap the screen to continue.',
    );
  });

  it('says the seats only in headphone-only mode', () => {
    const details = { film: '流浪地球', time: '2026-11-30 19:30', hall: '1号厅', seats: ['5排7座', '5排8座'] };
    expect(screenAnnouncement({ ...base, screen: 'tickets', details }, t).prompt).toBe(
      '请确认您的电影票。可打印 2 张电影票。按打印键开始打印，或按取消。 流浪地球，2026-11-30 19:30，影厅 1号厅，座位 5排7座, 5排8座。',
    );
  });
});

describe('the kiosk announcements', () => {
  it('speaks nothing until speech is on; then the screen, progress and result, interrupting only for a new screen', async () => {
    const kiosk = useKioskStore();
    const a11y = useAccessibilityStore();
    const live = scope.run(() => useKioskAnnouncements())!;
    kiosk.start();
    await settle();
    expect(spoken).toEqual([]);

    a11y.toggleSpeech();
    await settle();
    expect(spoken.at(-1)).toEqual({
      text: `语音播报已开启。 ${t('a11y.say.printNo', { title: '请输入取票号' })}`,
      lang: 'zh-CN',
      volume: 1,
      interrupt: true,
    });
    a11y.volumeDown();
    await settle();
    expect(spoken.at(-1)).toMatchObject({ text: '音量 80%', volume: 0.8 });

    kiosk.screen = 'printing';
    kiosk.progress = { done: 0, total: 2 };
    await settle();
    kiosk.progress = { done: 1, total: 2 };
    await settle();
    expect(spoken.at(-1)).toEqual({ text: '已打印 1 张，共 2 张。', lang: 'zh-CN', volume: 0.8, interrupt: false });
    expect(live.polite.value).toBe('已打印 1 张，共 2 张。');

    useLocaleStore().set('en');
    kiosk.result = { printNo: '1', total: 2, printed: 2, failed: 0, unknown: 0 };
    kiosk.screen = 'done';
    await settle();
    expect(spoken.at(-1)).toEqual({ text: 'Please take your 2 ticket(s). Enjoy the film!', lang: 'en-GB', volume: 0.8, interrupt: true });
    expect(live.polite.value).toBe('Please take your 2 ticket(s). Enjoy the film!');

    a11y.toggleSpeech();
    await settle();
    expect(stops).toBe(1);
    const count = spoken.length;
    kiosk.reset();
    await settle();
    expect(spoken.length).toBe(count);
  });

  it('puts a refusal in the assertive region even with speech off, and clears it on the next screen', async () => {
    const kiosk = useKioskStore();
    const live = scope.run(() => useKioskAnnouncements())!;
    kiosk.refuse({ code: 'SESSION_OVER', message: 'over' });
    await settle();
    expect(live.assertive.value).toBe('无法取票。该场次已结束或已过取票时间。');
    expect(spoken).toEqual([]);
    kiosk.reset();
    await settle();
    expect(live.assertive.value).toBe('');
  });
});
