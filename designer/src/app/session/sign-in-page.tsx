import { LockOutlined, MailOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage, hasCode } from '../api/api-errors.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LocaleSwitch } from '../i18n/locale-switch.tsx';
import { useSession } from './session-context.tsx';

const LAST_TENANT = 'atrium.lastTenant';

function lastTenant(): string {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('tenant') ?? globalThis.localStorage?.getItem(LAST_TENANT) ?? '';
  } catch {
    return '';
  }
}

interface Values {
  email: string;
  password: string;
  tenant?: string;
  newPassword?: string;
  newPasswordRepeat?: string;
}

/**
 * Email, password and (for users of several tenants) the tenant; the session is an httpOnly
 * cookie. A password an administrator set must be replaced: the server answers
 * PASSWORD_CHANGE_REQUIRED, and the page asks for a new one, sent with the same sign-in.
 */
export function SignInPage() {
  const { signIn, expired } = useSession();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [mustChange, setMustChange] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const tenant = values.tenant?.trim() || undefined;
      const me = await signIn({
        email: values.email.trim(),
        password: values.password,
        ...(tenant ? { tenant } : {}),
        ...(mustChange && values.newPassword ? { newPassword: values.newPassword } : {}),
      });
      try {
        globalThis.localStorage?.setItem(LAST_TENANT, me.tenant.key);
      } catch {
        // not remembered
      }
    } catch (e) {
      if (hasCode(e, 'PASSWORD_CHANGE_REQUIRED')) {
        setMustChange(true);
        setError(null);
      } else setError(e);
      setBusy(false);
    }
  };

  return (
    <main className="atrium-sign-in">
      <div className="atrium-sign-in-locale">
        <LocaleSwitch />
      </div>
      <Card className="atrium-sign-in-card">
        <div className="atrium-brand atrium-brand-large" aria-hidden="true">
          <span className="atrium-brand-mark">A</span>
          <span>Atrium</span>
        </div>
        <Typography.Title level={1} className="atrium-sign-in-title">
          {t('signIn.title')}
        </Typography.Title>
        {expired && !error && !mustChange && <Alert type="info" showIcon title={t('signIn.expired')} className="atrium-gap" />}
        {mustChange && <Alert type="warning" showIcon title={t('signIn.mustChange')} className="atrium-gap" data-testid="must-change-password" />}
        {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} className="atrium-gap" role="alert" />}
        <Form<Values> layout="vertical" requiredMark={false} onFinish={submit} initialValues={{ tenant: lastTenant() }} disabled={busy}>
          <Form.Item label={t('signIn.email')} name="email" rules={[{ required: true, message: t('signIn.required') }]}>
            <Input prefix={<MailOutlined />} type="email" autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label={t('signIn.password')} name="password" rules={[{ required: true, message: t('signIn.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Form.Item label={t('signIn.tenant')} name="tenant" extra={t('signIn.tenantHelp')}>
            <Input prefix={<TeamOutlined />} autoComplete="organization" size="large" />
          </Form.Item>
          {mustChange && (
            <>
              <Form.Item
                label={t('signIn.newPassword')}
                name="newPassword"
                extra={t('signIn.newPasswordHelp')}
                rules={[{ required: true, message: t('signIn.required') }]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" autoFocus />
              </Form.Item>
              <Form.Item
                label={t('signIn.newPasswordRepeat')}
                name="newPasswordRepeat"
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('signIn.required') },
                  ({ getFieldValue }) => ({
                    validator: (_, value) =>
                      !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('signIn.passwordsDiffer'))),
                  }),
                ]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {mustChange ? t('signIn.setPassword') : t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
