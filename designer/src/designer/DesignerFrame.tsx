import { AppstoreOutlined, SafetyOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Button, Menu, Result, Skeleton } from 'antd';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ChangeReviewProvider } from './change/ChangeReview.tsx';
import { JobsPage } from './jobs/JobsPage.tsx';
import { ObjectForm } from './objects/ObjectForm.tsx';
import { ObjectListPage } from './objects/ObjectListPage.tsx';
import { ObjectPage } from './objects/ObjectPage.tsx';
import { PermissionsPage } from './permissions/PermissionsPage.tsx';
import { useDesignerPath, useMetadata } from './support/designer-context.tsx';
import { useT } from './support/i18n.tsx';

/** The designer's own navigation and routes (relative to where it is mounted), once the metadata is loaded. */
export function DesignerFrame() {
  const { t } = useT();
  const metadata = useMetadata();
  const path = useDesignerPath();
  const location = useLocation();
  const section = location.pathname.slice(path().length).split('/')[1] || 'objects';
  if (metadata.status === 'loading') return <Skeleton active paragraph={{ rows: 8 }} />;
  if (metadata.status === 'error') {
    return (
      <Result
        status="error"
        title={t('designer.loadFailed')}
        subTitle={metadata.error?.message}
        extra={<Button onClick={() => void metadata.reload()}>{t('common.retry')}</Button>}
      />
    );
  }
  return (
    <ChangeReviewProvider>
      <div className="atrium-designer" data-testid="designer">
        <Menu
          mode="horizontal"
          selectedKeys={[section === 'permissions' || section === 'jobs' ? section : 'objects']}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'objects', icon: <AppstoreOutlined />, label: <Link to={path()}>{t('designer.objects')}</Link> },
            { key: 'permissions', icon: <SafetyOutlined />, label: <Link to={path('permissions/roles')}>{t('designer.permissions')}</Link> },
            { key: 'jobs', icon: <ScheduleOutlined />, label: <Link to={path('jobs')}>{t('designer.jobs')}</Link> },
          ]}
        />
        <Routes>
          <Route index element={<ObjectListPage />} />
          <Route path="objects" element={<Navigate to={path()} replace />} />
          <Route path="objects/new" element={<NewObjectPage />} />
          <Route path="objects/:objectName/*" element={<ObjectPage />} />
          <Route path="permissions" element={<Navigate to="roles" replace />} />
          <Route path="permissions/:tab" element={<PermissionsPage />} />
          <Route path="jobs" element={<JobsPage />} />
          <Route path="*" element={<Result status="404" title={t('designer.notFound')} extra={<Link to={path()}>{t('objects.back')}</Link>} />} />
        </Routes>
      </div>
    </ChangeReviewProvider>
  );
}

function NewObjectPage() {
  const navigate = useNavigate();
  const path = useDesignerPath();
  return <ObjectForm onDone={(created) => navigate(created ? path(`objects/${created.apiName}/fields`) : path())} />;
}
