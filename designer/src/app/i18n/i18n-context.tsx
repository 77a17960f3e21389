import type { Labels } from '@atrium/metadata';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type Catalog, en, type MessageKey } from './messages-en.ts';
import { zhCN } from './messages-zh-cn.ts';

/** The interface's locales: English and Simplified Chinese (the metadata's label locales). */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

const CATALOGS: Record<Locale, Catalog> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'atrium.locale';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** A message of the interface in the current locale, `{name}` placeholders filled in. */
  t: Translate;
  /** A metadata label (`{en, zh-CN}`) in the current locale, falling back to English. */
  label(labels: Labels | undefined, fallback?: string): string;
}

/** Fills `{name}` placeholders. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

export function translator(locale: Locale): Translate {
  const catalog = CATALOGS[locale];
  return (key, params) => format(catalog[key] ?? en[key] ?? key, params);
}

export function labelIn(locale: Locale, labels: Labels | undefined, fallback = ''): string {
  if (!labels) return fallback;
  return labels[locale] ?? labels.en ?? fallback;
}

/** The locale chosen before (this browser), else the browser's language. */
export function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage blocked: fall through
  }
  const languages = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  return languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted: the choice lasts for this page
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: translator(locale), label: (labels, fallback) => labelIn(locale, labels, fallback) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
