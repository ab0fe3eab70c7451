import { statfsSync } from 'node:fs';
import { fail, ok, type Result } from '../../../shared/errors';
import type { UiInput, UiOutput } from '../../../shared/contract/ui';
import { parseConfig, type AppConfig, type CentralConfig } from '../config/config';
import { centralOrigin, isCleartextToRemote, sealCentralToken } from '../config/central-token';
import { writeConfigSection } from '../config/config-file';
import type { AuditLog } from '../audit/audit-log';
import type { CollectionService } from '../collection/collection.service';
import type { PrintServiceHost } from '../app/print-service-host';
import type { LogTail } from '../observability/logger';
import type { StaffAuth } from '../staff/staff-auth';
import { roleGuard } from '../staff/role-guard';
import { ScannerPool } from '../scanning/scanner-pool';
import { printerTransportFor } from '../printing/printer-transport.factory';
import { decodeEscPos } from '../printing/escpos-decoder';
import { renderPreview } from '../printing/print-preview';
import type { StoreHealth } from '../storage/store-health';
import type { UiHandlers } from './ui-dispatch';

/** Sections a configuration import may carry; identity and secrets stay with the machine. */
const IMPORTABLE = ['printer', 'slipPrinter', 'scanners', 'printService', 'ui', 'sync', 'central', 'office'];

const centralView = (central: CentralConfig) => ({
  url: central.url,
  cinemaId: central.cinemaId,
  optionalClientClass: central.optionalClientClass,
  optionalClientId: central.optionalClientId,
  optionalClientName: central.optionalClientName,
  tokenSet: central.connectApiToken.length > 0,
});

type TechCalls = Extract<keyof UiHandlers, `tech.${string}`>;

export interface TechnicianDeps {
  config: AppConfig;
  staff: StaffAuth;
  audit: AuditLog;
  collection: CollectionService;
  scanners: ScannerPool;
  printService: PrintServiceHost | undefined;
  logTail: LogTail;
  storeHealth?: StoreHealth;
}

/** The technician console's calls: each checks the session, validates, audits, applies at once. */
export function technicianHandlers(deps: TechnicianDeps): Pick<UiHandlers, TechCalls> {
  const { config, staff, audit, collection, scanners } = deps;
  const asTechnician = <I extends { session: string }, O>(run: (input: I, actor: string) => Promise<Result<O>>) => roleGuard(staff).asRole<I, O>(['technician'], (input, who) => run(input, `staff:${who.username}`));
  const record = (actor: string, action: string, details: Record<string, unknown> = {}) => audit.append({ actor, action, subject: 'config', details });

  return {
    'tech.printer.get': asTechnician(async () => {
      const bytes = collection.lastJobBytes();
      const png = bytes && bytes.length > 0 ? (await renderPreview(decodeEscPos(bytes).blocks, collection.profile.paperWidthMm === 80 ? 576 : 384)).toString('base64') : null;
      return ok({ profile: collection.profile, status: await collection.printerStatus(), lastJobPng: png });
    }),
    'tech.printer.update': asTechnician(async (input: UiInput<'tech.printer.update'> & { session: string }, actor) => {
      let transport;
      try {
        transport = printerTransportFor(input.profile.url);
      } catch (error) {
        return fail('VALIDATION', (error as Error).message, { field: 'profile.url' });
      }
      const profile = input.profile as UiOutput<'tech.printer.update'>['profile'];
      collection.setPrinter(transport, profile);
      writeConfigSection(config.dataDir, 'printer', profile);
      config.printer = profile;
      record(actor, 'config.printer-updated', { url: profile.url, type: profile.type, paperWidthMm: profile.paperWidthMm, qrMode: profile.qrMode });
      return ok({ profile });
    }),
    'tech.printer.testPage': asTechnician(async (_input, actor) => {
      const outcome = await collection.printTestPage(config.terminal.id);
      record(actor, 'printer.test-page', { printed: outcome.printed, state: outcome.status.state });
      return ok(outcome);
    }),

    'tech.scanners.get': asTechnician(async () => ok({ ports: await ScannerPool.ports(), scanners: scanners.status() })),
    'tech.scanners.update': asTechnician(async (input: UiInput<'tech.scanners.update'> & { session: string }, actor) => {
      const list = input.scanners as UiOutput<'tech.scanners.update'>['scanners'];
      await scanners.replace(list);
      writeConfigSection(config.dataDir, 'scanners', list);
      config.scanners = list;
      record(actor, 'config.scanners-updated', { scanners: list.map((s) => s.path) });
      return ok({ scanners: list });
    }),

    'tech.terminals.list': asTechnician(async () => {
      if (!deps.printService) return fail('VALIDATION', 'this kiosk uses a remote print service: manage its terminals there');
      return ok({ terminals: deps.printService.auth.list() });
    }),
    'tech.terminals.add': asTechnician(async (input, actor) => {
      const auth = deps.printService?.auth;
      if (!auth) return fail('VALIDATION', 'this kiosk uses a remote print service');
      if (auth.isRegistered(input.terminalId)) return fail('VALIDATION', 'terminal exists', { field: 'terminalId' });
      // Checked again by the store: a concurrent add may have taken the id while the hash ran.
      if (!(await auth.register(input.terminalId, input.terminalId, input.password))) return fail('VALIDATION', 'terminal exists', { field: 'terminalId' });
      audit.append({ actor, action: 'terminal.added', subject: `terminal:${input.terminalId}` });
      return ok({ terminalId: input.terminalId });
    }),
    'tech.terminals.setDisabled': asTechnician(async (input, actor) => {
      const auth = deps.printService?.auth;
      if (!auth?.setDisabled(input.terminalId, input.disabled)) return fail('VALIDATION', 'no such terminal', { field: 'terminalId' });
      audit.append({ actor, action: input.disabled ? 'terminal.disabled' : 'terminal.enabled', subject: `terminal:${input.terminalId}` });
      return ok({ terminalId: input.terminalId, disabled: input.disabled });
    }),

    'tech.central.test': asTechnician(async () => {
      const central = config.central;
      if (!central || !deps.printService) return fail('VALIDATION', 'this kiosk has no central connection of its own');
      return ok({ ...centralView(central), ...(await deps.printService.probeCentral()) });
    }),
    'tech.central.update': asTechnician(async (input, actor) => {
      if (!config.central || !deps.printService) return fail('VALIDATION', 'this kiosk has no central connection of its own');
      const { session: _session, connectApiToken, ...fields } = input;
      if (isCleartextToRemote(fields.url)) return fail('VALIDATION', 'use https: for a central on another machine: over http: the token would cross the network in clear', { field: 'url' });
      // The token goes only to the origin it was entered for: a new origin needs it typed in again.
      const previousUrl = config.central.url;
      const originChanged = centralOrigin(fields.url) !== centralOrigin(previousUrl);
      if (originChanged && connectApiToken === undefined) return fail('VALIDATION', 'a new central address needs the token entered again', { field: 'connectApiToken', reason: 'central-origin-changed' });
      const next = { ...config.central, ...fields, connectApiToken: connectApiToken ?? config.central.connectApiToken };
      deps.printService.reconfigureCentral(next);
      config.central = next;
      writeConfigSection(config.dataDir, 'central', { ...fields, connectApiToken: sealCentralToken(config.dataDir, next.connectApiToken, next.url) });
      audit.append({ actor, action: 'config.central-updated', subject: 'config', details: { url: next.url, previousUrl, originChanged, cinemaId: next.cinemaId, tokenChanged: connectApiToken !== undefined } });
      return ok(centralView(next));
    }),
    'tech.diagnostics': asTechnician(async () => {
      const disk = statfsSync(config.dataDir);
      return ok({
        versions: { app: process.env.npm_package_version ?? '0.1.0', node: process.version, electron: process.versions.electron ?? 'not running', sqlite: deps.printService ? 'better-sqlite3' : 'n/a' },
        dataDir: config.dataDir,
        diskFreeBytes: Number(disk.bavail) * Number(disk.bsize),
        ...(deps.storeHealth ? { store: storeStatus(deps.storeHealth) } : {}),
        outbox: deps.printService?.outbox.depth() ?? { depth: 0, oldest: null },
        sync: deps.printService ? deps.printService.syncStatus() : null,
        logTail: deps.logTail.tail(50),
      });
    }),
    'tech.sync.reconcile': asTechnician(async () => {
      if (!deps.printService) return fail('VALIDATION', 'this kiosk uses a remote print service: reconcile there');
      return ok(await deps.printService.reconcile());
    }),
    'tech.config.import': asTechnician(async (input, actor) => {
      const incoming = input.config;
      const unknown = Object.keys(incoming).filter((k) => !IMPORTABLE.includes(k));
      if (unknown.length > 0) return fail('VALIDATION', `not importable here: ${unknown.join(', ')}`, { fields: unknown });
      // An import carries no token, so it cannot move this machine's token to another central origin.
      const importedUrl = (incoming.central as { url?: unknown } | undefined)?.url;
      if (typeof importedUrl === 'string' && config.central && URL.canParse(importedUrl) && centralOrigin(importedUrl) !== centralOrigin(config.central.url)) {
        return fail('VALIDATION', 'an import cannot change the central address: set it with its token in the central panel', { field: 'central.url' });
      }
      // Secrets never travel in an export: keep this machine's.
      const merged = { ...config, ...incoming, dataDir: config.dataDir, terminal: config.terminal, central: incoming.central && config.central ? { ...config.central, ...(incoming.central as object), connectApiToken: config.central.connectApiToken } : config.central };
      const parsed = parseConfig(merged);
      if (!parsed.ok) return fail('VALIDATION', 'the configuration is not valid', { problems: parsed.problems });
      // The same printer checks as the printer panel, before anything is applied or saved.
      for (const section of ['printer', 'slipPrinter'] as const) {
        const url = section in incoming ? parsed.config[section]?.url : undefined;
        try {
          if (url !== undefined) printerTransportFor(url);
        } catch (error) {
          return fail('VALIDATION', (error as Error).message, { field: `${section}.url` });
        }
      }
      const applied: string[] = [];
      if ('printer' in incoming) {
        collection.setPrinter(printerTransportFor(parsed.config.printer.url), parsed.config.printer);
        config.printer = parsed.config.printer;
        applied.push('printer');
      }
      if ('scanners' in incoming) {
        await scanners.replace(parsed.config.scanners);
        config.scanners = parsed.config.scanners;
        applied.push('scanners');
      }
      const atNextStart = Object.keys(incoming).filter((k) => !applied.includes(k));
      for (const section of Object.keys(incoming)) {
        const value = (parsed.config as Record<string, unknown>)[section];
        writeConfigSection(config.dataDir, section, section === 'central' ? { ...(value as object), connectApiToken: sealCentralToken(config.dataDir, parsed.config.central!.connectApiToken, parsed.config.central!.url) } : value);
      }
      record(actor, 'config.imported', { sections: Object.keys(incoming) });
      return ok({ applied, atNextStart });
    }),
    'tech.config.export': asTechnician(async (_input, actor) => {
      const { central, terminal, ...rest } = config;
      record(actor, 'config.exported');
      return ok({
        config: {
          ...rest,
          ...(central ? { central: { ...central, connectApiToken: undefined } } : {}),
          terminal: { ...terminal, password: undefined },
        },
      });
    }),
  };
}

function storeStatus(health: StoreHealth): { ok: boolean; problem?: string } {
  const report = health.check();
  return report.ok ? { ok: true } : { ok: false, problem: report.problem };
}
