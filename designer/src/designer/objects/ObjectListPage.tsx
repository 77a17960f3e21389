import { PlusOutlined, UndoOutlined } from '@ant-design/icons';
import type { ObjectDef } from '@atrium/metadata';
import { Alert, Button, Card, Empty, Form, Input, List, Radio, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { type DeletedItem, daysLeft, forgetDeleted, listDeleted, RESTORE_WINDOW_DAYS } from './deleted-items.ts';

/** The object manager's start: every object, a search, "New object", and what can still be restored. */
export function ObjectListPage() {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const path = useDesignerPath();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return bundle.objects.filter(
      (o) => !needle || o.apiName.toLowerCase().includes(needle) || Object.values(o.label).some((l) => l?.toLowerCase().includes(needle)),
    );
  }, [bundle.objects, search]);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('objects.title')}
        extra={
          <Space>
            <Input.Search
              allowClear
              placeholder={t('objects.search')}
              onChange={(e) => setSearch(e.target.value)}
              aria-label={t('objects.search')}
              style={{ width: 220 }}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(path('objects/new'))}>
              {t('objects.new')}
            </Button>
          </Space>
        }
      >
        <Table<ObjectDef>
          rowKey="id"
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: <Empty description={t('objects.empty')} /> }}
          onRow={(object) => ({ onClick: () => navigate(path(`objects/${object.apiName}`)), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('objects.label'),
              render: (_, o) => (
                <Link to={path(`objects/${o.apiName}`)} onClick={(e) => e.stopPropagation()}>
                  {label(o.label, o.apiName)}
                </Link>
              ),
            },
            { title: t('objects.apiName'), render: (_, o) => <code>{o.apiName}</code> },
            { title: t('objects.plural'), render: (_, o) => `${label(o.pluralLabel, o.pluralApiName)} (${o.pluralApiName})` },
            { title: t('objects.fields'), align: 'right', render: (_, o) => o.fields.length },
            {
              title: t('objects.options'),
              render: (_, o) => (
                <Space size={4} wrap>
                  {o.options?.trackHistory && <Tag color="blue">{t('objects.history')}</Tag>}
                  {o.options?.searchable !== false && <Tag>{t('objects.searchableTag')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <DeletedItemsCard />
    </Space>
  );
}

/** Restores objects and fields set aside within the restore window. */
export function DeletedItemsCard() {
  const { t, label } = useT();
  const review = useChangeReview();
  const { bundle } = useMetadata();
  const [items, setItems] = useState<DeletedItem[]>(() => listDeleted());
  const [kind, setKind] = useState<'object' | 'field'>('object');
  const [objectName, setObjectName] = useState('');
  const [fieldName, setFieldName] = useState('');

  const restore = async (item: Pick<DeletedItem, 'kind' | 'objectId' | 'id' | 'apiName'>) => {
    const operation =
      item.kind === 'object' ? ({ op: 'restoreObject', object: item.id } as const) : ({ op: 'restoreField', object: item.objectId, field: item.id } as const);
    const result = await review([operation], { title: t('restore.review', { name: item.apiName }) });
    if (result) {
      forgetDeleted(item.id);
      setItems(listDeleted());
    }
  };

  const restoreByName = () => {
    if (kind === 'object') void restore({ kind: 'object', objectId: objectName, id: objectName, apiName: objectName });
    else {
      const owner = bundle.objects.find((o) => o.apiName === objectName);
      void restore({ kind: 'field', objectId: owner?.id ?? objectName, id: fieldName, apiName: `${objectName}.${fieldName}` });
    }
  };

  return (
    <Card title={t('restore.title')} data-testid="deleted-items">
      <Alert type="info" showIcon title={t('restore.window', { days: RESTORE_WINDOW_DAYS })} style={{ marginBottom: 12 }} />
      <List
        size="small"
        locale={{ emptyText: t('restore.none') }}
        dataSource={items}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Button key="restore" size="small" icon={<UndoOutlined />} onClick={() => void restore(item)}>
                {t('restore.restore')}
              </Button>,
            ]}
          >
            <Space>
              <Tag>{item.kind === 'object' ? t('restore.object') : t('restore.field')}</Tag>
              <span>{label(item.label, item.apiName)}</span>
              <code>{item.kind === 'field' ? `${item.objectApiName}.${item.apiName}` : item.apiName}</code>
              <Typography.Text type="secondary">{t('restore.daysLeft', { days: daysLeft(item) })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('restore.byNameHelp')}
      </Typography.Paragraph>
      <Form layout="inline" component="div">
        <Form.Item>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={[
              { value: 'object', label: t('restore.object') },
              { value: 'field', label: t('restore.field') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('restore.objectName')}>
          <Input value={objectName} onChange={(e) => setObjectName(e.target.value.trim())} aria-label={t('restore.objectName')} />
        </Form.Item>
        {kind === 'field' && (
          <Form.Item label={t('restore.fieldName')}>
            <Input value={fieldName} onChange={(e) => setFieldName(e.target.value.trim())} aria-label={t('restore.fieldName')} />
          </Form.Item>
        )}
        <Button onClick={restoreByName} disabled={!objectName || (kind === 'field' && !fieldName)} icon={<UndoOutlined />}>
          {t('restore.restore')}
        </Button>
      </Form>
    </Card>
  );
}
