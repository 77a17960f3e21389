import { EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, UndoOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ProblemView } from '../change/ChangeReview.tsx';
import { type ApiProblem, apiErrorOf, type Member, type MemberStatus, type PermissionSet, type Role } from '../support/api.ts';
import { useCurrentUserId, useDesignerApi } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { useAsync } from '../support/use-async.ts';
import { SecretReveal, temporaryPassword } from './SecretReveal.tsx';

type StatusFilter = MemberStatus | 'all';

function formatTime(value: string | null, locale: string, never: string): string {
  return value ? new Date(value).toLocaleString(locale) : never;
}

/** Role and permission set pickers, shared by the add and edit dialogs of users and keys. */
/** A role and permission sets, as a user or an API key is given them. */
export interface AccessDraft {
  admin: boolean;
  roleId: string | null;
  permissionSetIds: string[];
}

export function AccessFields({
  roles,
  sets,
  draft,
  onChange,
}: {
  roles: Role[];
  sets: PermissionSet[];
  /** An admin has the Administrator set anyway: it is not offered. */
  draft: AccessDraft;
  onChange: (change: Partial<AccessDraft>) => void;
}) {
  const { admin, roleId, permissionSetIds: setIds } = draft;
  const { t } = useT();
  return (
    <>
      <Form.Item label={t('perm.role')} extra={t('perm.roleHelp')}>
        <Select
          allowClear
          value={roleId ?? undefined}
          placeholder={t('perm.noRole')}
          onChange={(value?: string) => onChange({ roleId: value ?? null })}
          options={roles.map((r) => ({ value: r.id, label: r.name }))}
          aria-label={t('perm.role')}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item label={t('perm.sets')}>
        <Select
          mode="multiple"
          value={admin ? setIds.filter((id) => !sets.find((s) => s.id === id)?.builtIn) : setIds}
          placeholder={t('perm.noSets')}
          onChange={(values: string[]) => onChange({ permissionSetIds: values })}
          options={sets.filter((s) => !(admin && s.builtIn)).map((s) => ({ value: s.id, label: s.name }))}
          aria-label={t('perm.sets')}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
    </>
  );
}

interface Draft {
  email: string;
  displayName: string;
  password: string;
  admin: boolean;
  roleId: string | null;
  permissionSetIds: string[];
}

/**
 * The tenant's members (`/api/v1/admin/users`): who they are, their role and permission sets,
 * whether they may sign in, when they last did; add, change, deactivate, reset, remove.
 */
export function UsersTab() {
  const { t, locale } = useT();
  const api = useDesignerApi();
  const me = useCurrentUserId();
  const { message } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [search, setSearch] = useState('');
  const users = useAsync(() => api.users.list(status === 'all' ? {} : { status }), [api, status]);
  const roles = useAsync(() => api.admin.listRoles(), [api]);
  const sets = useAsync(() => api.admin.listPermissionSets(), [api]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Member>();
  const [resetting, setResetting] = useState<Member>();
  const [secret, setSecret] = useState<{ title: string; password: string }>();

  const setName = useMemo(() => new Map((sets.data ?? []).map((s) => [s.id, s.name])), [sets.data]);
  const activeAdmins = (users.data ?? []).filter((u) => u.admin && u.status === 'active').length;
  const text = search.trim().toLowerCase();
  const shown = (users.data ?? []).filter((u) => !text || u.displayName.toLowerCase().includes(text) || u.email.includes(text));

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setProblem(undefined);
      void message.success(done);
      await users.reload();
      return true;
    } catch (error) {
      setProblem(apiErrorOf(error));
      return false;
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="users-tab">
      <Space wrap>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('perm.searchUsers')}
          aria-label={t('perm.searchUsers')}
          style={{ width: 260 }}
        />
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('perm.status.active') },
            { value: 'deactivated', label: t('perm.status.deactivated') },
            { value: 'all', label: t('perm.status.all') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('perm.addUser')}
        </Button>
      </Space>
      {secret && (
        <Card size="small" title={secret.title} data-testid="temporary-password">
          <SecretReveal secret={secret.password} warning={t('perm.temporaryPasswordOnce')} label={t('perm.temporaryPassword')} />
          <Button style={{ marginTop: 12 }} onClick={() => setSecret(undefined)}>
            {t('common.close')}
          </Button>
        </Card>
      )}
      {problem && <ProblemView problem={problem} />}
      {users.status === 'error' && !users.data && users.error && <ProblemView problem={users.error} />}
      <Table<Member>
        size="small"
        rowKey="id"
        loading={users.status === 'loading'}
        dataSource={shown}
        pagination={shown.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: true }}
        locale={{ emptyText: t('perm.noUsers') }}
        columns={[
          {
            title: t('perm.user'),
            render: (_, u) => (
              <Space orientation="vertical" size={0}>
                <Space size={4} wrap>
                  <Typography.Text strong>{u.displayName}</Typography.Text>
                  {u.id === me && <Tag>{t('perm.you')}</Tag>}
                  {u.admin && <Tag color="gold">{t('perm.admin')}</Tag>}
                  {u.mustChangePassword && (
                    <Tooltip title={t('perm.mustChangeHelp')}>
                      <Tag>{t('perm.mustChange')}</Tag>
                    </Tooltip>
                  )}
                  {u.lockedUntil && <Tag color="red">{t('perm.locked')}</Tag>}
                </Space>
                <Typography.Text type="secondary">{u.email}</Typography.Text>
              </Space>
            ),
          },
          { title: t('perm.role'), render: (_, u) => u.role?.name ?? <Typography.Text type="secondary">{t('perm.noRole')}</Typography.Text> },
          {
            title: t('perm.sets'),
            render: (_, u) => (
              <Space size={[0, 4]} wrap>
                {u.permissionSetIds.map((id) => (
                  <Tag key={id}>{setName.get(id) ?? id.slice(0, 8)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('perm.statusTitle'),
            render: (_, u) => <Tag color={u.status === 'active' ? 'green' : 'default'}>{t(`perm.status.${u.status}`)}</Tag>,
          },
          { title: t('perm.lastSignIn'), render: (_, u) => formatTime(u.lastSignInAt, locale, t('perm.never')) },
          {
            title: '',
            align: 'right',
            render: (_, u) => {
              const self = u.id === me;
              const lastAdmin = u.admin && u.status === 'active' && activeAdmins <= 1;
              const why = self ? t('perm.notYourself') : lastAdmin ? t('perm.lastAdmin') : undefined;
              return (
                <Space size={4}>
                  <Tooltip title={t('common.edit')}>
                    <Button size="small" icon={<EditOutlined />} aria-label={`${t('common.edit')} ${u.email}`} onClick={() => setEditing(u)} />
                  </Tooltip>
                  <Tooltip title={t('perm.resetPassword')}>
                    <Button size="small" icon={<KeyOutlined />} aria-label={`${t('perm.resetPassword')} ${u.email}`} onClick={() => setResetting(u)} />
                  </Tooltip>
                  {u.status === 'active' ? (
                    <Popconfirm
                      title={t('perm.deactivateConfirm', { name: u.displayName })}
                      description={t('perm.deactivateHelp')}
                      okText={t('perm.deactivate')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => act(() => api.users.deactivate(u.id), t('perm.deactivated', { name: u.displayName }))}
                      disabled={!!why}
                    >
                      <Tooltip title={why ?? t('perm.deactivate')}>
                        <Button size="small" icon={<StopOutlined />} disabled={!!why} aria-label={`${t('perm.deactivate')} ${u.email}`} />
                      </Tooltip>
                    </Popconfirm>
                  ) : (
                    <Tooltip title={t('perm.reactivate')}>
                      <Button
                        size="small"
                        icon={<UndoOutlined />}
                        aria-label={`${t('perm.reactivate')} ${u.email}`}
                        onClick={() => void act(() => api.users.reactivate(u.id), t('perm.reactivated', { name: u.displayName }))}
                      />
                    </Tooltip>
                  )}
                  <Popconfirm
                    title={t('perm.removeConfirm', { name: u.displayName })}
                    description={t('perm.removeHelp')}
                    okText={t('perm.remove')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => act(() => api.users.remove(u.id), t('perm.removed', { name: u.displayName }))}
                    disabled={!!why}
                  >
                    <Tooltip title={why ?? t('perm.remove')}>
                      <Button size="small" danger icon={<UserDeleteOutlined />} disabled={!!why} aria-label={`${t('perm.remove')} ${u.email}`} />
                    </Tooltip>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
      {adding && (
        <AddUserDialog
          roles={roles.data ?? []}
          sets={sets.data ?? []}
          onClose={() => setAdding(false)}
          onAdded={async (member, password) => {
            setAdding(false);
            await users.reload();
            if (member.created && password) setSecret({ title: t('perm.userCreated', { name: member.displayName }), password });
            else void message.success(t('perm.userAdded', { name: member.displayName }));
          }}
        />
      )}
      {editing && (
        <EditUserDialog
          member={editing}
          roles={roles.data ?? []}
          sets={sets.data ?? []}
          lastAdmin={editing.admin && editing.status === 'active' && activeAdmins <= 1}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            void message.success(t('perm.assigned'));
            await users.reload();
          }}
        />
      )}
      {resetting && (
        <ResetPasswordDialog
          member={resetting}
          onClose={() => setResetting(undefined)}
          onReset={async (password) => {
            setResetting(undefined);
            await users.reload();
            setSecret({ title: t('perm.passwordReset', { name: resetting.displayName }), password });
          }}
        />
      )}
    </Space>
  );
}

function AddUserDialog({
  roles,
  sets,
  onClose,
  onAdded,
}: {
  roles: Role[];
  sets: PermissionSet[];
  onClose: () => void;
  onAdded: (member: Member & { created: boolean }, password: string | undefined) => void | Promise<void>;
}) {
  const { t } = useT();
  const api = useDesignerApi();
  const [draft, setDraft] = useState<Draft>(() => ({
    email: '',
    displayName: '',
    password: temporaryPassword(),
    admin: false,
    roleId: null,
    permissionSetIds: [],
  }));
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const added = await api.users.add({
        email: draft.email.trim(),
        ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
        password: draft.password,
        admin: draft.admin,
        roleId: draft.roleId,
        permissionSetIds: draft.permissionSetIds,
      });
      await onAdded(added, added.created ? draft.password : undefined);
    } catch (error) {
      setProblem(apiErrorOf(error));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('perm.addUser')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('perm.add')}
      okButtonProps={{ disabled: !draft.email.trim() || draft.password.length < 10, loading: busy }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div" data-testid="add-user-form">
        <Form.Item label={t('perm.email')} required>
          <Input type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} aria-label={t('perm.email')} autoFocus />
        </Form.Item>
        <Form.Item label={t('perm.displayName')} extra={t('perm.displayNameHelp')}>
          <Input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} aria-label={t('perm.displayName')} />
        </Form.Item>
        <Form.Item label={t('perm.temporaryPassword')} extra={t('perm.temporaryPasswordHelp')}>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} aria-label={t('perm.temporaryPassword')} />
            <Button onClick={() => setDraft({ ...draft, password: temporaryPassword() })}>{t('perm.generate')}</Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('perm.admin')} extra={t('perm.adminHelp')}>
          <Switch
            checked={draft.admin}
            onChange={(admin) =>
              setDraft({ ...draft, admin, permissionSetIds: draft.permissionSetIds.filter((id) => !sets.find((s) => s.id === id)?.builtIn) })
            }
            aria-label={t('perm.admin')}
          />
        </Form.Item>
        <AccessFields roles={roles} sets={sets} draft={draft} onChange={(change) => setDraft({ ...draft, ...change })} />
      </Form>
      {problem && <ProblemView problem={problem} />}
    </Modal>
  );
}

function EditUserDialog({
  member,
  roles,
  sets,
  lastAdmin,
  onClose,
  onSaved,
}: {
  member: Member;
  roles: Role[];
  sets: PermissionSet[];
  lastAdmin: boolean;
  onClose: () => void;
  onSaved: () => void | Promise<void>;
}) {
  const { t } = useT();
  const api = useDesignerApi();
  const [draft, setDraft] = useState(() => ({
    displayName: member.displayName,
    admin: member.admin,
    roleId: member.role?.id ?? null,
    permissionSetIds: member.permissionSetIds,
  }));
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const builtIn = new Set(sets.filter((s) => s.builtIn).map((s) => s.id));
  const submit = async () => {
    setBusy(true);
    try {
      await api.users.update(member.id, {
        ...(draft.displayName.trim() !== member.displayName ? { displayName: draft.displayName.trim() } : {}),
        ...(draft.admin !== member.admin ? { admin: draft.admin } : {}),
        roleId: draft.roleId,
        // An admin keeps the Administrator set whatever the list says (the server adds it).
        permissionSetIds: draft.admin ? draft.permissionSetIds.filter((id) => !builtIn.has(id)) : draft.permissionSetIds,
      });
      await onSaved();
    } catch (error) {
      setProblem(apiErrorOf(error));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('perm.editUser', { name: member.displayName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('perm.save')}
      okButtonProps={{ disabled: !draft.displayName.trim(), loading: busy }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div" data-testid="edit-user-form">
        <Form.Item label={t('perm.email')}>
          <Typography.Text>{member.email}</Typography.Text>
        </Form.Item>
        <Form.Item label={t('perm.displayName')}>
          <Input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} aria-label={t('perm.displayName')} />
        </Form.Item>
        <Form.Item label={t('perm.admin')} extra={lastAdmin ? t('perm.lastAdmin') : t('perm.adminHelp')}>
          <Switch
            checked={draft.admin}
            disabled={lastAdmin && draft.admin}
            onChange={(admin) => setDraft({ ...draft, admin, permissionSetIds: draft.permissionSetIds.filter((id) => !builtIn.has(id)) })}
            aria-label={t('perm.admin')}
          />
        </Form.Item>
        <AccessFields roles={roles} sets={sets} draft={draft} onChange={(change) => setDraft({ ...draft, ...change })} />
      </Form>
      {problem && <ProblemView problem={problem} />}
    </Modal>
  );
}

function ResetPasswordDialog({ member, onClose, onReset }: { member: Member; onClose: () => void; onReset: (password: string) => void | Promise<void> }) {
  const { t } = useT();
  const api = useDesignerApi();
  const [password, setPassword] = useState(temporaryPassword);
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api.users.resetPassword(member.id, password);
      await onReset(password);
    } catch (error) {
      setProblem(apiErrorOf(error));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('perm.resetPasswordOf', { name: member.displayName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('perm.resetPassword')}
      okButtonProps={{ danger: true, disabled: password.length < 10, loading: busy }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('perm.resetPasswordHelp')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={password} onChange={(e) => setPassword(e.target.value)} aria-label={t('perm.temporaryPassword')} />
        <Button onClick={() => setPassword(temporaryPassword())}>{t('perm.generate')}</Button>
      </Space.Compact>
      {problem && (
        <div style={{ marginTop: 12 }}>
          <ProblemView problem={problem} />
        </div>
      )}
    </Modal>
  );
}
