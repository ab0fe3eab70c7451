import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { request } from 'undici';
import { AlipayGateway, type AlipaySettings } from '../../electron/core/payment/alipay.gateway';
import { silentLogger } from '../../electron/core/observability/logger';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';
import { TEST_PAYMENT_CODES } from '../../electron/simulator/alipay-gateway/alipay-sim.state';

/**
 * The Alipay adapter, through the unmodified alipay-sdk with answer verification on, against the
 * gateway simulator on loopback: every answer code and trade state from a real case.
 */
let sim: RunningAlipaySim;
let settings: AlipaySettings;
let gateway: AlipayGateway;
let seq = 0;
const nextTradeNo = () => `T${Date.now()}${String((seq += 1)).padStart(4, '0')}`;
const SUBJECT = '影院票 Cinema tickets';
/** Any Alipay-shaped code that is not a test code pays at once. */
const PAYS = '286543210987654321';

async function post(path: string, body: unknown) {
  const res = await request(`${sim.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}
async function trades() {
  const res = await request(`${sim.origin}/__pay/trades`);
  return (await res.body.json()) as {
    outTradeNo: string;
    tradeNo: string;
    status: string;
    totalAmount: string;
    refundedAmount: string;
    calls: string[];
  }[];
}
const tradeOf = async (outTradeNo: string) => (await trades()).find((t) => t.outTradeNo === outTradeNo);

beforeAll(async () => {
  sim = await startAlipayGatewaySim({ userPayingMs: 300 });
  settings = {
    appId: sim.appId,
    appPrivateKey: sim.appPrivateKeyPem!,
    alipayPublicKey: sim.alipayPublicKeyPem,
    gatewayUrl: sim.gatewayUrl,
    timeoutMs: 2_000,
  };
  gateway = new AlipayGateway(settings, { logger: silentLogger() });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await request(`${sim.origin}/__sim/faults`, { method: 'DELETE' }).then((r) => r.body.dump());
  sim.state.userPayingMs = 300;
});

describe('alipay.trade.pay (scene bar_code)', () => {
  it('10000: paid, one trade of the right amount at the gateway', async () => {
    const outTradeNo = nextTradeNo();
    const result = await gateway.payByCode({ outTradeNo, amountCents: 8_850, subject: SUBJECT, paymentCode: PAYS });
    expect(result).toMatchObject({ outcome: 'paid', trade: { outTradeNo, status: 'paid', amountCents: 8_850 } });
    expect(await tradeOf(outTradeNo)).toMatchObject({
      status: 'TRADE_SUCCESS',
      totalAmount: '88.50',
      refundedAmount: '0.00',
      calls: ['alipay.trade.pay'],
    });
  });

  it('10003 then success: user paying, and the query sees the trade paid after the delay', async () => {
    const outTradeNo = nextTradeNo();
    const result = await gateway.payByCode({
      outTradeNo,
      amountCents: 4_000,
      subject: SUBJECT,
      paymentCode: TEST_PAYMENT_CODES.userPayingThenSuccess,
    });
    expect(result.outcome).toBe('user-paying');
    expect(await gateway.query(outTradeNo, 4_000)).toMatchObject({ outcome: 'found', trade: { status: 'waiting' } });
    await new Promise((r) => setTimeout(r, 350));
    expect(await gateway.query(outTradeNo, 4_000)).toMatchObject({ outcome: 'found', trade: { status: 'paid', amountCents: 4_000 } });
  });

  it('10003 then closed: the buyer never confirms, the trade closes', async () => {
    const outTradeNo = nextTradeNo();
    const result = await gateway.payByCode({
      outTradeNo,
      amountCents: 4_000,
      subject: SUBJECT,
      paymentCode: TEST_PAYMENT_CODES.userPayingThenClosed,
    });
    expect(result.outcome).toBe('user-paying');
    await new Promise((r) => setTimeout(r, 350));
    expect(await gateway.query(outTradeNo, 4_000)).toMatchObject({ outcome: 'found', trade: { status: 'closed' } });
    // A second pay under the closed number is refused, never a new trade.
    expect(await gateway.payByCode({ outTradeNo, amountCents: 4_000, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'declined',
      reason: 'trade-closed',
      providerCode: 'ACQ.TRADE_HAS_CLOSE',
    });
  });

  it('20000 then query: unknown, and the query finds the money taken', async () => {
    const outTradeNo = nextTradeNo();
    expect(
      await gateway.payByCode({ outTradeNo, amountCents: 3_500, subject: SUBJECT, paymentCode: TEST_PAYMENT_CODES.unknownButPaid }),
    ).toEqual({
      outcome: 'unknown',
      reason: 'gateway-busy',
    });
    expect(await gateway.query(outTradeNo, 3_500)).toMatchObject({ outcome: 'found', trade: { status: 'paid' } });
  });

  it('20000 then query: unknown, and the query finds no trade; cancel closes the number against a late payment', async () => {
    const outTradeNo = nextTradeNo();
    expect(
      (await gateway.payByCode({ outTradeNo, amountCents: 3_500, subject: SUBJECT, paymentCode: TEST_PAYMENT_CODES.unknownNotCreated }))
        .outcome,
    ).toBe('unknown');
    expect(await gateway.query(outTradeNo, 3_500)).toEqual({ outcome: 'not-found' });
    expect(await gateway.cancel(outTradeNo)).toEqual({ outcome: 'cancelled', action: 'closed' });
    expect(await gateway.payByCode({ outTradeNo, amountCents: 3_500, subject: SUBJECT, paymentCode: PAYS })).toMatchObject({
      outcome: 'declined',
      reason: 'trade-closed',
    });
  });

  it('40004 ACQ.PAYMENT_AUTH_CODE_INVALID and ACQ.BUYER_BALANCE_NOT_ENOUGH are declines with their reason; no trade is left', async () => {
    const a = nextTradeNo();
    expect(
      await gateway.payByCode({ outTradeNo: a, amountCents: 1_000, subject: SUBJECT, paymentCode: TEST_PAYMENT_CODES.authCodeInvalid }),
    ).toEqual({
      outcome: 'declined',
      reason: 'payment-code-invalid',
      providerCode: 'ACQ.PAYMENT_AUTH_CODE_INVALID',
    });
    const b = nextTradeNo();
    expect(
      await gateway.payByCode({ outTradeNo: b, amountCents: 1_000, subject: SUBJECT, paymentCode: TEST_PAYMENT_CODES.balanceNotEnough }),
    ).toEqual({
      outcome: 'declined',
      reason: 'balance-not-enough',
      providerCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH',
    });
    expect(await tradeOf(a)).toBeUndefined();
    // The customer may try another code under the same number.
    expect((await gateway.payByCode({ outTradeNo: b, amountCents: 1_000, subject: SUBJECT, paymentCode: PAYS })).outcome).toBe('paid');
  });

  it('40004 ACQ.TRADE_HAS_SUCCESS on a repeated pay is the paid trade, and no second charge', async () => {
    const outTradeNo = nextTradeNo();
    const first = await gateway.payByCode({ outTradeNo, amountCents: 2_000, subject: SUBJECT, paymentCode: PAYS });
    const again = await gateway.payByCode({ outTradeNo, amountCents: 2_000, subject: SUBJECT, paymentCode: PAYS });
    expect(again).toEqual(first);
    const trade = await tradeOf(outTradeNo);
    expect(trade).toMatchObject({
      status: 'TRADE_SUCCESS',
      totalAmount: '20.00',
      calls: ['alipay.trade.pay', 'alipay.trade.pay', 'alipay.trade.query'],
    });
    expect((await trades()).filter((t) => t.outTradeNo === outTradeNo)).toHaveLength(1);
  });

  it('40004 ACQ.CONTEXT_INCONSISTENT: the same number with another amount', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 2_000, subject: SUBJECT, paymentCode: TEST_PAYMENT_CODES.userPayingThenSuccess });
    expect(await gateway.payByCode({ outTradeNo, amountCents: 2_100, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'declined',
      reason: 'trade-inconsistent',
      providerCode: 'ACQ.CONTEXT_INCONSISTENT',
    });
  });
});

describe('precreate, query, cancel, close, refund', () => {
  it('precreate then the simulated customer pays: waiting, then paid', async () => {
    const outTradeNo = nextTradeNo();
    const created = await gateway.createQr({ outTradeNo, amountCents: 9_900, subject: SUBJECT });
    expect(created).toMatchObject({ outcome: 'created' });
    expect(created.outcome === 'created' && created.qrCode.startsWith('https://qr.alipay.com/')).toBe(true);
    expect(await gateway.query(outTradeNo, 9_900)).toMatchObject({ outcome: 'found', trade: { status: 'waiting' } });
    expect((await post(`/__pay/trades/${outTradeNo}/pay`, {})).status).toBe(200);
    expect(await gateway.query(outTradeNo, 9_900)).toMatchObject({ outcome: 'found', trade: { status: 'paid' } });
  });

  it('a QR nobody scanned, then the customer shows a payment code instead: the same number, one trade, paid', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.createQr({ outTradeNo, amountCents: 3_000, subject: SUBJECT });
    // A declined code leaves the QR trade waiting; a good one pays it.
    expect(
      (await gateway.payByCode({ outTradeNo, amountCents: 3_000, subject: SUBJECT, paymentCode: TEST_PAYMENT_CODES.balanceNotEnough }))
        .outcome,
    ).toBe('declined');
    expect(await gateway.payByCode({ outTradeNo, amountCents: 3_000, subject: SUBJECT, paymentCode: PAYS })).toMatchObject({
      outcome: 'paid',
    });
    expect((await trades()).filter((t) => t.outTradeNo === outTradeNo)).toEqual([
      expect.objectContaining({ status: 'TRADE_SUCCESS', calls: ['alipay.trade.precreate', 'alipay.trade.pay', 'alipay.trade.pay'] }),
    ]);
    // The QR shown again for a paid trade is refused.
    expect(await gateway.createQr({ outTradeNo, amountCents: 3_000, subject: SUBJECT })).toMatchObject({
      outcome: 'declined',
      providerCode: 'ACQ.TRADE_HAS_SUCCESS',
    });
  });

  it('close: an unpaid QR trade closes; a paid one cannot be closed', async () => {
    const unpaid = nextTradeNo();
    await gateway.createQr({ outTradeNo: unpaid, amountCents: 500, subject: SUBJECT });
    expect(await gateway.close(unpaid)).toEqual({ outcome: 'closed' });
    expect(await tradeOf(unpaid)).toMatchObject({ status: 'TRADE_CLOSED' });
    const paid = nextTradeNo();
    await gateway.payByCode({ outTradeNo: paid, amountCents: 500, subject: SUBJECT, paymentCode: PAYS });
    expect(await gateway.close(paid)).toEqual({ outcome: 'declined', reason: 'trade-state', providerCode: 'ACQ.TRADE_STATUS_ERROR' });
    expect(await gateway.close(nextTradeNo())).toEqual({
      outcome: 'declined',
      reason: 'trade-not-found',
      providerCode: 'ACQ.TRADE_NOT_EXIST',
    });
  });

  it('cancel: a paid trade is refunded in full and closed; an unpaid one is closed', async () => {
    const paid = nextTradeNo();
    await gateway.payByCode({ outTradeNo: paid, amountCents: 6_000, subject: SUBJECT, paymentCode: PAYS });
    expect(await gateway.cancel(paid)).toEqual({ outcome: 'cancelled', action: 'refunded' });
    expect(await tradeOf(paid)).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: '60.00' });
    const waiting = nextTradeNo();
    await gateway.payByCode({
      outTradeNo: waiting,
      amountCents: 6_000,
      subject: SUBJECT,
      paymentCode: TEST_PAYMENT_CODES.userPayingThenSuccess,
    });
    expect(await gateway.cancel(waiting)).toEqual({ outcome: 'cancelled', action: 'closed' });
    await new Promise((r) => setTimeout(r, 350));
    // The buyer's late confirmation does not reopen it.
    expect(await tradeOf(waiting)).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: '0.00' });
  });

  it('refund twice with one out_request_no is one refund; a second request number refunds the rest; then the trade is closed', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 10_000, subject: SUBJECT, paymentCode: PAYS });
    const refund = {
      outTradeNo,
      tradeAmountCents: 10_000,
      amountCents: 4_000,
      refundRequestNo: `${outTradeNo}-R1`,
      reason: 'seat unavailable',
    };
    expect(await gateway.refund(refund)).toEqual({ outcome: 'refunded', totalRefundedCents: 4_000, moved: true });
    expect(await gateway.refund(refund)).toEqual({ outcome: 'refunded', totalRefundedCents: 4_000, moved: false });
    expect(await tradeOf(outTradeNo)).toMatchObject({ status: 'TRADE_SUCCESS', refundedAmount: '40.00' });
    expect(await gateway.refund({ ...refund, amountCents: 5_000 })).toEqual({
      outcome: 'declined',
      reason: 'refund-inconsistent',
      providerCode: 'ACQ.DISCORDANT_REPEAT_REQUEST',
    });
    expect(await gateway.refund({ ...refund, amountCents: 7_000, refundRequestNo: `${outTradeNo}-R2` })).toEqual({
      outcome: 'declined',
      reason: 'refund-not-allowed',
      providerCode: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL',
    });
    expect(await gateway.refund({ ...refund, amountCents: 6_000, refundRequestNo: `${outTradeNo}-R2` })).toEqual({
      outcome: 'refunded',
      totalRefundedCents: 10_000,
      moved: true,
    });
    expect(await gateway.query(outTradeNo, 10_000)).toMatchObject({ outcome: 'found', trade: { status: 'closed' } });
    expect(await tradeOf(outTradeNo)).toMatchObject({ status: 'TRADE_CLOSED', refundedAmount: '100.00' });
  });

  it('TRADE_FINISHED: past the refund period the query says finished and a refund is refused', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 1_200, subject: SUBJECT, paymentCode: PAYS });
    expect((await post(`/__pay/trades/${outTradeNo}/finish`, {})).status).toBe(200);
    expect(await gateway.query(outTradeNo, 1_200)).toMatchObject({ outcome: 'found', trade: { status: 'finished' } });
    expect(
      await gateway.refund({
        outTradeNo,
        tradeAmountCents: 1_200,
        amountCents: 1_200,
        refundRequestNo: `${outTradeNo}-R1`,
        reason: 'late',
      }),
    ).toEqual({ outcome: 'declined', reason: 'refund-not-allowed', providerCode: 'ACQ.TRADE_HAS_FINISHED' });
  });
});

describe('signatures both ways', () => {
  it('a forged answer signature is rejected by the SDK: the outcome is unknown, and the raw SDK says why', async () => {
    // The kiosk configured with another "Alipay public key": every genuine answer now fails verification.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fooled = new AlipayGateway({ ...settings, alipayPublicKey: other }, { logger: silentLogger() });
    const outTradeNo = nextTradeNo();
    expect(await fooled.payByCode({ outTradeNo, amountCents: 100, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'unknown',
      reason: 'answer-signature-invalid',
    });
    const sdk = new AlipaySdk({
      appId: settings.appId,
      privateKey: settings.appPrivateKey,
      keyType: 'PKCS8',
      alipayPublicKey: other,
      gateway: settings.gatewayUrl,
    });
    await expect(sdk.exec('alipay.trade.query', { bizContent: { out_trade_no: outTradeNo } }, { validateSign: true })).rejects.toThrow(
      /验签失败/u,
    );
  });

  it('an answer altered after signing fails verification too', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 700, subject: SUBJECT, paymentCode: PAYS });
    // A man in the middle rewrites the amount in a genuine answer: the signature no longer matches.
    const proxy = await startRewritingProxy(sim.gatewayUrl, (text) => text.replace('"total_amount":"7.00"', '"total_amount":"0.07"'));
    try {
      const viaProxy = new AlipayGateway({ ...settings, gatewayUrl: proxy.url }, { logger: silentLogger() });
      expect(await viaProxy.query(outTradeNo, 700)).toEqual({ outcome: 'unknown', reason: 'answer-signature-invalid' });
    } finally {
      await proxy.close();
    }
  });

  it('a request signed with the wrong key is refused by the simulator as Alipay refuses it (40002 isv.invalid-signature)', async () => {
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sdk = new AlipaySdk({
      appId: settings.appId,
      privateKey: wrongKey,
      keyType: 'PKCS8',
      alipayPublicKey: settings.alipayPublicKey,
      gateway: settings.gatewayUrl,
      camelcase: false,
    });
    const outTradeNo = nextTradeNo();
    const answer = await sdk.exec(
      'alipay.trade.pay',
      { bizContent: { out_trade_no: outTradeNo, scene: 'bar_code', auth_code: PAYS, subject: SUBJECT, total_amount: '1.00' } },
      { validateSign: true },
    );
    expect(answer).toMatchObject({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature' });
    expect(String(answer.sub_msg)).toMatch(/^验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：app_id=/u);
    expect(await tradeOf(outTradeNo)).toBeUndefined();
    // Through the adapter it is a merchant-setup decline, not a payment failure of the customer's.
    const misconfigured = new AlipayGateway({ ...settings, appPrivateKey: wrongKey }, { logger: silentLogger() });
    expect(await misconfigured.payByCode({ outTradeNo, amountCents: 100, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'declined',
      reason: 'merchant-setup',
      providerCode: 'isv.invalid-signature',
    });
  });
});

describe('hostile answers (validly signed) are refused with stable reasons', () => {
  it('an amount that is not the order total', async () => {
    await post('/__pay/tamper', { method: 'alipay.trade.pay', set: { total_amount: '0.01' } });
    expect(await gateway.payByCode({ outTradeNo: nextTradeNo(), amountCents: 5_000, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'unknown',
      reason: 'answer-amount-mismatch',
    });
  });

  it('another out_trade_no', async () => {
    await post('/__pay/tamper', { method: 'alipay.trade.query', set: { out_trade_no: 'SOMEONE-ELSE' } });
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 5_000, subject: SUBJECT, paymentCode: PAYS });
    expect(await gateway.query(outTradeNo, 5_000)).toEqual({ outcome: 'unknown', reason: 'answer-trade-mismatch' });
  });

  it('control bytes in the trade number or the QR code', async () => {
    await post('/__pay/tamper', { method: 'alipay.trade.pay', set: { trade_no: '2026\u001b@\u001dV0' } });
    expect(await gateway.payByCode({ outTradeNo: nextTradeNo(), amountCents: 5_000, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'unknown',
      reason: 'answer-unsafe-text',
    });
    await post('/__pay/tamper', { method: 'alipay.trade.precreate', set: { qr_code: 'https://qr.alipay.com/x\u202e' } });
    expect(await gateway.createQr({ outTradeNo: nextTradeNo(), amountCents: 5_000, subject: SUBJECT })).toEqual({
      outcome: 'unknown',
      reason: 'answer-unsafe-text',
    });
  });

  it('a refund total beyond the trade', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 1_000, subject: SUBJECT, paymentCode: PAYS });
    await post('/__pay/tamper', { method: 'alipay.trade.refund', set: { refund_fee: '99.00' } });
    expect(
      await gateway.refund({ outTradeNo, tradeAmountCents: 1_000, amountCents: 1_000, refundRequestNo: `${outTradeNo}-R1`, reason: 'x' }),
    ).toEqual({ outcome: 'unknown', reason: 'answer-amount-mismatch' });
  });
});

describe('requests are checked before any call', () => {
  it.each([
    ['fractional cents', { amountCents: 10.5 }, 'INVALID_AMOUNT'],
    ['zero', { amountCents: 0 }, 'INVALID_AMOUNT'],
    ['negative', { amountCents: -100 }, 'INVALID_AMOUNT'],
    ['beyond an order', { amountCents: 1e12 }, 'INVALID_AMOUNT'],
    ['an out_trade_no with markup', { outTradeNo: 'A<script>' }, 'INVALID_REQUEST'],
    ['a subject with an escape', { subject: 'film\u001bp0' }, 'INVALID_REQUEST'],
    ['a WeChat code', { paymentCode: '134567890123456789' }, 'WALLET_NOT_ACCEPTED'],
    ['a UnionPay code', { paymentCode: '6212345678901234567' }, 'WALLET_NOT_ACCEPTED'],
    ['not a payment code', { paymentCode: 'https://example.com' }, 'NOT_A_PAYMENT_CODE'],
  ])('%s', async (_name, change, code) => {
    const before = (await trades()).length;
    const outTradeNo = nextTradeNo();
    const result = await gateway.payByCode({ outTradeNo, amountCents: 1_000, subject: SUBJECT, paymentCode: PAYS, ...change });
    expect(result).toMatchObject({ outcome: 'refused', code });
    expect((await trades()).length).toBe(before);
  });

  it('keys that do not parse (config.json edited by hand): every call refused as not set up, nothing sent', async () => {
    const before = (await trades()).length;
    const broken = new AlipayGateway({ ...settings, appPrivateKey: 'MIIB-not-a-key' }, { logger: silentLogger() });
    expect(await broken.payByCode({ outTradeNo: nextTradeNo(), amountCents: 1_000, subject: SUBJECT, paymentCode: PAYS })).toMatchObject({
      outcome: 'refused',
      code: 'NOT_CONFIGURED',
    });
    expect(await broken.query(nextTradeNo(), 1_000)).toMatchObject({ outcome: 'refused', code: 'NOT_CONFIGURED' });
    expect((await trades()).length).toBe(before);
  });

  it('a WeChat code is refused with a message naming the wallet this kiosk takes', async () => {
    const result = await gateway.payByCode({
      outTradeNo: nextTradeNo(),
      amountCents: 1_000,
      subject: SUBJECT,
      paymentCode: '134567890123456789',
    });
    expect(result).toMatchObject({
      outcome: 'refused',
      message: 'This kiosk does not take WeChat Pay; it takes Alipay only.',
      customerMessage: { 'zh-CN': '本机不收微信支付，只收支付宝。', en: 'This kiosk does not take WeChat Pay; it takes Alipay only.' },
    });
  });
});

describe('the control API', () => {
  it('POST /__pay/settings sets how long a buyer "still paying" takes; a bad value is refused', async () => {
    expect(await post('/__pay/settings', { userPayingMs: 120 })).toEqual({ status: 200, body: { userPayingMs: 120 } });
    expect(sim.state.userPayingMs).toBe(120);
    expect((await post('/__pay/settings', { userPayingMs: -1 })).status).toBe(400);
    expect((await post('/__pay/settings', { userPayingMs: '5' })).status).toBe(400);
    expect(sim.state.userPayingMs).toBe(120);
  });

  it('a customer cannot pay a trade that is not waiting', async () => {
    const outTradeNo = nextTradeNo();
    await gateway.payByCode({ outTradeNo, amountCents: 100, subject: SUBJECT, paymentCode: PAYS });
    expect((await post(`/__pay/trades/${outTradeNo}/pay`, {})).status).toBe(409);
    expect((await post('/__pay/trades/NO-SUCH/pay', {})).status).toBe(409);
  });
});

describe('faults on the gateway path', () => {
  it("one reset connection is retried by the SDK's HTTP client (urllib socketErrorRetry: 1): still one trade", async () => {
    await post('/__sim/faults', { path: 'alipay.trade.pay', reset: true, times: 1 });
    const outTradeNo = nextTradeNo();
    expect((await gateway.payByCode({ outTradeNo, amountCents: 100, subject: SUBJECT, paymentCode: PAYS })).outcome).toBe('paid');
    expect((await trades()).filter((t) => t.outTradeNo === outTradeNo)).toEqual([expect.objectContaining({ calls: ['alipay.trade.pay'] })]);
  });

  it('no answer (reset twice) and an HTTP 502 are unknown; a 20000 injected on query is unknown', async () => {
    await post('/__sim/faults', { path: 'alipay.trade.pay', reset: true, times: 2 });
    expect(await gateway.payByCode({ outTradeNo: nextTradeNo(), amountCents: 100, subject: SUBJECT, paymentCode: PAYS })).toEqual({
      outcome: 'unknown',
      reason: 'no-answer',
    });
    await post('/__sim/faults', { path: 'gateway.do', status: 502, times: 1 });
    expect(await gateway.query(nextTradeNo(), 100)).toEqual({ outcome: 'unknown', reason: 'gateway-busy' });
    await post('/__sim/faults', { path: 'alipay.trade.query', result: 20000, times: 1 });
    expect(await gateway.query(nextTradeNo(), 100)).toEqual({ outcome: 'unknown', reason: 'gateway-busy' });
  });

  it('a gateway slower than the timeout is unknown within the timeout', async () => {
    await post('/__sim/faults', { path: 'alipay.trade.query', hang: true, times: 1 });
    const quick = new AlipayGateway({ ...settings, timeoutMs: 300 }, { logger: silentLogger() });
    const started = Date.now();
    expect(await quick.query(nextTradeNo(), 100)).toEqual({ outcome: 'unknown', reason: 'no-answer' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

/** A loopback HTTP proxy that forwards to the gateway and rewrites the answer text. */
async function startRewritingProxy(target: string, rewrite: (text: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', target);
      void request(url, { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) })
        .then(async (upstream) => {
          const text = rewrite(await upstream.body.text());
          res.writeHead(upstream.statusCode, { 'content-type': 'text/html;charset=utf-8' }).end(text);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/gateway.do`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
