import { createI18n } from 'vue-i18n';
import zh from './zh-CN';
import en from './en';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

export const i18n = createI18n({ legacy: false, locale: 'zh-CN', fallbackLocale: 'en', messages: { 'zh-CN': zh, en } });
