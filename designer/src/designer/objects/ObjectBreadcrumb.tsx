import type { ObjectDef } from '@atrium/metadata';
import { Breadcrumb } from 'antd';
import { Link } from 'react-router-dom';
import { useDesignerPath } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';

export function ObjectBreadcrumb({ object, current }: { object: ObjectDef; current?: string }) {
  const { t, label } = useT();
  const path = useDesignerPath();
  return (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { title: <Link to={path()}>{t('objects.title')}</Link> },
        { title: current ? <Link to={path(`objects/${object.apiName}`)}>{label(object.label, object.apiName)}</Link> : label(object.label, object.apiName) },
        ...(current ? [{ title: current }] : []),
      ]}
    />
  );
}
