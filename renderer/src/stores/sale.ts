import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { UiInput, UiOutput } from '../../../shared/contract/ui';
import type { FilmSummary, Freshness, SaleOrderView, SalePayStatus, SessionSummary, TicketType } from '../../../shared/contract/sale';
import type { Result, UiError } from '../../../shared/errors';
import {
  findSeat,
  isSelectable,
  refOf,
  sameSeat,
  selectionProblems,
  sofaGroup,
  toggleSeat,
  type SeatPlan,
  type SeatRef,
} from '../../../shared/domain/seat-plan';
import { isOpenOrder } from '../../../shared/domain/sale-order';
import { DEFAULT_CINEMA_TIME_ZONE } from '../../../shared/domain/cinema-time';
import { walletNames, walletOf, type Wallet } from '../../../shared/domain/payment-code';
import { getBridge } from '../services/bridge';
import { i18n } from '../i18n';
import { areaName } from '../composables/sale-names';

/** The sale's steps, one screen each: the kiosk walks them forward; the counter shows them side by side. */
export const saleSteps = ['films', 'sessions', 'tickets', 'seats', 'summary', 'held', 'qr', 'paying', 'outcome', 'ended'] as const;
export type SaleStep = (typeof saleSteps)[number];
/** Who sells: the customer at this kiosk (`sale.*`), or a clerk at the counter (`office.sale.*` with the staff session). */
export type SaleChannel = { kind: 'kiosk' } | { kind: 'counter'; session: string; timeZone: string };
/**
 * How a sale ended before payment: the customer cancelled, the hold ran out, central stopped selling,
 * the payment never settled (nothing charged, the order annulled by the core), or the customer gave up
 * the QR payment (its trade cancelled: closed, or refunded in full if paid at that moment).
 */
export type SaleEnd = 'cancelled' | 'expired' | 'closed' | 'sold-out' | 'unpaid' | 'abandoned';
const endedTitles: Record<SaleEnd, string> = {
  cancelled: 'sale.cancelled',
  expired: 'sale.expired',
  closed: 'sale.cutOff',
  'sold-out': 'sale.soldOut',
  unpaid: 'sale.pay.unpaid',
  abandoned: 'sale.qr.abandoned',
};
/**
 * Where a paid (or being paid) order is, as the customer's screen says it: `paying` step — the phone
 * confirms, the tickets are issued, they print; `outcome` step — printed, booked but not printed (collect
 * later), or the money went back (or must, by staff).
 */
export type PayPhase = 'confirming' | 'completing' | 'printing' | 'printed' | 'notPrinted' | 'refunding' | 'refunded' | 'needsStaff';
const outcomePhases: readonly PayPhase[] = ['printed', 'notPrinted', 'refunded', 'needsStaff'];
/** What the current step says above its content (a refusal that can be put right on this step). */
export type SaleNotice =
  | { kind: 'taken'; seats: string[] }
  /** The area (by category code) already has all the seats its tickets need. */
  | { kind: 'area-full'; areaCode: string; wanted: number }
  /** A sofa of `size` seats where the area's tickets are fewer: it needs that many tickets. */
  | { kind: 'sofa-too-big'; areaCode: string; size: number; wanted: number }
  | { kind: 'no-tickets-here'; areaCode: string }
  /**
   * A payment refused or declined (nothing charged, the order still held): the i18n key of what to do,
   * or the core's own words in both languages (a wallet this kiosk does not take names the ones it does).
   */
  | { kind: 'payment'; key: string; message?: Record<string, string> }
  | { kind: 'error'; error: UiError };

/** The counter's tenders: cash, the customer's Alipay payment code read by the scanner, or a QR the customer scans (`office.sale.payQr`). */
export type CounterTender = 'cash' | 'alipay-code' | 'alipay-qr';
/** Cash taken at the counter, as `office.sale.payCash` answered. */
export interface CashTaken {
  tenderedCents: number;
  changeCents: number;
  drawer: 'opened' | 'not-ready' | 'unknown';
}
/** Why the core refused the cash (`details.reason` of CASH_TENDER): too-little (with `shortCents`), too-much, not-cents. */
export interface CashRefusal {
  reason: string;
  shortCents?: number;
}

type Op = 'films' | 'sessions' | 'ticketTypes' | 'seatPlan' | 'hold' | 'cancel' | 'order' | 'pay' | 'payQr' | 'abandonPay' | 'payStatus';
type KioskCall<O extends Op> = `sale.${O}`;
type TakenSeat = SeatRef & { name?: string };

/** A seat plan's seat taken by someone else, as SEAT_TAKEN names them in details.seats. */
function takenSeats(error: UiError): TakenSeat[] {
  const seats = error.details?.['seats'];
  if (!Array.isArray(seats)) return [];
  return seats.filter(
    (s): s is TakenSeat =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as TakenSeat).areaNumber === 'number' &&
      typeof (s as TakenSeat).rowIndex === 'number' &&
      typeof (s as TakenSeat).columnIndex === 'number',
  );
}

/**
 * The walk-up sale up to a held order, for the kiosk and the counter alike: films, sessions, ticket types
 * and quantities, the seat plan and the selection (by the rules of shared/domain/seat-plan), the hold with
 * its countdown, and its end. Only this store talks to the bridge for the sale. The hold's deadline is
 * the core's `heldUntil` moved onto this machine's clock (the core's clock may differ) by the offset the
 * order's answers show (see `noteCoreClock`), so the countdown shown is the time the hold really has left.
 */
export const useSaleStore = defineStore('sale', () => {
  const channel = ref<SaleChannel>({ kind: 'kiosk' });
  /** The cinema's zone, for every time the sale shows. */
  const timeZone = computed(() => (channel.value.kind === 'counter' ? channel.value.timeZone : DEFAULT_CINEMA_TIME_ZONE));
  const step = ref<SaleStep>('films');
  const busy = ref(false);
  const cinemaName = ref('');
  const films = ref<FilmSummary[]>([]);
  const film = ref<FilmSummary | null>(null);
  const sessions = ref<SessionSummary[]>([]);
  const session = ref<SessionSummary | null>(null);
  const ticketTypes = ref<TicketType[]>([]);
  /** How many of each ticket type, by code. */
  const quantities = ref<Record<string, number>>({});
  const plan = ref<SeatPlan | null>(null);
  /** How often the seat map on screen is read again (the host's setting); 0: only on each step. */
  const planRefreshSeconds = ref(0);
  const selection = ref<SeatRef[]>([]);
  /** Seats another customer took at the last hold: marked on the map until the selection changes. */
  const taken = ref<SeatRef[]>([]);
  const order = ref<SaleOrderView | null>(null);
  /** The freshness of what the current step shows (catalogue from the cache when central is down). */
  const freshness = ref<Freshness | null>(null);
  const notice = ref<SaleNotice | null>(null);
  const ended = ref<SaleEnd | null>(null);
  /** The payment and completion of the order, as the core last answered (`sale.pay`, `sale.payStatus`). */
  const payment = ref<SalePayStatus | null>(null);
  const payPhase = ref<PayPhase | null>(null);
  /** A payment code is on its way to the provider: no second scan, no cancel meanwhile. */
  const paySending = ref(false);
  /** The customer gave up the QR payment: the core cancels its trade, the screen waits for the order's end. */
  const qrAbandoning = ref(false);
  /** The QR the customer scans while the order waits for it (`sale.payQr`); null otherwise. */
  const qrCode = computed(() => (step.value === 'qr' ? (payment.value?.qrCode ?? null) : null));
  /** How the counter's customer pays (the clerk's choice on the held step); the kiosk takes the payment code only. */
  const counterTender = ref<CounterTender | null>(null);
  /** Cash taken at the counter: what was handed over, the change due, whether the printer confirmed the drawer's pulse. */
  const cash = ref<CashTaken | null>(null);
  /** Cash the core refused (too little, far too much): said in the amount field; nothing changed. */
  const cashRefusal = ref<CashRefusal | null>(null);
  /** A scanner's read on the held counter order is the customer's payment code (not a booking search). */
  const awaitsPaymentCode = computed(
    () => channel.value.kind === 'counter' && step.value === 'held' && counterTender.value === 'alipay-code' && !paySending.value,
  );
  /**
   * A payment refusal said where the next try is made, not above the order: at the counter beside the
   * tender's field (the code's or the cash's); at the kiosk inside the payment choices, so the refusal and
   * both ways to pay again (scan, or show a QR) stay in view together.
   */
  const paymentNoticeAtField = computed(
    () =>
      step.value === 'held' &&
      notice.value?.kind === 'payment' &&
      (channel.value.kind === 'kiosk' || counterTender.value === 'alipay-code' || counterTender.value === 'cash'),
  );
  /** The i18n key of the current step's title, on the kiosk's screen and the counter's panel alike. */
  const titleKey = computed(() => {
    if (step.value === 'ended') return endedTitles[ended.value ?? 'cancelled'];
    if (step.value === 'paying' || step.value === 'outcome') return `sale.pay.title.${payPhase.value ?? 'confirming'}`;
    return `sale.step.${step.value}`;
  });
  /** This machine's clock, ticking while an order is held. */
  const now = ref(Date.now());
  /** The hold's end on this machine's clock (ms). */
  const deadline = ref<number | null>(null);
  /**
   * The core's clock minus this machine's (ms), as the current order's answers show it; null before the
   * hold. An answer's `updatedAt` is never later than the core's clock when it answered, so each answer
   * gives a lower bound and the largest is the best one: an order read again unchanged (an old
   * `updatedAt`) or an event (none at all) must not move the hold's end by the time since it changed.
   */
  let coreClockOffset: number | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let poller: ReturnType<typeof setTimeout> | undefined;
  /** When the order was first seen `completed` (this machine's clock): printing that takes longer has failed. */
  let completedSince: number | null = null;
  let unsubscribe: (() => void) | undefined;
  /** A request's generation: an answer that arrives after the customer moved on is dropped. */
  let generation = 0;

  const ticketCount = computed(() => Object.values(quantities.value).reduce((sum, n) => sum + n, 0));
  /** Tickets wanted per area category: the seats chosen must match them area by area (seed §3.4). */
  const ticketsByArea = computed(() => {
    const byArea: Record<string, number> = {};
    for (const type of ticketTypes.value) {
      const qty = quantities.value[type.ticketTypeCode] ?? 0;
      if (qty > 0) byArea[type.areaCategoryCode] = (byArea[type.areaCategoryCode] ?? 0) + qty;
    }
    return byArea;
  });
  const problems = computed(() => (plan.value ? selectionProblems(plan.value, selection.value, ticketsByArea.value) : []));
  const seatsLeft = computed(() => Math.max(0, ticketCount.value - selection.value.length));
  const canHold = computed(() => plan.value !== null && ticketCount.value > 0 && problems.value.length === 0);
  const totalCents = computed(() =>
    ticketTypes.value.reduce((sum, type) => sum + type.priceCents * (quantities.value[type.ticketTypeCode] ?? 0), 0),
  );
  const secondsLeft = computed(() => (deadline.value === null ? 0 : Math.max(0, Math.ceil((deadline.value - now.value) / 1000))));
  const selectedSeats = computed(() =>
    plan.value ? selection.value.map((s) => findSeat(plan.value!, s)).filter((s) => s !== undefined) : [],
  );
  /** The area a ticket category names, in the page's language: central's name (its English one on the English screens). */
  const areaDescription = (code: string): string => areaName(plan.value, code, i18n.global.locale.value);

  async function call<O extends Op>(op: O, input: UiInput<KioskCall<O>>): Promise<Result<UiOutput<KioskCall<O>>>> {
    const bridge = getBridge();
    const via = channel.value;
    if (via.kind === 'counter')
      return (await bridge.call(`office.sale.${op}` as 'office.sale.films', { ...input, session: via.session } as never)) as never;
    return bridge.call(`sale.${op}` as KioskCall<O>, input);
  }

  function stopTimers(): void {
    clearInterval(ticker);
    ticker = undefined;
    clearTimeout(poller);
    poller = undefined;
    deadline.value = null;
    coreClockOffset = null;
    unsubscribe?.();
    unsubscribe = undefined;
  }

  function clear(): void {
    generation += 1;
    stopTimers();
    step.value = 'films';
    busy.value = false;
    films.value = [];
    film.value = null;
    sessions.value = [];
    session.value = null;
    ticketTypes.value = [];
    quantities.value = {};
    plan.value = null;
    selection.value = [];
    taken.value = [];
    order.value = null;
    freshness.value = null;
    notice.value = null;
    ended.value = null;
    payment.value = null;
    payPhase.value = null;
    paySending.value = false;
    qrAbandoning.value = false;
    counterTender.value = null;
    cash.value = null;
    cashRefusal.value = null;
    completedSince = null;
  }

  /** A new sale: the films on sale. */
  async function start(via: SaleChannel = { kind: 'kiosk' }): Promise<void> {
    clear();
    channel.value = via;
    await loadFilms();
  }

  async function loadFilms(): Promise<void> {
    const mine = ++generation;
    busy.value = true;
    const reply = await call('films', {});
    if (mine !== generation) return;
    busy.value = false;
    step.value = 'films';
    if (!reply.ok) return say(reply.error);
    notice.value = null;
    cinemaName.value = reply.value.cinemaName;
    films.value = reply.value.films;
    freshness.value = reply.value.freshness;
  }

  async function chooseFilm(chosen: FilmSummary): Promise<void> {
    film.value = chosen;
    const mine = ++generation;
    busy.value = true;
    const reply = await call('sessions', { filmId: chosen.filmId });
    if (mine !== generation) return;
    busy.value = false;
    if (!reply.ok) return say(reply.error);
    notice.value = null;
    sessions.value = reply.value.sessions;
    freshness.value = reply.value.freshness;
    step.value = 'sessions';
  }

  async function chooseSession(chosen: SessionSummary): Promise<void> {
    session.value = chosen;
    quantities.value = {};
    selection.value = [];
    taken.value = [];
    plan.value = null;
    // The plan too: the ticket step names the areas as the hall does, and a sold-out session says so at once.
    if ((await loadTicketTypes()) && (await loadPlan())) step.value = 'tickets';
  }

  async function loadTicketTypes(): Promise<boolean> {
    if (!session.value) return false;
    const mine = ++generation;
    busy.value = true;
    const reply = await call('ticketTypes', { sessionId: session.value.sessionId });
    if (mine !== generation) return false;
    busy.value = false;
    if (!reply.ok) {
      refused(reply.error);
      return false;
    }
    notice.value = null;
    ticketTypes.value = reply.value.ticketTypes;
    freshness.value = reply.value.freshness;
    // Quantities of ticket types that are still sold stay.
    const codes = new Set(ticketTypes.value.map((t) => t.ticketTypeCode));
    quantities.value = Object.fromEntries(Object.entries(quantities.value).filter(([code]) => codes.has(code)));
    return true;
  }

  const MAX_TICKETS = 10;
  function setQuantity(code: string, qty: number): void {
    const others = ticketCount.value - (quantities.value[code] ?? 0);
    const next = Math.max(0, Math.min(qty, MAX_TICKETS - others));
    quantities.value = { ...quantities.value, [code]: next };
  }

  /** The seat plan, fresh from central; the selection keeps the seats that may still be chosen. */
  async function loadPlan(): Promise<boolean> {
    if (!session.value) return false;
    const mine = ++generation;
    busy.value = true;
    const reply = await call('seatPlan', { sessionId: session.value.sessionId });
    if (mine !== generation) return false;
    busy.value = false;
    if (!reply.ok) {
      refused(reply.error);
      return false;
    }
    plan.value = reply.value.plan;
    freshness.value = reply.value.freshness;
    planRefreshSeconds.value = reply.value.refreshSeconds ?? 0;
    const fresh = reply.value.plan;
    selection.value = selection.value.filter((ref) => {
      const seat = findSeat(fresh, ref);
      return seat !== undefined && isSelectable(seat) && sofaGroup(fresh, seat).every(isSelectable);
    });
    return true;
  }

  /**
   * The seat map read again while the customer looks at it (on the host's interval): no wait shown, the
   * selection kept; a chosen seat someone else took meanwhile is let go (with its sofa), named and
   * marked. An answer that comes after the customer moved on, or a read central did not answer, changes
   * nothing; a show sold out or gone meanwhile is said as on any step.
   */
  async function refreshPlan(): Promise<void> {
    if (!session.value || step.value !== 'seats' || busy.value) return;
    const mine = generation;
    const reply = await call('seatPlan', { sessionId: session.value.sessionId });
    if (mine !== generation || step.value !== 'seats' || busy.value) return;
    if (!reply.ok) {
      // The show sold out or is gone: said as on any step; a central that does not answer changes nothing.
      if (reply.error.code === 'SOLD_OUT' || reply.error.code === 'NOT_FOUND') refused(reply.error);
      return;
    }
    const fresh = reply.value.plan;
    plan.value = fresh;
    freshness.value = reply.value.freshness;
    const lost = selection.value.filter((ref) => {
      const seat = findSeat(fresh, ref);
      return seat === undefined || !isSelectable(seat);
    });
    if (lost.length === 0) return;
    const gone = lost.flatMap((ref) => {
      const seat = findSeat(fresh, ref);
      return seat ? sofaGroup(fresh, seat).map(refOf) : [refOf(ref)];
    });
    selection.value = selection.value.filter((s) => !gone.some((g) => sameSeat(g, s)));
    taken.value = lost.map(refOf);
    notice.value = { kind: 'taken', seats: lost.map((ref) => findSeat(fresh, ref)?.name ?? '').filter(Boolean) };
  }

  async function toSeats(): Promise<void> {
    if (ticketCount.value === 0) return;
    notice.value = null;
    if (await loadPlan()) step.value = 'seats';
  }

  /**
   * A seat touched: chosen or let go with its sofa (shared rules); refused, and said, when none of the
   * chosen tickets is for its area, when it is a sofa with more seats than the area has tickets (choose
   * more tickets or another seat), or when the area already has all the seats its tickets need.
   */
  function toggle(ref: SeatRef): void {
    if (!plan.value) return;
    const next = toggleSeat(plan.value, selection.value, ref);
    const added = next.filter((s) => !selection.value.some((c) => sameSeat(c, s)));
    if (added.length > 0) {
      const seat = findSeat(plan.value, added[0]!)!;
      const wanted = ticketsByArea.value[seat.areaCategoryCode] ?? 0;
      const have = selection.value.filter((s) => findSeat(plan.value!, s)?.areaCategoryCode === seat.areaCategoryCode).length;
      const areaCode = seat.areaCategoryCode;
      if (wanted === 0) {
        notice.value = { kind: 'no-tickets-here', areaCode };
        return;
      }
      // A whole sofa comes at once: with fewer tickets than its seats, freeing a chosen seat would not help.
      if (added.length > wanted) {
        notice.value = { kind: 'sofa-too-big', areaCode, size: added.length, wanted };
        return;
      }
      if (have + added.length > wanted) {
        notice.value = { kind: 'area-full', areaCode, wanted };
        return;
      }
    }
    selection.value = next;
    taken.value = [];
    if (notice.value?.kind !== 'taken') notice.value = null;
  }

  function toSummary(): void {
    if (canHold.value) step.value = 'summary';
  }

  /** Hold the chosen seats (AddTickets): the order and its countdown, or the refusal said where it can be put right. */
  async function hold(): Promise<void> {
    if (!session.value || !canHold.value || busy.value) return;
    const mine = ++generation;
    busy.value = true;
    notice.value = null;
    const tickets = Object.entries(quantities.value)
      .filter(([, qty]) => qty > 0)
      .map(([ticketTypeCode, qty]) => ({ ticketTypeCode, qty }));
    const reply = await call('hold', { sessionId: session.value.sessionId, tickets, seats: selection.value.map(refOf) });
    if (mine !== generation) return;
    busy.value = false;
    if (reply.ok) return held(reply.value);
    if (reply.error.code === 'SEAT_TAKEN') return seatTaken(reply.error);
    if (reply.error.code === 'PRICE_CHANGED') {
      if (await loadTicketTypes()) step.value = 'tickets';
      notice.value = { kind: 'error', error: reply.error };
      return;
    }
    refused(reply.error);
  }

  /** Result 8: the map read again, the taken seats named and marked, the customer's other seats kept. */
  async function seatTaken(error: UiError): Promise<void> {
    const seats = takenSeats(error);
    const before = plan.value;
    const names = seats.map((s) => s.name ?? (before ? findSeat(before, s)?.name : undefined) ?? '').filter(Boolean);
    // The taken seat leaves with its sofa: half a sofa cannot be held.
    const gone = before
      ? seats.flatMap((s) => {
          const seat = findSeat(before, s);
          return seat ? sofaGroup(before, seat).map(refOf) : [refOf(s)];
        })
      : seats.map(refOf);
    selection.value = selection.value.filter((s) => !gone.some((g) => sameSeat(g, s)));
    await loadPlan();
    taken.value = seats.map(refOf);
    step.value = 'seats';
    notice.value = { kind: 'taken', seats: names };
  }

  function held(view: SaleOrderView): void {
    order.value = view;
    step.value = 'held';
    notice.value = null;
    // A new hold (or one replacing it) answers just now: its offset is measured afresh.
    coreClockOffset = null;
    follow(view);
    if (!unsubscribe) {
      const via = channel.value;
      unsubscribe = getBridge().onEvent(
        (event) => {
          if (event.type !== 'sale.order' || event.orderId !== order.value?.orderId) return;
          if (event.state === 'cancelled' || event.state === 'expired' || event.state === 'cancelling') {
            if (step.value === 'held' && !paySending.value)
              finish(event.state === 'expired' || event.cancelReason === 'timeout' ? 'expired' : 'cancelled');
          } else if (event.heldUntil && step.value === 'held') {
            // An event carries no time of its own: the hold's end moves by the offset already known.
            followHold(event.heldUntil);
          }
        },
        via.kind === 'counter' ? { staffSession: via.session } : undefined,
      );
    }
  }

  /** The core's clock as an answer about the order shows it (see `coreClockOffset`). */
  function noteCoreClock(view: SaleOrderView): void {
    const seen = Date.parse(view.updatedAt) - Date.now();
    if (Number.isNaN(seen)) return;
    coreClockOffset = coreClockOffset === null ? seen : Math.max(coreClockOffset, seen);
  }

  /** The countdown to the order's heldUntil, on this machine's clock. */
  function follow(view: SaleOrderView): void {
    noteCoreClock(view);
    if (view.heldUntil) followHold(view.heldUntil);
  }

  function followHold(heldUntil: string): void {
    const end = Date.parse(heldUntil);
    if (Number.isNaN(end)) return;
    deadline.value = end - (coreClockOffset ?? 0);
    now.value = Date.now();
    clearInterval(ticker);
    ticker = setInterval(() => {
      now.value = Date.now();
      // A payment on its way settles within the hold at the core: the kiosk does not cancel under it.
      if (secondsLeft.value <= 0 && step.value === 'held' && !paySending.value) void cancel('timeout');
    }, 1000);
  }

  /** How often the screen reads the payment's progress, and how long printing may take before it counts as failed. */
  const PAY_POLL_MS = 1000;
  const PRINT_WAIT_MS = 30_000;
  const declinedKeys: Record<string, string> = {
    'payment-code-invalid': 'declined.paymentCodeInvalid',
    'balance-not-enough': 'declined.balanceNotEnough',
  };
  /** A payment text in the seller's words: the customer's at the kiosk, the clerk's at the counter. */
  const payKey = (name: string) => `${channel.value.kind === 'counter' ? 'sale.counter.pay' : 'sale.pay'}.${name}`;
  const declinedKey = (reason: unknown) => payKey(declinedKeys[String(reason)] ?? 'declined.other');

  /**
   * A scan while the order is held: the customer's payment code (付款码), sent once to `sale.pay`. The
   * code itself is never kept, shown or said. Scans on other steps, or while a payment is on its way, are
   * not payments and are dropped.
   */
  async function scanned(raw: string): Promise<void> {
    const code = raw.replace(/\s+/gu, '');
    if (step.value !== 'held' || !order.value || paySending.value || busy.value) return;
    if (!/^\d{10,32}$/u.test(code)) {
      notice.value = { kind: 'payment', key: payKey('declined.other') };
      return;
    }
    const mine = generation;
    // Only the wallet is kept (to name it in a refusal), never the code.
    const wallet = walletOf(code);
    paySending.value = true;
    notice.value = null;
    const reply = await call('pay', { orderId: order.value.orderId, paymentCode: code });
    if (mine !== generation) return;
    paySending.value = false;
    if (reply.ok) return followPayment(reply.value);
    payRefused(reply.error, wallet);
  }

  /**
   * Cash at the counter (`office.sale.payCash`): the amount the customer handed over, in cents. Taken: the
   * drawer opens and the order goes on as a paid one (completion, tickets, receipt); refused as too little
   * or far too much: said in the amount field, nothing changed.
   */
  async function payCash(tenderedCents: number): Promise<void> {
    const via = channel.value;
    if (via.kind !== 'counter' || step.value !== 'held' || !order.value || paySending.value || busy.value) return;
    const mine = generation;
    paySending.value = true;
    notice.value = null;
    cashRefusal.value = null;
    const reply = await getBridge().call('office.sale.payCash', { session: via.session, orderId: order.value.orderId, tenderedCents });
    if (mine !== generation) return;
    paySending.value = false;
    if (reply.ok) {
      const { changeCents, drawer, ...status } = reply.value;
      cash.value = { tenderedCents, changeCents, drawer };
      return followPayment(status);
    }
    const details = reply.error.details ?? {};
    if (details['refusal'] === 'CASH_TENDER') {
      const short = details['shortCents'];
      cashRefusal.value = { reason: String(details['reason']), ...(typeof short === 'number' ? { shortCents: short } : {}) };
      return;
    }
    payRefused(reply.error);
  }

  /** The clerk's choice of tender for the held order (a refusal of the other tender is no longer current). */
  function chooseTender(tender: CounterTender): void {
    counterTender.value = tender;
    cashRefusal.value = null;
    if (notice.value?.kind === 'payment') notice.value = null;
    // The QR has no field to fill: the trade is made at once and its QR shown for the customer to scan.
    if (tender === 'alipay-qr') void showQr();
  }

  /**
   * A refused payment: nothing charged. Held still: said on the held screen (at the counter, beside the
   * code's field), scan again or cancel; annulled: the sale ends. A code of another wallet: the kiosk says
   * the core's words to the customer; the counter says the clerk's, naming the wallet scanned.
   */
  function payRefused(error: UiError, wallet?: Wallet): void {
    const refusal = error.details?.['refusal'];
    const reason = error.details?.['reason'];
    const message = error.details?.['customerMessage'];
    if (error.code === 'ORDER_CLOSED') {
      // Not held any more (a dead trade number, the hold over): the core annulled it, the seats go back.
      finish(refusal === 'PAYMENT_DECLINED' ? 'unpaid' : 'expired');
      return;
    }
    if (channel.value.kind === 'counter' && (refusal === 'WALLET_NOT_ACCEPTED' || refusal === 'NOT_A_PAYMENT_CODE')) {
      notice.value = counterWalletNotice(refusal === 'WALLET_NOT_ACCEPTED' ? wallet : undefined);
      return;
    }
    if ((refusal === 'WALLET_NOT_ACCEPTED' || refusal === 'NOT_A_PAYMENT_CODE') && typeof message === 'object' && message !== null) {
      notice.value = { kind: 'payment', key: payKey('declined.other'), message: message as Record<string, string> };
      return;
    }
    if (refusal === 'PAYMENT_DECLINED') {
      notice.value = { kind: 'payment', key: declinedKey(reason) };
      return;
    }
    if (refusal === 'AMOUNT_MISMATCH' && channel.value.kind === 'counter') {
      // Any tender, cash too: the order's amount is not what central holds, so nothing can be taken for it.
      notice.value = { kind: 'payment', key: 'sale.counter.pay.amountMismatch' };
      return;
    }
    if (refusal === 'PAYMENT_UNAVAILABLE' || refusal === 'AMOUNT_MISMATCH') {
      notice.value = { kind: 'payment', key: payKey('unavailable') };
      return;
    }
    notice.value = { kind: 'error', error };
  }

  /** The clerk's words for a code the counter cannot take, in both languages (the wallet named as each language names it). */
  function counterWalletNotice(wallet: Wallet | undefined): SaleNotice {
    const key = wallet ? 'sale.counter.pay.declined.wallet' : 'sale.counter.pay.declined.notACode';
    const message = Object.fromEntries(
      (['zh-CN', 'en'] as const).map((locale) => [
        locale,
        i18n.global.t(key, { wallet: wallet ? walletNames[wallet][locale] : '' }, { locale }),
      ]),
    );
    return { kind: 'payment', key, message };
  }

  /**
   * Pay by a QR the customer scans with Alipay, instead of showing a payment code: the core makes the
   * order's one QR (asked again, the same one) and the screen shows it until the trade settles. A QR the
   * provider did not answer for: said on the QR step, where the customer may ask again or give up.
   */
  async function showQr(): Promise<void> {
    const current = order.value;
    if ((step.value !== 'held' && step.value !== 'qr') || !current || paySending.value || busy.value) return;
    const mine = generation;
    busy.value = true;
    notice.value = null;
    const reply = await call('payQr', { orderId: current.orderId });
    if (mine !== generation) return;
    busy.value = false;
    if (reply.ok) return followPayment(reply.value);
    if (reply.error.details?.['reason'] === 'qr-not-created') {
      step.value = 'qr';
      notice.value = { kind: 'payment', key: 'sale.qr.notCreated' };
      return;
    }
    step.value = 'held';
    payRefused(reply.error);
  }

  /** The customer gives up while the QR shows: the core cancels the trade and annuls the order; the screen says so. */
  async function abandonQr(): Promise<void> {
    const current = order.value;
    if (step.value !== 'qr' || !current || qrAbandoning.value) return;
    const mine = generation;
    qrAbandoning.value = true;
    notice.value = null;
    const reply = await call('abandonPay', { orderId: current.orderId });
    if (mine !== generation) return;
    if (reply.ok) return followPayment(reply.value);
    // Nothing to give up (paid that moment, or already over): the order's own state says what happened.
    void readPayment(mine);
  }

  /** The payment's progress from the core's answer: the step and phase it means, and another read until it is final. */
  function followPayment(status: SalePayStatus): void {
    payment.value = status;
    order.value = status;
    clearTimeout(poller);
    poller = undefined;
    const mine = generation;
    if (status.state === 'paying' && status.qrCode) {
      // The QR shows until the customer's payment settles: the countdown runs on, the order is read again.
      step.value = 'qr';
      follow(status);
      poller = setTimeout(() => void readPayment(mine), PAY_POLL_MS);
      return;
    }
    if (qrAbandoning.value && step.value === 'qr') {
      if (['cancelling', 'cancelled', 'expired'].includes(status.state)) return finish('abandoned');
      if (status.state === 'payment-unknown') {
        poller = setTimeout(() => void readPayment(mine), PAY_POLL_MS);
        return;
      }
    }
    const phase = phaseOf(status);
    if (phase === 'held') {
      // Declined after the phone was asked (the core put it back on hold): scan again or cancel.
      step.value = 'held';
      payPhase.value = null;
      notice.value = { kind: 'payment', key: declinedKey(status.paymentError) };
      follow(status);
      return;
    }
    if (phase === 'unpaid') return finish('unpaid');
    // At the counter the hold's countdown stays in view while the customer confirms on the phone (the core settles within it).
    if (channel.value.kind !== 'counter' || phase !== 'confirming') {
      clearInterval(ticker);
      ticker = undefined;
    }
    payPhase.value = phase;
    notice.value = null;
    step.value = outcomePhases.includes(phase) ? 'outcome' : 'paying';
    // Printed, refunded, left to staff: final. Not printed yet: read again, the printer may still finish.
    if (phase === 'printed' || phase === 'refunded' || phase === 'needsStaff') return;
    poller = setTimeout(() => void readPayment(mine), PAY_POLL_MS);
  }

  async function readPayment(mine: number): Promise<void> {
    const current = order.value;
    if (!current || mine !== generation) return;
    const reply = await call('payStatus', { orderId: current.orderId });
    if (mine !== generation) return;
    if (reply.ok) return followPayment(reply.value);
    // No answer this time (the host busy): the order's state is durable at the core, read again.
    poller = setTimeout(() => void readPayment(mine), PAY_POLL_MS);
  }

  /** What an order's stored state means on the customer's screen. */
  function phaseOf(status: SalePayStatus): PayPhase | 'held' | 'unpaid' {
    if (status.state !== 'completed') completedSince = null;
    // Annulled after the money had moved: the reversal refunded it in full, under the reference the core names.
    if ((status.state === 'cancelling' || status.state === 'cancelled') && status.refundReference !== null) return 'refunded';
    switch (status.state) {
      case 'holding':
      case 'held':
        return 'held';
      case 'paying':
      case 'payment-unknown':
        return 'confirming';
      case 'paid':
      case 'completing':
        return 'completing';
      case 'completed': {
        if (completedSince === null) {
          completedSince = Date.now();
          // The printer asked now, not at its next report: one out of paper says "collect later" at once.
          if (channel.value.kind === 'kiosk') void checkPrinter();
        }
        // The tickets print at once after completion; a print the core saw fail, a printer down or a print
        // that never finished leaves it completed: collect later.
        const printerDown = printerReady.value === false;
        return status.printFailed || printerDown || Date.now() - completedSince > PRINT_WAIT_MS ? 'notPrinted' : 'printing';
      }
      case 'printed':
        return 'printed';
      case 'refunding':
        return 'refunding';
      case 'refunded':
        return 'refunded';
      case 'needs-staff':
        return 'needsStaff';
      default:
        return 'unpaid';
    }
  }

  async function checkPrinter(): Promise<void> {
    const reply = await getBridge().call('printer.status', {});
    if (reply.ok) printerReady.value = reply.value.ready;
  }

  /** Whether this kiosk's ticket printer is ready (the kiosk page tells; unknown at the counter). */
  const printerReady = ref<boolean | null>(null);
  function setPrinterReady(ready: boolean | null): void {
    printerReady.value = ready;
  }

  /** Annul the order (CancelOrder through the core's outbox): the seats go back. */
  async function cancel(reason: 'customer' | 'left' | 'timeout'): Promise<void> {
    const current = order.value;
    clearInterval(ticker);
    if (!current || !isOpenOrder(current.state)) return finish(reason === 'timeout' ? 'expired' : 'cancelled');
    busy.value = true;
    const reply = await call('cancel', { orderId: current.orderId, reason });
    busy.value = false;
    if (reply.ok) order.value = reply.value;
    // A refused cancel (already closed, central down) still ends the sale here: the core retries CancelOrder until central confirms.
    finish(reason === 'timeout' ? 'expired' : 'cancelled');
  }

  function finish(how: SaleEnd): void {
    stopTimers();
    // A payment's refusal was about paying this order: over with it (what ended it is the title).
    if (notice.value?.kind === 'payment') notice.value = null;
    cashRefusal.value = null;
    ended.value = how;
    step.value = 'ended';
  }

  /** The customer leaves the sale (the idle return, Back to start): an open order is annulled. */
  async function leave(): Promise<void> {
    const current = order.value;
    const open = current && isOpenOrder(current.state) && step.value === 'held';
    // Walked away from the QR: its trade is cancelled (refunded in full if paid that moment) and the seats go back.
    const qrLeft = current && step.value === 'qr' && !qrAbandoning.value;
    clear();
    if (open) await call('cancel', { orderId: current.orderId, reason: 'left' });
    else if (qrLeft) await call('abandonPay', { orderId: current.orderId });
  }

  /** A refusal on the way: the steps it sends the customer back to, and what is said there. */
  function refused(error: UiError): void {
    if (error.code === 'SALE_CLOSED') return finish('closed');
    if (error.code === 'SOLD_OUT') {
      notice.value = { kind: 'error', error };
      step.value = 'sessions';
      return;
    }
    if (error.code === 'NOT_FOUND') {
      notice.value = { kind: 'error', error };
      if (film.value) void chooseFilm(film.value);
      return;
    }
    say(error);
  }

  function say(error: UiError): void {
    busy.value = false;
    notice.value = { kind: 'error', error };
  }

  /** One step back: the choices made there stay. */
  function back(): void {
    notice.value = null;
    const order: Record<SaleStep, SaleStep> = {
      films: 'films',
      sessions: 'films',
      tickets: 'sessions',
      seats: 'tickets',
      summary: 'seats',
      held: 'held',
      qr: 'qr',
      paying: 'paying',
      outcome: 'outcome',
      ended: 'ended',
    };
    step.value = order[step.value];
  }

  return {
    channel,
    timeZone,
    step,
    busy,
    cinemaName,
    films,
    film,
    sessions,
    session,
    ticketTypes,
    quantities,
    plan,
    planRefreshSeconds,
    selection,
    selectedSeats,
    taken,
    order,
    freshness,
    notice,
    ended,
    titleKey,
    now,
    deadline,
    ticketCount,
    ticketsByArea,
    problems,
    seatsLeft,
    canHold,
    totalCents,
    secondsLeft,
    start,
    clear,
    loadFilms,
    chooseFilm,
    chooseSession,
    setQuantity,
    toSeats,
    loadPlan,
    refreshPlan,
    toggle,
    toSummary,
    hold,
    cancel,
    leave,
    payment,
    payPhase,
    paySending,
    qrAbandoning,
    qrCode,
    scanned,
    showQr,
    abandonQr,
    counterTender,
    chooseTender,
    cash,
    cashRefusal,
    payCash,
    awaitsPaymentCode,
    paymentNoticeAtField,
    setPrinterReady,
    back,
    areaDescription,
  };
});
