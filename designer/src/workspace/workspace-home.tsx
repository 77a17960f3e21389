import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../app/i18n/i18n-context.tsx';
import { ObjectIcon } from '../app/layout/object-icon.tsx';
import { useMetadataIndex } from '../app/metadata/metadata-context.tsx';
import { useAccess } from '../app/permissions/access-context.tsx';
import { useApi, useSession } from '../app/session/session-context.tsx';
import { EmptyState } from '../app/states/states.tsx';

/** `/app`: a card per object the user may read, with its record count (one GraphQL request). */
export function WorkspaceHome() {
  const index = useMetadataIndex();
  const access = useAccess();
  const client = useApi();
  const { me } = useSession();
  const { t, label } = useI18n();
  const objects = index.objects.filter((o) => access.object(o).read);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const key = objects.map((o) => o.apiName).join(',');

  useEffect(() => {
    if (!access.ready || objects.length === 0) return;
    let cancelled = false;
    const query = `query Counts {\n${objects.map((o) => `  ${o.apiName}: ${o.pluralApiName}(first: 1) { totalCount }`).join('\n')}\n}`;
    client
      .graphql<Record<string, { totalCount: number }>>(query, undefined, 'Counts')
      .then((data) => !cancelled && setCounts(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v?.totalCount ?? 0]))))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [client, key, access.ready]);

  return (
    <div>
      <div className="atrium-page-header">
        <div>
          <Typography.Title level={1}>{t('app.home.title', { name: me?.user?.displayName ?? me?.user?.email ?? '' })}</Typography.Title>
          <Typography.Text type="secondary">{t('app.home.subtitle')}</Typography.Text>
        </div>
      </div>
      {objects.length === 0 ? (
        <EmptyState description={t('app.noObjects')} />
      ) : (
        <Row gutter={[16, 16]}>
          {objects.map((o) => (
            <Col key={o.id} xs={24} sm={12} lg={8} xl={6}>
              <Link to={`/app/${o.apiName}`} aria-label={label(o.pluralLabel, o.pluralApiName)}>
                <Card hoverable size="small">
                  <Statistic
                    title={
                      <span>
                        <ObjectIcon object={o} /> {label(o.pluralLabel, o.pluralApiName)}
                      </span>
                    }
                    value={counts[o.apiName] ?? '—'}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
