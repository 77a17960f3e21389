import { BUILT_IN, createApiKey } from '@atrium/platform';
import { crmBundle } from '@atrium/seeds';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../openapi/testing/api-test-server.ts';

let server: TestServer;
let tenant: TestTenant;
let other: TestTenant;
let schema: string;

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTestTenant(server, 'adm', { bundle: crmBundle });
  other = await createTestTenant(server, 'admo', { bundle: crmBundle });
  schema = tenant.fixture.tenant.schemaName;
});
afterAll(async () => {
  await server?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request with a bearer token (the tenant's admin key unless told otherwise). */
function call(method: Method, url: string, body?: unknown, token: string | null = tenant.tokens.admin): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return server.app.inject({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
}

async function rows<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await server.database.pool.query(text, values)).rows as T[];
}

/** The problem's field paths. */
function paths(response: LightMyRequestResponse): string[] {
  return ((response.json().errors ?? []) as Array<{ path: string }>).map((e) => e.path);
}

/** Retries until the assertion holds: permission changes reach cached profiles through NOTIFY. */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

async function createRole(name: string, parentId?: string): Promise<string> {
  const response = await call('POST', '/api/v1/admin/roles', { name, ...(parentId ? { parentId } : {}) });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

describe('credentials', () => {
  it.each([
    ['GET', '/api/v1/admin/roles'],
    ['POST', '/api/v1/admin/roles'],
    ['PUT', `/api/v1/admin/principals/${BUILT_IN.companyRole}/role`],
    ['GET', '/api/v1/admin/permission-sets'],
    ['POST', '/api/v1/admin/permission-sets'],
    ['PUT', `/api/v1/admin/permission-sets/${BUILT_IN.administratorSet}`],
    ['POST', `/api/v1/admin/principals/${BUILT_IN.companyRole}/permission-sets/${BUILT_IN.administratorSet}`],
    ['DELETE', `/api/v1/admin/principals/${BUILT_IN.companyRole}/permission-sets/${BUILT_IN.administratorSet}`],
    ['PUT', '/api/v1/admin/objects/account/sharing'],
    ['GET', '/api/v1/admin/sharing-rules'],
    ['POST', '/api/v1/admin/sharing-rules'],
    ['DELETE', `/api/v1/admin/sharing-rules/${BUILT_IN.companyRole}`],
    ['POST', '/api/v1/admin/shares'],
    ['DELETE', '/api/v1/admin/shares'],
  ] as const)('%s %s: 401 without a key, 403 without manageUsers', async (method, url) => {
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    const anonymous = await call(method, url, body, null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="atrium"');
    const integration = await call(method, url, body, tenant.tokens.integration);
    expect(integration.statusCode).toBe(403);
    expect(integration.headers['content-type']).toContain('application/problem+json');
    expect(integration.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets an integration key administer once a permission set grants it manageUsers', async () => {
    const key = await createApiKey(server.database.db, tenant.key, { role: 'integration' });
    expect((await call('GET', '/api/v1/admin/roles', undefined, key.token)).statusCode).toBe(403);
    const set = await call('POST', '/api/v1/admin/permission-sets', { name: 'User admins', system: ['manageUsers'] });
    expect(set.statusCode).toBe(201);
    expect((await call('POST', `/api/v1/admin/principals/${key.id}/permission-sets/${set.json().id}`)).statusCode).toBe(200);
    await eventually(async () => expect((await call('GET', '/api/v1/admin/roles', undefined, key.token)).statusCode).toBe(200));
    // …and loses it when the set is taken away.
    expect((await call('DELETE', `/api/v1/admin/principals/${key.id}/permission-sets/${set.json().id}`)).statusCode).toBe(204);
    await eventually(async () => expect((await call('GET', '/api/v1/admin/roles', undefined, key.token)).statusCode).toBe(403));
  });
});

describe('roles', () => {
  it('creates roles under Company or a parent and keeps the closure', async () => {
    const vp = await createRole('VP');
    const manager = await createRole('Manager', vp);
    const list = await call('GET', '/api/v1/admin/roles');
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual(
      expect.arrayContaining([
        { id: BUILT_IN.companyRole, name: 'Company', parentId: null },
        { id: vp, name: 'VP', parentId: BUILT_IN.companyRole },
        { id: manager, name: 'Manager', parentId: vp },
      ]),
    );
    const closure = await rows<{ ancestor_id: string; depth: number }>(
      `select "ancestor_id", "depth" from "${schema}"."_role_closure" where "descendant_id" = $1 order by "depth"`,
      [manager],
    );
    expect(closure).toEqual([
      { ancestor_id: manager, depth: 0 },
      { ancestor_id: vp, depth: 1 },
      { ancestor_id: BUILT_IN.companyRole, depth: 2 },
    ]);
  });

  it('refuses bad bodies, unknown parents and taken names', async () => {
    const missing = await call('POST', '/api/v1/admin/roles', { parent: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('VALIDATION_FAILED');
    expect(paths(missing)).toEqual(expect.arrayContaining(['/name', '/parent']));
    const blank = await call('POST', '/api/v1/admin/roles', { name: '   ' });
    expect(paths(blank)).toEqual(['/name']);
    const badParent = await call('POST', '/api/v1/admin/roles', { name: 'Orphan', parentId: 'not-a-uuid' });
    expect(paths(badParent)).toEqual(['/parentId']);
    const unknownParent = await call('POST', '/api/v1/admin/roles', { name: 'Orphan', parentId: '00000000-0000-7000-8000-0000000000ff' });
    expect(unknownParent.statusCode).toBe(400);
    expect(unknownParent.json().errors[0]).toMatchObject({ path: '/parentId', code: 'UNKNOWN_ROLE' });
    await createRole('Taken');
    const taken = await call('POST', '/api/v1/admin/roles', { name: 'Taken' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('ALREADY_EXISTS');
    const array = await call('POST', '/api/v1/admin/roles', [1]);
    expect(array.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/admin/roles?x=1')).statusCode).toBe(400);
  });

  it('assigns a role to an API key of the tenant, and only to one', async () => {
    const role = await createRole('Assignable');
    const key = await createApiKey(server.database.db, tenant.key, { role: 'integration' });
    const assigned = await call('PUT', `/api/v1/admin/principals/${key.id}/role`, { roleId: role });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toEqual({ principalId: key.id, roleId: role });
    expect(await rows(`select "role_id" from "${schema}"."_user_role" where "user_id" = $1`, [key.id])).toEqual([{ role_id: role }]);
    // Reassigning replaces.
    await call('PUT', `/api/v1/admin/principals/${key.id}/role`, { roleId: BUILT_IN.companyRole });
    expect(await rows(`select "role_id" from "${schema}"."_user_role" where "user_id" = $1`, [key.id])).toEqual([{ role_id: BUILT_IN.companyRole }]);
    const described = await call('GET', `/api/v1/admin/principals/${key.id}`);
    expect(described.json()).toEqual({ id: key.id, roleId: BUILT_IN.companyRole, permissionSetIds: [] });

    const unknownRole = await call('PUT', `/api/v1/admin/principals/${key.id}/role`, { roleId: '00000000-0000-7000-8000-0000000000ff' });
    expect(unknownRole.statusCode).toBe(400);
    expect(paths(unknownRole)).toEqual(['/roleId']);
    const nobody = await call('PUT', '/api/v1/admin/principals/00000000-0000-7000-8000-0000000000ff/role', { roleId: role });
    expect(nobody.statusCode).toBe(404);
    const notUuid = await call('PUT', '/api/v1/admin/principals/nobody/role', { roleId: role });
    expect(notUuid.statusCode).toBe(404);
    // Another tenant's key is not a principal of this tenant.
    const foreign = await createApiKey(server.database.db, other.key, { role: 'integration' });
    expect((await call('PUT', `/api/v1/admin/principals/${foreign.id}/role`, { roleId: role })).statusCode).toBe(404);
    expect(await rows(`select 1 from "${schema}"."_user_role" where "user_id" = $1`, [foreign.id])).toEqual([]);
  });
});

describe('roles: read one, rename, move, delete, unassign', () => {
  it('reads a role by id, renames and moves it, and deletes it once unused', async () => {
    const east = await createRole('Tree East');
    const west = await createRole('Tree West');
    const rep = await createRole('Tree Rep', east);
    expect((await call('GET', `/api/v1/admin/roles/${rep}`)).json()).toEqual({ id: rep, name: 'Tree Rep', parentId: east });
    expect((await call('GET', `/api/v1/admin/roles/${BUILT_IN.administratorSet}`)).statusCode).toBe(404);
    const moved = await call('PATCH', `/api/v1/admin/roles/${rep}`, { name: 'Tree Rep West', parentId: west });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toEqual({ id: rep, name: 'Tree Rep West', parentId: west });
    const closure = await rows<{ ancestor_id: string }>(`select "ancestor_id" from "${schema}"."_role_closure" where "descendant_id" = $1 order by "depth"`, [
      rep,
    ]);
    expect(closure.map((r) => r.ancestor_id)).toEqual([rep, west, BUILT_IN.companyRole]);
    const cycle = await call('PATCH', `/api/v1/admin/roles/${west}`, { parentId: rep });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors).toEqual([expect.objectContaining({ path: '/parentId', code: 'ROLE_CYCLE' })]);
    expect(paths(await call('PATCH', `/api/v1/admin/roles/${rep}`, { parentId: '00000000-0000-7000-8000-0000000000ff' }))).toEqual(['/parentId']);
    expect(paths(await call('PATCH', `/api/v1/admin/roles/${rep}`, { nom: 'x' }))).toEqual(['/nom']);
    expect((await call('PATCH', `/api/v1/admin/roles/${other.fixture.tenant.id}`, { name: 'x' })).statusCode).toBe(404);

    const key = await createApiKey(server.database.db, tenant.key, { role: 'integration' });
    expect((await call('PUT', `/api/v1/admin/principals/${key.id}/role`, { roleId: rep })).statusCode).toBe(200);
    const inUse = await call('DELETE', `/api/v1/admin/roles/${rep}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'CONFLICT', errors: [{ path: '/params/id', code: 'ROLE_IN_USE' }] });
    expect((await call('DELETE', `/api/v1/admin/roles/${west}`)).json().errors[0]).toMatchObject({ code: 'ROLE_HAS_CHILDREN' });
    expect((await call('DELETE', `/api/v1/admin/principals/${key.id}/role`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/admin/principals/${key.id}`)).json().roleId).toBeNull();
    expect((await call('DELETE', `/api/v1/admin/roles/${rep}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/admin/roles/${rep}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/admin/roles/${rep}`)).json()).toMatchObject({ code: 'NOT_FOUND', errors: [{ path: '/params/id' }] });
    const company = await call('DELETE', `/api/v1/admin/roles/${BUILT_IN.companyRole}`);
    expect(company.statusCode).toBe(400);
    expect(company.json().errors[0]).toMatchObject({ code: 'BUILT_IN_ROLE' });
  });

  it('needs manageUsers', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/admin/roles/${BUILT_IN.companyRole}`],
      ['PATCH', `/api/v1/admin/roles/${BUILT_IN.companyRole}`],
      ['DELETE', `/api/v1/admin/roles/${BUILT_IN.companyRole}`],
      ['DELETE', `/api/v1/admin/principals/${BUILT_IN.companyRole}/role`],
      ['GET', '/api/v1/admin/sharing'],
    ] as const) {
      const response = await call(method as Method, url, method === 'PATCH' ? { name: 'x' } : undefined, tenant.tokens.integration);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});

describe('permission sets', () => {
  it('takes API names, stores ids, and shows API names again', async () => {
    const created = await call('POST', '/api/v1/admin/permission-sets', {
      name: 'Readers',
      description: 'Read accounts',
      objects: { account: { read: true, viewAll: true } },
      fields: { account: { name: 'edit', industry: 'read', '*': 'read' } },
      system: ['export'],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.headers.location).toBe(`/api/v1/admin/permission-sets/${id}`);
    expect(created.json()).toMatchObject({
      name: 'Readers',
      description: 'Read accounts',
      builtIn: false,
      objects: { account: { read: true, viewAll: true } },
      fields: { account: { name: 'edit', industry: 'read', '*': 'read' } },
      system: ['export'],
    });
    const [stored] = await rows<{ objects: unknown; fields: unknown; system: string[] }>(
      `select "objects", "fields", "system" from "${schema}"."_permission_set" where "id" = $1`,
      [id],
    );
    expect(stored).toEqual({
      objects: { obj_account: { read: true, viewAll: true } },
      fields: { obj_account: { fld_account_name: 'edit', fld_account_industry: 'read', '*': 'read' } },
      system: ['export'],
    });
    expect((await call('GET', `/api/v1/admin/permission-sets/${id}`)).json()).toMatchObject({ id, name: 'Readers' });
    const list = (await call('GET', '/api/v1/admin/permission-sets')).json().data as Array<{ id: string; name: string; builtIn: boolean }>;
    expect(list.find((s) => s.id === BUILT_IN.administratorSet)).toMatchObject({ name: 'Administrator', builtIn: true });
    expect(list.some((s) => s.id === id)).toBe(true);
  });

  it('replaces a set with PUT', async () => {
    const id = (await call('POST', '/api/v1/admin/permission-sets', { name: 'Changing', objects: { account: { read: true } } })).json().id;
    const updated = await call('PUT', `/api/v1/admin/permission-sets/${id}`, {
      name: 'Changed',
      objects: { opportunity: { read: true, update: true } },
      fields: { opportunity: { '*': 'edit' } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      id,
      name: 'Changed',
      objects: { opportunity: { read: true, update: true } },
      fields: { opportunity: { '*': 'edit' } },
      system: [],
    });
    const [stored] = await rows<{ objects: unknown }>(`select "objects" from "${schema}"."_permission_set" where "id" = $1`, [id]);
    expect(stored?.objects).toEqual({ obj_opportunity: { read: true, update: true } });
  });

  it('refuses unknown objects, fields, actions and system permissions with their paths', async () => {
    const response = await call('POST', '/api/v1/admin/permission-sets', {
      name: 'Bad',
      objects: { nope: { read: true } },
      fields: { account: { nope: 'read', ownerId: 'read' }, ghost: { '*': 'read' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/objects/nope', code: 'UNKNOWN_OBJECT' }),
        expect.objectContaining({ path: '/fields/account/nope', code: 'UNKNOWN_FIELD' }),
        expect.objectContaining({ path: '/fields/account/ownerId', code: 'SYSTEM_FIELD' }),
        expect.objectContaining({ path: '/fields/ghost', code: 'UNKNOWN_OBJECT' }),
      ]),
    );
    const shape = await call('POST', '/api/v1/admin/permission-sets', {
      name: 'Bad',
      objects: { account: { read: 'yes', fly: true } },
      fields: { account: { name: 'write' } },
      system: ['root'],
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)).toEqual(expect.arrayContaining(['/objects/account/read', '/objects/account/fly', '/fields/account/name', '/system/0']));
    expect(await rows(`select 1 from "${schema}"."_permission_set" where "name" = 'Bad'`)).toEqual([]);
  });

  it('refuses a taken name, unknown sets, and changes to the Administrator set', async () => {
    await call('POST', '/api/v1/admin/permission-sets', { name: 'Unique' });
    const taken = await call('POST', '/api/v1/admin/permission-sets', { name: 'Unique' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('ALREADY_EXISTS');
    expect((await call('PUT', '/api/v1/admin/permission-sets/00000000-0000-7000-8000-0000000000ff', { name: 'X' })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/admin/permission-sets/nope')).statusCode).toBe(404);
    const admin = await call('PUT', `/api/v1/admin/permission-sets/${BUILT_IN.administratorSet}`, { name: 'Administrator' });
    expect(admin.statusCode).toBe(403);
  });

  it('assigns and unassigns sets, which take effect on the next requests', async () => {
    const key = await createApiKey(server.database.db, tenant.key, { role: 'integration' });
    const token = key.token;
    const list = () => server.app.inject({ method: 'GET', url: '/api/v1/data/account', headers: { authorization: `Bearer ${token}` } });
    expect((await list()).statusCode).toBe(403);
    const set = (
      await call('POST', '/api/v1/admin/permission-sets', {
        name: 'Account readers',
        objects: { account: { read: true } },
        fields: { account: { name: 'read' } },
      })
    ).json();
    const assigned = await call('POST', `/api/v1/admin/principals/${key.id}/permission-sets/${set.id}`);
    expect(assigned.statusCode).toBe(200);
    expect(await rows(`select "permission_set_id" from "${schema}"."_permission_assignment" where "principal_id" = $1`, [key.id])).toEqual([
      { permission_set_id: set.id },
    ]);
    await eventually(async () => expect((await list()).statusCode).toBe(200));
    // Assigning twice is harmless.
    expect((await call('POST', `/api/v1/admin/principals/${key.id}/permission-sets/${set.id}`)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/admin/principals/${key.id}/permission-sets/00000000-0000-7000-8000-0000000000ff`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/admin/principals/${key.id}/permission-sets/${set.id}`)).statusCode).toBe(204);
    await eventually(async () => expect((await list()).statusCode).toBe(403));
  });
});

describe('org-wide defaults', () => {
  it('sets and reads an object sharing model by API name', async () => {
    expect((await call('GET', '/api/v1/admin/objects/lead/sharing')).json()).toEqual({ object: 'lead', sharing: 'publicReadWrite' });
    const put = await call('PUT', '/api/v1/admin/objects/lead/sharing', { sharing: 'private' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ object: 'lead', sharing: 'private' });
    expect(await rows(`select "sharing" from "${schema}"."_object_access" where "object_id" = 'obj_lead'`)).toEqual([{ sharing: 'private' }]);
    expect((await call('GET', '/api/v1/admin/objects/lead/sharing')).json().sharing).toBe('private');
    const bad = await call('PUT', '/api/v1/admin/objects/lead/sharing', { sharing: 'everyone' });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['/sharing']);
    expect((await call('PUT', '/api/v1/admin/objects/nope/sharing', { sharing: 'private' })).statusCode).toBe(404);
  });
});

describe('org-wide defaults of every object', () => {
  it('lists every object with its default (public read/write when never set)', async () => {
    expect((await call('PUT', '/api/v1/admin/objects/contact/sharing', { sharing: 'publicRead' })).statusCode).toBe(200);
    const list = await call('GET', '/api/v1/admin/sharing');
    expect(list.statusCode).toBe(200);
    const data = list.json().data as Array<{ object: string; sharing: string }>;
    expect(data.map((d) => d.object)).toEqual([...data.map((d) => d.object)].sort());
    expect(data).toContainEqual({ object: 'contact', sharing: 'publicRead' });
    expect(data.length).toBe(crmBundle.objects.length);
  });
});

describe('sharing rules', () => {
  it('creates a rule by object API name, lists and deletes it', async () => {
    const role = await createRole('Rule role');
    const created = await call('POST', '/api/v1/admin/sharing-rules', {
      object: 'account',
      name: 'Tech accounts',
      criteria: { '==': [{ var: 'industry' }, 'technology'] },
      roleId: role,
    });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      object: 'account',
      name: 'Tech accounts',
      roleId: role,
      access: 'read',
      criteria: { '==': [{ var: 'industry' }, 'technology'] },
    });
    expect(await rows(`select "object_id", "access" from "${schema}"."_sharing_rule" where "id" = $1`, [rule.id])).toEqual([
      { object_id: 'obj_account', access: 'read' },
    ]);
    expect((await call('GET', '/api/v1/admin/sharing-rules?object=account')).json().data).toEqual([rule]);
    expect((await call('GET', '/api/v1/admin/sharing-rules?object=lead')).json().data).toEqual([]);
    expect((await call('DELETE', `/api/v1/admin/sharing-rules/${rule.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/admin/sharing-rules/${rule.id}`)).statusCode).toBe(404);
    expect(await rows(`select 1 from "${schema}"."_sharing_rule" where "id" = $1`, [rule.id])).toEqual([]);
  });

  it('refuses criteria that do not compile, unknown objects and roles', async () => {
    const unknownField = await call('POST', '/api/v1/admin/sharing-rules', {
      object: 'account',
      name: 'R',
      criteria: { '==': [{ var: 'region' }, 'East'] },
      roleId: BUILT_IN.companyRole,
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors[0]).toMatchObject({ code: 'INVALID_CRITERIA' });
    expect(unknownField.json().errors[0].path).toMatch(/^\/criteria/);
    const unknownOp = await call('POST', '/api/v1/admin/sharing-rules', {
      object: 'account',
      name: 'R',
      criteria: { map: [[1], { var: '' }] },
      roleId: BUILT_IN.companyRole,
    });
    expect(unknownOp.statusCode).toBe(400);
    const unknownObject = await call('POST', '/api/v1/admin/sharing-rules', { object: 'nope', name: 'R', criteria: true, roleId: BUILT_IN.companyRole });
    expect(unknownObject.json().errors[0]).toMatchObject({ path: '/object', code: 'UNKNOWN_OBJECT' });
    const unknownRole = await call('POST', '/api/v1/admin/sharing-rules', {
      object: 'account',
      name: 'R',
      criteria: true,
      roleId: '00000000-0000-7000-8000-0000000000ff',
    });
    expect(paths(unknownRole)).toEqual(['/roleId']);
    const shape = await call('POST', '/api/v1/admin/sharing-rules', { object: 'account', criteria: 'x', roleId: BUILT_IN.companyRole, access: 'all' });
    expect(paths(shape)).toEqual(expect.arrayContaining(['/name', '/criteria', '/access']));
    expect(await rows(`select 1 from "${schema}"."_sharing_rule" where "name" = 'R'`)).toEqual([]);
  });
});

describe('manual shares', () => {
  it('shares a record with a key or a role, lists and unshares it', async () => {
    const account = await tenant.request('POST', '/api/v1/data/account', { body: { name: 'Shared' } });
    const recordId = account.json().id;
    const key = await createApiKey(server.database.db, tenant.key, { role: 'integration' });
    const shared = await call('POST', '/api/v1/admin/shares', { object: 'account', recordId, granteeId: key.id, access: 'edit' });
    expect(shared.statusCode).toBe(201);
    expect(shared.json()).toEqual({ object: 'account', recordId, granteeId: key.id, granteeKind: 'user', access: 'edit' });
    const toRole = await call('POST', '/api/v1/admin/shares', { object: 'account', recordId, granteeId: BUILT_IN.companyRole, granteeKind: 'role' });
    expect(toRole.statusCode).toBe(201);
    const list = await call('GET', `/api/v1/admin/shares?object=account&recordId=${recordId}`);
    expect(
      list
        .json()
        .data.map((s: { granteeId: string; access: string }) => [s.granteeId, s.access])
        .sort(),
    ).toEqual(
      [
        [key.id, 'edit'],
        [BUILT_IN.companyRole, 'read'],
      ].sort(),
    );
    const byBody = await call('DELETE', '/api/v1/admin/shares', { object: 'account', recordId, granteeId: key.id });
    expect(byBody.statusCode).toBe(204);
    const byQuery = await call('DELETE', `/api/v1/admin/shares?object=account&recordId=${recordId}&granteeId=${BUILT_IN.companyRole}`);
    expect(byQuery.statusCode).toBe(204);
    expect(await rows(`select 1 from "${schema}"."_record_share" where "record_id" = $1`, [recordId])).toEqual([]);
    expect((await call('DELETE', '/api/v1/admin/shares', { object: 'account', recordId, granteeId: key.id })).statusCode).toBe(404);
  });

  it('refuses unknown records, grantees and objects', async () => {
    const recordId = (await tenant.request('POST', '/api/v1/data/account', { body: { name: 'Not shared' } })).json().id;
    const missing = await call('POST', '/api/v1/admin/shares', {
      object: 'account',
      recordId: '00000000-0000-7000-8000-0000000000ff',
      granteeId: BUILT_IN.companyRole,
      granteeKind: 'role',
    });
    expect(missing.json().errors[0]).toMatchObject({ path: '/recordId', code: 'UNKNOWN_RECORD' });
    const nobody = await call('POST', '/api/v1/admin/shares', { object: 'account', recordId, granteeId: '00000000-0000-7000-8000-0000000000ff' });
    expect(nobody.json().errors[0]).toMatchObject({ path: '/granteeId', code: 'UNKNOWN_GRANTEE' });
    const wrongObject = await call('POST', '/api/v1/admin/shares', { object: 'contact', recordId, granteeId: BUILT_IN.companyRole, granteeKind: 'role' });
    expect(wrongObject.json().errors[0]).toMatchObject({ path: '/recordId', code: 'UNKNOWN_RECORD' });
    const shape = await call('POST', '/api/v1/admin/shares', { object: 'account', recordId: 'x', granteeKind: 'team' });
    expect(paths(shape)).toEqual(expect.arrayContaining(['/recordId', '/granteeId', '/granteeKind']));
    const badQuery = await call('DELETE', '/api/v1/admin/shares?object=account&recordId=x');
    expect(badQuery.statusCode).toBe(400);
    expect(paths(badQuery)).toEqual(expect.arrayContaining(['/query/recordId', '/query/granteeId']));
    expect(await rows(`select 1 from "${schema}"."_record_share" where "record_id" = $1`, [recordId])).toEqual([]);
  });
});

describe('audit', () => {
  it('records every change as permission.change with the acting key', async () => {
    const before = await rows<{ n: number }>(`select count(*)::int as n from "${schema}"."_audit_log" where "event" = 'permission.change'`);
    await createRole('Audited');
    await call('PUT', '/api/v1/admin/objects/case/sharing', { sharing: 'publicRead' });
    const after = await rows<{ details: { change: string }; actor_id: string }>(
      `select "details", "actor_id" from "${schema}"."_audit_log" where "event" = 'permission.change' order by "id" desc limit 2`,
    );
    expect((await rows<{ n: number }>(`select count(*)::int as n from "${schema}"."_audit_log" where "event" = 'permission.change'`))[0]?.n).toBe(
      (before[0]?.n ?? 0) + 2,
    );
    expect(after.map((r) => r.details.change)).toEqual(['setSharingModel', 'createRole']);
    const [adminKey] = await rows<{ id: string }>(`select "id" from "atrium"."api_key" where "tenant_id" = $1 and "role" = 'admin'`, [
      tenant.fixture.tenant.id,
    ]);
    expect(after.every((r) => r.actor_id === adminKey?.id)).toBe(true);
  });
});
