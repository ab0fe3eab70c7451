import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PrinterStatus, UiOutput } from '../../../shared/contract/ui';
import type { UiError } from '../../../shared/errors';
import { parseScanPayload } from '../../../shared/domain/scan-payload';
import { isPrintNo, padPrintNo } from '../../../shared/domain/print-no';
import { getBridge } from '../services/bridge';
import { useLocaleStore } from './locale';
import { useSaleStore } from './sale';
import type { Locale } from '../i18n';

export type KioskScreen = 'attract' | 'print-no' | 'verify-code' | 'tickets' | 'printing' | 'done' | 'refused' | 'sale';

/** The customer's collection, screen by screen. Only this store talks to the bridge. */
export const useKioskStore = defineStore('kiosk', () => {
  const screen = ref<KioskScreen>('attract');
  const printNo = ref('');
  const verifyCode = ref('');
  const booking = ref<UiOutput<'kiosk.lookup'> | null>(null);
  const progress = ref({ done: 0, total: 0 });
  const result = ref<UiOutput<'kiosk.collect'> | null>(null);
  /** Why the refused screen shows: the core's error (the screen says what its code means), or the kiosk's own check. */
  const error = ref<UiError | null>(null);
  const busy = ref(false);
  const printer = ref<PrinterStatus | null>(null);
  const terminalId = ref('');
  const idleTimeoutSeconds = ref(60);
  /** The cinema's language, from kiosk.info: each customer starts in it. */
  const defaultLocale = ref<Locale>('zh-CN');
  /** A wrong verify code, said on the verify screen itself: the pickup number is kept, only the code is typed again. */
  const verifyError = ref<UiError | null>(null);
  const idleWarningSeconds = ref(20);
  /** A sale's money outcome (refunded with its reference, left to staff) stays at least this long before the idle return. */
  const outcomeSeconds = ref(60);
  /** The technician's defaults for speech, theme and accessibility mode (the accessibility store applies them). */
  const accessibilityDefaults = ref<UiOutput<'kiosk.info'>['accessibility'] | null>(null);

  const printable = computed(() => booking.value?.printable ?? 0);

  async function init(): Promise<void> {
    const bridge = getBridge();
    bridge.onEvent((event) => {
      if (event.type === 'collection.progress' && event.printNo === booking.value?.printNo)
        progress.value = { done: event.done, total: event.total };
      if (event.type === 'printer.status') printer.value = event.status;
      if (event.type === 'scanner.scan') void scanned(event.raw);
    });
    const info = await bridge.call('kiosk.info', {});
    if (info.ok) {
      terminalId.value = info.value.terminalId;
      printer.value = info.value.printer;
      idleTimeoutSeconds.value = info.value.idleTimeoutSeconds;
      idleWarningSeconds.value = info.value.idleWarningSeconds;
      outcomeSeconds.value = info.value.outcomeSeconds ?? 60;
      defaultLocale.value = info.value.defaultLocale;
      useLocaleStore().set(defaultLocale.value);
      accessibilityDefaults.value = info.value.accessibility ?? null;
    }
  }

  /** Back to the first screen for the next customer, in the cinema's language (Done, the idle return, a refusal's return). */
  function reset(): void {
    clear();
    useLocaleStore().set(defaultLocale.value);
  }

  /** Forgets the customer's codes and booking; the language stays (the customer may have just chosen it). */
  function clear(): void {
    screen.value = 'attract';
    verifyError.value = null;
    printNo.value = '';
    verifyCode.value = '';
    booking.value = null;
    result.value = null;
    error.value = null;
    progress.value = { done: 0, total: 0 };
    busy.value = false;
  }

  function start(): void {
    clear();
    // A printer known to be down is said before any code is typed (the core checks again at the lookup).
    if (printer.value && !printer.value.ready) return refuse(printerDown());
    screen.value = 'print-no';
  }

  /** The walk-up sale (the sale store runs it; this screen only hosts it). */
  function startSale(): void {
    clear();
    screen.value = 'sale';
  }

  function printerDown(): UiError {
    return { code: 'PRINTER_NOT_READY', message: printer.value?.state ?? 'not ready' };
  }

  function refuse(why: UiError): void {
    error.value = why;
    screen.value = 'refused';
  }

  function submitPrintNo(value: string): void {
    if (!isPrintNo(value)) return refuse({ code: 'VALIDATION', message: 'not a pickup number' });
    // The same number typed again (or shown unpadded after a scan) keeps the code typed so far.
    if (padPrintNo(value) !== padPrintNo(printNo.value)) verifyCode.value = '';
    printNo.value = value;
    verifyError.value = null;
    screen.value = 'verify-code';
  }

  async function submitVerifyCode(value: string): Promise<void> {
    verifyCode.value = value;
    await lookup();
  }

  /** Back from the verify screen: what was typed of the code is kept, and so is the pickup number. */
  function backToPrintNo(typedCode: string): void {
    verifyCode.value = typedCode;
    verifyError.value = null;
    screen.value = 'print-no';
  }

  /** Both codes go together: the core proves the code before anything of the booking comes back. */
  async function lookup(): Promise<void> {
    busy.value = true;
    const reply = await getBridge().call('kiosk.lookup', { printNo: printNo.value, verifyCode: verifyCode.value });
    busy.value = false;
    if (!reply.ok && reply.error.code === 'VERIFY_CODE_WRONG') {
      verifyCode.value = '';
      verifyError.value = reply.error;
      screen.value = 'verify-code';
      return;
    }
    if (!reply.ok) return refuse(reply.error);
    verifyError.value = null;
    booking.value = reply.value;
    screen.value = 'tickets';
  }

  /** "Try again" of a refusal where trying again can help: the same codes once more, or a fresh start without them. */
  async function retry(): Promise<void> {
    if (printNo.value && verifyCode.value && !busy.value) return lookup();
    start();
  }

  async function print(): Promise<void> {
    if (!booking.value || busy.value) return;
    busy.value = true;
    progress.value = { done: 0, total: booking.value.printable };
    screen.value = 'printing';
    const reply = await getBridge().call('kiosk.collect', { printNo: printNo.value, verifyCode: verifyCode.value });
    busy.value = false;
    if (!reply.ok) return refuse(reply.error);
    result.value = reply.value;
    screen.value = 'done';
  }

  /** A scan from the wedge or a serial scanner, on any screen but printing; in the sale, handed to it. */
  async function scanned(raw: string): Promise<void> {
    // In the sale, a scan is the customer's payment code for the held order (the sale decides).
    if (screen.value === 'sale') return useSaleStore().scanned(raw);
    if (screen.value === 'printing' || busy.value) return;
    const payload = parseScanPayload(raw);
    if (payload.kind === 'invalid') return refuse({ code: 'VALIDATION', message: 'not a pickup scan' });
    clear();
    if (printer.value && !printer.value.ready) return refuse(printerDown());
    printNo.value = payload.printNo;
    if (!payload.verifyCode) {
      screen.value = 'verify-code';
      return;
    }
    verifyCode.value = payload.verifyCode;
    await lookup();
  }

  async function refreshPrinter(): Promise<void> {
    const reply = await getBridge().call('printer.status', {});
    if (reply.ok) printer.value = reply.value;
  }

  return {
    screen,
    printNo,
    verifyCode,
    booking,
    progress,
    result,
    error,
    busy,
    printer,
    terminalId,
    idleTimeoutSeconds,
    idleWarningSeconds,
    outcomeSeconds,
    defaultLocale,
    verifyError,
    accessibilityDefaults,
    printable,
    init,
    reset,
    clear,
    start,
    startSale,
    submitPrintNo,
    submitVerifyCode,
    backToPrintNo,
    retry,
    print,
    scanned,
    refreshPrinter,
    refuse,
  };
});
