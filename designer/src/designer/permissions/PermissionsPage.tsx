import { ApartmentOutlined, DeleteOutlined, KeyOutlined, PlusOutlined, SafetyOutlined, ShareAltOutlined, TeamOutlined } from '@ant-design/icons';
import type { JsonLogic, ObjectDef } from '@atrium/metadata';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, List, Radio, Row, Select, Space, Spin, Table, Tabs, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ProblemView } from '../change/ChangeReview.tsx';
import { ConditionBuilder } from '../conditions/ConditionBuilder.tsx';
import { fieldPaths } from '../conditions/field-paths.ts';
import {
  type ApiProblem,
  apiErrorOf,
  type FieldAccess,
  OBJECT_ACTIONS,
  type ObjectGrant,
  type PermissionSet,
  type PermissionSetBody,
  type Role,
  SHARING_MODELS,
  type SharingModel,
  SYSTEM_PERMISSIONS,
} from '../support/api.ts';
import { useDesignerApi, useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { useAsync } from '../support/use-async.ts';
import { ApiKeysTab } from './ApiKeysTab.tsx';
import { UsersTab } from './UsersTab.tsx';

const TABS = ['roles', 'permission-sets', 'sharing', 'users', 'api-keys'] as const;

/** Roles, permission sets, sharing, users and API keys, against the access administration API (/api/v1/admin). */
export function PermissionsPage() {
  const { tab } = useParams();
  const { t } = useT();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const active = (TABS as readonly string[]).includes(tab ?? '') ? (tab as (typeof TABS)[number]) : 'roles';
  return (
    <Card title={t('perm.title')} data-testid="permissions-page">
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(path(`permissions/${key}`))}
        items={[
          { key: 'roles', label: t('perm.roles'), icon: <ApartmentOutlined />, children: active === 'roles' && <RolesTab /> },
          { key: 'permission-sets', label: t('perm.sets'), icon: <SafetyOutlined />, children: active === 'permission-sets' && <PermissionSetsTab /> },
          { key: 'sharing', label: t('perm.sharing'), icon: <ShareAltOutlined />, children: active === 'sharing' && <SharingTab /> },
          { key: 'users', label: t('perm.users'), icon: <TeamOutlined />, children: active === 'users' && <UsersTab /> },
          { key: 'api-keys', label: t('perm.apiKeys'), icon: <KeyOutlined />, children: active === 'api-keys' && <ApiKeysTab /> },
        ]}
      />
    </Card>
  );
}

function Loading() {
  return (
    <div style={{ textAlign: 'center', padding: 24 }}>
      <Spin />
    </div>
  );
}

function Failed({ problem, retry }: { problem: ApiProblem; retry: () => void }) {
  const { t } = useT();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ProblemView problem={problem} />
      <Button onClick={retry}>{t('common.retry')}</Button>
    </Space>
  );
}

/** Roles as a tree (parents above children). */
export function roleTree(roles: Role[]): DataNode[] {
  const children = new Map<string | null, Role[]>();
  const ids = new Set(roles.map((r) => r.id));
  for (const role of roles) {
    const parent = role.parentId && ids.has(role.parentId) ? role.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), role]);
  }
  const build = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? []).map((role) => ({ key: role.id, title: role.name, children: build(role.id) }));
  return build(null);
}

function RolesTab() {
  const { t } = useT();
  const api = useDesignerApi();
  const { message } = App.useApp();
  const roles = useAsync(() => api.admin.listRoles(), [api]);
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<string | undefined>();
  const [problem, setProblem] = useState<ApiProblem>();
  if (roles.status === 'loading' && !roles.data) return <Loading />;
  if (roles.status === 'error' && !roles.data) return <Failed problem={roles.error as ApiProblem} retry={() => void roles.reload()} />;
  const list = roles.data ?? [];
  const create = async () => {
    try {
      await api.admin.createRole(name.trim(), parentId);
      setName('');
      setProblem(undefined);
      void message.success(t('perm.roleCreated'));
      await roles.reload();
    } catch (error) {
      setProblem(apiErrorOf(error));
    }
  };
  return (
    <Row gutter={24}>
      <Col xs={24} md={12}>
        <Typography.Paragraph type="secondary">{t('perm.rolesHelp')}</Typography.Paragraph>
        {list.length ? <Tree treeData={roleTree(list)} defaultExpandAll selectable={false} data-testid="roles-tree" /> : <Empty />}
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('perm.newRole')}>
          <Form layout="vertical" component="div">
            <Form.Item label={t('perm.roleName')} required>
              <Input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('perm.roleName')} />
            </Form.Item>
            <Form.Item label={t('perm.parentRole')}>
              <Select
                allowClear
                value={parentId}
                onChange={setParentId}
                options={list.map((r) => ({ value: r.id, label: r.name }))}
                placeholder={t('perm.topRole')}
                aria-label={t('perm.parentRole')}
              />
            </Form.Item>
            <Button type="primary" icon={<PlusOutlined />} disabled={!name.trim()} onClick={() => void create()}>
              {t('perm.createRole')}
            </Button>
          </Form>
          {problem && (
            <div style={{ marginTop: 12 }}>
              <ProblemView problem={problem} />
            </div>
          )}
        </Card>
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('perm.rolesMissing')} />
      </Col>
    </Row>
  );
}

function emptySet(): PermissionSetBody {
  return { name: '', description: '', objects: {}, fields: {}, system: [] };
}

function PermissionSetsTab() {
  const { t } = useT();
  const api = useDesignerApi();
  const sets = useAsync(() => api.admin.listPermissionSets(), [api]);
  const [selected, setSelected] = useState<string | 'new' | undefined>();
  if (sets.status === 'loading' && !sets.data) return <Loading />;
  if (sets.status === 'error' && !sets.data) return <Failed problem={sets.error as ApiProblem} retry={() => void sets.reload()} />;
  const list = sets.data ?? [];
  const current = selected === 'new' ? undefined : list.find((s) => s.id === selected);
  return (
    <Row gutter={24}>
      <Col xs={24} lg={7}>
        <List
          bordered
          size="small"
          dataSource={list}
          header={
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setSelected('new')}>
              {t('perm.newSet')}
            </Button>
          }
          renderItem={(set) => (
            <List.Item onClick={() => setSelected(set.id)} style={{ cursor: 'pointer', background: set.id === selected ? '#f0f5ff' : undefined }}>
              <Space orientation="vertical" size={0}>
                <Space>
                  <Typography.Text strong>{set.name}</Typography.Text>
                  {set.builtIn && <Tag>{t('perm.builtIn')}</Tag>}
                </Space>
                {set.description && <Typography.Text type="secondary">{set.description}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} lg={17}>
        {selected === undefined ? (
          <Empty description={t('perm.pickSet')} />
        ) : (
          <PermissionSetEditor
            key={selected}
            set={current}
            onSaved={async (saved) => {
              await sets.reload();
              setSelected(saved.id);
            }}
          />
        )}
      </Col>
    </Row>
  );
}

/** A permission set: object × action matrix, field allow-list matrix, system permissions. */
export function PermissionSetEditor({ set, onSaved }: { set: PermissionSet | undefined; onSaved: (set: PermissionSet) => void | Promise<void> }) {
  const { t, label } = useT();
  const api = useDesignerApi();
  const { bundle } = useMetadata();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<PermissionSetBody>(() =>
    set
      ? {
          name: set.name,
          description: set.description ?? '',
          objects: structuredClone(set.objects),
          fields: structuredClone(set.fields),
          system: [...set.system],
        }
      : emptySet(),
  );
  const [fieldObject, setFieldObject] = useState<string | undefined>(bundle.objects[0]?.apiName);
  const [problem, setProblem] = useState<ApiProblem>();
  const readOnly = set?.builtIn === true;
  const objects = draft.objects ?? {};
  const fields = draft.fields ?? {};

  const setGrant = (object: string, action: (typeof OBJECT_ACTIONS)[number], value: boolean) => {
    const grant: ObjectGrant = { ...(objects[object] ?? {}), [action]: value };
    if (!value) delete grant[action];
    const next = { ...objects, [object]: grant };
    if (Object.keys(grant).length === 0) delete next[object];
    setDraft({ ...draft, objects: next });
  };
  const setFieldAccess = (object: string, field: string, access: FieldAccess | 'hidden') => {
    const byField = { ...(fields[object] ?? {}) };
    if (access === 'hidden') delete byField[field];
    else byField[field] = access;
    const next = { ...fields, [object]: byField };
    if (Object.keys(byField).length === 0) delete next[object];
    setDraft({ ...draft, fields: next });
  };

  const save = async () => {
    try {
      const body: PermissionSetBody = { ...draft, name: draft.name.trim(), description: draft.description?.trim() || null };
      const saved = set ? await api.admin.updatePermissionSet(set.id, body) : await api.admin.createPermissionSet(body);
      setProblem(undefined);
      void message.success(t('perm.setSaved'));
      await onSaved(saved);
    } catch (error) {
      setProblem(apiErrorOf(error));
    }
  };

  const selectedObject = bundle.objects.find((o) => o.apiName === fieldObject);
  return (
    <div data-testid="permission-set-editor">
      {readOnly && <Alert type="info" showIcon title={t('perm.builtInReadOnly')} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div" disabled={readOnly}>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item label={t('perm.setName')} required>
              <Input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} aria-label={t('perm.setName')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item label={t('field.description')}>
              <Input
                value={draft.description ?? ''}
                onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                aria-label={t('field.description')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('perm.objectMatrix')}</Typography.Title>
        <Table<ObjectDef>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={bundle.objects}
          scroll={{ x: true }}
          columns={[
            { title: t('perm.object'), render: (_, o) => `${label(o.label, o.apiName)} (${o.apiName})`, fixed: 'left' },
            ...OBJECT_ACTIONS.map((action) => ({
              title: t(`perm.action.${action}`),
              align: 'center' as const,
              render: (_: unknown, o: ObjectDef) => (
                <Checkbox
                  checked={objects[o.apiName]?.[action] === true}
                  disabled={readOnly}
                  onChange={(e) => setGrant(o.apiName, action, e.target.checked)}
                  aria-label={`${o.apiName} ${action}`}
                />
              ),
            })),
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('perm.fieldMatrix')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('perm.fieldMatrixHelp')}</Typography.Paragraph>
        <Select
          value={fieldObject}
          onChange={setFieldObject}
          options={bundle.objects.map((o) => ({ value: o.apiName, label: label(o.label, o.apiName) }))}
          style={{ minWidth: 220, marginBottom: 8 }}
          aria-label={t('perm.object')}
        />
        {selectedObject && (
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={[
              { name: '*', title: t('perm.allFields') },
              ...selectedObject.fields.map((f) => ({ name: f.apiName, title: label(f.label, f.apiName) })),
            ]}
            columns={[
              {
                title: t('field.label'),
                render: (_, row) => (row.name === '*' ? <Typography.Text strong>{row.title}</Typography.Text> : `${row.title} (${row.name})`),
              },
              {
                title: t('perm.access'),
                render: (_, row) => (
                  <Radio.Group
                    size="small"
                    optionType="button"
                    disabled={readOnly}
                    value={fields[selectedObject.apiName]?.[row.name] ?? 'hidden'}
                    onChange={(e) => setFieldAccess(selectedObject.apiName, row.name, e.target.value)}
                    options={[
                      { value: 'hidden', label: t('perm.hidden') },
                      { value: 'read', label: t('perm.read') },
                      { value: 'edit', label: t('perm.edit') },
                    ]}
                    aria-label={`${selectedObject.apiName}.${row.name}`}
                  />
                ),
              },
            ]}
          />
        )}
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('perm.system')}
        </Typography.Title>
        <Checkbox.Group
          value={draft.system ?? []}
          onChange={(values) => setDraft({ ...draft, system: values as string[] })}
          options={SYSTEM_PERMISSIONS.map((p) => ({ value: p, label: t(`perm.sys.${p}`) }))}
        />
      </Form>
      {problem && (
        <div style={{ marginTop: 12 }}>
          <ProblemView problem={problem} />
        </div>
      )}
      {!readOnly && (
        <Button type="primary" style={{ marginTop: 16 }} disabled={!draft.name.trim()} onClick={() => void save()}>
          {set ? t('perm.saveSet') : t('perm.createSet')}
        </Button>
      )}
    </div>
  );
}

function SharingTab() {
  const { t, label } = useT();
  const api = useDesignerApi();
  const { bundle } = useMetadata();
  const { message } = App.useApp();
  const [objectName, setObjectName] = useState<string | undefined>(bundle.objects[0]?.apiName);
  const object = bundle.objects.find((o) => o.apiName === objectName);
  const sharing = useAsync(async () => (objectName ? api.admin.getSharing(objectName) : undefined), [api, objectName]);
  const rules = useAsync(async () => (objectName ? api.admin.listSharingRules(objectName) : []), [api, objectName]);
  const roles = useAsync(() => api.admin.listRoles(), [api]);
  const [problem, setProblem] = useState<ApiProblem>();
  const roleName = (id: string) => roles.data?.find((r) => r.id === id)?.name ?? id;

  const setModel = async (model: SharingModel) => {
    if (!objectName) return;
    try {
      await api.admin.setSharing(objectName, model);
      setProblem(undefined);
      void message.success(t('perm.sharingSaved'));
      await sharing.reload();
    } catch (error) {
      setProblem(apiErrorOf(error));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        value={objectName}
        onChange={setObjectName}
        options={bundle.objects.map((o) => ({ value: o.apiName, label: label(o.label, o.apiName) }))}
        style={{ minWidth: 240 }}
        aria-label={t('perm.object')}
      />
      {problem && <ProblemView problem={problem} />}
      <Card size="small" title={t('perm.orgDefault')}>
        {sharing.status === 'error' ? (
          <Failed problem={sharing.error as ApiProblem} retry={() => void sharing.reload()} />
        ) : (
          <Radio.Group
            value={sharing.data}
            disabled={sharing.status === 'loading'}
            onChange={(e) => void setModel(e.target.value)}
            options={SHARING_MODELS.map((m) => ({ value: m, label: t(`perm.model.${m}`) }))}
            aria-label={t('perm.orgDefault')}
          />
        )}
      </Card>
      <Card size="small" title={t('perm.sharingRules')}>
        {rules.status === 'error' ? (
          <Failed problem={rules.error as ApiProblem} retry={() => void rules.reload()} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            loading={rules.status === 'loading'}
            pagination={false}
            dataSource={rules.data ?? []}
            locale={{ emptyText: t('perm.noRules') }}
            columns={[
              { title: t('perm.ruleName'), dataIndex: 'name' },
              { title: t('perm.shareWith'), render: (_, r) => roleName(r.roleId) },
              { title: t('perm.access'), render: (_, r) => <Tag>{t(r.access === 'edit' ? 'perm.edit' : 'perm.read')}</Tag> },
              { title: t('perm.criteria'), render: (_, r) => <code style={{ fontSize: 12 }}>{JSON.stringify(r.criteria)}</code> },
              {
                title: '',
                render: (_, r) => (
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={async () => {
                      try {
                        await api.admin.deleteSharingRule(r.id);
                        await rules.reload();
                      } catch (error) {
                        setProblem(apiErrorOf(error));
                      }
                    }}
                  />
                ),
              },
            ]}
          />
        )}
      </Card>
      {object && <NewSharingRule key={object.id} object={object} roles={roles.data ?? []} onCreated={() => void rules.reload()} />}
    </Space>
  );
}

function NewSharingRule({ object, roles, onCreated }: { object: ObjectDef; roles: Role[]; onCreated: () => void }) {
  const { t } = useT();
  const api = useDesignerApi();
  const { bundle } = useMetadata();
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string>();
  const [access, setAccess] = useState<FieldAccess>('read');
  const [criteria, setCriteria] = useState<JsonLogic>({ and: [] });
  const [problem, setProblem] = useState<ApiProblem>();
  const paths = useMemo(() => fieldPaths(object, bundle), [object, bundle]);
  const create = async () => {
    if (!roleId) return;
    try {
      await api.admin.createSharingRule({ object: object.apiName, name: name.trim(), roleId, access, criteria });
      setName('');
      setCriteria({ and: [] });
      setProblem(undefined);
      onCreated();
    } catch (error) {
      setProblem(apiErrorOf(error));
    }
  };
  return (
    <Card size="small" title={t('perm.newRule')} data-testid="new-sharing-rule">
      <Form layout="vertical" component="div">
        <Space wrap>
          <Form.Item label={t('perm.ruleName')} required>
            <Input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('perm.ruleName')} />
          </Form.Item>
          <Form.Item label={t('perm.shareWith')} required>
            <Select
              value={roleId}
              onChange={setRoleId}
              options={roles.map((r) => ({ value: r.id, label: r.name }))}
              style={{ minWidth: 200 }}
              aria-label={t('perm.shareWith')}
            />
          </Form.Item>
          <Form.Item label={t('perm.access')}>
            <Radio.Group
              value={access}
              onChange={(e) => setAccess(e.target.value)}
              options={[
                { value: 'read', label: t('perm.read') },
                { value: 'edit', label: t('perm.edit') },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('perm.criteria')}>
          <ConditionBuilder value={criteria} onChange={setCriteria} paths={paths} caption={t('perm.criteriaCaption')} name={t('perm.criteria')} />
        </Form.Item>
        <Button type="primary" icon={<PlusOutlined />} disabled={!name.trim() || !roleId} onClick={() => void create()}>
          {t('perm.createRule')}
        </Button>
      </Form>
      {problem && (
        <div style={{ marginTop: 12 }}>
          <ProblemView problem={problem} />
        </div>
      )}
    </Card>
  );
}
