import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiInput, UiOutput } from '../../../shared/contract/ui';
import type { UiError } from '../../../shared/errors';
import { DEFAULT_CINEMA_TIME_ZONE } from '../../../shared/domain/cinema-time';
import type { PrinterProfile, ScannerSettings } from '../../../shared/contract/devices';
import { parseScanPayload, type ScanPayload } from '../../../shared/domain/scan-payload';
import { getBridge } from '../services/bridge';
import { useStaffSession } from '../composables/useStaffSession';

/** The technician console: sign-in, then each panel's data. Only this store talks to the bridge. */
export const useTechStore = defineStore('tech', () => {
  const needsSetup = ref(false);
  // On this console an UNAUTHORIZED answer always means the session ended.
  const { session, error, errors, errorOf, forget, call, signIn, signOut } = useStaffSession({
    onUnauthorized: () => void (session.value = null),
  });
  /** Sign-in and first-run problems, in the console's own words (the others are the core's errors, in `error`). */
  const signInError = ref<string | null>(null);
  /** The same problem as the core's error shape, for the screen's one mapping to the page's language. */
  const signInProblem = ref<UiError | null>(null);
  /** One banner: a sign-in problem replaces whatever a call left. */
  const refuseSignIn = (message: string | null, problem: UiError | null = null) => {
    signInError.value = message;
    signInProblem.value = message === null ? null : problem;
    error.value = null;
  };
  /** The cinema's time zone (from the sign-in): every time on this console is shown in it. */
  const timeZone = ref(DEFAULT_CINEMA_TIME_ZONE);
  /** What is wrong with the first-run code or password: an i18n key, shown beside its field in the page's language. */
  const setupCodeError = ref<'tech.setupCodeWrong' | 'tech.setupLocked' | null>(null);
  const setupPasswordError = ref<'tech.passwordRule' | null>(null);
  const printer = ref<UiOutput<'tech.printer.get'> | null>(null);
  const scanners = ref<UiOutput<'tech.scanners.get'> | null>(null);
  /** Every scan as it arrives, from a serial scanner or a keyboard-wedge scanner typing into this page; `atMs` for the cinema's clock. */
  const scans = ref<{ raw: string; parsed: ScanPayload; at: string; atMs: number; source: 'serial' | 'keyboard' }[]>([]);
  const addScan = (raw: string, source: 'serial' | 'keyboard') =>
    (scans.value = [
      { raw, parsed: parseScanPayload(raw), at: new Date().toLocaleTimeString(), atMs: Date.now(), source },
      ...scans.value,
    ].slice(0, 20));
  const terminals = ref<UiOutput<'tech.terminals.list'>['terminals']>([]);
  const central = ref<UiOutput<'tech.central.test'> | null>(null);
  /** The central settings and the ticket source as configured, read when the System tab opens (no test needed). */
  const centralSettings = ref<UiOutput<'tech.central.get'> | null>(null);
  const ticketSourceTest = ref<UiOutput<'tech.ticketSource.test'> | null>(null);
  const diagnostics = ref<UiOutput<'tech.diagnostics'> | null>(null);
  const exported = ref<string | null>(null);
  const lastTestPage = ref<UiOutput<'tech.printer.testPage'> | null>(null);

  async function init(): Promise<void> {
    const status = await getBridge().call('staff.status', {});
    if (status.ok) needsSetup.value = status.value.needsSetup;
  }

  let unsubscribe: (() => void) | undefined;
  /** Scans and scanner changes are staff events: they come on a stream opened with the session. */
  function listen(token: string): void {
    unsubscribe?.();
    unsubscribe = getBridge().onEvent(
      (event) => {
        if (event.type === 'scanner.scan') addScan(event.raw, 'serial');
        if (event.type === 'scanner.status') void loadScanners();
      },
      { staffSession: token },
    );
  }

  async function setup(username: string, password: string, code: string): Promise<void> {
    const reply = await getBridge().call('staff.setup', { username, password, code });
    if (!reply.ok) {
      const aboutCode = reply.error.details?.['field'] === 'code';
      // The contract names a refused field in details.fields; the core names its own in details.field.
      const fields = (reply.error.details?.['fields'] as { field: string }[] | undefined) ?? [];
      const aboutPassword = reply.error.details?.['field'] === 'password' || fields.some((f) => f.field === 'password');
      setupCodeError.value = aboutCode ? (reply.error.code === 'TOO_MANY_ATTEMPTS' ? 'tech.setupLocked' : 'tech.setupCodeWrong') : null;
      setupPasswordError.value = aboutPassword ? 'tech.passwordRule' : null;
      refuseSignIn(aboutCode || aboutPassword ? null : reply.error.message, reply.error);
      return;
    }
    setupCodeError.value = null;
    setupPasswordError.value = null;
    needsSetup.value = false;
    await login(username, password);
  }

  async function login(username: string, password: string): Promise<void> {
    const reply = await signIn(username, password);
    if (!reply.ok) {
      refuseSignIn(reply.error.code === 'TOO_MANY_ATTEMPTS' ? 'locked: try again later' : 'wrong name or password', reply.error);
      return;
    }
    if (reply.value.role !== 'technician') {
      refuseSignIn('technicians only', { code: 'UNAUTHORIZED', message: 'technicians only', details: { refusal: 'WRONG_ROLE' } });
      return;
    }
    refuseSignIn(null);
    timeZone.value = reply.value.timeZone ?? timeZone.value;
    session.value = reply.value.session;
    listen(reply.value.session);
  }

  async function logout(): Promise<void> {
    await signOut();
    unsubscribe?.();
    unsubscribe = undefined;
  }

  const loadPrinter = async () => (printer.value = (await call('tech.printer.get', {})) ?? printer.value);
  const savePrinter = async (profile: PrinterProfile) => {
    // A test page printed on the previous printer says nothing about this one.
    lastTestPage.value = null;
    const saved = await call('tech.printer.update', { profile });
    if (saved) await loadPrinter();
    return saved !== null;
  };
  const testPage = async () => {
    lastTestPage.value = null;
    lastTestPage.value = await call('tech.printer.testPage', {});
    await loadPrinter();
  };
  const loadScanners = async () => (scanners.value = (await call('tech.scanners.get', {})) ?? scanners.value);
  const saveScanners = async (list: ScannerSettings[]) => {
    const saved = await call('tech.scanners.update', { scanners: list });
    if (saved) await loadScanners();
    return saved !== null;
  };
  const loadTerminals = async () => (terminals.value = (await call('tech.terminals.list', {}))?.terminals ?? terminals.value);
  const addTerminal = async (terminalId: string, password: string) => {
    const added = await call('tech.terminals.add', { terminalId, password });
    if (added) await loadTerminals();
    return added !== null;
  };
  const setTerminalDisabled = async (terminalId: string, disabled: boolean) => {
    if (await call('tech.terminals.setDisabled', { terminalId, disabled })) await loadTerminals();
  };
  const reconcileReport = ref<UiOutput<'tech.sync.reconcile'> | null>(null);
  const reconcile = async () => (reconcileReport.value = await call('tech.sync.reconcile', {}));
  const testCentral = async () => (central.value = await call('tech.central.test', {}));
  const loadCentral = async () => (centralSettings.value = await call('tech.central.get', {}));
  const testTicketSource = async () => (ticketSourceTest.value = await call('tech.ticketSource.test', {}));
  const saveCentral = async (fields: Omit<UiInput<'tech.central.update'>, 'session'>) => {
    const saved = await call('tech.central.update', fields);
    if (saved) await testCentral();
    return saved !== null;
  };
  const importResult = ref<UiOutput<'tech.config.import'> | null>(null);
  const importConfig = async (text: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      importResult.value = null;
      error.value = { code: 'VALIDATION', message: 'not JSON', details: { field: 'config', reason: 'NOT_JSON' } };
      errors.value = { ...errors.value, 'tech.config.import': error.value };
      return;
    }
    importResult.value = null;
    importResult.value = await call('tech.config.import', { config: parsed as Record<string, unknown> });
  };
  const loadDiagnostics = async () => (diagnostics.value = await call('tech.diagnostics', {}));
  const exportConfig = async () => {
    const reply = await call('tech.config.export', {});
    exported.value = reply ? JSON.stringify(reply.config, null, 2) : null;
  };

  return {
    needsSetup,
    session,
    error,
    errorOf,
    forget,
    signInError,
    signInProblem,
    timeZone,
    addScan,
    setupCodeError,
    setupPasswordError,
    printer,
    scanners,
    scans,
    terminals,
    central,
    centralSettings,
    ticketSourceTest,
    loadCentral,
    testTicketSource,
    diagnostics,
    exported,
    lastTestPage,
    importResult,
    saveCentral,
    importConfig,
    reconcileReport,
    reconcile,
    init,
    setup,
    login,
    logout,
    loadPrinter,
    savePrinter,
    testPage,
    loadScanners,
    saveScanners,
    loadTerminals,
    addTerminal,
    setTerminalDisabled,
    testCentral,
    loadDiagnostics,
    exportConfig,
  };
});
