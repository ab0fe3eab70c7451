import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createPinia, setActivePinia } from 'pinia';
import { i18n } from '../../renderer/src/i18n';
import SaleCoupon from '../../renderer/src/components/sale/SaleCoupon.vue';
import { useKioskStore } from '../../renderer/src/stores/kiosk';
import { controlCouponPayload } from '../../shared/domain/control-coupon';
import { installFakeBridge, type FakeBridge } from './fake-bridge';
import { tempDir } from '../support/host-process';
import { svgQrToPng, zbar } from './qr-read';

const render = async (props: { printNo: string; verifyCode: string }, locale: 'zh-CN' | 'en') => {
  i18n.global.locale.value = locale;
  return renderToString(createSSRApp(SaleCoupon, props).use(i18n));
};

describe('the control coupon on screen', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });

  it('shows the QR large with both numbers written out and an accessible name, in zh-CN and English', async () => {
    const zh = await render({ printNo: '111972', verifyCode: 'WQNX8JL' }, 'zh-CN');
    expect(zh).toContain('取票凭证');
    expect(zh).toMatch(/<dt[^>]*>取票号<\/dt><dd[^>]*>0000000000111972<\/dd>/u);
    expect(zh).toMatch(/<dt[^>]*>验证码<\/dt><dd[^>]*>WQNX8JL<\/dd>/u);
    expect(zh).toContain('role="img" aria-label="取票二维码：取票号 0000000000111972，验证码 WQNX8JL"');
    expect(zh).toContain('aria-labelledby="sale-coupon-title"');
    const en = await render({ printNo: '111972', verifyCode: 'WQNX8JL' }, 'en');
    expect(en).toContain('Your pickup code');
    expect(en).toMatch(/<dt[^>]*>Pickup number<\/dt><dd[^>]*>0000000000111972<\/dd>/u);
    expect(en).toContain('aria-label="Pickup QR code: pickup number 0000000000111972, verify code WQNX8JL"');
    expect(en).toContain('show it at any ticket kiosk');
  });

  it('the rendered QR, as a PNG read by zbarimg, is the pickup pair', async () => {
    const html = await render({ printNo: '0000000000880123', verifyCode: 'Q7K2M9' }, 'zh-CN');
    const png = svgQrToPng(html, join(tempDir('coupon'), 'coupon.png'));
    expect(zbar(png)).toEqual(['0000000000880123|Q7K2M9']);
  });
});

describe("the kiosk's scan of a control coupon", () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.stubGlobal('document', { documentElement: { lang: '' } });
    bridge = installFakeBridge()
      .answer('kiosk.info', {
        ok: true,
        value: {
          terminalId: 'KIOSK-02',
          idleTimeoutSeconds: 90,
          idleWarningSeconds: 20,
          defaultLocale: 'zh-CN',
          printer: { state: 'ready', ready: true },
        },
      })
      .answer('kiosk.lookup', (input) => ({ ok: true, value: { printNo: input.printNo, tickets: [], printable: 2 } }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts a collection lookup with the pickup number and verify code filled in', async () => {
    const kiosk = useKioskStore();
    await kiosk.init();
    await kiosk.scanned(`${controlCouponPayload({ printNo: '880123', verifyCode: 'Q7K2M9' })}\r\n`);
    expect(bridge.calls.filter((c) => c.name === 'kiosk.lookup').map((c) => c.input)).toEqual([
      { printNo: '0000000000880123', verifyCode: 'Q7K2M9' },
    ]);
    expect(kiosk.screen).toBe('tickets');
  });
});
