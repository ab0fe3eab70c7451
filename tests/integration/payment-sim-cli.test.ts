import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { AlipayGateway } from '../../electron/core/payment/alipay.gateway';
import { silentLogger } from '../../electron/core/observability/logger';
import { startSimProcess, type SimProcess } from '../support/sim-process';

/** `npm run sim` starts the Alipay gateway simulator beside central and names it in READY. */
let sim: SimProcess;
beforeAll(async () => {
  sim = await startSimProcess();
});
afterAll(() => sim.stop());

describe('npm run sim: the payment gateway', () => {
  it('READY names pay=<gateway.do URL>; a kiosk with the demo keys pays there, and /__pay/trades lists the trade', async () => {
    expect(sim.pay).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gateway\.do$/u);
    const origin = new URL(sim.pay).origin;
    const keys = (await (await request(`${origin}/__pay/demo-keys`)).body.json()) as {
      appId: string;
      appPrivateKey: string;
      alipayPublicKey: string;
    };
    const gateway = new AlipayGateway(
      {
        appId: keys.appId,
        appPrivateKey: keys.appPrivateKey,
        alipayPublicKey: keys.alipayPublicKey,
        gatewayUrl: sim.pay,
        timeoutMs: 5_000,
      },
      { logger: silentLogger() },
    );
    expect(
      await gateway.payByCode({ outTradeNo: 'CLI-1', amountCents: 1_234, subject: 'cli', paymentCode: '286543210987654321' }),
    ).toMatchObject({
      outcome: 'paid',
    });
    const trades = (await (await request(`${origin}/__pay/trades`)).body.json()) as unknown[];
    expect(trades).toEqual([
      {
        outTradeNo: 'CLI-1',
        tradeNo: expect.stringMatching(/^\d+$/u),
        status: 'TRADE_SUCCESS',
        totalAmount: '12.34',
        refundedAmount: '0.00',
        calls: ['alipay.trade.pay'],
      },
    ]);
  });
});
