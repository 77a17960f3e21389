import '../testing/setup.ts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DesignerFrame } from '../DesignerFrame.tsx';
import type { ApiKeyInfo, DesignerApi, Member, PermissionSet, Role } from '../support/api.ts';
import { fakeApi } from '../testing/fixtures.ts';
import { renderDesigner } from '../testing/render.tsx';

const ADMIN_SET = '00000000-0000-7000-8000-000000000002';
const roles: Role[] = [
  { id: '00000000-0000-7000-8000-000000000001', name: 'Company', parentId: null },
  { id: 'role-east', name: 'East Rep', parentId: '00000000-0000-7000-8000-000000000001' },
];
const sets = [
  { id: ADMIN_SET, name: 'Administrator', builtIn: true },
  { id: 'set-sales', name: 'Sales', builtIn: false },
  { id: 'set-support', name: 'Support', builtIn: false },
].map((s) => ({
  ...s,
  description: null,
  objects: {},
  fields: {},
  system: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
})) as PermissionSet[];

function member(overrides: Partial<Member>): Member {
  return {
    id: 'u',
    email: 'u@example.com',
    displayName: 'U',
    admin: false,
    role: null,
    permissionSetIds: [],
    status: 'active',
    deactivatedAt: null,
    lastSignInAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    mustChangePassword: false,
    lockedUntil: null,
    ...overrides,
  };
}

const ada = member({
  id: 'u-ada',
  email: 'ada@example.com',
  displayName: 'Ada Admin',
  admin: true,
  role: { id: roles[0]?.id as string, name: 'Company' },
  permissionSetIds: [ADMIN_SET],
  lastSignInAt: '2026-03-01T09:00:00Z',
});
const bob = member({
  id: 'u-bob',
  email: 'bob@example.com',
  displayName: 'Bob Rep',
  role: { id: 'role-east', name: 'East Rep' },
  permissionSetIds: ['set-sales'],
});
const cat = member({ id: 'u-cat', email: 'cat@example.com', displayName: 'Cat Gone', status: 'deactivated', deactivatedAt: '2026-02-01T00:00:00Z' });

/** A fake API whose users and keys live in memory, so screens see their own changes. */
function usersApi() {
  const fake = fakeApi();
  let members = [ada, bob, cat];
  let keys: ApiKeyInfo[] = [
    {
      id: 'k-erp',
      name: 'ERP sync',
      admin: false,
      role: null,
      permissionSetIds: ['set-sales'],
      tokenPrefix: 'atr_AbCd',
      status: 'active',
      createdBy: { id: 'u-ada', name: 'Ada Admin' },
      createdAt: '2026-01-02T00:00:00Z',
      lastUsedAt: null,
      revokedAt: null,
    },
    {
      id: 'k-old',
      name: 'Old import',
      admin: false,
      role: null,
      permissionSetIds: [],
      tokenPrefix: 'atr_Zz99',
      status: 'revoked',
      createdBy: null,
      createdAt: '2025-01-02T00:00:00Z',
      lastUsedAt: null,
      revokedAt: '2025-06-01T00:00:00Z',
    },
  ];
  const replace = (next: Member) => {
    members = members.map((m) => (m.id === next.id ? next : m));
    return next;
  };
  const find = (id: string) => members.find((m) => m.id === id) as Member;
  const api: DesignerApi = {
    ...fake.api,
    admin: { ...fake.api.admin, listRoles: vi.fn(async () => roles), listPermissionSets: vi.fn(async () => sets) },
    users: {
      list: vi.fn(async (params: { status?: string } = {}) => members.filter((m) => !params.status || m.status === params.status)),
      add: vi.fn(async (body) => {
        const added = member({
          id: 'u-new',
          email: body.email,
          displayName: body.displayName ?? 'new',
          permissionSetIds: body.permissionSetIds ?? [],
          mustChangePassword: true,
        });
        members = [...members, added];
        return { ...added, created: true };
      }),
      update: vi.fn(async (id, body) =>
        replace({
          ...find(id),
          ...(body.displayName ? { displayName: body.displayName } : {}),
          permissionSetIds: body.permissionSetIds ?? find(id).permissionSetIds,
        }),
      ),
      deactivate: vi.fn(async (id) => replace({ ...find(id), status: 'deactivated', deactivatedAt: '2026-04-01T00:00:00Z' })),
      reactivate: vi.fn(async (id) => replace({ ...find(id), status: 'active', deactivatedAt: null })),
      resetPassword: vi.fn(async (id) => replace({ ...find(id), mustChangePassword: true })),
      remove: vi.fn(async (id) => {
        members = members.filter((m) => m.id !== id);
      }),
    },
    apiKeys: {
      list: vi.fn(async () => keys),
      create: vi.fn(async (body) => {
        const key = { ...(keys[0] as ApiKeyInfo), id: 'k-new', name: body.name, permissionSetIds: body.permissionSetIds ?? [], tokenPrefix: 'atr_NeW1' };
        keys = [key, ...keys];
        return { ...key, token: 'atr_NeW1secretsecretsecretsecretsecretsecret' };
      }),
      update: vi.fn(async (id, body) => {
        keys = keys.map((k) => (k.id === id ? { ...k, ...body } : k)) as ApiKeyInfo[];
        return keys.find((k) => k.id === id) as ApiKeyInfo;
      }),
      revoke: vi.fn(async (id) => {
        keys = keys.map((k) => (k.id === id ? { ...k, status: 'revoked' as const, revokedAt: '2026-04-01T00:00:00Z' } : k));
        return keys.find((k) => k.id === id) as ApiKeyInfo;
      }),
    },
  };
  return api;
}

function row(text: string): HTMLElement {
  return screen.getByText(text).closest('tr') as HTMLElement;
}

/** A button by its text (getByRole computes every accessible name: slow on antd's tables). */
function button(text: string, scope: HTMLElement = document.body): HTMLButtonElement {
  const matches = within(scope)
    .getAllByText(text)
    .map((el) => el.closest('button'))
    .filter((b): b is HTMLButtonElement => b !== null);
  return matches[matches.length - 1] as HTMLButtonElement;
}

/** Picks an option of an antd Select by its label. */
async function pick(label: string, option: string) {
  const select = screen.getByLabelText(label);
  fireEvent.mouseDown(select);
  const options = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(options[options.length - 1] as HTMLElement);
}

describe('the Users tab', () => {
  it('lists active members with role, sets and last sign-in, and filters by status and text', async () => {
    const api = usersApi();
    renderDesigner(<DesignerFrame />, { api, path: '/designer/permissions/users', currentUserId: 'u-ada' });
    expect(await screen.findByText('Bob Rep')).toBeInTheDocument();
    expect(screen.queryByText('Cat Gone')).not.toBeInTheDocument();
    const bobRow = row('Bob Rep');
    expect(within(bobRow).getByText('East Rep')).toBeInTheDocument();
    expect(within(bobRow).getByText('Sales')).toBeInTheDocument();
    expect(within(bobRow).getByText('never')).toBeInTheDocument();
    const adaRow = row('Ada Admin');
    expect(within(adaRow).getByText('Admin')).toBeInTheDocument();
    expect(within(adaRow).getByText('you')).toBeInTheDocument();
    // Yourself, and the last active admin: no deactivating or removing.
    expect(within(adaRow).getByLabelText('Deactivate ada@example.com')).toBeDisabled();
    expect(within(adaRow).getByLabelText('Remove ada@example.com')).toBeDisabled();
    expect(within(bobRow).getByLabelText('Deactivate bob@example.com')).toBeEnabled();
    fireEvent.change(screen.getByLabelText('Search by name or email'), { target: { value: 'ada' } });
    expect(screen.queryByText('Bob Rep')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Search by name or email'), { target: { value: '' } });
    fireEvent.click(screen.getByText('Deactivated'));
    expect(await screen.findByText('Cat Gone')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Bob Rep')).not.toBeInTheDocument());
    expect(api.users.list).toHaveBeenLastCalledWith({ status: 'deactivated' });
  });

  it('adds a user with a generated temporary password, a role and sets picked by name, and shows the password once', async () => {
    const api = usersApi();
    renderDesigner(<DesignerFrame />, { api, path: '/designer/permissions/users' });
    fireEvent.click((await screen.findByText('Add user')).closest('button') as HTMLElement);
    const form = await screen.findByTestId('add-user-form');
    fireEvent.change(within(form).getByLabelText('Email'), { target: { value: 'dan@example.com' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Dan New' } });
    const password = (within(form).getByLabelText('Temporary password') as HTMLInputElement).value;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await pick('Role', 'East Rep');
    await pick('Permission sets', 'Support');
    fireEvent.click(button('Add'));
    await waitFor(() => expect(api.users.add).toHaveBeenCalled());
    expect(api.users.add).toHaveBeenCalledWith({
      email: 'dan@example.com',
      displayName: 'Dan New',
      password,
      admin: false,
      roleId: 'role-east',
      permissionSetIds: ['set-support'],
    });
    const reveal = await screen.findByTestId('secret-reveal');
    expect(within(reveal).getByLabelText('Temporary password')).toHaveValue(password);
    expect(within(screen.getByTestId('temporary-password')).getByText('Dan New was added with a temporary password')).toBeInTheDocument();
    expect(await screen.findByText('Dan New', { selector: 'strong' })).toBeInTheDocument();
  });

  it('changes a member’s role and sets, deactivates and reactivates after confirming', async () => {
    const api = usersApi();
    renderDesigner(<DesignerFrame />, { api, path: '/designer/permissions/users', currentUserId: 'u-ada' });
    fireEvent.click(await screen.findByLabelText('Edit bob@example.com'));
    const form = await screen.findByTestId('edit-user-form');
    expect(within(form).getByText('bob@example.com')).toBeInTheDocument();
    await pick('Permission sets', 'Support');
    fireEvent.click(button('Save'));
    await waitFor(() => expect(api.users.update).toHaveBeenCalledWith('u-bob', { roleId: 'role-east', permissionSetIds: ['set-sales', 'set-support'] }));
    await waitFor(() => expect(within(row('Bob Rep')).getByText('Support')).toBeInTheDocument());

    fireEvent.click(within(row('Bob Rep')).getByLabelText('Deactivate bob@example.com'));
    expect(await screen.findByText('Deactivate Bob Rep?')).toBeInTheDocument();
    expect(api.users.deactivate).not.toHaveBeenCalled();
    fireEvent.click(button('Deactivate'));
    await waitFor(() => expect(api.users.deactivate).toHaveBeenCalledWith('u-bob'));
    await waitFor(() => expect(screen.queryByText('Bob Rep')).not.toBeInTheDocument());
    fireEvent.click(screen.getByText('All'));
    fireEvent.click(await screen.findByLabelText('Reactivate bob@example.com'));
    await waitFor(() => expect(api.users.reactivate).toHaveBeenCalledWith('u-bob'));
  });

  it('shows the API’s refusal instead of failing silently', async () => {
    const api = usersApi();
    api.users.remove = vi.fn(async () => {
      throw Object.assign(new Error('this is the tenant’s last active admin'), {
        code: 'FORBIDDEN',
        status: 403,
        details: [{ path: '/params/id', code: 'LAST_ADMIN', message: 'make someone else an admin first' }],
      });
    });
    renderDesigner(<DesignerFrame />, { api, path: '/designer/permissions/users' });
    fireEvent.click(await screen.findByLabelText('Remove bob@example.com'));
    fireEvent.click((await screen.findByText('Remove')).closest('button') as HTMLElement);
    expect(await screen.findByText('this is the tenant’s last active admin')).toBeInTheDocument();
    expect(screen.getByText('(LAST_ADMIN)')).toBeInTheDocument();
  });

  it('is in Chinese too', async () => {
    renderDesigner(<DesignerFrame />, { api: usersApi(), path: '/designer/permissions/users', locale: 'zh-CN' });
    expect(await screen.findByText('Bob Rep')).toBeInTheDocument();
    expect(screen.getAllByText('添加用户').length).toBeGreaterThan(0);
    expect(screen.getAllByText('最近登录').length).toBeGreaterThan(0);
  });
});

describe('the API keys tab', () => {
  it('lists active keys (revoked ones on request) with who created them', async () => {
    renderDesigner(<DesignerFrame />, { api: usersApi(), path: '/designer/permissions/api-keys' });
    expect(await screen.findByText('ERP sync')).toBeInTheDocument();
    expect(within(row('ERP sync')).getByText('Ada Admin')).toBeInTheDocument();
    expect(within(row('ERP sync')).getByText('Sales')).toBeInTheDocument();
    expect(screen.queryByText('Old import')).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Show revoked keys'));
    expect(await screen.findByText('Old import')).toBeInTheDocument();
    expect(within(row('Old import')).getByText('command line')).toBeInTheDocument();
    expect(within(row('Old import')).queryByLabelText('Revoke Old import')).not.toBeInTheDocument();
  });

  it('creates a key and shows its token once, with a copy button', async () => {
    const api = usersApi();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    renderDesigner(<DesignerFrame />, { api, path: '/designer/permissions/api-keys' });
    fireEvent.click((await screen.findByText('New API key')).closest('button') as HTMLElement);
    const form = await screen.findByTestId('api-key-form');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Warehouse' } });
    await pick('Permission sets', 'Support');
    fireEvent.click(button('Create key'));
    await waitFor(() => expect(api.apiKeys.create).toHaveBeenCalledWith({ name: 'Warehouse', roleId: null, permissionSetIds: ['set-support'], admin: false }));
    const reveal = await screen.findByTestId('secret-reveal');
    expect(within(reveal).getByLabelText('API key')).toHaveValue('atr_NeW1secretsecretsecretsecretsecretsecret');
    expect(screen.getByText(/cannot show it again/)).toBeInTheDocument();
    fireEvent.click(button('Copy', reveal));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('atr_NeW1secretsecretsecretsecretsecretsecret'));
    expect(await within(reveal).findByText('Copied')).toBeInTheDocument();
    fireEvent.click(button('I have stored the key'));
    expect(screen.queryByTestId('secret-reveal')).not.toBeInTheDocument();
    // The list shows the new key, never its token.
    expect(await screen.findByText('Warehouse')).toBeInTheDocument();
    expect(screen.queryByDisplayValue(/secretsecret/)).not.toBeInTheDocument();
  });

  it('revokes a key only after confirming', async () => {
    const api = usersApi();
    renderDesigner(<DesignerFrame />, { api, path: '/designer/permissions/api-keys' });
    fireEvent.click(await screen.findByLabelText('Revoke ERP sync'));
    expect(await screen.findByText('Revoke ERP sync?')).toBeInTheDocument();
    expect(screen.getByText(/refused at once/)).toBeInTheDocument();
    expect(api.apiKeys.revoke).not.toHaveBeenCalled();
    fireEvent.click(button('Revoke', screen.getByText('Revoke ERP sync?').closest('.ant-popover') as HTMLElement));
    await waitFor(() => expect(api.apiKeys.revoke).toHaveBeenCalledWith('k-erp'));
    await waitFor(() => expect(screen.queryByText('ERP sync')).not.toBeInTheDocument());
  });
});
