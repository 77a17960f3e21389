import { Alert, Button, Empty, Result, Skeleton, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/api-errors.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A loading placeholder that takes the space the content will take (no layout jump): `rows`
 * lines of skeleton, or a spinner of a fixed height.
 */
export function Loading({ rows = 6, height, label }: { rows?: number; height?: number; label?: string }) {
  const { t } = useI18n();
  if (height !== undefined) {
    return (
      <div className="atrium-loading" style={{ minHeight: height }} role="status" aria-live="polite">
        <Spin aria-label={label ?? t('app.loading')} />
      </div>
    );
  }
  return (
    <div role="status" aria-live="polite" aria-label={label ?? t('app.loading')}>
      <Skeleton active paragraph={{ rows }} title={false} />
    </div>
  );
}

/** Nothing to show yet, with what to do about it. */
export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty className="atrium-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={description}>
      {action}
    </Empty>
  );
}

/** An error with the API's message and, when given, a way to try again. */
export function ErrorState({ error, retry, compact }: { error: unknown; retry?: () => void; compact?: boolean }) {
  const { t } = useI18n();
  const message = errorMessage(error, t);
  const action = retry ? (
    <Button size={compact ? 'small' : 'middle'} onClick={retry}>
      {t('app.retry')}
    </Button>
  ) : undefined;
  if (compact) return <Alert type="error" showIcon title={message} action={action} role="alert" />;
  return <Result status="error" title={t('app.error.title')} subTitle={message} extra={action} />;
}
