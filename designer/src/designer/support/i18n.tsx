import type { Labels } from '@atrium/metadata';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { en, type MessageKey, zhCN } from './messages.ts';

/**
 * The designer's strings in English and Simplified Chinese. The shell decides the locale and
 * passes it in (`DesignerLocaleProvider`, or the `locale` prop of DesignerRoutes); every screen
 * reads `useT()`.
 */

export type DesignerLocale = 'en' | 'zh-CN';
export const DESIGNER_LOCALES: readonly DesignerLocale[] = ['en', 'zh-CN'];

const catalogs: Record<DesignerLocale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function normalizeLocale(locale: string | undefined | null): DesignerLocale {
  if (!locale) return 'en';
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function translate(locale: DesignerLocale, key: MessageKey, vars?: Vars): string {
  const text = catalogs[locale][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const LocaleContext = createContext<DesignerLocale | undefined>(undefined);

export function DesignerLocaleProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <LocaleContext.Provider value={normalizeLocale(locale)}>{children}</LocaleContext.Provider>;
}

export interface DesignerI18n {
  locale: DesignerLocale;
  t: Translate;
  /** A metadata label in the current locale (falls back to English, then to `fallback`). */
  label: (labels: Labels | undefined, fallback?: string) => string;
}

export function useT(): DesignerI18n {
  const fromContext = useContext(LocaleContext);
  const locale = fromContext ?? normalizeLocale(typeof document !== 'undefined' ? document.documentElement.lang : undefined);
  return useMemo(
    () => ({
      locale,
      t: (key, vars) => translate(locale, key, vars),
      label: (labels, fallback = '') => (labels ? (labels[locale] ?? labels.en ?? fallback) : fallback) || fallback,
    }),
    [locale],
  );
}
