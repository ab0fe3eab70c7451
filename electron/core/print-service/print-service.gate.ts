import type { SarftCallName, SarftParsedRequest } from '../../../shared/contract/sarft';
import { SarftCode, type SarftCodeValue } from '../../../shared/contract/sarft-codes';
import type { AuditLog } from '../audit/audit-log';
import type { Metrics } from '../app/metrics';
import type { AbuseLimits } from './abuse-limits';
import type { PrintService } from './print-service';
import { hashToken, type TerminalAuth } from './terminal-auth';

/**
 * Refusals that say someone is probing: bad credentials, bad tokens, disabled terminals, wrong
 * verify codes, limits hit, races lost. Each is audited with terminal, source address and reason.
 * Malformed requests are logged, not audited: a fuzzer would otherwise fill the audit trail.
 */
const AUDITED_REFUSALS: ReadonlySet<number> = new Set([
  SarftCode.BadCredentials,
  SarftCode.TokenInvalid,
  SarftCode.TerminalDisabled,
  SarftCode.PrintNoOrVerifyWrong,
  SarftCode.TooManyAttempts,
  SarftCode.ClaimedElsewhere,
]);

export interface GateOutcome {
  code: SarftCodeValue;
  status: number;
  value?: object;
  message?: string;
  details?: Record<string, unknown>;
  retryAfter?: number;
}

export interface CallContext {
  requestId: string;
  sourceAddress: string;
  /** The bearer token, for every call but auth. */
  bearer?: string;
}

/**
 * Everything between the wire and the business rules: who is calling, the abuse limits, the audit
 * of every refusal and the metrics. Encoding-free: the JSON and XML transports both call it.
 */
export class PrintServiceGate {
  constructor(
    private readonly deps: {
      service: PrintService;
      auth: TerminalAuth;
      limits: AbuseLimits;
      audit: AuditLog;
      metrics: Metrics;
      afterPrintResult?: () => void;
    },
  ) {}

  async handle<N extends SarftCallName>(name: N, request: SarftParsedRequest<N>, context: CallContext): Promise<GateOutcome> {
    const stop = this.deps.metrics.latency.startTimer({ call: name });
    const { outcome, terminalId } = await this.run(name, request, context);
    stop();
    this.deps.metrics.requests.inc({ call: name, code: String(outcome.code) });
    if (AUDITED_REFUSALS.has(outcome.code)) this.auditRefusal(name, request, context, terminalId, outcome);
    return outcome;
  }

  /** A request the transport refused before it reached a call (malformed, too large): counted, not audited. */
  refusedAtTransport(name: string, code: SarftCodeValue): void {
    this.deps.metrics.requests.inc({ call: name, code: String(code) });
  }

  private async run<N extends SarftCallName>(name: N, request: SarftParsedRequest<N>, context: CallContext): Promise<{ outcome: GateOutcome; terminalId?: string }> {
    if (name === 'auth') return { outcome: await this.login(request as SarftParsedRequest<'auth'>) };

    const terminal = context.bearer ? this.deps.auth.authenticate(context.bearer) : undefined;
    if (!terminal) return { outcome: { code: SarftCode.TokenInvalid, status: 401 } };
    const caller = { terminalId: terminal.terminal_id, sessionId: hashToken(context.bearer!) };

    if (name === 'query') {
      const verdict = this.deps.limits.allowQuery(caller.terminalId);
      if (!verdict.allowed) return { outcome: tooMany(verdict.retryAfterSeconds), terminalId: caller.terminalId };
      return { outcome: withStatus(await this.deps.service.query(request as SarftParsedRequest<'query'>, caller)), terminalId: caller.terminalId };
    }
    if (name === 'applyPrint') {
      const r = request as SarftParsedRequest<'applyPrint'>;
      const verdict = this.deps.limits.check('verify', r.printNo);
      if (!verdict.allowed) return { outcome: tooMany(verdict.retryAfterSeconds), terminalId: caller.terminalId };
      const outcome = await this.deps.service.applyPrint(r, caller);
      if (outcome.code === SarftCode.PrintNoOrVerifyWrong) this.deps.limits.recordFailure('verify', r.printNo);
      return { outcome: withStatus(outcome), terminalId: caller.terminalId };
    }
    const outcome = this.deps.service.printResult(request as SarftParsedRequest<'printResult'>, caller);
    this.deps.afterPrintResult?.();
    return { outcome: withStatus(outcome), terminalId: caller.terminalId };
  }

  private async login(request: SarftParsedRequest<'auth'>): Promise<GateOutcome> {
    const locked = this.deps.limits.check('login', request.username);
    if (!locked.allowed) return tooMany(locked.retryAfterSeconds);
    const outcome = await this.deps.auth.login(request.username, request.password, request.terminalId);
    if (outcome.kind === 'ok') return { code: SarftCode.Ok, status: 200, value: { token: outcome.token, expiresIn: outcome.expiresIn } };
    if (outcome.kind === 'bad-credentials') this.deps.limits.recordFailure('login', request.username);
    return { code: outcome.kind === 'disabled' ? SarftCode.TerminalDisabled : SarftCode.BadCredentials, status: 200 };
  }

  private auditRefusal(name: string, request: object, context: CallContext, terminalId: string | undefined, outcome: GateOutcome): void {
    const r = request as { printNo?: string; username?: string; terminalId?: string };
    this.deps.audit.append({
      actor: terminalId ? `terminal:${terminalId}` : `address:${context.sourceAddress}`,
      terminalId: terminalId ?? r.terminalId ?? null,
      action: 'print-service.refused',
      subject: r.printNo ? `booking:${Number(r.printNo)}` : `call:${name}`,
      details: { call: name, code: outcome.code, source: context.sourceAddress, requestId: context.requestId, ...(r.username ? { username: r.username } : {}) },
    });
  }
}

function tooMany(retryAfterSeconds: number): GateOutcome {
  return { code: SarftCode.TooManyAttempts, status: 429, retryAfter: retryAfterSeconds };
}

function withStatus(outcome: { code: SarftCodeValue; value?: object; message?: string; details?: Record<string, unknown> }): GateOutcome {
  return { ...outcome, status: outcome.code === SarftCode.Malformed ? 400 : 200 };
}
