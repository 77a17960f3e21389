import { PlusOutlined, UndoOutlined } from '@ant-design/icons';
import type { ObjectDef } from '@atrium/metadata';
import { Alert, Button, Card, Empty, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { apiErrorOf } from '../support/api.ts';
import { useDesignerApi, useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { type DeletedItem, daysLeft, RESTORE_WINDOW_DAYS } from './deleted-items.ts';

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

/** Restores objects and fields set aside by a delete, as long as their data is kept. */
export function DeletedItemsCard() {
  const { t, label } = useT();
  const api = useDesignerApi();
  const review = useChangeReview();
  const { version } = useMetadata();
  const [state, setState] = useState<{ items?: DeletedItem[]; error?: unknown }>({});

  // Reloaded with every metadata version: a delete or restore anywhere shows here.
  useEffect(() => {
    let alive = true;
    api.listDeleted().then(
      (items) => alive && setState({ items }),
      (error: unknown) => alive && setState({ error }),
    );
    return () => {
      alive = false;
    };
  }, [api, version]);

  const restore = (item: DeletedItem) => {
    const operation =
      item.kind === 'object' ? ({ op: 'restoreObject', object: item.id } as const) : ({ op: 'restoreField', object: item.objectId, field: item.id } as const);
    void review([operation], { title: t('restore.review', { name: item.apiName }) });
  };

  return (
    <Card title={t('restore.title')} data-testid="deleted-items">
      <Alert type="info" showIcon title={t('restore.window', { days: RESTORE_WINDOW_DAYS })} style={{ marginBottom: 12 }} />
      {state.error ? (
        <Alert type="error" showIcon title={apiErrorOf(state.error).message} />
      ) : (
        <List
          size="small"
          loading={!state.items}
          locale={{ emptyText: t('restore.none') }}
          dataSource={state.items ?? []}
          renderItem={(item) => (
            <List.Item
              actions={[
                <Button key="restore" size="small" icon={<UndoOutlined />} onClick={() => restore(item)}>
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
      )}
    </Card>
  );
}
