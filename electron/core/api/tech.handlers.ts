import { fail, ok, type Result } from '../../../shared/errors';
import type { UiInput, UiOutput } from '../../../shared/contract/ui';
import type { AlipayConfig, CentralConfig, MailConfig } from '../config/config';
import { publicKeySha256 } from '../config/payment-key';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { LogTail } from '../observability/logger';
import type { StaffAuth } from '../staff/staff-auth';
import { roleGuard } from '../staff/role-guard';
import { ScannerPool } from '../scanning/scanner-pool';
import { checkNewSerialPorts } from '../scanning/serial-path-check';
import { printTestPage } from '../printing/test-page';
import type { TicketPrinter } from '../printing/ticket-printer';
import type { StoreHealth } from '../storage/store-health';
import type { ReconcileReport } from '../sync/reconciler';
import { diagnose, type SyncView } from '../tech/diagnostics';
import { printerOverview } from '../tech/printer-overview';
import type { TerminalAccounts } from '../tech/terminal-accounts';
import type { UiHandlers } from './ui-dispatch';

const centralView = (central: CentralConfig) => ({
  url: central.url,
  cinemaId: central.cinemaId,
  optionalClientClass: central.optionalClientClass,
  optionalClientId: central.optionalClientId,
  optionalClientName: central.optionalClientName,
  tokenSet: central.connectApiToken.length > 0,
});

const mailView = (mail: MailConfig | undefined) =>
  mail
    ? {
        configured: true,
        host: mail.host,
        port: mail.port,
        security: mail.security,
        ...(mail.user ? { user: mail.user } : {}),
        from: mail.from,
        fromName: mail.fromName,
        passwordSet: (mail.password ?? '').length > 0,
      }
    : { configured: false, passwordSet: false };

const alipayView = (alipay: AlipayConfig | undefined) =>
  alipay
    ? {
        configured: true,
        appId: alipay.appId,
        gatewayUrl: alipay.gatewayUrl,
        timeoutMs: alipay.timeoutMs,
        appKeySet: alipay.appPrivateKey.length > 0,
        alipayPublicKeySha256: publicKeySha256(alipay.alipayPublicKey),
      }
    : { configured: false, appKeySet: false };

type TechCalls = Extract<keyof UiHandlers, `tech.${string}`>;

/** What the local print service offers the technician; absent on a kiosk that collects through a remote one. */
export interface LocalServiceView extends SyncView {
  probeCentral(): Promise<{ reachable: boolean; detail: string }>;
  ticketSource(): { kind: 'central' | 'vista-sarft'; url?: string; username?: string };
  probeTicketSource(): Promise<{ reachable: boolean; detail: string }>;
  reconcile(): Promise<ReconcileReport>;
}

export interface TechnicianDeps {
  staff: StaffAuth;
  audit: AuditLog;
  store: ConfigStore;
  printer: TicketPrinter;
  scanners: ScannerPool;
  terminals: TerminalAccounts;
  local: LocalServiceView | undefined;
  logTail: LogTail;
  storeHealth?: StoreHealth;
  now: () => number;
}

/** The technician console's calls: each checks the session, then calls one service and maps its reply. */
export function technicianHandlers(deps: TechnicianDeps): Pick<UiHandlers, TechCalls> {
  const { staff, store, printer, scanners, terminals, local } = deps;
  const asTechnician = <I extends { session: string }, O>(run: (input: I, actor: string) => Promise<Result<O>>) =>
    roleGuard(staff).asRole<I, O>(['technician'], (input, who) => run(input, `staff:${who.username}`));

  return {
    'tech.printer.get': asTechnician(async () => ok(await printerOverview(printer))),
    'tech.printer.update': asTechnician(async (input: UiInput<'tech.printer.update'> & { session: string }, actor) => {
      const profile = input.profile as UiOutput<'tech.printer.update'>['profile'];
      const updated = await store.update(
        'printer',
        profile,
        {
          actor,
          action: 'config.printer-updated',
          details: { url: profile.url, type: profile.type, paperWidthMm: profile.paperWidthMm, qrMode: profile.qrMode },
        },
        'profile.url',
      );
      return updated.ok ? ok({ profile: updated.value }) : updated;
    }),
    'tech.printer.testPage': asTechnician(async (_input, actor) => {
      const config = store.current();
      return ok(
        await printTestPage(printer, deps.audit, {
          actor,
          terminalId: config.terminal.id,
          now: deps.now(),
          offsetMinutes: config.central?.cinemaOffsetMinutes ?? 480,
        }),
      );
    }),

    'tech.scanners.get': asTechnician(async () => ok({ ports: await ScannerPool.ports(), scanners: scanners.status() })),
    'tech.scanners.update': asTechnician(async (input: UiInput<'tech.scanners.update'> & { session: string }, actor) => {
      const list = input.scanners as UiOutput<'tech.scanners.update'>['scanners'];
      const ports = checkNewSerialPorts(list, store.current().scanners);
      if (!ports.ok) return ports;
      const updated = await store.update('scanners', list, {
        actor,
        action: 'config.scanners-updated',
        details: { scanners: list.map((s) => s.path) },
      });
      return updated.ok ? ok({ scanners: updated.value }) : updated;
    }),

    'tech.terminals.list': asTechnician(async () => terminals.list()),
    'tech.terminals.add': asTechnician(async (input, actor) => terminals.add(input.terminalId, input.password, actor)),
    'tech.terminals.setDisabled': asTechnician(async (input, actor) => terminals.setDisabled(input.terminalId, input.disabled, actor)),

    'tech.central.test': asTechnician(async () => {
      const central = store.current().central;
      if (!central || !local) return fail('VALIDATION', 'this kiosk has no central connection of its own');
      return ok({ ...centralView(central), ...(await local.probeCentral()) });
    }),
    'tech.central.get': asTechnician(async () => {
      const central = store.current().central;
      if (!central || !local) return fail('VALIDATION', 'this kiosk has no central connection of its own');
      return ok({ ...centralView(central), ticketSource: local.ticketSource() });
    }),
    'tech.ticketSource.test': asTechnician(async () => {
      if (!local) return fail('VALIDATION', 'this kiosk has no ticket source of its own');
      return ok({ ...local.ticketSource(), ...(await local.probeTicketSource()) });
    }),
    'tech.central.update': asTechnician(async (input, actor) => {
      const { session: _session, connectApiToken, ...fields } = input;
      const updated = await store.updateCentral(fields, connectApiToken, actor);
      return updated.ok ? ok(centralView(updated.value)) : updated;
    }),
    'tech.alipay.get': asTechnician(async () => ok(alipayView(store.current().payment.alipay))),
    'tech.alipay.update': asTechnician(async (input, actor) => {
      const { session: _session, appPrivateKey, timeoutMs, ...fields } = input;
      const updated = await store.updateAlipay({ ...fields, timeoutMs: timeoutMs ?? 8_000 }, appPrivateKey, actor);
      return updated.ok ? ok(alipayView(updated.value)) : updated;
    }),
    'tech.mail.get': asTechnician(async () => ok(mailView(store.current().mail))),
    'tech.mail.update': asTechnician(async (input, actor) => {
      const { session: _session, password, fromName, ...fields } = input;
      const previous = store.current().mail;
      const updated = await store.updateMail(
        {
          ...fields,
          fromName: fromName ?? previous?.fromName ?? '影城 Cinema',
          timeoutMs: previous?.timeoutMs ?? 15_000,
          pollMs: previous?.pollMs ?? 1_000,
          baseDelayMs: previous?.baseDelayMs ?? 5_000,
          maxDelayMs: previous?.maxDelayMs ?? 15 * 60_000,
          maxAttempts: previous?.maxAttempts ?? 30,
        },
        password,
        actor,
      );
      return updated.ok ? ok(mailView(updated.value)) : updated;
    }),
    'tech.diagnostics': asTechnician(async () =>
      ok(diagnose({ dataDir: store.current().dataDir, sync: local, logTail: deps.logTail, storeHealth: deps.storeHealth })),
    ),
    'tech.sync.reconcile': asTechnician(async () => {
      if (!local) return fail('VALIDATION', 'this kiosk uses a remote print service: reconcile there');
      return ok(await local.reconcile());
    }),
    'tech.config.import': asTechnician(async (input, actor) => store.import(input.config, actor)),
    'tech.config.export': asTechnician(async (_input, actor) => ok({ config: store.export(actor) })),
  };
}
