import type { PayPhase, SaleEnd, SaleNotice, SaleStep } from '../stores/sale';

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
      return notice.seats.length > 0
        ? t('sale.taken', { seats: notice.seats.map(seat).join(t('sale.listSeparator')) })
        : t('sale.takenSome');
    case 'area-full':
      return t(notice.wanted === 1 ? 'sale.areaFull.one' : 'sale.areaFull.other', { area: area(notice.areaCode), n: notice.wanted });
    case 'sofa-too-big':
      return t('sale.sofaTooBig', { n: notice.size });
    case 'no-tickets-here':
      return t('sale.noTicketsHere', { area: area(notice.areaCode) });
    case 'payment':
      return (notice.message && notice.message[t('sale.pay.locale')]) || t(notice.key);
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
  /** The held order's payment prompt, as shown (amount and how to pay). */
  payPrompt?: string;
  /** The QR step's waiting line, as shown (scan with Alipay, the amount). */
  qrWaiting?: string;
  /** The payment's progress or outcome, as shown (title and what it means); null before payment. */
  pay?: string | null;
}

const END_TITLES: Record<SaleEnd, string> = {
  cancelled: 'sale.cancelled',
  expired: 'sale.expired',
  closed: 'sale.cutOff',
  'sold-out': 'sale.soldOut',
  unpaid: 'sale.pay.unpaid',
  abandoned: 'sale.qr.abandoned',
};
/** What an ended sale's title leaves to say, under it (shown and spoken alike). */
export const END_DETAILS: Partial<Record<SaleEnd, string>> = {
  abandoned: 'sale.qr.abandonedDetail',
};

/** The spoken line for the sale's step: its title, where the customer is, and what to press. */
export function saleAnnouncement(
  state: SaleSpeechState,
  t: Translate,
): { prompt: string; live?: { politeness: 'assertive' | 'polite'; text: string } } {
  const title = ['ended', 'paying', 'outcome'].includes(state.step) ? '' : t(`sale.step.${state.step}`);
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
    case 'held': {
      const time = t('sale.heldFor', { time: state.countdown });
      // Where the order can be paid here, the prompt says how (the amount and the payment code to show).
      return withNotice(
        state.payPrompt ? t('sale.pay.say.held', { title, prompt: state.payPrompt, time }) : t('sale.say.held', { title, time }),
      );
    }
    case 'qr':
      // The QR's own status line is the polite live region on screen: the prompt is what a key press reads.
      return withNotice(t('sale.qr.say', { title, waiting: state.qrWaiting ?? '', time: t('sale.heldFor', { time: state.countdown }) }));
    case 'paying':
    case 'outcome': {
      // Each change of the payment's progress is said politely: the customer waits, nothing to press until the end.
      const text = state.pay ?? '';
      return { prompt: text, live: { politeness: 'polite', text } };
    }
    case 'ended': {
      const how = state.ended ?? 'cancelled';
      const detail = END_DETAILS[how];
      const text = detail ? t('sale.say.ended', { title: t(END_TITLES[how]), detail: t(detail) }) : t(END_TITLES[how]);
      return { prompt: text, live: { politeness: 'polite', text } };
    }
  }
}

/** What a payment's phase means to the customer, under its title: shown and spoken alike (amounts in yuan, `¥`). */
export function payDetailText(
  phase: PayPhase,
  status: {
    paidCents: number | null;
    totalCents: number;
    refundedCents: number | null;
    refundReference: string | null;
    orderId: string;
    tickets: { qty: number }[];
  },
  t: Translate,
  yuan: (cents: number) => string,
  reference: (orderId: string) => string,
): string {
  const paid = `¥${yuan(status.paidCents ?? status.totalCents)}`;
  return t(`sale.pay.detail.${phase}`, {
    paid,
    refunded: `¥${yuan(status.refundedCents ?? status.paidCents ?? status.totalCents)}`,
    ref: status.refundReference ?? '',
    order: reference(status.orderId),
    n: status.tickets.reduce((sum, ticket) => sum + ticket.qty, 0),
  });
}
