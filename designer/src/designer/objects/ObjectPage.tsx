import { DeleteOutlined, EditOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { type FieldDef, fieldTypes, isRelationType, type ObjectDef } from '@atrium/metadata';
import { Alert, Button, Card, Empty, Result, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { Link, Navigate, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { FieldEditor } from '../fields/FieldEditor.tsx';
import { LayoutEditorPage } from '../layout/LayoutEditor.tsx';
import { PipelineEditorPage } from '../pipelines/PipelineEditor.tsx';
import { ValidationRuleEditorPage } from '../rules/ValidationRuleEditor.tsx';
import { findObject, useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { RESTORE_WINDOW_DAYS } from './deleted-items.ts';
import { ObjectBreadcrumb } from './ObjectBreadcrumb.tsx';
import { ObjectForm } from './ObjectForm.tsx';

const TABS = ['fields', 'relations', 'layouts', 'pipelines', 'rules', 'details'] as const;
type Tab = (typeof TABS)[number];

/** One object: its fields, relations, layouts, pipelines and rules, and the editors under it. */
export function ObjectPage() {
  const { objectName } = useParams();
  const { bundle } = useMetadata();
  const { t } = useT();
  const path = useDesignerPath();
  const object = findObject(bundle, objectName);
  if (!object) {
    return (
      <Result
        status="404"
        title={t('object.notFound', { name: objectName ?? '' })}
        extra={
          <Link to={path()}>
            <Button>{t('objects.back')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <Routes>
      <Route index element={<Navigate to="fields" replace />} />
      <Route path="fields/new" element={<FieldRoute object={object} />} />
      <Route path="fields/:fieldId" element={<FieldRoute object={object} />} />
      <Route path="layouts/:layoutId" element={<LayoutEditorPage object={object} />} />
      <Route path="pipelines/:pipelineId" element={<PipelineEditorPage object={object} />} />
      <Route path="rules/:ruleId" element={<ValidationRuleEditorPage object={object} />} />
      <Route path=":tab" element={<ObjectTabs object={object} />} />
    </Routes>
  );
}

function FieldRoute({ object }: { object: ObjectDef }) {
  const { fieldId } = useParams();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const { t, label } = useT();
  const field = fieldId ? object.fields.find((f) => f.id === fieldId || f.apiName === fieldId) : undefined;
  if (fieldId && !field) return <Result status="404" title={t('field.notFound', { name: fieldId })} />;
  return (
    <>
      <ObjectBreadcrumb object={object} current={field ? label(field.label, field.apiName) : t('field.new')} />
      <FieldEditor key={field?.id ?? 'new'} object={object} {...(field ? { field } : {})} onDone={() => navigate(path(`objects/${object.apiName}/fields`))} />
    </>
  );
}

function ObjectTabs({ object }: { object: ObjectDef }) {
  const { tab } = useParams();
  const { t, label } = useT();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const active: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'fields';
  const base = `objects/${object.apiName}`;
  return (
    <div data-testid="object-page">
      <ObjectBreadcrumb object={object} />
      <Space align="baseline" style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {label(object.label, object.apiName)}
        </Typography.Title>
        <code>{object.apiName}</code>
        {object.options?.trackHistory && <Tag color="blue">{t('objects.history')}</Tag>}
      </Space>
      {object.description && <Typography.Paragraph type="secondary">{object.description}</Typography.Paragraph>}
      <Tabs activeKey={active} onChange={(key) => navigate(path(`${base}/${key}`))} items={TABS.map((key) => ({ key, label: t(`object.tab.${key}`) }))} />
      {active === 'fields' && <FieldsTab object={object} />}
      {active === 'relations' && <RelationsTab object={object} />}
      {active === 'layouts' && <LayoutsTab object={object} />}
      {active === 'pipelines' && <PipelinesTab object={object} />}
      {active === 'rules' && <RulesTab object={object} />}
      {active === 'details' && <DetailsTab object={object} />}
    </div>
  );
}

function FieldsTab({ object }: { object: ObjectDef }) {
  const { t, label } = useT();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const base = `objects/${object.apiName}/fields`;
  return (
    <Card
      title={t('object.fieldsCount', { count: object.fields.length })}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(path(`${base}/new`))}>
          {t('field.new')}
        </Button>
      }
    >
      <Table<FieldDef>
        rowKey="id"
        size="middle"
        dataSource={object.fields}
        pagination={false}
        onRow={(field) => ({ onClick: () => navigate(path(`${base}/${field.id}`)), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('field.label'),
            render: (_, f) => (
              <Space>
                <Link to={path(`${base}/${f.id}`)} onClick={(e) => e.stopPropagation()}>
                  {label(f.label, f.apiName)}
                </Link>
                {object.nameField === f.apiName && <Tag color="gold">{t('field.nameFieldTag')}</Tag>}
              </Space>
            ),
          },
          { title: t('field.apiName'), render: (_, f) => <code>{f.apiName}</code> },
          { title: t('field.type'), render: (_, f) => <Tag>{label(fieldTypes[f.type]?.label, f.type)}</Tag> },
          {
            title: t('field.attributes'),
            render: (_, f) => (
              <Space size={4} wrap>
                {(f.required || f.type === 'masterDetail') && <Tag color="red">{t('field.required')}</Tag>}
                {f.unique && <Tag color="purple">{t('field.unique')}</Tag>}
                {f.indexed && <Tag>{t('field.indexed')}</Tag>}
                {f.default !== undefined && f.default !== null && <Tag>{t('field.hasDefault')}</Tag>}
              </Space>
            ),
          },
          { title: t('field.helpEn'), render: (_, f) => <Typography.Text type="secondary">{label(f.helpText)}</Typography.Text> },
        ]}
      />
    </Card>
  );
}

function RelationsTab({ object }: { object: ObjectDef }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const path = useDesignerPath();
  const outgoing = object.fields.filter((f) => isRelationType(f.type) || f.type === 'user');
  const incoming = bundle.objects.flatMap((o) =>
    o.fields.filter((f) => isRelationType(f.type) && f.config?.target === object.id).map((f) => ({ object: o, field: f })),
  );
  const objectLink = (id: string | undefined) => {
    const target = bundle.objects.find((o) => o.id === id);
    return target ? <Link to={path(`objects/${target.apiName}`)}>{label(target.label, target.apiName)}</Link> : <code>{id}</code>;
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={t('relations.outgoing')}>
        <Table
          rowKey={(r) => r.id}
          pagination={false}
          dataSource={outgoing}
          locale={{ emptyText: t('relations.none') }}
          columns={[
            { title: t('field.label'), render: (_, f: FieldDef) => `${label(f.label, f.apiName)} (${f.apiName})` },
            { title: t('field.type'), render: (_, f: FieldDef) => <Tag>{label(fieldTypes[f.type].label, f.type)}</Tag> },
            { title: t('relation.target'), render: (_, f: FieldDef) => (f.type === 'user' ? t('relations.users') : objectLink(f.config?.target)) },
            { title: t('relation.onDelete'), render: (_, f: FieldDef) => (f.type === 'masterDetail' ? 'cascade' : (f.config?.onDelete ?? '—')) },
            { title: t('relation.relationName'), render: (_, f: FieldDef) => <code>{f.config?.relationName ?? '—'}</code> },
          ]}
        />
      </Card>
      <Card title={t('relations.incoming')}>
        <Table
          rowKey={(r) => r.field.id}
          pagination={false}
          dataSource={incoming}
          locale={{ emptyText: t('relations.none') }}
          columns={[
            { title: t('relations.from'), render: (_, r) => objectLink(r.object.id) },
            { title: t('field.label'), render: (_, r) => `${label(r.field.label, r.field.apiName)} (${r.field.apiName})` },
            { title: t('field.type'), render: (_, r) => <Tag>{label(fieldTypes[r.field.type].label, r.field.type)}</Tag> },
            { title: t('relation.relationName'), render: (_, r) => <code>{r.field.config?.relationName ?? '—'}</code> },
          ]}
        />
      </Card>
    </Space>
  );
}

function LayoutsTab({ object }: { object: ObjectDef }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const layouts = bundle.layouts.filter((l) => l.object === object.id);
  const base = `objects/${object.apiName}/layouts`;
  return (
    <Card
      title={t('layouts.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(path(`${base}/new`))}>
          {t('layouts.new')}
        </Button>
      }
    >
      <Table
        rowKey="id"
        pagination={false}
        dataSource={layouts}
        locale={{ emptyText: <Empty description={t('layouts.empty')} /> }}
        columns={[
          {
            title: t('layouts.label'),
            render: (_, l) => (
              <Space>
                <Link to={path(`${base}/${l.id}`)}>{label(l.label, l.apiName)}</Link>
                {l.isDefault && (
                  <Tag icon={<StarFilled />} color="gold">
                    {t('common.default')}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('field.apiName'), render: (_, l) => <code>{l.apiName}</code> },
          { title: t('layouts.sections'), render: (_, l) => l.sections.length },
          { title: t('layouts.relatedLists'), render: (_, l) => l.relatedLists.length },
          {
            title: '',
            render: (_, l) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => navigate(path(`${base}/${l.id}`))}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => void review([{ op: 'deleteLayout', layout: l.id }], { title: t('layouts.reviewDelete', { name: l.apiName }) })}
                >
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function PipelinesTab({ object }: { object: ObjectDef }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const pipelines = bundle.pipelines.filter((p) => p.object === object.id);
  const hasPicklist = object.fields.some((f) => f.type === 'picklist');
  const base = `objects/${object.apiName}/pipelines`;
  return (
    <Card
      title={t('pipelines.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} disabled={!hasPicklist} onClick={() => navigate(path(`${base}/new`))}>
          {t('pipelines.new')}
        </Button>
      }
    >
      {!hasPicklist && <Alert type="info" showIcon title={t('pipelines.needPicklist')} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        pagination={false}
        dataSource={pipelines}
        locale={{ emptyText: <Empty description={t('pipelines.empty')} /> }}
        columns={[
          {
            title: t('pipelines.label'),
            render: (_, p) => (
              <Space>
                <Link to={path(`${base}/${p.id}`)}>{label(p.label, p.apiName)}</Link>
                {p.isDefault && <Tag color="gold">{t('common.default')}</Tag>}
              </Space>
            ),
          },
          { title: t('pipelines.field'), render: (_, p) => <code>{p.field}</code> },
          {
            title: t('pipelines.stages'),
            render: (_, p) => (
              <Space size={2} wrap>
                {p.stages.map((s) => (
                  <Tag key={s.id} color={s.category === 'won' ? 'green' : s.category === 'lost' ? 'red' : undefined}>
                    {label(s.label, s.value)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('pipelines.appliesWhen'),
            render: (_, p) => (p.appliesWhen === undefined ? t('pipelines.allRecords') : <code>{JSON.stringify(p.appliesWhen)}</code>),
          },
          {
            title: '',
            render: (_, p) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => navigate(path(`${base}/${p.id}`))}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => void review([{ op: 'deletePipeline', pipeline: p.id }], { title: t('pipelines.reviewDelete', { name: p.apiName }) })}
                >
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function RulesTab({ object }: { object: ObjectDef }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const rules = bundle.validationRules.filter((r) => r.object === object.id);
  const base = `objects/${object.apiName}/rules`;
  return (
    <Card
      title={t('rules.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(path(`${base}/new`))}>
          {t('rules.new')}
        </Button>
      }
    >
      <Table
        rowKey="id"
        pagination={false}
        dataSource={rules}
        locale={{ emptyText: <Empty description={t('rules.empty')} /> }}
        columns={[
          { title: t('field.apiName'), render: (_, r) => <Link to={path(`${base}/${r.id}`)}>{r.apiName}</Link> },
          { title: t('rules.errorMessage'), render: (_, r) => label(r.errorMessage) },
          { title: t('rules.field'), render: (_, r) => (r.field ? <code>{r.field}</code> : t('rules.wholeRecord')) },
          {
            title: t('rules.active'),
            render: (_, r) => (
              <Switch
                size="small"
                checked={r.active !== false}
                aria-label={t('rules.active')}
                onChange={(active) =>
                  void review([{ op: 'saveValidationRule', rule: { ...r, active } }], { title: t('rules.reviewSave', { name: r.apiName }) })
                }
              />
            ),
          },
          {
            title: '',
            render: (_, r) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => navigate(path(`${base}/${r.id}`))}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => void review([{ op: 'deleteValidationRule', rule: r.id }], { title: t('rules.reviewDelete', { name: r.apiName }) })}
                >
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function DetailsTab({ object }: { object: ObjectDef }) {
  const { t } = useT();
  const review = useChangeReview();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const remove = async () => {
    const result = await review([{ op: 'deleteObject', object: object.id }], { title: t('object.reviewDelete', { name: object.apiName }) });
    if (result) navigate(path());
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ObjectForm key={object.id} object={object} onDone={(updated) => updated && navigate(path(`objects/${updated.apiName}/details`))} />
      <Card title={t('object.dangerZone')}>
        <Alert type="warning" showIcon title={t('object.deleteExplain', { days: RESTORE_WINDOW_DAYS })} style={{ marginBottom: 12 }} />
        <Button danger icon={<DeleteOutlined />} onClick={() => void remove()}>
          {t('object.delete')}
        </Button>
      </Card>
    </Space>
  );
}
