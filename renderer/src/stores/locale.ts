import { defineStore } from 'pinia';
import { ref } from 'vue';
import { i18n, type Locale } from '../i18n';

/** The customer's language; every collection starts in the cinema's default. */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>('zh-CN');
  function set(next: Locale): void {
    locale.value = next;
    i18n.global.locale.value = next;
    document.documentElement.lang = next;
  }
  function toggle(): void {
    set(locale.value === 'zh-CN' ? 'en' : 'zh-CN');
  }
  return { locale, set, toggle };
});
