import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope, nextTick, type EffectScope } from 'vue';
import { i18n } from '../../renderer/src/i18n';
import { useKioskStore } from '../../renderer/src/stores/kiosk';
import { useAccessibilityStore } from '../../renderer/src/stores/accessibility';
import { useSaleStore } from '../../renderer/src/stores/sale';
import { setSpeaker, type Utterance } from '../../renderer/src/services/speech';
import { useKioskAnnouncements } from '../../renderer/src/composables/useKioskAnnouncements';
import { saleAnnouncement, type SaleSpeechState } from '../../renderer/src/composables/sale-announcements';
import { failure, installFakeBridge } from './fake-bridge';
import { film, freshness, session, ticketTypes, twoAreaPlan } from './sale-fixtures';

// The sale's spoken lines and live regions, with a recording speaker (the kiosk's speech is the platform's).
let spoken: Utterance[];
let scope: EffectScope;
const t = (key: string, params?: Record<string, unknown> | number) =>
  typeof params === 'number' ? i18n.global.t(key, params) : i18n.global.t(key, params ?? {});
const settle = async () => {
  await nextTick();
  await nextTick();
};

beforeEach(() => {
  setActivePinia(createPinia());
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  i18n.global.locale.value = 'zh-CN';
  spoken = [];
  setSpeaker({ speak: (u) => void spoken.push(u), stop: () => undefined });
  scope = effectScope();
  installFakeBridge()
    .answer('sale.films', { ok: true, value: { cinemaId: '0200', cinemaName: '测试影城', films: [film], freshness } })
    .answer('sale.sessions', { ok: true, value: { sessions: [session], freshness } })
    .answer('sale.ticketTypes', { ok: true, value: { sessionId: '29617', ticketTypes, freshness } })
    .answer('sale.seatPlan', { ok: true, value: { sessionId: '29617', plan: twoAreaPlan(), freshness } });
});
afterEach(() => {
  scope.stop();
  vi.unstubAllGlobals();
});

const state: SaleSpeechState = {
  step: 'seats',
  ended: null,
  films: 3,
  film: '重返20岁',
  sessions: 2,
  seatsLeft: 1,
  seatsChosen: 1,
  seats: ['Row 7 Seat 10'],
  totalYuan: '200.00',
  countdown: '14:59',
  notice: null,
};

describe('what the kiosk says during the sale', () => {
  it('says each step with what to press, in the current language', () => {
    i18n.global.locale.value = 'en';
    expect(saleAnnouncement({ ...state, step: 'films' }, t).prompt).toBe('Choose a film. 3 films. Tap a film to see its showtimes.');
    expect(saleAnnouncement(state, t).prompt).toBe('Choose your seats. Choose 1 more seat. Arrow keys move, Space selects.');
    expect(saleAnnouncement({ ...state, step: 'summary' }, t).prompt).toBe(
      'Check your order. Row 7 Seat 10. Total 200.00 yuan. Press Hold seats.',
    );
    expect(saleAnnouncement({ ...state, step: 'held' }, t).prompt).toBe('Your seats are held. Seats held for 14:59.');
    i18n.global.locale.value = 'zh-CN';
    expect(saleAnnouncement({ ...state, step: 'ended', ended: 'expired' }, t)).toEqual({
      prompt: '保留时间已到，座位已释放。',
      live: { politeness: 'polite', text: '保留时间已到，座位已释放。' },
    });
    // A QR payment given up: its short title, then what it means for the customer's money.
    expect(saleAnnouncement({ ...state, step: 'ended', ended: 'abandoned' }, t).prompt).toBe(
      '付款已取消。座位已释放。未扣款；如您刚刚已付款，款项将原路全额退回。',
    );
    i18n.global.locale.value = 'en';
    expect(saleAnnouncement({ ...state, step: 'ended', ended: 'abandoned' }, t).prompt).toBe(
      'Payment cancelled. The seats are released. Nothing was charged; if you had just paid, it goes back to you in full.',
    );
    i18n.global.locale.value = 'zh-CN';
  });

  it('puts a refusal in the assertive live region and speaks it first', () => {
    const said = saleAnnouncement({ ...state, notice: '7排10座 刚被其他顾客选走。' }, t);
    expect(said.live).toEqual({ politeness: 'assertive', text: '7排10座 刚被其他顾客选走。' });
    expect(said.prompt.startsWith('7排10座 刚被其他顾客选走。 选择座位。')).toBe(true);
  });

  it('speaks the sale screens as the customer moves, and a seat another customer took', async () => {
    const kiosk = useKioskStore();
    const sale = useSaleStore();
    const { assertive } = scope.run(() => useKioskAnnouncements())!;
    useAccessibilityStore().toggleSpeech();
    kiosk.startSale();
    await sale.start();
    await settle();
    expect(spoken.at(-1)?.text).toBe('选择影片。共 1 部影片，点击影片查看场次。');
    await sale.chooseFilm(film);
    await sale.chooseSession(session);
    sale.setQuantity('0010', 1);
    await sale.toSeats();
    await settle();
    expect(spoken.at(-1)?.text).toBe('选择座位。还需选择 1 个座位。方向键移动，空格键选择。');
    installFakeBridge()
      .answer('sale.hold', failure('SEAT_TAKEN', 'taken', { seats: [{ areaNumber: 1, rowIndex: 0, columnIndex: 4, name: '3排4座' }] }))
      .answer('sale.seatPlan', { ok: true, value: { sessionId: '29617', plan: twoAreaPlan({ sold: ['3排4座'] }), freshness } });
    sale.toggle({ areaNumber: 1, rowIndex: 0, columnIndex: 4 });
    await sale.hold();
    await settle();
    expect(assertive.value).toBe('3排4座 刚被其他顾客选走。座位图已刷新，请另选座位；其他已选座位保留。');
    expect(spoken.at(-1)?.text.startsWith(assertive.value)).toBe(true);
  });
});
