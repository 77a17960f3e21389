import { AppstoreOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ObjectDef } from '@atrium/metadata';
import { Button, Result, Segmented, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../app/metadata/metadata-context.tsx';
import { useAccess } from '../app/permissions/access-context.tsx';
import { Loading } from '../app/states/states.tsx';

/** The object named in the URL (`/app/:object/...`), or a 404/403 page instead of the children. */
export function WithObject({ children }: { children: (object: ObjectDef) => ReactNode }) {
  const { object: name } = useParams();
  const index = useMetadataIndex();
  const access = useAccess();
  const { t } = useI18n();
  const object = name ? index.object(name) : undefined;
  if (!object) {
    return (
      <Result
        status="404"
        title="404"
        subTitle={t('app.notFound')}
        extra={
          <Link to="/app">
            <Button type="primary">{t('app.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  if (!access.ready) return <Loading rows={10} />;
  if (!access.object(object).read) return <Result status="403" title="403" subTitle={t('error.FORBIDDEN')} />;
  return <>{children(object)}</>;
}

/** Title, list/kanban switch and the New button of an object's pages. */
export function ObjectHeader({ object, view, extra }: { object: ObjectDef; view: 'list' | 'kanban'; extra?: ReactNode }) {
  const { label, t } = useI18n();
  const index = useMetadataIndex();
  const access = useAccess();
  const navigate = useNavigate();
  const hasPipeline = index.pipelines(object).length > 0;
  const canCreate = access.object(object).create;
  return (
    <div className="atrium-page-header">
      <Typography.Title level={1}>{label(object.pluralLabel, object.pluralApiName)}</Typography.Title>
      {hasPipeline && (
        <Segmented
          value={view}
          onChange={(v) => navigate(v === 'kanban' ? `/app/${object.apiName}/kanban` : `/app/${object.apiName}`)}
          options={[
            { value: 'list', label: t('list.list'), icon: <UnorderedListOutlined /> },
            { value: 'kanban', label: t('list.kanban'), icon: <AppstoreOutlined /> },
          ]}
        />
      )}
      <span className="atrium-spacer" />
      {extra}
      {canCreate && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/app/${object.apiName}/new`)}>
          {t('list.new', { object: label(object.label, object.apiName) })}
        </Button>
      )}
    </div>
  );
}
