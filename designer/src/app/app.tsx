import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { AppRoutes } from './app-routes.tsx';
import { cspNonce } from './csp-nonce.ts';
import { I18nProvider, useI18n } from './i18n/i18n-context.tsx';
import { SessionProvider } from './session/session-context.tsx';

export const atriumTheme = {
  token: { colorPrimary: '#3451b2', borderRadius: 8, fontSize: 14, colorBgLayout: '#f5f6fa' },
  components: { Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 16px' } },
};

/** antd's locale and dayjs's follow the interface's locale. */
function LocalizedConfig({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
  }, [locale]);
  const nonce = cspNonce();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{ ...atriumTheme, algorithm: theme.defaultAlgorithm }}
      {...(nonce ? { csp: { nonce } } : {})}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Everything a page of the app needs around it: locale, theme, session, router. */
export function App() {
  return (
    <I18nProvider>
      <LocalizedConfig>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </LocalizedConfig>
    </I18nProvider>
  );
}
