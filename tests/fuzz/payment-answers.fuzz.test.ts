import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { request } from 'undici';
import { AlipayGateway } from '../../electron/core/payment/alipay.gateway';
import { silentLogger } from '../../electron/core/observability/logger';
import { hasUnsafeCharacters } from '../../shared/domain/text';
import { startAlipayGatewaySim, type RunningAlipaySim } from '../../electron/simulator/alipay-gateway/alipay-sim.server';

/**
 * Validly signed but hostile pay answers (the gateway's key is trusted, its fields are not): whatever
 * trade_no, out_trade_no and total_amount say, the adapter answers `paid` only for our trade, our
 * amount and a clean trade number, and otherwise `unknown` with one of the stable reasons.
 */
const RUNS = 150;
let sim: RunningAlipaySim;
let gateway: AlipayGateway;

beforeAll(async () => {
  sim = await startAlipayGatewaySim();
  gateway = new AlipayGateway(
    {
      appId: sim.appId,
      appPrivateKey: sim.appPrivateKeyPem!,
      alipayPublicKey: sim.alipayPublicKeyPem,
      gatewayUrl: sim.gatewayUrl,
      timeoutMs: 3_000,
    },
    { logger: silentLogger() },
  );
});
afterAll(() => sim.close());

const field = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('1.00', '1', '01.00', '1.000', '1e0', '0.99', '-1.00', ' 1.00'),
  fc.constant(null),
  fc.integer(),
);

describe('hostile pay answers', () => {
  it(`${RUNS} altered answers: paid only when every field is ours and clean`, async () => {
    const samples = fc.sample(fc.record({ trade_no: field, out_trade_no: field, total_amount: field }, { requiredKeys: [] }), {
      numRuns: RUNS,
      seed: 7,
    });
    let n = 0;
    for (const set of samples) {
      n += 1;
      const outTradeNo = `FZ${Date.now()}${n}`;
      const res = await request(`${sim.origin}/__pay/tamper`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'alipay.trade.pay', set }),
      });
      await res.body.dump();
      const result = await gateway.payByCode({ outTradeNo, amountCents: 100, subject: 'fuzz', paymentCode: '286543210987654321' });
      // JSON drops what it cannot carry: compare with what was really sent.
      const sent = JSON.parse(JSON.stringify(set)) as Record<string, unknown>;
      const tradeNo = 'trade_no' in sent ? sent.trade_no : 'untouched';
      const ours =
        (!('out_trade_no' in sent) || sent.out_trade_no === outTradeNo) &&
        (!('total_amount' in sent) || sent.total_amount === '1.00' || sent.total_amount === '1' || sent.total_amount === '1.0') &&
        (tradeNo === 'untouched' || (typeof tradeNo === 'string' && /^[A-Za-z0-9_-]{1,64}$/u.test(tradeNo)));
      if (ours) expect(result.outcome, JSON.stringify(sent)).toBe('paid');
      else {
        expect(result.outcome, JSON.stringify(sent)).toBe('unknown');
        expect([
          'answer-trade-mismatch',
          'answer-amount-mismatch',
          'answer-malformed',
          'answer-unsafe-text',
          'answer-signature-invalid',
        ]).toContain(result.outcome === 'unknown' ? result.reason : '');
      }
      if (result.outcome === 'paid') expect(hasUnsafeCharacters(result.trade.tradeNo)).toBe(false);
    }
  });
});
