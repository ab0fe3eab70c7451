import type { SaleEnd, SaleNotice, SaleStep } from '../stores/sale';

/** Named parameters, or a count (plural forms, `{n}`). */
type Translate = (key: string, params?: Record<string, unknown> | number) => string;

/**
 * A step's notice in the page's language: shown (role=alert) and spoken alike. `seat` writes a seat's
 * name, `area` an area's (by its category code) in the page's language.
 */
export function saleNoticeText(
  notice: SaleNotice,
  t: Translate,
  exists: (key: string) => boolean,
  seat: (name: string) => string,
  area: (code: string) => string,
): string {
  switch (notice.kind) {
    case 'taken':
      return notice.seats.length > 0 ? t('sale.taken', { seats: notice.seats.map(seat).join(', ') }) : t('sale.takenSome');
    case 'area-full':
      return t(notice.wanted === 1 ? 'sale.areaFull.one' : 'sale.areaFull.other', { area: area(notice.areaCode), n: notice.wanted });
    case 'sofa-too-big':
      return t('sale.sofaTooBig', { n: notice.size });
    case 'no-tickets-here':
      return t('sale.noTicketsHere', { area: area(notice.areaCode) });
    case 'error': {
      const key = `sale.errors.${notice.error.code}`;
      return exists(key) ? t(key) : t('sale.errors.other');
    }
  }
}

/** What the sale's state says to a customer who cannot see the screen. */
export interface SaleSpeechState {
  step: SaleStep;
  ended: SaleEnd | null;
  films: number;
  film: string | null;
  sessions: number;
  seatsLeft: number;
  seatsChosen: number;
  seats: string[];
  totalYuan: string;
  countdown: string;
  /** The notice on the step, as shown (a refusal is also put in the assertive live region). */
  notice: string | null;
}

const END_TITLES: Record<SaleEnd, string> = {
  cancelled: 'sale.cancelled',
  expired: 'sale.expired',
  closed: 'sale.cutOff',
  'sold-out': 'sale.soldOut',
};

/** The spoken line for the sale's step: its title, where the customer is, and what to press. */
export function saleAnnouncement(
  state: SaleSpeechState,
  t: Translate,
): { prompt: string; live?: { politeness: 'assertive' | 'polite'; text: string } } {
  const title = t(`sale.step.${state.step === 'ended' ? 'held' : state.step}`);
  const withNotice = (prompt: string) =>
    state.notice ? { prompt: `${state.notice} ${prompt}`, live: { politeness: 'assertive' as const, text: state.notice } } : { prompt };
  switch (state.step) {
    case 'films':
      return withNotice(t('sale.say.films', { title, n: state.films }));
    case 'sessions':
      return withNotice(t('sale.say.sessions', { title, film: state.film ?? '', n: state.sessions }));
    case 'tickets':
      return withNotice(t('sale.say.tickets', { title }));
    case 'seats': {
      const left = state.seatsLeft > 0 ? t('sale.seatsLeft', state.seatsLeft) : t('sale.seatsChosen', state.seatsChosen);
      return withNotice(t('sale.say.seats', { title, left }));
    }
    case 'summary':
      return withNotice(t('sale.say.summary', { title, seats: state.seats.join(', '), total: state.totalYuan }));
    case 'held':
      return withNotice(t('sale.say.held', { title, time: t('sale.heldFor', { time: state.countdown }) }));
    case 'ended': {
      const text = t(END_TITLES[state.ended ?? 'cancelled']);
      return { prompt: text, live: { politeness: 'polite', text } };
    }
  }
}
