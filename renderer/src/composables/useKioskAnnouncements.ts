import { nextTick, ref, watch, type Ref } from 'vue';
import { i18n } from '../i18n';
import { useKioskStore, type KioskScreen } from '../stores/kiosk';
import { useAccessibilityStore } from '../stores/accessibility';
import { useLocaleStore } from '../stores/locale';
import { getSpeaker, speechLang } from '../services/speech';
import { useSaleStore } from '../stores/sale';
import { payDetailText, saleAnnouncement, saleNoticeText, type SaleSpeechState } from './sale-announcements';
import { orderReference } from '../../../shared/domain/sale-order';
import { formatYuan } from '../../../shared/domain/money';
import { seatLabel } from '../../../shared/domain/seat';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** What the kiosk's state says to a customer who cannot see the screen (and what the live regions carry). */
export interface KioskSpeechState {
  screen: KioskScreen;
  errorCode: string | null;
  printable: number;
  result: { printed: number; total: number } | null;
  printerReady: boolean | null;
  idleWarning: boolean;
  idleWarningSeconds: number;
  /** Private listening: the booking's details are spoken (into headphones), not only the count. */
  details: { film: string; time: string; hall: string; seats: string[] } | null;
  /** The walk-up sale's step, on the sale screen. */
  sale?: SaleSpeechState | null;
}

export interface Announcement {
  /** Spoken, interrupting what was being said: the new screen makes it moot. */
  prompt: string;
  /** Also put in a live region for screen readers: refusals assertive, results polite. */
  live?: { politeness: 'polite' | 'assertive'; text: string };
}

/** The sale's lines take a count for their plural forms. */
const tPlural = (key: string, params?: Record<string, unknown> | number): string =>
  typeof params === 'number' ? i18n.global.t(key, params) : i18n.global.t(key, params ?? {});

/** The line for the screen as it is now; one source for speech and the live regions. */
export function screenAnnouncement(state: KioskSpeechState, t: Translate): Announcement {
  if (state.idleWarning)
    return { prompt: t('a11y.say.idle', { title: t('idle.title'), left: t('idle.leave', { s: state.idleWarningSeconds }) }) };
  switch (state.screen) {
    case 'attract': {
      const prompt = t('a11y.say.attract', { title: t('app.title'), hint: t('attract.hint') });
      return {
        prompt: state.printerReady === false ? `${prompt} ${t('a11y.say.printerDown', { message: t('attract.printerDown') })}` : prompt,
      };
    }
    case 'print-no':
      return { prompt: t('a11y.say.printNo', { title: t('entry.printNoTitle') }) };
    case 'verify-code':
      return { prompt: t('a11y.say.verifyCode', { title: t('entry.verifyTitle') }) };
    case 'tickets': {
      const prompt = t('a11y.say.tickets', { title: t('tickets.title'), n: state.printable });
      if (!state.details) return { prompt };
      const { film, time, hall, seats } = state.details;
      const seat = `${t('tickets.seat')} ${seats.join(', ')}`;
      return { prompt: `${prompt} ${t('a11y.say.ticket', { film, time, hall: `${t('tickets.hall')} ${hall}`, seat })}` };
    }
    case 'printing':
      return { prompt: t('a11y.say.printing', { title: t('printing.title') }) };
    case 'done': {
      const r = state.result;
      const text = !r ? t('done.title') : r.printed === r.total ? t('done.take', { n: r.printed }) : t('done.partial', r);
      return { prompt: text, live: { politeness: 'polite', text } };
    }
    case 'sale':
      return state.sale ? saleAnnouncement(state.sale, tPlural) : { prompt: '' };
    case 'refused': {
      const text = t('a11y.say.refusal', { title: t('errors.title'), message: t(`errors.${state.errorCode ?? 'INTERNAL'}`) });
      return { prompt: text, live: { politeness: 'assertive', text } };
    }
  }
}

export function progressAnnouncement(progress: { done: number; total: number }, t: Translate): string {
  return t('a11y.say.progress', progress);
}

/**
 * Speaks and announces the kiosk's state: each screen's prompt, each refusal, printing progress and the
 * result, in the customer's language, when the customer turned speech on; the live regions get the
 * refusals, progress and results whether speech is on or not. Mounted once, by the kiosk page.
 */
export function useKioskAnnouncements(): { polite: Ref<string>; assertive: Ref<string> } {
  const kiosk = useKioskStore();
  const a11y = useAccessibilityStore();
  const locale = useLocaleStore();
  const polite = ref('');
  const assertive = ref('');
  const t: Translate = (key, params) => i18n.global.t(key, params ?? {});
  const sale = useSaleStore();
  const saleState = (): SaleSpeechState => {
    const seat = (name: string) => seatLabel(name, locale.locale);
    return {
      step: sale.step,
      ended: sale.ended,
      films: sale.films.length,
      film: sale.film?.title ?? null,
      sessions: sale.sessions.length,
      seatsLeft: sale.seatsLeft,
      seatsChosen: sale.selection.length,
      seats: sale.selectedSeats.map((s) => seat(s.name)),
      totalYuan: formatYuan(sale.order?.totalCents ?? sale.totalCents),
      countdown: `${Math.floor(sale.secondsLeft / 60)}:${String(sale.secondsLeft % 60).padStart(2, '0')}`,
      notice: sale.notice ? saleNoticeText(sale.notice, tPlural, (k) => i18n.global.te(k), seat, sale.areaDescription) : null,
      payPrompt: t('sale.pay.prompt', { total: `¥${formatYuan(sale.order?.totalCents ?? sale.totalCents)}` }),
      qrWaiting: t('sale.qr.waiting', { total: `¥${formatYuan(sale.order?.totalCents ?? sale.totalCents)}` }),
      pay:
        sale.payPhase && sale.payment
          ? t('sale.pay.say.progress', {
              title: t(sale.titleKey),
              detail: payDetailText(sale.payPhase, sale.payment, tPlural, formatYuan, orderReference),
            })
          : null,
    };
  };

  const state = (): KioskSpeechState => {
    const booking = kiosk.booking;
    const unprinted = booking?.tickets.filter((ticket) => ticket.state === 'unprinted') ?? [];
    const first = unprinted[0] ?? booking?.tickets[0];
    return {
      screen: kiosk.screen,
      errorCode: kiosk.error?.code ?? null,
      printable: kiosk.printable,
      result: kiosk.result,
      printerReady: kiosk.printer ? kiosk.printer.ready : null,
      idleWarning: a11y.idleWarning,
      idleWarningSeconds: a11y.seconds(kiosk.idleWarningSeconds),
      details:
        a11y.privateListening && first
          ? {
              film: first.filmName,
              time: first.sessionDateTime.replace('T', ' ').slice(0, 16),
              hall: first.screenName,
              seats: unprinted.map((ticket) => ticket.seatName),
            }
          : null,
      sale: kiosk.screen === 'sale' ? saleState() : null,
    };
  };
  const say = (text: string, interrupt: boolean): void => {
    if (a11y.speech) getSpeaker().speak({ text, lang: speechLang(locale.locale), volume: a11y.volume }, { interrupt });
  };
  const announceScreen = (prefix = ''): void => {
    const now = screenAnnouncement(state(), t);
    polite.value = now.live?.politeness === 'polite' ? now.live.text : '';
    assertive.value = now.live?.politeness === 'assertive' ? now.live.text : '';
    say(prefix + now.prompt, true);
  };

  watch(
    () =>
      [
        kiosk.screen,
        kiosk.error?.code,
        kiosk.result,
        a11y.idleWarning,
        locale.locale,
        sale.step,
        sale.notice,
        sale.busy,
        sale.payPhase,
      ] as const,
    // After the render, so the text spoken and the text shown change together.
    () => void nextTick(() => announceScreen()),
  );
  watch(
    () => kiosk.progress.done,
    (done) => {
      if (kiosk.screen !== 'printing' || done === 0) return;
      polite.value = progressAnnouncement(kiosk.progress, t);
      say(polite.value, false);
    },
  );
  watch(
    () => [a11y.speech, a11y.privateListening] as const,
    ([on], [wasOn]) => {
      if (!on) getSpeaker().stop();
      else announceScreen(wasOn ? '' : `${t('a11y.say.on')} `);
    },
  );
  watch(
    () => a11y.volume,
    () => say(t('a11y.volume', { n: a11y.volumePercent }), true),
  );
  return { polite, assertive };
}
