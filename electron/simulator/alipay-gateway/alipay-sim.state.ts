/**
 * The simulated Alipay acquiring side: trades keyed by the merchant's out_trade_no, with Alipay's trade
 * states and the answers of alipay.trade.pay / precreate / query / cancel / close / refund. Answers are
 * plain objects (snake_case, amounts as yuan strings, as the gateway sends them); the server signs them.
 * The test payment codes below decide a bar-code payment's outcome (README.md in this folder).
 */
export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED' | 'TRADE_FINISHED';

export interface SimTrade {
  outTradeNo: string;
  tradeNo: string;
  status: TradeStatus;
  totalCents: number;
  refundedCents: number;
  subject: string;
  /** Methods called on this trade, in order. */
  calls: string[];
  /** A trade whose buyer is still paying settles to this at `settlesAtMs` (10003 then success or close). */
  settles?: { atMs: number; to: 'TRADE_SUCCESS' | 'TRADE_CLOSED' };
  refunds: Map<string, { cents: number; at: string }>;
  paidAt?: string;
}

export type Answer = Record<string, unknown> & { code: string; msg: string };

/** What each test payment code does (any other Alipay-shaped code pays at once). */
export const TEST_PAYMENT_CODES = {
  /** 10003: the buyer confirms on the phone; the trade succeeds after `userPayingMs`. */
  userPayingThenSuccess: '280000000000000010',
  /** 10003: the buyer never confirms; the trade closes after `userPayingMs`. */
  userPayingThenClosed: '280000000000000011',
  /** 20000 answered, but the money was taken: trade.query shows TRADE_SUCCESS. */
  unknownButPaid: '280000000000000020',
  /** 20000 answered and nothing happened: trade.query answers ACQ.TRADE_NOT_EXIST. */
  unknownNotCreated: '280000000000000021',
  /** 40004 ACQ.PAYMENT_AUTH_CODE_INVALID. */
  authCodeInvalid: '280000000000000040',
  /** 40004 ACQ.BUYER_BALANCE_NOT_ENOUGH. */
  balanceNotEnough: '280000000000000041',
} as const;

const SUCCESS = { code: '10000', msg: 'Success' } as const;
const business = (subCode: string, subMsg: string): Answer => ({
  code: '40004',
  msg: 'Business Failed',
  sub_code: subCode,
  sub_msg: subMsg,
});
/** Alipay's "system busy" answer: the outcome is unknown to the caller. */
export const SYSTEM_BUSY: Answer = {
  code: '20000',
  msg: 'Service Currently Unavailable',
  sub_code: 'isp.unknow-error',
  sub_msg: '系统繁忙',
};

const YUAN = /^(?:0|[1-9]\d{0,8})(?:\.\d{1,2})?$/u;
/** Alipay's total_amount: yuan with at most two decimals, 0.01 to 100000000. */
export function yuanToCents(value: unknown): number | undefined {
  if (typeof value !== 'string' || !YUAN.test(value)) return undefined;
  const [whole, frac = ''] = value.split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return cents >= 1 && cents <= 10_000_000_000 ? cents : undefined;
}
const yuan = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

export class AlipaySimState {
  private readonly trades = new Map<string, SimTrade>();
  private nextTrade = 1;
  /** How long a buyer "still paying" (10003) takes to confirm or give up. */
  userPayingMs: number;

  constructor(
    options: { userPayingMs?: number } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.userPayingMs = options.userPayingMs ?? 3_000;
  }

  /** The trades as the control API lists them, settled to now. */
  list(): { outTradeNo: string; tradeNo: string; status: TradeStatus; totalAmount: string; refundedAmount: string; calls: string[] }[] {
    return [...this.trades.values()].map((t) => {
      this.settle(t);
      return {
        outTradeNo: t.outTradeNo,
        tradeNo: t.tradeNo,
        status: t.status,
        totalAmount: yuan(t.totalCents),
        refundedAmount: yuan(t.refundedCents),
        calls: [...t.calls],
      };
    });
  }

  find(outTradeNo: string): SimTrade | undefined {
    const trade = this.trades.get(outTradeNo);
    if (trade) this.settle(trade);
    return trade;
  }

  /** The customer scans a precreated QR and pays (a control call: the phone's side). */
  customerPays(outTradeNo: string): SimTrade | undefined {
    const trade = this.find(outTradeNo);
    if (!trade || trade.status !== 'WAIT_BUYER_PAY') return undefined;
    this.markPaid(trade);
    return trade;
  }

  /** The refund period ends: the trade becomes TRADE_FINISHED (a control call). */
  finish(outTradeNo: string): SimTrade | undefined {
    const trade = this.find(outTradeNo);
    if (!trade || trade.status !== 'TRADE_SUCCESS') return undefined;
    trade.status = 'TRADE_FINISHED';
    return trade;
  }

  /** Runs one gateway method on its biz_content; undefined for a method the simulator does not know. */
  run(method: string, biz: Record<string, unknown>): Answer | undefined {
    switch (method) {
      case 'alipay.trade.pay':
        return this.pay(biz);
      case 'alipay.trade.precreate':
        return this.precreate(biz);
      case 'alipay.trade.query':
        return this.withTrade(method, biz, (t) => this.queryAnswer(t));
      case 'alipay.trade.cancel':
        return this.cancel(biz);
      case 'alipay.trade.close':
        return this.withTrade(method, biz, (t) => this.close(t));
      case 'alipay.trade.refund':
        return this.withTrade(method, biz, (t) => this.refund(t, biz));
      default:
        return undefined;
    }
  }

  private pay(biz: Record<string, unknown>): Answer {
    const outTradeNo = str(biz.out_trade_no);
    const authCode = str(biz.auth_code);
    const cents = yuanToCents(biz.total_amount);
    if (!outTradeNo || !authCode || cents === undefined || biz.scene !== 'bar_code' || !str(biz.subject))
      return business('ACQ.INVALID_PARAMETER', '参数无效');
    const existing = this.find(outTradeNo);
    if (existing) {
      existing.calls.push('alipay.trade.pay');
      if (existing.status === 'TRADE_CLOSED') return business('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
      if (existing.totalCents !== cents) return business('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
      if (existing.status === 'TRADE_SUCCESS' || existing.status === 'TRADE_FINISHED')
        return business('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      // The buyer is confirming a code already given: still in process.
      if (existing.settles) return { code: '10003', msg: ' order success pay inprocess', ...this.tradeFields(existing) };
      // Otherwise a QR trade nobody scanned, now paid by the customer's code instead: the same trade.
    }
    switch (authCode) {
      case TEST_PAYMENT_CODES.authCodeInvalid:
        return business(
          'ACQ.PAYMENT_AUTH_CODE_INVALID',
          '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款，如再次收款失败，请联系管理员处理。[SOUNDWAVE_PARSER_FAIL]',
        );
      case TEST_PAYMENT_CODES.balanceNotEnough:
        return business('ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足');
      case TEST_PAYMENT_CODES.unknownNotCreated:
        return SYSTEM_BUSY;
      default:
        break;
    }
    if (!/^(?:2[5-9]|30)\d{14,22}$/u.test(authCode)) return business('ACQ.PAYMENT_AUTH_CODE_INVALID', '支付失败，获取顾客账户信息失败');
    const trade = existing ?? this.create(outTradeNo, cents, str(biz.subject)!, 'alipay.trade.pay');
    if (authCode === TEST_PAYMENT_CODES.userPayingThenSuccess || authCode === TEST_PAYMENT_CODES.userPayingThenClosed) {
      trade.settles = {
        atMs: this.now() + this.userPayingMs,
        to: authCode === TEST_PAYMENT_CODES.userPayingThenSuccess ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
      };
      return { code: '10003', msg: ' order success pay inprocess', ...this.tradeFields(trade) };
    }
    this.markPaid(trade);
    if (authCode === TEST_PAYMENT_CODES.unknownButPaid) return SYSTEM_BUSY;
    return {
      ...SUCCESS,
      ...this.tradeFields(trade),
      receipt_amount: yuan(trade.totalCents),
      gmt_payment: trade.paidAt,
      fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount: yuan(trade.totalCents) }],
      buyer_user_id: '2088102146225135',
    };
  }

  private precreate(biz: Record<string, unknown>): Answer {
    const outTradeNo = str(biz.out_trade_no);
    const cents = yuanToCents(biz.total_amount);
    if (!outTradeNo || cents === undefined || !str(biz.subject)) return business('ACQ.INVALID_PARAMETER', '参数无效');
    const existing = this.find(outTradeNo);
    if (existing) {
      existing.calls.push('alipay.trade.precreate');
      if (existing.totalCents !== cents) return business('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
      if (existing.status === 'TRADE_CLOSED') return business('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
      if (existing.status !== 'WAIT_BUYER_PAY') return business('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      return { ...SUCCESS, out_trade_no: outTradeNo, qr_code: qrCodeOf(existing) };
    }
    const trade = this.create(outTradeNo, cents, str(biz.subject)!, 'alipay.trade.precreate');
    return { ...SUCCESS, out_trade_no: outTradeNo, qr_code: qrCodeOf(trade) };
  }

  private cancel(biz: Record<string, unknown>): Answer {
    const outTradeNo = str(biz.out_trade_no);
    if (!outTradeNo) return business('ACQ.INVALID_PARAMETER', '参数无效');
    let trade = this.find(outTradeNo);
    // A cancel before the trade exists closes the number, so that a payment arriving late cannot succeed.
    if (!trade) {
      trade = this.create(outTradeNo, 0, '', 'alipay.trade.cancel');
      trade.status = 'TRADE_CLOSED';
      return { ...SUCCESS, out_trade_no: outTradeNo, retry_flag: 'N', action: 'close' };
    }
    trade.calls.push('alipay.trade.cancel');
    if (trade.status === 'TRADE_FINISHED' || trade.refundedCents > 0) return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    const action = trade.status === 'TRADE_SUCCESS' ? 'refund' : 'close';
    if (action === 'refund') trade.refundedCents = trade.totalCents;
    trade.status = 'TRADE_CLOSED';
    delete trade.settles;
    return { ...SUCCESS, trade_no: trade.tradeNo, out_trade_no: outTradeNo, retry_flag: 'N', action };
  }

  private close(trade: SimTrade): Answer {
    if (trade.status === 'TRADE_SUCCESS' || trade.status === 'TRADE_FINISHED') return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    trade.status = 'TRADE_CLOSED';
    delete trade.settles;
    return { ...SUCCESS, trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo };
  }

  private refund(trade: SimTrade, biz: Record<string, unknown>): Answer {
    const cents = yuanToCents(biz.refund_amount);
    // Without out_request_no Alipay takes the trade's number: one full refund per trade.
    const requestNo = str(biz.out_request_no) ?? trade.outTradeNo;
    if (cents === undefined) return business('ACQ.INVALID_PARAMETER', '参数无效');
    const earlier = trade.refunds.get(requestNo);
    if (earlier) {
      if (earlier.cents !== cents) return business('ACQ.DISCORDANT_REPEAT_REQUEST', '不一致的请求');
      return this.refundAnswer(trade, 'N', earlier.at);
    }
    if (trade.status === 'TRADE_FINISHED') return business('ACQ.TRADE_HAS_FINISHED', '交易已完结');
    if (trade.status !== 'TRADE_SUCCESS') return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    if (trade.refundedCents + cents > trade.totalCents) return business('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
    const at = timestamp(this.now());
    trade.refunds.set(requestNo, { cents, at });
    trade.refundedCents += cents;
    if (trade.refundedCents === trade.totalCents) trade.status = 'TRADE_CLOSED';
    return this.refundAnswer(trade, 'Y', at);
  }

  private refundAnswer(trade: SimTrade, fundChange: 'Y' | 'N', at: string): Answer {
    return {
      ...SUCCESS,
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_logon_id: BUYER,
      fund_change: fundChange,
      // Alipay's refund_fee is the trade's refunded total so far, not this request's amount.
      refund_fee: yuan(trade.refundedCents),
      gmt_refund_pay: at,
    };
  }

  private queryAnswer(trade: SimTrade): Answer {
    return {
      ...SUCCESS,
      ...this.tradeFields(trade),
      trade_status: trade.status,
      ...(trade.paidAt ? { send_pay_date: trade.paidAt, receipt_amount: yuan(trade.totalCents) } : {}),
    };
  }

  private withTrade(method: string, biz: Record<string, unknown>, then: (trade: SimTrade) => Answer): Answer {
    const outTradeNo = str(biz.out_trade_no);
    const trade = outTradeNo ? this.find(outTradeNo) : undefined;
    if (!trade || trade.totalCents === 0) return business('ACQ.TRADE_NOT_EXIST', '交易不存在');
    trade.calls.push(method);
    return then(trade);
  }

  private create(outTradeNo: string, cents: number, subject: string, method: string): SimTrade {
    const tradeNo = `${new Date(this.now()).toISOString().slice(0, 10).replaceAll('-', '')}2200${String(this.nextTrade++).padStart(14, '0')}`;
    const trade: SimTrade = {
      outTradeNo,
      tradeNo,
      status: 'WAIT_BUYER_PAY',
      totalCents: cents,
      refundedCents: 0,
      subject,
      calls: [method],
      refunds: new Map(),
    };
    this.trades.set(outTradeNo, trade);
    return trade;
  }

  private markPaid(trade: SimTrade): void {
    trade.status = 'TRADE_SUCCESS';
    trade.paidAt = timestamp(this.now());
    delete trade.settles;
  }

  private settle(trade: SimTrade): void {
    if (!trade.settles || this.now() < trade.settles.atMs) return;
    if (trade.settles.to === 'TRADE_SUCCESS') this.markPaid(trade);
    else trade.status = 'TRADE_CLOSED';
    delete trade.settles;
  }

  private tradeFields(trade: SimTrade) {
    return { trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, buyer_logon_id: BUYER, total_amount: yuan(trade.totalCents) };
  }
}

const BUYER = '159****5620';

function qrCodeOf(trade: SimTrade): string {
  return `https://qr.alipay.com/bax0${trade.tradeNo.slice(-10)}`;
}

/** Alipay's `yyyy-MM-dd HH:mm:ss`, in China time. */
function timestamp(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
