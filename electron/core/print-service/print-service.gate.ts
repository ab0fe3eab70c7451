import type { PrintCountReport, SarftCallName, SarftParsedRequest } from '../../../shared/contract/sarft';
import { SarftCode, type SarftCodeValue } from '../../../shared/contract/sarft-codes';
import { bookingNumberOf } from '../../../shared/domain/print-no';
import type { AuditLog } from '../audit/audit-log';
import type { Metrics } from '../observability/metrics';
import { loginSubject, type AbuseLimits, type LimitVerdict } from './abuse-limits';
import type { PasswordCheckLanes } from './password-check-lanes';
import type { PrintService } from './print-service';
import type { RefusalAudit } from './refusal-audit';
import type { TerminalAuth } from './terminal-auth';

/**
 * Refusals that say someone is probing: bad credentials, bad tokens, disabled terminals, wrong
 * verify codes, limits hit, races lost. Each is audited with terminal, source address and reason,
 * through RefusalAudit: a flood costs one full row and one summary row per caller per window.
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

/** Auth as the gate takes it: the seed's dialect sends no terminal id (TerminalAuth.login). */
type AuthRequest = Omit<SarftParsedRequest<'auth'>, 'terminalId'> & { terminalId?: string | undefined };

/** Why a request was answered TooManyAttempts, for the refusals metric. */
type LimitReason = 'source-failures' | 'source-logins' | 'login-locked' | 'password-checks-busy' | 'verify-locked' | 'query-rate';

/**
 * Everything between the wire and the business rules: who is calling, the abuse limits, the audit
 * of every refusal and the metrics. Encoding-free: the JSON and XML transports both call it.
 * Order matters: a source past its budget is refused before any token lookup, password hashing
 * or audit write, so refusing a flood costs next to nothing.
 */
export class PrintServiceGate {
  constructor(
    private readonly deps: {
      service: PrintService;
      auth: TerminalAuth;
      limits: AbuseLimits;
      lanes: PasswordCheckLanes;
      refusals: RefusalAudit;
      audit: AuditLog;
      metrics: Metrics;
      afterPrintResult?: () => void;
    },
  ) {}

  async handle<N extends SarftCallName>(name: N, request: SarftParsedRequest<N>, context: CallContext): Promise<GateOutcome> {
    // performance.now(), not hrtime.bigint(): no BigInt made twice a call; microseconds are plenty for the histogram.
    const started = performance.now();
    const caller: CallContext = {
      requestId: context.requestId,
      sourceAddress: plainAddress(context.sourceAddress),
      bearer: context.bearer,
    };
    const { outcome, terminalId } = await this.run(name, request, caller);
    this.deps.metrics.callAnswered(name, outcome.code, (performance.now() - started) / 1000);
    if (AUDITED_REFUSALS.has(outcome.code)) this.auditRefusal(name, request, caller, terminalId, outcome);
    return outcome;
  }

  /** A request the transport refused before it reached a call (malformed, too large): counted, not audited. */
  refusedAtTransport(name: string, code: SarftCodeValue): void {
    this.deps.metrics.callAnswered(name, code);
  }

  private async run<N extends SarftCallName>(
    name: N,
    request: SarftParsedRequest<N>,
    context: CallContext,
  ): Promise<{ outcome: GateOutcome; terminalId?: string }> {
    if (name === 'auth') return { outcome: await this.login(request as AuthRequest, context.sourceAddress) };

    const budget = this.deps.limits.checkSource(context.sourceAddress);
    if (!budget.allowed) return { outcome: this.tooMany('source-failures', budget) };
    // One look at the store per call, for the token check and the query: nothing between here and the
    // query's first line awaits or writes (the token check and the query budget only read), so the
    // stamp is still the store's when the query uses it.
    const stamp = this.deps.service.storeStamp();
    const session = context.bearer ? this.deps.auth.session(context.bearer, stamp[1]) : undefined;
    if (!session) {
      this.deps.limits.recordSourceFailure(context.sourceAddress);
      return { outcome: { code: SarftCode.TokenInvalid, status: 401 } };
    }
    const caller = { terminalId: session.terminal.terminal_id, sessionId: session.sessionId };

    if (name === 'query') {
      const verdict = this.deps.limits.allowQuery(caller.terminalId);
      if (!verdict.allowed) return { outcome: this.tooMany('query-rate', verdict), terminalId: caller.terminalId };
      const q = request as SarftParsedRequest<'query'>;
      // A query that proves the verify code is a guess like apply-print's: the same lock, the same counting.
      if (q.verifyCodeMd5 !== undefined) {
        const locked = this.deps.limits.checkVerify(q.printNo, caller.terminalId);
        if (!locked.allowed) return { outcome: this.tooMany('verify-locked', locked), terminalId: caller.terminalId };
      }
      const answered = await this.deps.service.query(q, caller, stamp);
      if (q.verifyCodeMd5 !== undefined && answered.code === SarftCode.PrintNoOrVerifyWrong)
        this.verifyFailed(q.printNo, caller.terminalId, context.sourceAddress);
      if (q.verifyCodeMd5 !== undefined && answered.code === SarftCode.Ok)
        this.deps.limits.recordVerifySuccess(q.printNo, caller.terminalId);
      return { outcome: withStatus(answered), terminalId: caller.terminalId };
    }
    if (name === 'applyPrint') {
      const r = request as SarftParsedRequest<'applyPrint'>;
      const verdict = this.deps.limits.checkVerify(r.printNo, caller.terminalId);
      if (!verdict.allowed) return { outcome: this.tooMany('verify-locked', verdict), terminalId: caller.terminalId };
      const outcome = await this.deps.service.applyPrint(r, caller);
      if (outcome.code === SarftCode.PrintNoOrVerifyWrong) this.verifyFailed(r.printNo, caller.terminalId, context.sourceAddress);
      if (outcome.code === SarftCode.Ok) this.deps.limits.recordVerifySuccess(r.printNo, caller.terminalId);
      return { outcome: withStatus(outcome), terminalId: caller.terminalId };
    }
    // The seed's call 4 (sarft-dialects.ts) names a count, not tickets: the service settles it against the caller's claim.
    const report = request as SarftParsedRequest<'printResult'> | PrintCountReport;
    const outcome =
      'ticketCount' in report ? this.deps.service.printCountReport(report, caller) : this.deps.service.printResult(report, caller);
    this.deps.afterPrintResult?.();
    return { outcome: withStatus(outcome), terminalId: caller.terminalId };
  }

  /**
   * Before any scrypt: the source's budgets, then the (account, source) lockout, then a place in a
   * password-check lane. Lockouts are per (account, source address): guessing from elsewhere never
   * locks the kiosk itself out of its own account.
   */
  private async login(request: AuthRequest, source: string): Promise<GateOutcome> {
    const { limits } = this.deps;
    const budget = limits.admitLogin(source);
    if (!budget.allowed) return this.tooMany(limits.checkSource(source).allowed ? 'source-logins' : 'source-failures', budget);
    const locked = limits.check('login', loginSubject(request.username, source));
    if (!locked.allowed) return this.tooMany('login-locked', locked);
    const lane = limits.inGoodStanding(source) ? 'first' : 'repeat';
    const checked = await this.deps.lanes.run(lane, () => {
      this.deps.metrics.passwordChecks.inc({ lane });
      return this.deps.auth.login(request.username, request.password, request.terminalId);
    });
    if (!checked.ran) return this.tooMany('password-checks-busy', { allowed: false, retryAfterSeconds: 1 });
    const outcome = checked.value;
    if (outcome.kind === 'ok') {
      limits.recordLoginSuccess(request.username, source);
      return { code: SarftCode.Ok, status: 200, value: { token: outcome.token, expiresIn: outcome.expiresIn } };
    }
    if (outcome.kind === 'bad-credentials') {
      const verdict = limits.recordLoginFailure(request.username, source);
      if (!verdict.allowed) {
        this.deps.audit.append({
          actor: `address:${source}`,
          action: 'print-service.login-locked',
          subject: 'call:auth',
          details: { username: request.username, source, retryAfter: verdict.retryAfterSeconds },
        });
      }
    }
    return { code: outcome.kind === 'disabled' ? SarftCode.TerminalDisabled : SarftCode.BadCredentials, status: 200 };
  }

  /** A lock is a rare, bounded event: audited in full where the box office sees it (the booking's history). */
  private verifyFailed(printNo: string, terminalId: string, source: string): void {
    const { locked, verdict } = this.deps.limits.recordVerifyFailure(printNo, terminalId);
    if (!locked || verdict.allowed) return;
    this.deps.audit.append({
      actor: `terminal:${terminalId}`,
      terminalId,
      action: 'print-service.pickup-locked',
      subject: `booking:${bookingNumberOf(printNo)}`,
      details: { printNo, lockedFor: locked === 'all' ? 'all-terminals' : 'this-terminal', retryAfter: verdict.retryAfterSeconds, source },
    });
  }

  private tooMany(reason: LimitReason, verdict: LimitVerdict): GateOutcome {
    this.deps.metrics.limitRefusals.inc({ reason });
    return { code: SarftCode.TooManyAttempts, status: 429, retryAfter: verdict.allowed ? 1 : verdict.retryAfterSeconds };
  }

  private auditRefusal(name: string, request: object, context: CallContext, terminalId: string | undefined, outcome: GateOutcome): void {
    const r = request as { printNo?: string; username?: string; terminalId?: string };
    this.deps.refusals.record({
      actor: terminalId ? `terminal:${terminalId}` : `address:${context.sourceAddress}`,
      terminalId: terminalId ?? r.terminalId ?? null,
      action: 'print-service.refused',
      subject: r.printNo ? `booking:${bookingNumberOf(r.printNo)}` : `call:${name}`,
      details: {
        call: name,
        code: outcome.code,
        source: context.sourceAddress,
        requestId: context.requestId,
        ...(r.username ? { username: r.username } : {}),
      },
    });
  }
}

/** `::ffff:10.0.0.5` and `10.0.0.5` are one caller. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function withStatus(outcome: { code: SarftCodeValue; value?: object; message?: string; details?: Record<string, unknown> }): GateOutcome {
  return { ...outcome, status: outcome.code === SarftCode.Malformed ? 400 : 200 };
}
