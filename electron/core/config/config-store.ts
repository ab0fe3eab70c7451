import { fail, ok, type Result } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { DomainEvents } from '../observability/domain-events';
import { centralOrigin, isCleartextToRemote, sealCentralToken } from './central-token';
import {
  clientIdentityProblem,
  parseConfig,
  unusableIdentityFields,
  type AlipayConfig,
  type AppConfig,
  type CentralConfig,
  type MailConfig,
} from './config';
import { isLoopbackHost } from '../net/cleartext';
import { persistedMail } from './mail-password';
import { normalizeAlipayKeys, persistedAlipay } from './payment-key';
import { writeConfigSection } from './config-file';

export type ConfigSection = keyof AppConfig;

/** Sections a configuration import may carry; identity and secrets stay with the machine. */
export const IMPORTABLE: readonly string[] = ['printer', 'slipPrinter', 'scanners', 'printService', 'ui', 'sync', 'central', 'office'];

type PerSection<F> = Partial<{
  [S in ConfigSection]: F extends 'check' ? (value: AppConfig[S]) => string | undefined : (value: AppConfig[S]) => void | Promise<void>;
}>;

export interface ConfigStoreDeps {
  /** The configuration the host started with; never changed in place. */
  config: AppConfig;
  audit: AuditLog;
  events: DomainEvents;
  /** What a section needs beyond its schema (a printer address some transport takes), as a problem message. */
  checks?: PerSection<'check'>;
  /** What applies a section live (the printer registry, the scanner pool, the central client); the others apply at the next start. */
  apply?: PerSection<'apply'>;
}

/** The central settings the console edits; the others keep their values. */
export type CentralFields = Pick<CentralConfig, 'url' | 'cinemaId' | 'optionalClientClass' | 'optionalClientId' | 'optionalClientName'>;

/** The Alipay settings the console edits; the private key is entered apart and never shown again. */
export type AlipayFields = Pick<AlipayConfig, 'appId' | 'gatewayUrl' | 'alipayPublicKey' | 'timeoutMs'>;

/** The SMTP settings the console edits; the password is entered apart and never shown again. */
export type MailFields = Omit<MailConfig, 'password'>;

/** What the audit record of a change says. */
export interface ChangeRecord {
  actor: string;
  action: string;
  details?: Record<string, unknown>;
}

/**
 * The one place configuration changes: validate a section, seal its secrets, apply it live, persist
 * it (config.json, durably), audit it, and announce `config.changed`. Readers that need live values
 * read `current()`; the object the host started with is never mutated.
 */
export class ConfigStore {
  private config: AppConfig;

  constructor(private readonly deps: ConfigStoreDeps) {
    this.config = deps.config;
  }

  current(): Readonly<AppConfig> {
    return this.config;
  }

  /** The problem with a section's value beyond its schema, or undefined when it is fine. */
  problemWith<S extends ConfigSection>(section: S, value: AppConfig[S]): string | undefined {
    const check = this.deps.checks?.[section] as ((value: AppConfig[S]) => string | undefined) | undefined;
    return check?.(value);
  }

  /** Whether a section takes effect without a restart. */
  appliesLive(section: ConfigSection): boolean {
    return this.deps.apply?.[section] !== undefined;
  }

  /** Validate, apply, persist, audit, announce one section. `field` names the input in a refusal. */
  async update<S extends ConfigSection>(
    section: S,
    value: AppConfig[S],
    record: ChangeRecord,
    field: string = section,
  ): Promise<Result<AppConfig[S]>> {
    const problem = this.problemWith(section, value);
    if (problem !== undefined) return fail('VALIDATION', problem, { field });
    await this.applyLive(section, value);
    writeConfigSection(this.config.dataDir, section, this.persisted(section, value));
    this.config = { ...this.config, [section]: value };
    this.deps.audit.append({ actor: record.actor, action: record.action, subject: 'config', details: record.details ?? {} });
    this.deps.events.emit('config.changed', { section });
    return ok(value);
  }

  /**
   * New central connection settings. The token goes only to the origin it was entered for: a new
   * origin needs it typed in again, and plain http: to another machine is refused.
   */
  async updateCentral(fields: CentralFields, connectApiToken: string | undefined, actor: string): Promise<Result<CentralConfig>> {
    const previous = this.config.central;
    if (!previous || !this.appliesLive('central')) return fail('VALIDATION', 'this kiosk has no central connection of its own');
    if (isCleartextToRemote(fields.url))
      return fail('VALIDATION', 'use https: for a central on another machine: over http: the token would cross the network in clear', {
        field: 'url',
      });
    const identity = identityRefusal(fields);
    if (identity) return identity;
    const originChanged = centralOrigin(fields.url) !== centralOrigin(previous.url);
    if (originChanged && connectApiToken === undefined)
      return fail('VALIDATION', 'a new central address needs the token entered again', {
        field: 'connectApiToken',
        reason: 'central-origin-changed',
      });
    const next = { ...previous, ...fields, connectApiToken: connectApiToken ?? previous.connectApiToken };
    const details = {
      url: next.url,
      previousUrl: previous.url,
      originChanged,
      cinemaId: next.cinemaId,
      tokenChanged: connectApiToken !== undefined,
    };
    // What is saved is the fields as entered (not the defaults filled in), with the token sealed.
    await this.applyLive('central', next);
    writeConfigSection(
      this.config.dataDir,
      'central',
      this.persisted('central', { ...fields, connectApiToken: next.connectApiToken } as CentralConfig),
    );
    this.config = { ...this.config, central: next };
    this.deps.audit.append({ actor, action: 'config.central-updated', subject: 'config', details });
    this.deps.events.emit('config.changed', { section: 'central' });
    return ok(next);
  }

  /**
   * New Alipay settings. The private key is sealed to the app id and gateway origin: a new app id or
   * gateway needs it entered again; plain http: to another machine is refused. The audit names the app,
   * the gateway and the fingerprint of Alipay's public key, never a key itself.
   */
  async updateAlipay(fields: AlipayFields, appPrivateKey: string | undefined, actor: string): Promise<Result<AlipayConfig>> {
    const previous = this.config.payment.alipay;
    if (isCleartextToRemote(fields.gatewayUrl))
      return fail('VALIDATION', 'use https: for a payment gateway on another machine', { field: 'gatewayUrl' });
    const moved = !previous || previous.appId !== fields.appId || centralOrigin(previous.gatewayUrl) !== centralOrigin(fields.gatewayUrl);
    if (appPrivateKey === undefined && moved)
      return fail('VALIDATION', 'a new app id or gateway needs the app private key entered again', { field: 'appPrivateKey' });
    const keys = normalizeAlipayKeys(appPrivateKey ?? previous!.appPrivateKey, fields.alipayPublicKey);
    if (!keys.ok) return fail('VALIDATION', keys.problem, { field: keys.field });
    const next: AlipayConfig = { ...fields, appPrivateKey: keys.appPrivateKey, alipayPublicKey: keys.alipayPublicKey };
    const payment = { ...this.config.payment, alipay: next };
    await this.applyLive('payment', payment);
    writeConfigSection(this.config.dataDir, 'payment', this.persisted('payment', payment));
    this.config = { ...this.config, payment };
    this.deps.audit.append({
      actor,
      action: 'config.alipay-updated',
      subject: 'config',
      details: {
        appId: next.appId,
        gatewayUrl: next.gatewayUrl,
        keyChanged: appPrivateKey !== undefined,
        alipayPublicKeySha256: keys.alipayPublicKeySha256,
      },
    });
    this.deps.events.emit('config.changed', { section: 'payment' });
    return ok(next);
  }

  /**
   * New SMTP relay settings. The password is sealed to the relay and account: a new host, port or user
   * needs it entered again; a relay on another machine without TLS or STARTTLS is refused (the password
   * and the customers' addresses would cross the network in clear). The audit never holds the password.
   */
  async updateMail(fields: MailFields, password: string | undefined, actor: string): Promise<Result<MailConfig>> {
    const previous = this.config.mail;
    if (fields.security === 'none' && !isLoopbackHost(fields.host.replace(/^\[|\]$/gu, '')))
      return fail('VALIDATION', 'use TLS or STARTTLS for a relay on another machine', { field: 'security' });
    const moved = !previous || previous.host !== fields.host || previous.port !== fields.port || previous.user !== fields.user;
    if (password === undefined && moved && fields.user)
      return fail('VALIDATION', 'a new relay or account needs the password entered again', { field: 'password' });
    const kept = password ?? (moved ? undefined : previous?.password);
    const next: MailConfig = { ...fields, ...(kept !== undefined && fields.user ? { password: kept } : {}) };
    await this.applyLive('mail', next);
    writeConfigSection(this.config.dataDir, 'mail', this.persisted('mail', next));
    this.config = { ...this.config, mail: next };
    this.deps.audit.append({
      actor,
      action: 'config.mail-updated',
      subject: 'config',
      details: {
        host: next.host,
        port: next.port,
        security: next.security,
        user: next.user ?? null,
        from: next.from,
        passwordChanged: password !== undefined,
      },
    });
    this.deps.events.emit('config.changed', { section: 'mail' });
    return ok(next);
  }

  /**
   * A configuration exported from another machine: only the importable sections, never this
   * machine's identity or secrets, never a move of the central token to another origin. The sections
   * that apply live do so at once; the others at the next start.
   */
  async import(incoming: Record<string, unknown>, actor: string): Promise<Result<{ applied: string[]; atNextStart: string[] }>> {
    const config = this.config;
    const unknown = Object.keys(incoming).filter((k) => !IMPORTABLE.includes(k));
    if (unknown.length > 0) return fail('VALIDATION', `not importable here: ${unknown.join(', ')}`, { fields: unknown });
    // An import carries no token, so it cannot move this machine's token to another central origin.
    const importedUrl = (incoming.central as { url?: unknown } | undefined)?.url;
    if (
      typeof importedUrl === 'string' &&
      config.central &&
      URL.canParse(importedUrl) &&
      centralOrigin(importedUrl) !== centralOrigin(config.central.url)
    ) {
      return fail('NOT_IMPORTABLE', 'an import cannot change the central address: set it with its token in the central panel', {
        field: 'central.url',
      });
    }
    // Secrets never travel in an export: keep this machine's.
    const merged = {
      ...config,
      ...incoming,
      dataDir: config.dataDir,
      terminal: config.terminal,
      central:
        incoming.central && config.central
          ? { ...config.central, ...(incoming.central as object), connectApiToken: config.central.connectApiToken }
          : config.central,
    };
    const parsed = parseConfig(merged);
    if (!parsed.ok) return fail('VALIDATION', 'the configuration is not valid', { problems: parsed.problems });
    const identity = incoming.central && parsed.config.central ? identityRefusal(parsed.config.central, 'central.') : undefined;
    if (identity) return identity;
    const sections = Object.keys(incoming) as ConfigSection[];
    // The same checks as each section's own panel, before anything is applied or saved.
    for (const section of sections) {
      const problem = this.problemWith(section, parsed.config[section]);
      if (problem !== undefined)
        return fail('VALIDATION', problem, { field: section === 'printer' || section === 'slipPrinter' ? `${section}.url` : section });
    }
    const applied: string[] = [];
    let next: AppConfig = config;
    // Only the sections this console always applied live: the printer and the scanners.
    for (const section of ['printer', 'scanners'] as const) {
      if (!(section in incoming) || !this.appliesLive(section)) continue;
      await this.applyLive(section, parsed.config[section]);
      next = { ...next, [section]: parsed.config[section] };
      applied.push(section);
    }
    for (const section of sections) writeConfigSection(config.dataDir, section, this.persisted(section, parsed.config[section]));
    this.config = next;
    this.deps.audit.append({ actor, action: 'config.imported', subject: 'config', details: { sections } });
    for (const section of applied) this.deps.events.emit('config.changed', { section });
    return ok({ applied, atNextStart: sections.filter((k) => !applied.includes(k)) });
  }

  /** The configuration to carry to another machine: without the central token and the terminal's password. */
  export(actor: string): Record<string, unknown> {
    const { central, terminal, payment, mail, ...rest } = this.config;
    this.deps.audit.append({ actor, action: 'config.exported', subject: 'config', details: {} });
    return {
      ...rest,
      payment: payment.alipay ? { ...payment, alipay: { ...payment.alipay, appPrivateKey: undefined } } : payment,
      ...(central ? { central: { ...central, connectApiToken: undefined } } : {}),
      ...(mail ? { mail: { ...mail, password: undefined } } : {}),
      terminal: { ...terminal, password: undefined },
    };
  }

  private async applyLive<S extends ConfigSection>(section: S, value: AppConfig[S]): Promise<void> {
    const apply = this.deps.apply?.[section] as ((value: AppConfig[S]) => void | Promise<void>) | undefined;
    await apply?.(value);
  }

  /** A section as config.json keeps it: the central token sealed to its origin, the Alipay key to its app and gateway. */
  private persisted<S extends ConfigSection>(section: S, value: AppConfig[S]): unknown {
    if (section === 'payment' && value) {
      const payment = value as AppConfig['payment'];
      return payment.alipay ? { ...payment, alipay: persistedAlipay(this.config.dataDir, payment.alipay) } : payment;
    }
    if (section === 'mail' && value) return persistedMail(this.config.dataDir, value as MailConfig);
    if (section !== 'central' || !value) return value;
    const central = value as CentralConfig;
    return { ...central, connectApiToken: sealCentralToken(this.config.dataDir, central.connectApiToken, central.url) };
  }
}

/** A client identity that is missing or seed 003's placeholder is never saved (a host outside the demo would not start with it). */
function identityRefusal(central: Parameters<typeof clientIdentityProblem>[0], prefix = ''): Result<never> | undefined {
  const problem = clientIdentityProblem(central);
  if (!problem) return undefined;
  const { missing, placeholders } = unusableIdentityFields(central);
  return fail('VALIDATION', problem, {
    field: `${prefix}${placeholders[0] ?? missing[0]}`,
    reason: placeholders.length > 0 ? 'placeholder-identity' : 'missing-identity',
  });
}
