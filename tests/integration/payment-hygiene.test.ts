import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { startHost, type RunningHost } from '../../electron/host/host';
import { TEST_PAYMENT_CODES } from '../../electron/simulator/alipay-gateway/alipay-sim.state';
import type { PaymentGateway } from '../../electron/core/payment/payment-gateway';
import { tempDir } from '../support/host-process';

/**
 * Item 8: after a run of payments of every outcome through the demo host (the core's own gateway,
 * its logger and its /metrics), no payment code and no key is found in the logs, the store (audit
 * trail included, WAL too) or /metrics; the amounts and our trade numbers are.
 */
let host: RunningHost;
let log = '';
const PLAIN = '286543210987654321';
const WECHAT = '134567890123456789';
const codes = [PLAIN, WECHAT, ...Object.values(TEST_PAYMENT_CODES)];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      log += chunk.toString();
      done();
    },
  });
  host = await startHost(
    { demo: true, dataDir: tempDir('payment-hygiene'), printServicePort: 0, uiPort: 0, printer: 'virtual' },
    pino({ level: 'debug', base: undefined }, sink),
  );
});
afterAll(() => host.stop());

/** Pieces of a PEM's base64 body: any of them in a text means the key leaked. */
const keyPieces = (pem: string) =>
  pem
    .split('\n')
    .filter((line) => line.length >= 40 && !line.startsWith('-----'))
    .map((line) => line.slice(0, 40));

describe('payment codes and keys stay out of logs, the store and /metrics', () => {
  it('a run of every outcome leaves no trace of them', async () => {
    const gateway: PaymentGateway = host.core.paymentGateway()!;
    expect(gateway).toBeDefined();
    host.demo!.payment!.sim.state.userPayingMs = 50;
    let n = 0;
    const no = () => `HYG${Date.now()}${(n += 1)}`;
    for (const code of codes) await gateway.payByCode({ outTradeNo: no(), amountCents: 3_300, subject: 'Hygiene 卫生', paymentCode: code });
    const qr = no();
    await gateway.createQr({ outTradeNo: qr, amountCents: 2_000, subject: 'QR' });
    await gateway.close(qr);
    const paid = no();
    await gateway.payByCode({ outTradeNo: paid, amountCents: 5_000, subject: 'refund me', paymentCode: PLAIN });
    await gateway.refund({ outTradeNo: paid, tradeAmountCents: 5_000, amountCents: 5_000, refundRequestNo: `${paid}-R`, reason: 'test' });
    await gateway.cancel(no());
    await gateway.query(paid, 5_000);

    const metrics = await (await request(`${host.printServiceUrl}/metrics`)).body.text();
    const dataDir = host.config.dataDir;
    const store = ['kiosk.sqlite', 'kiosk.sqlite-wal']
      .map((f) => join(dataDir, f))
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p).toString('latin1'))
      .join('\n');
    // The run is visible where it should be: one log line per call, counted in /metrics.
    expect(log).toContain('"msg":"payment call"');
    expect(log).toContain(paid);
    expect(metrics).toMatch(/kiosk_payment_calls_total\{method="alipay.trade.pay",outcome="code:10000"\} \d+/u);

    const secrets = [
      ...codes,
      ...keyPieces(host.demo!.payment!.appPrivateKey),
      ...keyPieces(host.demo!.payment!.alipayPublicKey),
      ...keyPieces(host.config.payment.alipay!.appPrivateKey),
    ];
    expect(secrets.length).toBeGreaterThan(codes.length + 10);
    for (const [where, text] of [
      ['log', log],
      ['metrics', metrics],
      ['store', store],
    ] as const) {
      for (const secret of secrets) expect(text.includes(secret), `${where} holds ${secret.slice(0, 12)}…`).toBe(false);
    }
  });
});
