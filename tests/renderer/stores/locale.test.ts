import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useLocaleStore } from '../../../renderer/src/stores/locale';
import { i18n } from '../../../renderer/src/i18n';

// Store tests run under Node: the page's <html> element is all the locale store touches of the DOM.
const html = { lang: '' };

beforeEach(() => {
  setActivePinia(createPinia());
  vi.stubGlobal('document', { documentElement: html });
  i18n.global.locale.value = 'zh-CN';
});
afterEach(() => vi.unstubAllGlobals());

describe('the locale store', () => {
  it("starts in the cinema's language and switches the messages and the page language together", () => {
    const locale = useLocaleStore();
    expect(locale.locale).toBe('zh-CN');
    locale.toggle();
    expect([locale.locale, i18n.global.locale.value, html.lang]).toEqual(['en', 'en', 'en']);
    locale.toggle();
    expect([locale.locale, i18n.global.locale.value, html.lang]).toEqual(['zh-CN', 'zh-CN', 'zh-CN']);
    locale.set('en');
    expect(i18n.global.locale.value).toBe('en');
  });

  it('each test gets a fresh store', () => {
    expect(useLocaleStore().locale).toBe('zh-CN');
  });
});
