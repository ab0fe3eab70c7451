import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../electron/core/config/config';
import { ConfigStore } from '../../electron/core/config/config-store';
import { readConfigFile, writeConfigSection } from '../../electron/core/config/config-file';
import { openSavedAlipay } from '../../electron/core/config/payment-key';
import { DomainEvents } from '../../electron/core/observability/domain-events';
import { silentLogger } from '../../electron/core/observability/logger';
import { AlipayGateway } from '../../electron/core/payment/alipay.gateway';
import type { RunningHost } from '../../electron/host/host';
import { startDemoHost } from '../support/in-process-host';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import { firstRunCode } from '../support/first-run';
import { configOnDisk } from '../support/config-on-disk';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const app = pair();
const alipay = pair();
const APP_PRIVATE = app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const APP_PRIVATE_PKCS1 = app.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const APP_PUBLIC = app.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ALIPAY_PUBLIC = alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** A stretch from the middle of the key's base64: found in a file only if the key is there in clear. */
const keyBody = (pem: string) => pem.split('\n').slice(5, 6)[0]!;

function storeOnDisk() {
  const { dataDir, config, auditRows, audit, close } = configOnDisk('payment-config');
  const applied: AppConfig['payment'][] = [];
  const store = new ConfigStore({ config, audit, events: new DomainEvents(), apply: { payment: (p) => void applied.push(p) } });
  const auditText = () => JSON.stringify([...auditRows.iterate()]);
  return { dataDir, store, applied, auditText, close };
}

const FIELDS = {
  appId: '2021000000000042',
  gatewayUrl: 'https://openapi.alipay.com/gateway.do',
  alipayPublicKey: ALIPAY_PUBLIC,
  timeoutMs: 8_000,
};

describe('Alipay settings in the technician configuration store', () => {
  it('saves the app private key sealed to its app id and gateway; the audit names the app and the key fingerprint, never a key', async () => {
    const { dataDir, store, applied, auditText, close } = storeOnDisk();
    const saved = await store.updateAlipay(FIELDS, APP_PRIVATE_PKCS1, 'tech1');
    expect(saved).toMatchObject({ ok: true, value: { appId: FIELDS.appId } });
    expect(applied).toHaveLength(1);
    // PKCS#1 as entered, PKCS#8 as kept: one form for the SDK.
    expect(store.current().payment.alipay!.appPrivateKey).toBe(APP_PRIVATE);

    const file = readFileSync(join(dataDir, 'config.json'), 'utf8');
    expect(file).not.toContain(keyBody(APP_PRIVATE));
    expect(file).not.toContain(keyBody(APP_PRIVATE_PKCS1));
    const section = (readConfigFile(dataDir).payment as { alipay: Record<string, string> }).alipay;
    expect(section.appPrivateKey).toMatch(/^sealed:v2:/u);
    expect(openSavedAlipay(dataDir, section)).toEqual({ alipay: { ...section, appPrivateKey: APP_PRIVATE } });

    const audit = auditText();
    expect(audit).toContain('config.alipay-updated');
    expect(audit).toContain('alipayPublicKeySha256');
    expect(audit).not.toContain(keyBody(APP_PRIVATE));
    expect(audit).not.toContain(keyBody(ALIPAY_PUBLIC));

    // An export carries no private key.
    expect(JSON.stringify(store.export('tech1'))).not.toContain(keyBody(APP_PRIVATE));
    close();
  });

  it('a key sealed for one app id does not open beside another (config.json edited by hand): Alipay is off, with a reason', async () => {
    const { dataDir, store, close } = storeOnDisk();
    await store.updateAlipay(FIELDS, APP_PRIVATE, 'tech1');
    const section = (readConfigFile(dataDir).payment as { alipay: Record<string, string> }).alipay;
    writeConfigSection(dataDir, 'payment', { alipay: { ...section, appId: '2021000000000099' } });
    const moved = openSavedAlipay(dataDir, (readConfigFile(dataDir).payment as { alipay: Record<string, string> }).alipay);
    expect(moved.alipay).toBeUndefined();
    expect(moved.problem).toMatch(/another app id or gateway/u);
    close();
  });

  it.each([
    ['a first setting without the private key', FIELDS, undefined, 'appPrivateKey'],
    ['plain http to another machine', { ...FIELDS, gatewayUrl: 'http://pay.example/gateway.do' }, APP_PRIVATE, 'gatewayUrl'],
    ['a private key that is not one', FIELDS, 'not a key', 'appPrivateKey'],
    [
      'a 1024-bit key',
      FIELDS,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'appPrivateKey',
    ],
    ["the app's own public key given as Alipay's", { ...FIELDS, alipayPublicKey: APP_PUBLIC }, APP_PRIVATE, 'alipayPublicKey'],
  ])('refuses %s, changing nothing', async (_name, fields, key, field) => {
    const { dataDir, store, applied, auditText, close } = storeOnDisk();
    const result = await store.updateAlipay(fields, key, 'tech1');
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field } } });
    expect(applied).toEqual([]);
    expect(readConfigFile(dataDir).payment).toBeUndefined();
    expect(auditText()).not.toContain('config.alipay-updated');
    close();
  });

  it('a new app id needs the key again; the same app keeps its key when only the timeout changes', async () => {
    const { store, close } = storeOnDisk();
    await store.updateAlipay(FIELDS, APP_PRIVATE, 'tech1');
    expect(await store.updateAlipay({ ...FIELDS, timeoutMs: 5_000 }, undefined, 'tech1')).toMatchObject({
      ok: true,
      value: { timeoutMs: 5_000 },
    });
    expect(await store.updateAlipay({ ...FIELDS, appId: '2021000000000043' }, undefined, 'tech1')).toMatchObject({
      ok: false,
      error: { details: { field: 'appPrivateKey' } },
    });
    close();
  });

  it('the base64 the Alipay key tool gives (no PEM lines) is taken', async () => {
    const { store, close } = storeOnDisk();
    const bare = app.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const bareAlipay = alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(await store.updateAlipay({ ...FIELDS, alipayPublicKey: bareAlipay }, bare, 'tech1')).toMatchObject({ ok: true });
    expect(store.current().payment.alipay!.appPrivateKey).toBe(APP_PRIVATE);
    expect(store.current().payment.alipay!.alipayPublicKey).toBe(ALIPAY_PUBLIC);
    close();
  });
});

describe('the demo host', () => {
  let host: RunningHost;
  beforeAll(async () => {
    host = await startDemoHost();
  });
  afterAll(() => host.stop());

  it("writes demo.json (owner-only) with the gateway simulator's URL, the app id and both keys, and runs with them", async () => {
    const path = join(host.config.dataDir, 'demo.json');
    expect(statSync(path).mode & 0o077).toBe(0);
    const demo = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(demo.paymentGatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gateway\.do$/u);
    expect(demo.alipayAppId).toMatch(/^\d{16}$/u);
    expect(demo.alipayAppPrivateKey).toContain('-----BEGIN PRIVATE KEY-----');
    expect(demo.alipayPublicKey).toContain('-----BEGIN PUBLIC KEY-----');
    expect(host.config.payment.alipay).toMatchObject({ appId: demo.alipayAppId, gatewayUrl: demo.paymentGatewayUrl });

    // The configured gateway pays against the embedded simulator, signatures checked both ways.
    const gateway = new AlipayGateway(host.config.payment.alipay!, { logger: silentLogger() });
    const outTradeNo = `DEMO${Date.now()}`;
    expect(await gateway.payByCode({ outTradeNo, amountCents: 4_500, subject: 'demo', paymentCode: '286543210987654321' })).toMatchObject({
      outcome: 'paid',
    });
    expect(host.demo!.payment!.sim.state.list()).toEqual([
      expect.objectContaining({ outTradeNo, status: 'TRADE_SUCCESS', totalAmount: '45.00' }),
    ]);
  });

  it('the technician console shows the settings without keys, and a change applies to the next payment without a restart', async () => {
    await dispatchUiCall(host.core.handlers, 'staff.setup', {
      username: 'tech1',
      password: 'a-long-password-1',
      code: firstRunCode(host.config.dataDir),
    });
    const login = await dispatchUiCall(host.core.handlers, 'staff.login', { username: 'tech1', password: 'a-long-password-1' });
    const session = login.ok ? (login.value as { session: string }).session : '';
    const pay = host.demo!.payment!;
    const shown = await dispatchUiCall(host.core.handlers, 'tech.alipay.get', { session });
    expect(shown).toMatchObject({ ok: true, value: { configured: true, appId: pay.appId, gatewayUrl: pay.gatewayUrl, appKeySet: true } });
    expect(JSON.stringify(shown)).not.toContain(keyBody(pay.appPrivateKey));
    expect(JSON.stringify(shown)).not.toContain(keyBody(pay.alipayPublicKey));

    // Another app id without its key is refused; the running gateway is untouched.
    const before = host.core.paymentGateway();
    expect(
      await dispatchUiCall(host.core.handlers, 'tech.alipay.update', {
        session,
        appId: '2021000000000777',
        gatewayUrl: pay.gatewayUrl,
        alipayPublicKey: pay.alipayPublicKey,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'appPrivateKey' } } });
    expect(host.core.paymentGateway()).toBe(before);

    const updated = await dispatchUiCall(host.core.handlers, 'tech.alipay.update', {
      session,
      appId: pay.appId,
      gatewayUrl: pay.gatewayUrl,
      alipayPublicKey: pay.alipayPublicKey,
      timeoutMs: 3_000,
    });
    expect(updated).toMatchObject({ ok: true, value: { timeoutMs: 3_000, appKeySet: true } });
    expect(host.core.paymentGateway()).not.toBe(before);
    const live = host.core.paymentGateway()!;
    expect(
      (await live.payByCode({ outTradeNo: `LIVE${Date.now()}`, amountCents: 100, subject: 'x', paymentCode: '286543210987654321' }))
        .outcome,
    ).toBe('paid');
    const saved = (readConfigFile(host.config.dataDir).payment as { alipay: Record<string, string> }).alipay;
    expect(saved.appPrivateKey).toMatch(/^sealed:v2:/u);
  });
});
