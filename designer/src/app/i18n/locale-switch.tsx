import { Select } from 'antd';
import { LOCALE_NAMES, LOCALES, type Locale, useI18n } from './i18n-context.tsx';

/** Switches the interface between English and Simplified Chinese (kept in this browser). */
export function LocaleSwitch({ compact }: { compact?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select<Locale>
      aria-label={t('app.language')}
      value={locale}
      onChange={setLocale}
      variant="borderless"
      popupMatchSelectWidth={false}
      style={{ width: compact ? 64 : 112 }}
      options={LOCALES.map((l) => ({ value: l, label: compact ? (l === 'en' ? 'EN' : '中') : LOCALE_NAMES[l] }))}
    />
  );
}
