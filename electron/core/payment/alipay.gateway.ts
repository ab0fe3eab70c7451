import { AlipaySdk, type AlipaySdkCommonResult } from 'alipay-sdk';
import { Counter, type Registry } from 'prom-client';
import { checkPaymentCode, type Wallet } from '../../../shared/domain/payment-code';
import { hasUnsafeCharacters } from '../../../shared/domain/text';
import type { Logger } from '../observability/logger';
import { timingMark } from '../observability/timing-marks';
import { normalizeAlipayKeys } from '../config/payment-key';
import { centsToYuan, yuanToCents } from './alipay-amount';
import {
  isOrderAmount,
  TRADE_NUMBER,
  type CancelOutcome,
  type CloseOutcome,
  type CreateQrOutcome,
  type DeclineReason,
  type Declined,
  type PayByCodeRequest,
  type PaymentGateway,
  type PayOutcome,
  type QueryOutcome,
  type Refused,
  type RefundOutcome,
  type RefundRequest,
  type TradeRequest,
  type TradeView,
  type Unknown,
  type UnknownReason,
} from './payment-gateway';

/**
 * Alipay face-to-face payment (当面付) through the official `alipay-sdk`, unmodified: the SDK signs each
 * request with the app's private key (RSA2) and, with `validateSign: true` on every call, verifies each
 * answer with Alipay's public key. Assumptions beyond Alipay's documentation, all here:
 * - `ACQ.TRADE_HAS_SUCCESS` on a repeated pay means our trade is paid: we query it and answer `paid`
 *   once its amount checks out (a pay repeated after a crash must never become a second charge).
 * - `refund_fee` in a refund answer is the trade's refunded total (Alipay's documented meaning).
 * - Any answer we cannot trust (signature, shape, another trade number, another amount, control
 *   characters) is `unknown`: the money may have moved, the caller queries and reverses.
 * - The SDK's HTTP client (urllib 4) sends a request again once after a socket error
 *   (`socketErrorRetry: 1`): harmless, since Alipay keys every trade and refund by our numbers.
 * The payment code goes into the trade.pay call and nowhere else: not in logs, metrics or errors (the
 * SDK's own `NODE_DEBUG=alipay-sdk*` output does print parameters: never enable it on a kiosk).
 */
export interface AlipaySettings {
  appId: string;
  /** The app's private key, PEM (PKCS#1 or PKCS#8); opened from its sealed form by the caller. */
  appPrivateKey: string;
  /** Alipay's public key (the gateway's), PEM. */
  alipayPublicKey: string;
  gatewayUrl: string;
  timeoutMs: number;
}

export interface AlipayGatewayDeps {
  logger: Logger;
  /** Where `kiosk_payment_calls_total` is registered (the host's metrics registry). */
  registry?: Registry;
}

/** Face-to-face payment takes Alipay codes only. */
const ACCEPTED: readonly Wallet[] = ['alipay'];

const DECLINES: Record<string, DeclineReason> = {
  'ACQ.PAYMENT_AUTH_CODE_INVALID': 'payment-code-invalid',
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': 'balance-not-enough',
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH': 'balance-not-enough',
  'ACQ.TRADE_HAS_CLOSE': 'trade-closed',
  'ACQ.CONTEXT_INCONSISTENT': 'trade-inconsistent',
  'ACQ.TRADE_NOT_EXIST': 'trade-not-found',
  'ACQ.TRADE_STATUS_ERROR': 'trade-state',
  'ACQ.TRADE_HAS_FINISHED': 'refund-not-allowed',
  'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL': 'refund-not-allowed',
  'ACQ.DISCORDANT_REPEAT_REQUEST': 'refund-inconsistent',
};

const STATUS: Record<string, TradeView['status']> = {
  WAIT_BUYER_PAY: 'waiting',
  TRADE_SUCCESS: 'paid',
  TRADE_CLOSED: 'closed',
  TRADE_FINISHED: 'finished',
};

const unknown = (reason: UnknownReason): Unknown => ({ outcome: 'unknown', reason });
const refused = (code: Refused['code'], message: string): Refused => ({ outcome: 'refused', code, message });

type Answer = Record<string, unknown> & { code?: unknown; sub_code?: unknown };
interface Answered {
  outcome: 'answered';
  answer: Answer;
}

/** Alipay's sub_code when it looks like one; anything else is not repeated into logs or outcomes. */
const safeSubCode = (answer: Answer): string =>
  typeof answer.sub_code === 'string' && /^[A-Za-z0-9._-]{1,64}$/u.test(answer.sub_code) ? answer.sub_code : 'unknown';

export class AlipayGateway implements PaymentGateway {
  readonly provider = 'alipay';
  private readonly sdk?: AlipaySdk;
  /** Why this gateway cannot sign or verify (keys edited by hand into config.json): every call is refused. */
  private readonly setupProblem?: string;
  private readonly calls?: Counter<'method' | 'outcome'>;

  constructor(
    settings: AlipaySettings,
    private readonly deps: AlipayGatewayDeps,
  ) {
    const keys = normalizeAlipayKeys(settings.appPrivateKey, settings.alipayPublicKey);
    if (!keys.ok) {
      this.setupProblem = `Alipay is not set up: ${keys.problem}`;
      deps.logger.error({ provider: this.provider, field: keys.field }, this.setupProblem);
      return;
    }
    this.sdk = new AlipaySdk({
      appId: settings.appId,
      privateKey: keys.appPrivateKey,
      keyType: 'PKCS8',
      alipayPublicKey: keys.alipayPublicKey,
      gateway: settings.gatewayUrl,
      timeout: settings.timeoutMs,
      signType: 'RSA2',
      // The gateway's own snake_case names, as Alipay documents them.
      camelcase: false,
    });
    if (deps.registry) {
      const existing = deps.registry.getSingleMetric('kiosk_payment_calls_total') as Counter<'method' | 'outcome'> | undefined;
      this.calls =
        existing ??
        new Counter({
          name: 'kiosk_payment_calls_total',
          help: 'Payment provider calls by method and outcome',
          labelNames: ['method', 'outcome'] as const,
          registers: [deps.registry],
        });
    }
  }

  async payByCode(request: PayByCodeRequest): Promise<PayOutcome> {
    const problem = this.tradeProblem(request);
    if (problem) return problem;
    const code = checkPaymentCode(request.paymentCode, ACCEPTED);
    if (!code.ok)
      return {
        ...refused(code.reason === 'wallet-not-accepted' ? 'WALLET_NOT_ACCEPTED' : 'NOT_A_PAYMENT_CODE', code.message.en),
        customerMessage: code.message,
      };
    const reply = await this.call('alipay.trade.pay', request.outTradeNo, {
      out_trade_no: request.outTradeNo,
      scene: 'bar_code',
      auth_code: code.code,
      subject: request.subject,
      total_amount: centsToYuan(request.amountCents),
    });
    if (reply.outcome === 'unknown') return reply;
    const { answer } = reply;
    if (answer.code === '10000') return this.paidTrade(answer, request);
    if (answer.code === '10003') {
      const tradeNo = this.checkedTradeNo(answer, request.outTradeNo, request.amountCents);
      return typeof tradeNo === 'string' ? { outcome: 'user-paying', tradeNo } : tradeNo;
    }
    if (answer.sub_code === 'ACQ.TRADE_HAS_SUCCESS') {
      // Paid earlier under this number (a repeat after a crash): the trade is the answer, never a second charge.
      const found = await this.query(request.outTradeNo, request.amountCents);
      if (found.outcome === 'found' && (found.trade.status === 'paid' || found.trade.status === 'finished'))
        return { outcome: 'paid', trade: found.trade };
      return found.outcome === 'found' || found.outcome === 'not-found' ? unknown('answer-malformed') : found;
    }
    return this.failure(answer);
  }

  async createQr(request: TradeRequest): Promise<CreateQrOutcome> {
    const problem = this.tradeProblem(request);
    if (problem) return problem;
    const reply = await this.call('alipay.trade.precreate', request.outTradeNo, {
      out_trade_no: request.outTradeNo,
      subject: request.subject,
      total_amount: centsToYuan(request.amountCents),
    });
    if (reply.outcome === 'unknown') return reply;
    const { answer } = reply;
    if (answer.code !== '10000') return this.failure(answer);
    if (answer.out_trade_no !== request.outTradeNo) return unknown('answer-trade-mismatch');
    const qr = answer.qr_code;
    if (typeof qr !== 'string' || qr.length > 1_024 || hasUnsafeCharacters(qr) || !qr.startsWith('https://'))
      return unknown('answer-unsafe-text');
    return { outcome: 'created', qrCode: qr };
  }

  async query(outTradeNo: string, expectedCents: number): Promise<QueryOutcome> {
    if (this.setupProblem || !this.sdk) return refused('NOT_CONFIGURED', this.setupProblem ?? 'Alipay is not set up');
    if (!TRADE_NUMBER.test(outTradeNo)) return refused('INVALID_REQUEST', 'out_trade_no: letters, digits, _ and - only, at most 64');
    if (!isOrderAmount(expectedCents)) return refused('INVALID_AMOUNT', 'the order total must be whole cents, 1 or more');
    const reply = await this.call('alipay.trade.query', outTradeNo, { out_trade_no: outTradeNo });
    if (reply.outcome === 'unknown') return reply;
    const { answer } = reply;
    if (answer.code !== '10000') {
      const failure = this.failure(answer);
      return failure.outcome === 'declined' && failure.reason === 'trade-not-found' ? { outcome: 'not-found' } : failure;
    }
    const status = STATUS[String(answer.trade_status)];
    if (!status) return unknown('answer-malformed');
    const tradeNo = this.checkedTradeNo(answer, outTradeNo, expectedCents);
    if (typeof tradeNo !== 'string') return tradeNo;
    return { outcome: 'found', trade: { tradeNo, outTradeNo, status, amountCents: expectedCents } };
  }

  async cancel(outTradeNo: string): Promise<CancelOutcome> {
    if (this.setupProblem || !this.sdk) return refused('NOT_CONFIGURED', this.setupProblem ?? 'Alipay is not set up');
    if (!TRADE_NUMBER.test(outTradeNo)) return refused('INVALID_REQUEST', 'out_trade_no: letters, digits, _ and - only, at most 64');
    const reply = await this.call('alipay.trade.cancel', outTradeNo, { out_trade_no: outTradeNo });
    if (reply.outcome === 'unknown') return reply;
    const { answer } = reply;
    if (answer.code !== '10000') return this.failure(answer);
    if (answer.out_trade_no !== outTradeNo) return unknown('answer-trade-mismatch');
    // retry_flag Y: Alipay asks for the cancel again; until then the outcome is not settled.
    if (answer.retry_flag === 'Y') return unknown('gateway-busy');
    if (answer.action === 'refund') return { outcome: 'cancelled', action: 'refunded' };
    if (answer.action === 'close' || answer.action === undefined) return { outcome: 'cancelled', action: 'closed' };
    return unknown('answer-malformed');
  }

  async close(outTradeNo: string): Promise<CloseOutcome> {
    if (this.setupProblem || !this.sdk) return refused('NOT_CONFIGURED', this.setupProblem ?? 'Alipay is not set up');
    if (!TRADE_NUMBER.test(outTradeNo)) return refused('INVALID_REQUEST', 'out_trade_no: letters, digits, _ and - only, at most 64');
    const reply = await this.call('alipay.trade.close', outTradeNo, { out_trade_no: outTradeNo });
    if (reply.outcome === 'unknown') return reply;
    const { answer } = reply;
    if (answer.code !== '10000') return this.failure(answer);
    if (answer.out_trade_no !== outTradeNo) return unknown('answer-trade-mismatch');
    return { outcome: 'closed' };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    if (this.setupProblem || !this.sdk) return refused('NOT_CONFIGURED', this.setupProblem ?? 'Alipay is not set up');
    if (!TRADE_NUMBER.test(request.outTradeNo) || !TRADE_NUMBER.test(request.refundRequestNo))
      return refused('INVALID_REQUEST', 'trade and refund numbers: letters, digits, _ and - only, at most 64');
    if (!isOrderAmount(request.tradeAmountCents) || !isOrderAmount(request.amountCents) || request.amountCents > request.tradeAmountCents)
      return refused('INVALID_AMOUNT', 'a refund is whole cents, 1 or more, and at most the trade amount');
    if (request.reason.length > 256 || hasUnsafeCharacters(request.reason))
      return refused('INVALID_REQUEST', 'refund reason: plain text, at most 256');
    const reply = await this.call('alipay.trade.refund', request.outTradeNo, {
      out_trade_no: request.outTradeNo,
      refund_amount: centsToYuan(request.amountCents),
      out_request_no: request.refundRequestNo,
      refund_reason: request.reason,
    });
    if (reply.outcome === 'unknown') return reply;
    const { answer } = reply;
    if (answer.code !== '10000') return this.failure(answer);
    if (answer.out_trade_no !== request.outTradeNo) return unknown('answer-trade-mismatch');
    const total = yuanToCents(answer.refund_fee);
    if (total === undefined) return unknown('answer-malformed');
    if (total < request.amountCents || total > request.tradeAmountCents) return unknown('answer-amount-mismatch');
    if (answer.fund_change !== 'Y' && answer.fund_change !== 'N') return unknown('answer-malformed');
    return { outcome: 'refunded', totalRefundedCents: total, moved: answer.fund_change === 'Y' };
  }

  /** Checks every request field before any call: amounts in cents, our number, a subject fit to show. */
  private tradeProblem(request: TradeRequest): Refused | undefined {
    if (this.setupProblem) return refused('NOT_CONFIGURED', this.setupProblem);
    if (!isOrderAmount(request.amountCents)) return refused('INVALID_AMOUNT', 'the amount must be whole cents, 1 or more, within an order');
    if (!TRADE_NUMBER.test(request.outTradeNo))
      return refused('INVALID_REQUEST', 'out_trade_no: letters, digits, _ and - only, at most 64');
    if (request.subject.trim().length === 0 || request.subject.length > 256 || hasUnsafeCharacters(request.subject))
      return refused('INVALID_REQUEST', 'subject: plain text, 1 to 256 characters');
    return undefined;
  }

  private paidTrade(answer: Answer, request: TradeRequest): PayOutcome {
    const tradeNo = this.checkedTradeNo(answer, request.outTradeNo, request.amountCents);
    if (typeof tradeNo !== 'string') return tradeNo;
    return { outcome: 'paid', trade: { tradeNo, outTradeNo: request.outTradeNo, status: 'paid', amountCents: request.amountCents } };
  }

  /** The trade number of an answer about our trade with our amount, or why it cannot be trusted. */
  private checkedTradeNo(answer: Answer, outTradeNo: string, cents: number): string | Unknown {
    if (answer.out_trade_no !== outTradeNo) return unknown('answer-trade-mismatch');
    if (yuanToCents(answer.total_amount) !== cents) return unknown('answer-amount-mismatch');
    const tradeNo = answer.trade_no;
    if (typeof tradeNo !== 'string') return unknown('answer-malformed');
    if (!TRADE_NUMBER.test(tradeNo)) return unknown('answer-unsafe-text');
    return tradeNo;
  }

  private failure(answer: Answer): Declined | Unknown {
    const code = String(answer.code);
    if (code === '20000' || code === '20001') return unknown('gateway-busy');
    const sub = safeSubCode(answer);
    if (sub === 'ACQ.SYSTEM_ERROR') return unknown('gateway-busy');
    if (code === '40004') return { outcome: 'declined', reason: DECLINES[sub] ?? 'other', providerCode: sub };
    if (code === '40001' || code === '40002' || code === '40006')
      return { outcome: 'declined', reason: 'merchant-setup', providerCode: sub };
    return unknown('answer-malformed');
  }

  /**
   * One SDK call with answer verification on. Answers the gateway's inner object, or the unknown
   * outcome when the call failed or the answer cannot be trusted. Logs method, our number and the
   * outcome only: never the parameters (the payment code) nor the SDK's error text (the raw answer).
   */
  private async call(method: string, outTradeNo: string, bizContent: Record<string, unknown>): Promise<Answered | Unknown> {
    const started = performance.now();
    let result: Answered | Unknown;
    // The sale bench's marks: the gateway's round trip, with the SDK's signing and its check of the answer's signature.
    timingMark('payment.sent');
    try {
      const answer: AlipaySdkCommonResult = await this.sdk!.exec(method, { bizContent }, { validateSign: true });
      result =
        typeof answer === 'object' && answer !== null && typeof answer.code === 'string'
          ? { outcome: 'answered', answer: answer as Answer }
          : unknown('answer-malformed');
    } catch (error) {
      result = unknown(classifySdkError(error));
    }
    timingMark('payment.answered');
    const outcome = result.outcome === 'unknown' ? `unknown:${result.reason}` : `code:${String(result.answer.code)}`;
    this.calls?.inc({ method, outcome });
    this.deps.logger.info(
      {
        provider: this.provider,
        method,
        outTradeNo,
        outcome,
        ...(result.outcome === 'unknown' ? {} : { subCode: safeSubCode(result.answer) }),
        ms: Math.round(performance.now() - started),
      },
      'payment call',
    );
    return result;
  }
}

/** The SDK throws AlipayRequestError for every failure; its message (in Chinese) says which. */
function classifySdkError(error: unknown): UnknownReason {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('验签失败')) return 'answer-signature-invalid';
  if (message.startsWith('HttpClient Request error')) return 'no-answer';
  if (message.startsWith('HTTP 请求错误')) return 'gateway-busy';
  return 'answer-malformed';
}
