import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BookingDetail, RefundView, UiEvent, UiInput, UiOutput } from '../../../shared/contract/ui';
import type { UiError } from '../../../shared/errors';
import { refundQuote, type RefundQuote } from '../../../shared/domain/refund-rules';
import { refundKindOf } from '../../../shared/domain/counter-rules';
import { getBridge } from '../services/bridge';
import { DEFAULT_CINEMA_TIME_ZONE } from '../../../shared/domain/cinema-time';
import { useStaffSession } from '../composables/useStaffSession';
import { useSaleStore } from './sale';

type Progress = Extract<UiEvent, { type: 'office.refund.progress' }>;
/** The renderer's one error shape: the core's. */
export type CallError = UiError;

/** The box office: sign-in, the booking at the counter, refunds and reprints, the lists. Only this store talks to the bridge. */
export const useOfficeStore = defineStore('office', () => {
  // A refusal names itself in details.refusal; an UNAUTHORIZED without details is from before refusals did.
  const { session, error, errorOf, forget, busy, call, signIn, signOut } = useStaffSession({
    onUnauthorized: (e) => (e.details?.['refusal'] === 'SESSION_ENDED' || !e.details ? verifySession() : undefined),
  });
  const settings = ref<UiOutput<'office.settings'> | null>(null);
  const booking = ref<BookingDetail | null>(null);
  /** The refund a scanned slip named. */
  const verifiedRefund = ref<RefundView | null>(null);
  const selected = ref<string[]>([]);
  /** Every step of each online refund this session has seen, oldest first. */
  const progress = ref<Record<string, Progress[]>>({});
  const attention = ref<UiOutput<'office.attention.list'>['items']>([]);
  const report = ref<UiOutput<'office.report'> | null>(null);
  /** Kiosk locks (too many wrong verify codes) on the booking at the counter. */
  const kioskLocks = ref<UiOutput<'office.lockouts.list'>['lockouts']>([]);
  let unsubscribe: (() => void) | undefined;
  /** The cinema's time zone: every time on the box office's screens is shown in it. */
  const timeZone = computed(() => settings.value?.timeZone ?? DEFAULT_CINEMA_TIME_ZONE);

  /** An UNAUTHORIZED answer may be a refused approval or a session that ended: ask which. */
  async function verifySession(): Promise<void> {
    if (!session.value) return;
    const reply = await getBridge().call('office.settings', { session: session.value });
    if (!reply.ok) session.value = null;
  }

  /** The last sign-in was a technician's: the screen sends them to their console. */
  const technicianRefused = ref(false);
  async function login(username: string, password: string): Promise<void> {
    technicianRefused.value = false;
    const reply = await signIn(username, password);
    if (!reply.ok) {
      error.value = reply.error;
      return;
    }
    if (reply.value.role === 'technician') {
      error.value = { code: 'UNAUTHORIZED', message: 'technicians use /tech' };
      technicianRefused.value = true;
      return;
    }
    session.value = reply.value.session;
    error.value = null;
    // A new sign-in starts clean: nothing of the previous user's booking stays on the screen.
    booking.value = null;
    verifiedRefund.value = null;
    selected.value = [];
    settings.value = await call('office.settings', {});
    unsubscribe?.();
    // Refund progress and serial scans are staff events: they come on a stream opened with the session.
    unsubscribe = getBridge().onEvent(
      (event) => {
        if (event.type === 'office.refund.progress') {
          progress.value = { ...progress.value, [event.refundCode]: [...(progress.value[event.refundCode] ?? []), event] };
          if ((event.phase === 'refunded' || event.phase === 'needs-staff') && booking.value?.bookingNumber === event.bookingNumber)
            void reload();
        }
        if (event.type === 'scanner.scan') {
          // On a held counter sale paid by Alipay the scan is the customer's payment code, never a search.
          const sale = useSaleStore();
          if (sale.awaitsPaymentCode) void sale.scanned(event.raw);
          else void find(event.raw);
        }
      },
      { staffSession: reply.value.session },
    );
  }

  async function logout(): Promise<void> {
    // A held sale of this clerk is annulled while the session still may.
    await useSaleStore().leave();
    await signOut();
    unsubscribe?.();
    booking.value = null;
    selected.value = [];
  }

  async function find(query: string): Promise<void> {
    // The previous result goes first: a forged slip code must never show beside the last valid one.
    verifiedRefund.value = null;
    const found = await call('office.find', { query });
    if (!found) {
      booking.value = null;
      selected.value = [];
      kioskLocks.value = [];
      return;
    }
    booking.value = found.booking;
    void loadKioskLocks();
    verifiedRefund.value = found.kind === 'refund' ? found.refund : null;
    // A booking with a single refundable ticket comes with it chosen.
    const refundable = found.booking.tickets.filter((t) => refundKindOf([t.state]) !== null);
    selected.value = found.kind === 'booking' && refundable.length === 1 ? [refundable[0]!.ticketCode] : [];
  }

  async function reload(): Promise<void> {
    if (!booking.value) return;
    const fresh = await call('office.booking', { bookingNumber: booking.value.bookingNumber });
    if (fresh) {
      booking.value = fresh;
      void loadKioskLocks();
      selected.value = selected.value.filter((code) =>
        fresh.tickets.some((t) => t.ticketCode === code && refundKindOf([t.state]) !== null),
      );
    }
  }

  /** What the selected tickets would give back now, by the same rules the core applies. */
  const quote = computed<RefundQuote | null>(() => quoteOf(selected.value));
  /** What the given tickets would give back now: the whole booking's amount where only the whole booking can go back. */
  function quoteOf(codes: readonly string[]): RefundQuote | null {
    if (!booking.value || !settings.value || codes.length === 0) return null;
    const chosen = booking.value.tickets.filter((t) => codes.includes(t.ticketCode));
    return refundQuote(chosen, booking.value.sessionEpochMs, Date.now(), {
      lateMinutesBeforeStart: settings.value.lateRefundMinutesBeforeStart,
      bookingFeePolicy: settings.value.bookingFeeRefund,
    });
  }

  async function refund(reason: string, approval?: { username: string; password: string }): Promise<UiOutput<'office.refund'> | null> {
    if (!booking.value) return null;
    const done = await call('office.refund', {
      bookingNumber: booking.value.bookingNumber,
      ticketCodes: selected.value,
      reason,
      ...(approval ? { approval } : {}),
    });
    if (done) {
      selected.value = [];
      await reload();
    }
    return done;
  }

  async function reprint(
    ticketCode: string,
    reason: string,
    approval?: { username: string; password: string },
  ): Promise<UiOutput<'office.reprint'> | null> {
    const done = await call('office.reprint', { ticketCode, reason, ...(approval ? { approval } : {}) });
    if (done) await reload();
    return done;
  }

  async function loadKioskLocks(): Promise<void> {
    const printNo = booking.value?.printNo;
    const all = printNo ? await getBridge().call('office.lockouts.list', { session: session.value ?? '' }) : null;
    kioskLocks.value = all?.ok ? all.value.lockouts.filter((l) => l.printNo === printNo) : [];
  }
  async function liftKioskLock(): Promise<void> {
    // The lift is in the booking's history: read the booking again, and the locks.
    if (booking.value && (await call('office.lockouts.lift', { printNo: booking.value.printNo })))
      await Promise.all([reload(), loadKioskLocks()]);
  }
  // Counter print (issue 12): the customer's unprinted booking printed here, with the verify code they tell the clerk.
  async function counterPrint(verifyCode: string, requestId: string): Promise<UiOutput<'office.counterPrint'> | null> {
    if (!booking.value) return null;
    const done = await call('office.counterPrint', { bookingNumber: booking.value.bookingNumber, verifyCode, requestId });
    if (done) await reload();
    // The counter's own wrong codes lock the pickup number too: show the lock a supervisor can lift.
    else if (error.value?.code === 'TOO_MANY_ATTEMPTS') await loadKioskLocks();
    return done;
  }
  const printSlipCopy = (refundCode: string) => call('office.refundSlip.print', { refundCode });
  const loadAttention = async () => (attention.value = (await call('office.attention.list', {}))?.items ?? attention.value);
  const resolve = async (id: string, action: string, approval?: { username: string; password: string }) => {
    const done = await call('office.attention.resolve', { id, action, ...(approval ? { approval } : {}) });
    // Only after a success: reloading the list would clear a refusal the dialog must still show.
    if (done) await loadAttention();
    return done;
  };
  const loadReport = async (filter: Omit<UiInput<'office.report'>, 'session'>) =>
    (report.value = (await call('office.report', filter)) ?? report.value);
  const printReport = (filter: Omit<UiInput<'office.report.print'>, 'session'>) => call('office.report.print', filter);

  return {
    session,
    settings,
    timeZone,
    technicianRefused,
    error,
    errorOf,
    forget,
    busy,
    booking,
    verifiedRefund,
    selected,
    progress,
    attention,
    report,
    quote,
    quoteOf,
    kioskLocks,
    login,
    logout,
    find,
    reload,
    refund,
    reprint,
    printSlipCopy,
    loadAttention,
    resolve,
    loadReport,
    printReport,
    liftKioskLock,
    counterPrint,
  };
});
