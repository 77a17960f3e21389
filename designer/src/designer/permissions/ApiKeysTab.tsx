import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ProblemView } from '../change/ChangeReview.tsx';
import { type ApiKeyInfo, type ApiProblem, apiErrorOf, type PermissionSet, type Role } from '../support/api.ts';
import { useDesignerApi } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { useAsync } from '../support/use-async.ts';
import { SecretReveal } from './SecretReveal.tsx';
import { AccessFields } from './UsersTab.tsx';

/**
 * The tenant's API keys (`/api/v1/admin/api-keys`): what each may do and when it was last used;
 * create one (its token is shown once, with a copy button), change its role and sets, revoke it.
 */
export function ApiKeysTab() {
  const { t, locale } = useT();
  const api = useDesignerApi();
  const { message } = App.useApp();
  const keys = useAsync(() => api.apiKeys.list(), [api]);
  const roles = useAsync(() => api.admin.listRoles(), [api]);
  const sets = useAsync(() => api.admin.listPermissionSets(), [api]);
  const [showRevoked, setShowRevoked] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [editing, setEditing] = useState<ApiKeyInfo | 'new'>();
  const [created, setCreated] = useState<ApiKeyInfo & { token: string }>();
  const setName = useMemo(() => new Map((sets.data ?? []).map((s) => [s.id, s.name])), [sets.data]);
  const shown = (keys.data ?? []).filter((k) => showRevoked || k.status === 'active');
  const when = (value: string | null) => (value ? new Date(value).toLocaleString(locale) : t('perm.never'));

  const revoke = async (key: ApiKeyInfo) => {
    try {
      await api.apiKeys.revoke(key.id);
      setProblem(undefined);
      void message.success(t('perm.keyRevoked', { name: key.name }));
      await keys.reload();
    } catch (error) {
      setProblem(apiErrorOf(error));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="api-keys-tab">
      <Typography.Paragraph type="secondary">{t('perm.keysHelp')}</Typography.Paragraph>
      <Space wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('perm.newKey')}
        </Button>
        <Space>
          <Switch size="small" checked={showRevoked} onChange={setShowRevoked} aria-label={t('perm.showRevoked')} />
          <Typography.Text>{t('perm.showRevoked')}</Typography.Text>
        </Space>
      </Space>
      {created && (
        <Card size="small" title={t('perm.keyCreated', { name: created.name })} data-testid="new-key">
          <SecretReveal secret={created.token} warning={t('perm.keyOnce')} label={t('perm.keyToken')} />
          <Button type="primary" style={{ marginTop: 12 }} onClick={() => setCreated(undefined)}>
            {t('perm.keyStored')}
          </Button>
        </Card>
      )}
      {problem && <ProblemView problem={problem} />}
      {keys.status === 'error' && !keys.data && keys.error && <ProblemView problem={keys.error} />}
      <Table<ApiKeyInfo>
        size="small"
        rowKey="id"
        loading={keys.status === 'loading'}
        dataSource={shown}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('perm.noKeys') }}
        columns={[
          {
            title: t('perm.keyName'),
            render: (_, k) => (
              <Space orientation="vertical" size={0}>
                <Space size={4}>
                  <Typography.Text strong delete={k.status === 'revoked'}>
                    {k.name}
                  </Typography.Text>
                  {k.admin && <Tag color="gold">{t('perm.admin')}</Tag>}
                </Space>
                <Typography.Text type="secondary" code>
                  {k.tokenPrefix}…
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('perm.role'), render: (_, k) => k.role?.name ?? <Typography.Text type="secondary">{t('perm.noRole')}</Typography.Text> },
          {
            title: t('perm.sets'),
            render: (_, k) =>
              k.admin ? (
                <Typography.Text type="secondary">{t('perm.everything')}</Typography.Text>
              ) : (
                <Space size={[0, 4]} wrap>
                  {k.permissionSetIds.map((id) => (
                    <Tag key={id}>{setName.get(id) ?? id.slice(0, 8)}</Tag>
                  ))}
                </Space>
              ),
          },
          {
            title: t('perm.createdBy'),
            render: (_, k) => (
              <Space orientation="vertical" size={0}>
                <span>{k.createdBy?.name ?? t('perm.commandLine')}</span>
                <Typography.Text type="secondary">{when(k.createdAt)}</Typography.Text>
              </Space>
            ),
          },
          { title: t('perm.lastUsed'), render: (_, k) => when(k.lastUsedAt) },
          {
            title: t('perm.statusTitle'),
            render: (_, k) =>
              k.status === 'active' ? (
                <Tag color="green">{t('perm.status.active')}</Tag>
              ) : (
                <Tooltip title={when(k.revokedAt)}>
                  <Tag>{t('perm.status.revoked')}</Tag>
                </Tooltip>
              ),
          },
          {
            title: '',
            align: 'right',
            render: (_, k) =>
              k.status === 'active' && (
                <Space size={4}>
                  <Tooltip title={t('common.edit')}>
                    <Button size="small" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${k.name}`} onClick={() => setEditing(k)} />
                  </Tooltip>
                  <Popconfirm
                    title={t('perm.revokeConfirm', { name: k.name })}
                    description={t('perm.revokeHelp')}
                    okText={t('perm.revoke')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => revoke(k)}
                  >
                    <Button size="small" danger icon={<StopOutlined />} aria-label={`${t('perm.revoke')} ${k.name}`}>
                      {t('perm.revoke')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <KeyDialog
          apiKey={editing === 'new' ? undefined : editing}
          roles={roles.data ?? []}
          sets={sets.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={async (saved) => {
            setEditing(undefined);
            await keys.reload();
            if (saved.token) setCreated(saved as ApiKeyInfo & { token: string });
            else void message.success(t('perm.assigned'));
          }}
        />
      )}
    </Space>
  );
}

function KeyDialog({
  apiKey,
  roles,
  sets,
  onClose,
  onSaved,
}: {
  apiKey: ApiKeyInfo | undefined;
  roles: Role[];
  sets: PermissionSet[];
  onClose: () => void;
  onSaved: (key: ApiKeyInfo) => void | Promise<void>;
}) {
  const { t } = useT();
  const api = useDesignerApi();
  const [draft, setDraft] = useState(() => ({
    name: apiKey?.name ?? '',
    admin: apiKey?.admin ?? false,
    roleId: apiKey?.role?.id ?? null,
    permissionSetIds: apiKey?.permissionSetIds ?? [],
  }));
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const access = { name: draft.name.trim(), roleId: draft.roleId, permissionSetIds: draft.permissionSetIds };
      await onSaved(apiKey ? await api.apiKeys.update(apiKey.id, access) : await api.apiKeys.create({ ...access, admin: draft.admin }));
    } catch (error) {
      setProblem(apiErrorOf(error));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={apiKey ? t('perm.editKey', { name: apiKey.name }) : t('perm.newKey')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={apiKey ? t('perm.save') : t('perm.createKey')}
      okButtonProps={{ disabled: !draft.name.trim(), loading: busy }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div" data-testid="api-key-form">
        <Form.Item label={t('perm.keyName')} required extra={t('perm.keyNameHelp')}>
          <Input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} aria-label={t('perm.keyName')} autoFocus />
        </Form.Item>
        <Form.Item label={t('perm.admin')} extra={apiKey ? t('perm.keyAdminFixed') : t('perm.keyAdminHelp')}>
          <Switch checked={draft.admin} disabled={apiKey !== undefined} onChange={(admin) => setDraft({ ...draft, admin })} aria-label={t('perm.admin')} />
        </Form.Item>
        <AccessFields roles={roles} sets={sets} draft={draft} onChange={(change) => setDraft({ ...draft, ...change })} />
      </Form>
      {problem && <ProblemView problem={problem} />}
    </Modal>
  );
}
