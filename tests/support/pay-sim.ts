import type { RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';

/** A trade as the gateway simulator's control API lists it (`GET /__pay/trades`). */
export interface TradeView {
  outTradeNo: string;
  tradeNo: string;
  status: string;
  totalAmount: string;
  refundedAmount: string;
  /** The gateway methods called under this trade, in order (`alipay.trade.pay`, `alipay.trade.query`…). */
  calls: string[];
}

/** The host's `payment` settings for the gateway simulator: its app id and keys, as a technician enters them. */
export const alipayConfigOf = (pay: RunningAlipaySim) => ({
  alipay: {
    appId: pay.appId,
    appPrivateKey: pay.appPrivateKeyPem!,
    alipayPublicKey: pay.alipayPublicKeyPem,
    gatewayUrl: pay.gatewayUrl,
    timeoutMs: 2_000,
  },
});

/** A sale's timings short enough for a test: polls and retries every 100 ms, the recovery tree in three tries. */
export const QUICK_SALE = {
  holdSeconds: 60,
  expiryCheckMs: 200,
  cancelBaseDelayMs: 100,
  cancelMaxDelayMs: 400,
  cancelPollMs: 100,
  payPollMs: 100,
  bookingStatusAttempts: 3,
  bookingStatusIntervalMs: 100,
  paymentRetryMs: 100,
  paymentRetryAttempts: 5,
};
