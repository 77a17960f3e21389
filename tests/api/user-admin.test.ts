import { ALL_SYSTEM_PERMISSIONS, addMembership, createUser, listTenantMembers } from '@atrium/platform';
import { uniqueTenantKey } from '@atrium/platform/testing';
import { crmBundle } from '@atrium/seeds';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';
import { Caller, type RestResult } from '../support/callers.ts';

/*
 * Users and API keys administration, the tenant directory and the caller's permission summary,
 * over HTTP (issue 4 §1–2, issue 5): who may manage them, what each change does to sessions,
 * keys and sign-in at once, what the audit trail records, and that nothing of another tenant is
 * ever reached.
 *
 * Tenant A (CRM): Ada (admin user, signed in), Bob (member, no permissions), the admin key.
 * Tenant B (CRM): Bea (admin of B, also a member of A later), Zed (member of B only).
 */

const PASSWORD = 'correct horse battery';

let harness: ApiHarness;
let a: ApiTenant;
let b: ApiTenant;
let admin: Caller;
let plain: Caller;
let adminB: Caller;
const email = (name: string) => `${name}.${uniqueTenantKey('u')}@example.com`;
const people: Record<'ada' | 'bob' | 'bea' | 'zed', { id: string; email: string }> = {
  ada: { id: '', email: '' },
  bob: { id: '', email: '' },
  bea: { id: '', email: '' },
  zed: { id: '', email: '' },
};

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(address: string, tenant: string, password = PASSWORD, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return harness.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: address, password, tenant, ...extra } });
}

async function session(address: string, tenant: string, password = PASSWORD): Promise<Session> {
  const response = await signIn(address, tenant, password);
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: String(response.headers['set-cookie']).split(';')[0] as string, csrf: response.json().csrfToken };
}

async function asUser(s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<RestResult> {
  const response = await harness.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, headers: response.headers, body: response.body ? safeJson(response.body) : undefined, text: response.body };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function ok(response: Promise<RestResult>, status = 200): Promise<RestResult> {
  const result = await response;
  expect(result.status, result.text).toBe(status);
  return result;
}

/** A problem document without what differs per request, with the given ids replaced, for comparing refusals. */
function normalized(body: unknown, ...ids: string[]): string {
  const { requestId: _r, instance: _i, ...rest } = (body ?? {}) as Record<string, unknown>;
  let text = JSON.stringify(rest);
  for (const id of ids) text = text.split(id).join('<id>');
  return text;
}

async function auditOf(event: string): Promise<Array<{ actorId: string; credential: string; details: Record<string, unknown> }>> {
  return (await ok(admin.rest('GET', `/api/v1/audit?event=${event}&limit=1000`))).body.data;
}

beforeAll(async () => {
  harness = await startApi();
  a = await ApiTenant.create(harness, crmBundle, 'uadm');
  b = await ApiTenant.create(harness, crmBundle, 'uadmb');
  const { app, database } = harness;
  admin = await Caller.create(app, database.db, a.key, 'admin', 'A admin');
  plain = await Caller.create(app, database.db, a.key, 'integration', 'A plain');
  adminB = await Caller.create(app, database.db, b.key, 'admin', 'B admin');
  for (const [who, tenant, role] of [
    ['ada', a.key, 'admin'],
    ['bob', a.key, 'member'],
    ['bea', b.key, 'admin'],
    ['zed', b.key, 'member'],
  ] as const) {
    const address = email(who);
    const user = await createUser(database.db, { email: address, displayName: who[0]?.toUpperCase() + who.slice(1), password: PASSWORD });
    await addMembership(database.db, address, tenant, role);
    people[who] = { id: user.id, email: address };
  }
});

afterAll(async () => {
  await harness?.close();
});

describe('who may manage users and API keys', () => {
  it('refuses callers without manageUsers (keys and users alike) with FORBIDDEN', async () => {
    const bob = await session(people.bob.email, a.key);
    for (const [method, url, body] of [
      ['GET', '/api/v1/admin/users', undefined],
      ['POST', '/api/v1/admin/users', { email: 'x@example.com', password: PASSWORD }],
      ['PATCH', `/api/v1/admin/users/${people.ada.id}`, { displayName: 'Nope' }],
      ['POST', `/api/v1/admin/users/${people.ada.id}/deactivate`, undefined],
      ['DELETE', `/api/v1/admin/users/${people.ada.id}`, undefined],
      ['GET', '/api/v1/admin/api-keys', undefined],
      ['POST', '/api/v1/admin/api-keys', { name: 'sneaky' }],
      ['POST', `/api/v1/admin/api-keys/${admin.id}/revoke`, undefined],
    ] as const) {
      const byKey = await plain.rest(method, url, body);
      expect(byKey.status, `${method} ${url}`).toBe(403);
      expect(byKey.body.code).toBe('FORBIDDEN');
      const byUser = await asUser(bob, method, url, body);
      expect(byUser.status, `${method} ${url}`).toBe(403);
    }
    // Nothing happened: Ada is still an active admin, and the admin key still works.
    const ada = (await ok(admin.rest('GET', `/api/v1/admin/users/${people.ada.id}`))).body;
    expect(ada).toMatchObject({ displayName: 'Ada', status: 'active', admin: true });
  });

  it('lets a permission set with manageUsers in, and only while it is assigned', async () => {
    const set = (await ok(admin.rest('POST', '/api/v1/admin/permission-sets', { name: 'User managers', system: ['manageUsers'] }), 201)).body.id;
    await ok(admin.rest('PATCH', `/api/v1/admin/api-keys/${plain.id}`, { permissionSetIds: [set] }));
    expect((await plain.rest('GET', '/api/v1/admin/users')).status).toBe(200);
    await ok(admin.rest('PATCH', `/api/v1/admin/api-keys/${plain.id}`, { permissionSetIds: [] }));
    expect((await plain.rest('GET', '/api/v1/admin/users')).status).toBe(403);
  });
});

describe('users', () => {
  it('lists the tenant’s members with their role, sets, status and last sign-in, and only them', async () => {
    await session(people.ada.email, a.key);
    const list = (await ok(admin.rest('GET', '/api/v1/admin/users?limit=100'))).body;
    const emails = list.data.map((m: { email: string }) => m.email);
    expect(emails).toContain(people.ada.email);
    expect(emails).toContain(people.bob.email);
    expect(emails).not.toContain(people.zed.email);
    expect(list.total).toBe(list.data.length);
    const ada = list.data.find((m: { email: string }) => m.email === people.ada.email);
    expect(ada).toEqual({
      id: people.ada.id,
      email: people.ada.email,
      displayName: 'Ada',
      admin: true,
      role: { id: '00000000-0000-7000-8000-000000000001', name: 'Company' },
      permissionSetIds: ['00000000-0000-7000-8000-000000000002'],
      status: 'active',
      deactivatedAt: null,
      lastSignInAt: expect.any(String),
      createdAt: expect.any(String),
      mustChangePassword: false,
      lockedUntil: null,
    });
    const searched = (await ok(admin.rest('GET', '/api/v1/admin/users?search=BOB'))).body.data;
    expect(searched.map((m: { id: string }) => m.id)).toEqual([people.bob.id]);
  });

  it('adds a new user with a temporary password that the first sign-in must replace', async () => {
    const address = email('cleo');
    const added = await ok(admin.rest('POST', '/api/v1/admin/users', { email: address.toUpperCase(), displayName: 'Cleo', password: 'temporary pass 1' }), 201);
    expect(added.body).toMatchObject({ email: address, displayName: 'Cleo', admin: false, status: 'active', mustChangePassword: true, created: true });
    expect(added.headers.location).toBe(`/api/v1/admin/users/${added.body.id}`);
    const first = await signIn(address, a.key, 'temporary pass 1');
    expect(first.statusCode).toBe(403);
    expect(first.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', errors: [{ path: '/newPassword', code: 'REQUIRED' }] });
    expect(first.headers['set-cookie']).toBeUndefined();
    const same = await signIn(address, a.key, 'temporary pass 1', { newPassword: 'temporary pass 1' });
    expect(same.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/newPassword', code: 'SAME_PASSWORD' }] });
    const weak = await signIn(address, a.key, 'temporary pass 1', { newPassword: 'short' });
    expect(weak.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/newPassword', code: 'WEAK_PASSWORD' }] });
    const changed = await signIn(address, a.key, 'temporary pass 1', { newPassword: 'cleo chose this one' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await signIn(address, a.key, 'temporary pass 1')).statusCode).toBe(401);
    expect((await signIn(address, a.key, 'cleo chose this one')).statusCode).toBe(200);
    const cleo = (await ok(admin.rest('GET', `/api/v1/admin/users/${added.body.id}`))).body;
    expect(cleo).toMatchObject({ mustChangePassword: false, lastSignInAt: expect.any(String) });
    const audit = await auditOf('user.change');
    expect(audit).toContainEqual(
      expect.objectContaining({
        actorId: admin.id,
        credential: `apiKey:${admin.id}`,
        details: expect.objectContaining({ change: 'add', userId: cleo.id, created: true }),
      }),
    );
  });

  it('adds an existing user by email without touching their password or name, once', async () => {
    const added = await ok(admin.rest('POST', '/api/v1/admin/users', { email: people.bea.email, displayName: 'Renamed?', password: 'ignored password' }), 201);
    expect(added.body).toMatchObject({ id: people.bea.id, displayName: 'Bea', created: false, mustChangePassword: false });
    expect((await signIn(people.bea.email, a.key)).statusCode).toBe(200);
    const again = await admin.rest('POST', '/api/v1/admin/users', { email: people.bea.email });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ path: '/email', code: 'ALREADY_MEMBER' }] });
  });

  it('checks bodies and queries against their schemas', async () => {
    const cases: Array<[string, string, unknown, string, string]> = [
      ['POST', '/api/v1/admin/users', { email: 'not an email', password: PASSWORD }, '/email', 'INVALID_EMAIL'],
      ['POST', '/api/v1/admin/users', { email: email('x'), password: PASSWORD, colour: 'red' }, '/colour', 'UNKNOWN_MEMBER'],
      ['POST', '/api/v1/admin/users', { email: email('x') }, '/password', 'REQUIRED'],
      ['POST', '/api/v1/admin/users', { email: email('x'), password: 'short' }, '/password', 'WEAK_PASSWORD'],
      ['POST', '/api/v1/admin/users', { email: email('x'), password: PASSWORD, roleId: '00000000-0000-7000-8000-00000000abcd' }, '/roleId', 'UNKNOWN_ROLE'],
      [
        'POST',
        '/api/v1/admin/users',
        { email: email('x'), password: PASSWORD, permissionSetIds: ['00000000-0000-7000-8000-00000000abcd'] },
        '/permissionSetIds/0',
        'UNKNOWN_PERMISSION_SET',
      ],
      ['POST', '/api/v1/admin/users', { email: email('x'), password: PASSWORD, admin: 'yes' }, '/admin', 'INVALID_TYPE'],
      ['PATCH', `/api/v1/admin/users/${people.bob.id}`, { displayName: '   ' }, '/displayName', 'REQUIRED'],
      ['PATCH', `/api/v1/admin/users/${people.bob.id}`, { roleId: 'nope' }, '/roleId', 'INVALID_VALUE'],
      ['GET', '/api/v1/admin/users?limit=0', undefined, '/query/limit', 'OUT_OF_RANGE'],
      ['GET', '/api/v1/admin/users?status=gone', undefined, '/query/status', 'INVALID_VALUE'],
      ['GET', '/api/v1/admin/users?sort=name', undefined, '/query/sort', 'UNKNOWN_PARAMETER'],
      ['POST', '/api/v1/admin/api-keys', {}, '/name', 'REQUIRED'],
      ['POST', '/api/v1/admin/api-keys', { name: 'k', admin: 1 }, '/admin', 'INVALID_TYPE'],
      ['GET', '/api/v1/users?limit=500', undefined, '/query/limit', 'OUT_OF_RANGE'],
      ['GET', '/api/v1/users?ids=nope', undefined, '/query/ids', 'INVALID_VALUE'],
    ];
    for (const [method, url, body, path, code] of cases) {
      const result = await admin.rest(method as 'GET', url, body);
      expect(result.status, `${method} ${url} ${JSON.stringify(body)}: ${result.text}`).toBe(400);
      expect(result.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(result.body.code).toBe('VALIDATION_FAILED');
      expect(result.body.errors, result.text).toContainEqual(expect.objectContaining({ path, code }));
    }
  });

  it('changes name, admin flag, role and permission sets, audited and visible to the access API', async () => {
    const address = email('dan');
    const dan = (await ok(admin.rest('POST', '/api/v1/admin/users', { email: address, displayName: 'Dan', password: PASSWORD }), 201)).body;
    const role = (await ok(admin.rest('POST', '/api/v1/admin/roles', { name: `Support ${uniqueTenantKey('r')}` }), 201)).body;
    const set = (
      await ok(admin.rest('POST', '/api/v1/admin/permission-sets', { name: `Support ${uniqueTenantKey('s')}`, objects: { case: { read: true } } }), 201)
    ).body;
    const changed = (await ok(admin.rest('PATCH', `/api/v1/admin/users/${dan.id}`, { displayName: 'Daniel', roleId: role.id, permissionSetIds: [set.id] })))
      .body;
    expect(changed).toMatchObject({ displayName: 'Daniel', role: { id: role.id, name: role.name }, permissionSetIds: [set.id], admin: false });
    expect((await ok(admin.rest('GET', `/api/v1/admin/principals/${dan.id}`))).body).toEqual({ id: dan.id, roleId: role.id, permissionSetIds: [set.id] });
    // Admin: the Administrator set joins the others; no longer admin: it leaves again.
    const promoted = (await ok(admin.rest('PATCH', `/api/v1/admin/users/${dan.id}`, { admin: true }))).body;
    expect(promoted.admin).toBe(true);
    expect(promoted.permissionSetIds.sort()).toEqual([set.id, '00000000-0000-7000-8000-000000000002'].sort());
    const demoted = (await ok(admin.rest('PATCH', `/api/v1/admin/users/${dan.id}`, { admin: false, roleId: null }))).body;
    expect(demoted).toMatchObject({ admin: false, role: null, permissionSetIds: [set.id] });
    const permissionChanges = (await auditOf('permission.change')).filter((e) => e.details.userId === dan.id || e.details.principalId === dan.id);
    expect(permissionChanges.map((e) => e.details.change)).toEqual(
      expect.arrayContaining(['assignRole', 'assignPermissionSet', 'unassignPermissionSet', 'unassignRole']),
    );
    const userChanges = (await auditOf('user.change')).filter((e) => e.details.userId === dan.id && e.details.change === 'update');
    expect(userChanges.map((e) => e.details.changes)).toContainEqual({ displayName: { from: 'Dan', to: 'Daniel' } });
    expect(userChanges.map((e) => e.details.changes)).toContainEqual({ admin: { from: false, to: true } });
  });

  it('leaves the name and password of users who belong to other tenants to them', async () => {
    const rename = await admin.rest('PATCH', `/api/v1/admin/users/${people.bea.id}`, { displayName: 'Not Bea' });
    expect(rename.status).toBe(403);
    expect(rename.body.errors).toEqual([expect.objectContaining({ path: '/displayName', code: 'USER_IN_OTHER_TENANTS' })]);
    const reset = await admin.rest('POST', `/api/v1/admin/users/${people.bea.id}/password`, { password: 'taken over password' });
    expect(reset.status).toBe(403);
    expect((await signIn(people.bea.email, b.key)).statusCode).toBe(200);
  });

  it('resets a password: sessions end, the temporary password must be replaced', async () => {
    const address = email('eve');
    const eve = (await ok(admin.rest('POST', '/api/v1/admin/users', { email: address, password: 'first temporary' }), 201)).body;
    await signIn(address, a.key, 'first temporary', { newPassword: 'eve own password' });
    const live = await session(address, a.key, 'eve own password');
    expect((await asUser(live, 'GET', '/api/v1/users')).status).toBe(200);
    const reset = (await ok(admin.rest('POST', `/api/v1/admin/users/${eve.id}/password`, { password: 'second temporary' }))).body;
    expect(reset.mustChangePassword).toBe(true);
    expect((await asUser(live, 'GET', '/api/v1/users')).status).toBe(401);
    expect((await signIn(address, a.key, 'eve own password')).statusCode).toBe(401);
    expect((await signIn(address, a.key, 'second temporary')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('deactivates a member: their session dies at once, sign-in is refused, until reactivated', async () => {
    const bob = await session(people.bob.email, a.key);
    expect((await asUser(bob, 'GET', '/api/v1/auth/me')).status).toBe(200);
    const deactivated = (await ok(admin.rest('POST', `/api/v1/admin/users/${people.bob.id}/deactivate`))).body;
    expect(deactivated).toMatchObject({ status: 'deactivated', deactivatedAt: expect.any(String) });
    // The very next request with the session is refused: no waiting for the cache.
    expect((await asUser(bob, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await asUser(bob, 'GET', '/api/v1/data/account')).status).toBe(401);
    const refused = await signIn(people.bob.email, a.key);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    // Not listed in the directory or as active, listed as deactivated.
    const directory = (await ok(admin.rest('GET', '/api/v1/users?limit=100'))).body.data.map((u: { id: string }) => u.id);
    expect(directory).not.toContain(people.bob.id);
    const inactive = (await ok(admin.rest('GET', '/api/v1/admin/users?status=deactivated'))).body.data.map((u: { id: string }) => u.id);
    expect(inactive).toContain(people.bob.id);
    // The command line's `atrium user list` says so too.
    const listed = (await listTenantMembers(harness.database.db, a.key)).find((m) => m.id === people.bob.id);
    expect(listed?.deactivatedAt).toBe(deactivated.deactivatedAt);
    // Deactivating again changes nothing.
    expect((await ok(admin.rest('POST', `/api/v1/admin/users/${people.bob.id}/deactivate`))).body.deactivatedAt).toBe(deactivated.deactivatedAt);
    const reactivated = (await ok(admin.rest('POST', `/api/v1/admin/users/${people.bob.id}/reactivate`))).body;
    expect(reactivated).toMatchObject({ status: 'active', deactivatedAt: null });
    expect((await signIn(people.bob.email, a.key)).statusCode).toBe(200);
    const changes = (await auditOf('user.change')).filter((e) => e.details.userId === people.bob.id).map((e) => e.details.change);
    expect(changes).toEqual(expect.arrayContaining(['deactivate', 'reactivate']));
    expect(changes.filter((c) => c === 'deactivate')).toHaveLength(1);
    const failed = (await auditOf('auth.signInFailed')).filter((e) => e.details.email === people.bob.email);
    expect(failed).toContainEqual(expect.objectContaining({ details: expect.objectContaining({ reason: 'notMember' }) }));
  });

  it('keeps an admin: no deactivating or removing yourself, no demoting the last admin', async () => {
    const ada = await session(people.ada.email, a.key);
    const self = await asUser(ada, 'POST', `/api/v1/admin/users/${people.ada.id}/deactivate`);
    expect(self.status).toBe(403);
    expect(self.body.errors).toEqual([expect.objectContaining({ code: 'SELF' })]);
    expect((await asUser(ada, 'DELETE', `/api/v1/admin/users/${people.ada.id}`)).body.errors).toEqual([expect.objectContaining({ code: 'SELF' })]);
    // Ada is A's only admin (Dan was demoted again).
    const admins = (await ok(admin.rest('GET', '/api/v1/admin/users?limit=1000'))).body.data.filter(
      (m: { admin: boolean; status: string }) => m.admin && m.status === 'active',
    );
    expect(admins.map((m: { id: string }) => m.id)).toEqual([people.ada.id]);
    for (const attempt of [
      admin.rest('PATCH', `/api/v1/admin/users/${people.ada.id}`, { admin: false }),
      admin.rest('POST', `/api/v1/admin/users/${people.ada.id}/deactivate`),
      admin.rest('DELETE', `/api/v1/admin/users/${people.ada.id}`),
    ]) {
      const result = await attempt;
      expect(result.status, result.text).toBe(403);
      expect(result.body.errors).toEqual([expect.objectContaining({ code: 'LAST_ADMIN' })]);
    }
    expect((await asUser(ada, 'GET', '/api/v1/admin/users')).status).toBe(200);
  });

  it('removes a member: sessions end, role and sets are forgotten, the user and their other tenants stay', async () => {
    const address = email('fay');
    const fay = (await ok(admin.rest('POST', '/api/v1/admin/users', { email: address, password: 'fay temporary', permissionSetIds: [] }), 201)).body;
    await signIn(address, a.key, 'fay temporary', { newPassword: 'fay own password' });
    const set = (await ok(admin.rest('POST', '/api/v1/admin/permission-sets', { name: `Fay ${uniqueTenantKey('s')}` }), 201)).body;
    await ok(admin.rest('PATCH', `/api/v1/admin/users/${fay.id}`, { permissionSetIds: [set.id], roleId: '00000000-0000-7000-8000-000000000001' }));
    const live = await session(address, a.key, 'fay own password');
    expect((await ok(admin.rest('DELETE', `/api/v1/admin/users/${fay.id}`), 204)).text).toBe('');
    expect((await asUser(live, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await admin.rest('GET', `/api/v1/admin/users/${fay.id}`)).status).toBe(404);
    expect((await ok(admin.rest('GET', `/api/v1/admin/principals/${people.ada.id}`))).status).toBe(200);
    expect((await admin.rest('GET', `/api/v1/admin/principals/${fay.id}`)).status).toBe(404);
    expect((await signIn(address, a.key, 'fay own password')).statusCode).toBe(403);
    // Added again, they start without the old role and sets.
    const back = (await ok(admin.rest('POST', '/api/v1/admin/users', { email: address }), 201)).body;
    expect(back).toMatchObject({ id: fay.id, created: false, role: null, permissionSetIds: [] });
    expect((await auditOf('user.change')).filter((e) => e.details.userId === fay.id).map((e) => e.details.change)).toEqual(['add', 'remove', 'add']);
    // The removal took the set and the role away, recorded as permission changes.
    const forgotten = (await auditOf('permission.change')).filter((e) => e.details.userId === fay.id || e.details.principalId === fay.id);
    expect(forgotten.map((e) => e.details.change)).toEqual(expect.arrayContaining(['unassignPermissionSet', 'unassignRole']));
  });
});

describe('API keys', () => {
  it('creates a key whose token is shown once, lists it without the token, and revokes it at once', async () => {
    const created = await ok(admin.rest('POST', '/api/v1/admin/api-keys', { name: 'ERP sync' }), 201);
    const key = created.body;
    expect(key).toMatchObject({
      name: 'ERP sync',
      admin: false,
      role: null,
      permissionSetIds: [],
      status: 'active',
      createdBy: { id: admin.id, name: 'A admin' },
      revokedAt: null,
      token: expect.stringMatching(/^atr_/),
    });
    expect(key.token.startsWith(key.tokenPrefix)).toBe(true);
    expect(created.headers['cache-control']).toBe('no-store');
    const erp = new Caller(harness.app, key.token, key.id, 'ERP');
    const me = (await ok(erp.rest('GET', '/api/v1/auth/me'))).body;
    expect(me).toMatchObject({ kind: 'apiKey', apiKey: { id: key.id }, permissions: { all: false, system: [], objects: {} } });
    const list = (await ok(admin.rest('GET', '/api/v1/admin/api-keys'))).body.data;
    expect(list.map((k: { id: string }) => k.id)).toContain(key.id);
    expect(JSON.stringify(list)).not.toContain(key.token);
    expect((await ok(admin.rest('GET', `/api/v1/admin/api-keys/${key.id}`))).body).not.toHaveProperty('token');
    const revoked = (await ok(admin.rest('POST', `/api/v1/admin/api-keys/${key.id}/revoke`))).body;
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    // At once: the very next request with it.
    const after = await erp.rest('GET', '/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    expect((await ok(admin.rest('GET', '/api/v1/admin/api-keys?status=active'))).body.data.map((k: { id: string }) => k.id)).not.toContain(key.id);
    expect((await ok(admin.rest('GET', '/api/v1/admin/api-keys?status=revoked'))).body.data.map((k: { id: string }) => k.id)).toContain(key.id);
    const audit = (await auditOf('apiKey.change')).filter((e) => e.details.keyId === key.id).map((e) => e.details.change);
    expect(audit.sort()).toEqual(['create', 'revoke']);
  });

  it('gives a key a role and permission sets at creation and later', async () => {
    const set = (
      await ok(admin.rest('POST', '/api/v1/admin/permission-sets', { name: `Readers ${uniqueTenantKey('s')}`, objects: { account: { read: true } } }), 201)
    ).body;
    const key = (
      await ok(
        admin.rest('POST', '/api/v1/admin/api-keys', { name: 'Reader', roleId: '00000000-0000-7000-8000-000000000001', permissionSetIds: [set.id] }),
        201,
      )
    ).body;
    expect(key).toMatchObject({ role: { id: '00000000-0000-7000-8000-000000000001', name: 'Company' }, permissionSetIds: [set.id] });
    const reader = new Caller(harness.app, key.token, key.id, 'Reader');
    expect((await reader.rest('GET', '/api/v1/data/account?limit=1')).status).toBe(200);
    const renamed = (await ok(admin.rest('PATCH', `/api/v1/admin/api-keys/${key.id}`, { name: 'Reader (old)', permissionSetIds: [] }))).body;
    expect(renamed).toMatchObject({ name: 'Reader (old)', permissionSetIds: [] });
    expect((await reader.rest('GET', '/api/v1/data/account?limit=1')).status).toBe(403);
    const admins = (await ok(admin.rest('POST', '/api/v1/admin/api-keys', { name: 'Ops admin', admin: true }), 201)).body;
    expect(admins.admin).toBe(true);
    const ops = new Caller(harness.app, admins.token, admins.id, 'Ops');
    expect((await ok(ops.rest('GET', '/api/v1/auth/me'))).body.permissions.all).toBe(true);
  });
});

describe('another tenant’s users and keys', () => {
  it('answers their ids exactly like unknown ids (404), for every route', async () => {
    const unknown = '00000000-0000-7000-8000-00000000dead';
    const foreignKey = adminB.id;
    for (const [method, path, body] of [
      ['GET', '/api/v1/admin/users/{id}', undefined],
      ['PATCH', '/api/v1/admin/users/{id}', { roleId: null }],
      ['POST', '/api/v1/admin/users/{id}/deactivate', undefined],
      ['POST', '/api/v1/admin/users/{id}/reactivate', undefined],
      ['POST', '/api/v1/admin/users/{id}/password', { password: 'take over please' }],
      ['DELETE', '/api/v1/admin/users/{id}', undefined],
    ] as const) {
      const foreign = await admin.rest(method, path.replace('{id}', people.zed.id), body);
      const none = await admin.rest(method, path.replace('{id}', unknown), body);
      expect(foreign.status, `${method} ${path}`).toBe(404);
      expect(normalized(foreign.body, people.zed.id)).toBe(normalized(none.body, unknown));
    }
    for (const [method, path, body] of [
      ['GET', '/api/v1/admin/api-keys/{id}', undefined],
      ['PATCH', '/api/v1/admin/api-keys/{id}', { name: 'mine now' }],
      ['POST', '/api/v1/admin/api-keys/{id}/revoke', undefined],
    ] as const) {
      const foreign = await admin.rest(method, path.replace('{id}', foreignKey), body);
      const none = await admin.rest(method, path.replace('{id}', unknown), body);
      expect(foreign.status, `${method} ${path}`).toBe(404);
      expect(normalized(foreign.body, foreignKey)).toBe(normalized(none.body, unknown));
    }
    // B's key still works and Zed still signs in to B.
    expect((await adminB.rest('GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await signIn(people.zed.email, b.key)).statusCode).toBe(200);
  });

  it('never shows them in the directory, by search, by id or by list of ids', async () => {
    const bob = await session(people.bob.email, a.key);
    const everyone = (await ok(asUser(bob, 'GET', '/api/v1/users?limit=100'))).body.data;
    expect(everyone.map((u: { id: string }) => u.id)).toContain(people.ada.id);
    expect(everyone.map((u: { id: string }) => u.id)).not.toContain(people.zed.id);
    expect(everyone[0]).toEqual({ id: expect.any(String), displayName: expect.any(String), email: expect.any(String), kind: 'user', active: true });
    expect((await ok(asUser(bob, 'GET', '/api/v1/users?search=zed'))).body.data).toEqual([]);
    expect((await ok(asUser(bob, 'GET', `/api/v1/users?search=${encodeURIComponent(people.zed.email)}`))).body.data).toEqual([]);
    const byId = await asUser(bob, 'GET', `/api/v1/users/${people.zed.id}`);
    expect(byId.status).toBe(404);
    expect((await asUser(bob, 'GET', `/api/v1/users/${adminB.id}`)).status).toBe(404);
    const ids = (await ok(asUser(bob, 'GET', `/api/v1/users?ids=${people.zed.id},${people.ada.id},${adminB.id},${admin.id}`))).body.data;
    expect(ids).toEqual([
      { id: people.ada.id, displayName: 'Ada', email: people.ada.email, kind: 'user', active: true },
      { id: admin.id, displayName: 'A admin', email: null, kind: 'apiKey', active: true },
    ]);
    // Bea belongs to both: B's directory lists her, and Ada only in A's.
    const fromB = (await ok(adminB.rest('GET', '/api/v1/users?limit=100'))).body.data.map((u: { id: string }) => u.id);
    expect(fromB).toContain(people.bea.id);
    expect(fromB).not.toContain(people.ada.id);
    // `%` and `_` are taken literally.
    expect((await ok(asUser(bob, 'GET', '/api/v1/users?search=%25'))).body.data).toEqual([]);
  });
});

describe('the caller’s permission summary on /auth/me', () => {
  it('says everything for admins', async () => {
    const me = (await ok(admin.rest('GET', '/api/v1/auth/me'))).body;
    expect(me.permissions.all).toBe(true);
    expect(me.permissions.system).toEqual([...ALL_SYSTEM_PERMISSIONS]);
    expect(me.permissions.objects.account).toMatchObject({ create: true, read: true, update: true, delete: true, viewAll: true, modifyAll: true });
    expect(me.permissions.objects.account.fields).toMatchObject({ name: 'edit', annualRevenue: 'edit' });
    const ada = await session(people.ada.email, a.key);
    expect((await ok(asUser(ada, 'GET', '/api/v1/auth/me'))).body.permissions.all).toBe(true);
  });

  it('matches what the API allows for a restricted permission set', async () => {
    const set = (
      await ok(
        admin.rest('POST', '/api/v1/admin/permission-sets', {
          name: `Restricted ${uniqueTenantKey('s')}`,
          objects: { account: { read: true, update: true }, opportunity: { read: true } },
          fields: { account: { name: 'edit', industry: 'read', revenuePerEmployee: 'edit' }, opportunity: { '*': 'edit' } },
          system: ['export'],
        }),
        201,
      )
    ).body;
    const address = email('gus');
    const gus = (await ok(admin.rest('POST', '/api/v1/admin/users', { email: address, password: 'gus temporary', permissionSetIds: [set.id] }), 201)).body;
    const signedIn = await signIn(address, a.key, 'gus temporary', { newPassword: 'gus own password' });
    // Sign-in answers the summary too.
    expect(signedIn.json().permissions.objects.account.fields).toEqual({ name: 'edit', industry: 'read', revenuePerEmployee: 'read' });
    const s = { cookie: String(signedIn.headers['set-cookie']).split(';')[0] as string, csrf: signedIn.json().csrfToken };
    const { permissions } = (await ok(asUser(s, 'GET', '/api/v1/auth/me'))).body;
    expect(permissions.all).toBe(false);
    expect(permissions.system).toEqual(['export']);
    expect(Object.keys(permissions.objects).sort()).toEqual(['account', 'opportunity']);
    expect(permissions.objects.account).toEqual({
      create: false,
      read: true,
      update: true,
      delete: false,
      viewAll: false,
      modifyAll: false,
      // A formula is never written, whatever the grant; hidden fields are absent.
      fields: { name: 'edit', industry: 'read', revenuePerEmployee: 'read' },
    });
    // Opportunities: read only, so every field is `read` although the grant says edit.
    expect(Object.values(permissions.objects.opportunity.fields)).not.toContain('edit');
    expect(Object.keys(permissions.objects.opportunity.fields)).toContain('amount');

    // And the API agrees, field by field and action by action.
    const account = (await ok(admin.rest('POST', '/api/v1/data/account', { name: 'Summary Co', industry: 'technology', ownerId: gus.id }), 201)).body;
    const list = (await ok(asUser(s, 'GET', '/api/v1/data/account?limit=200'))).body.data;
    const mine = list.find((r: { id: string }) => r.id === account.id);
    expect(
      Object.keys(mine)
        .filter((k) => !['id', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'version'].includes(k))
        .sort(),
    ).toEqual(Object.keys(permissions.objects.account.fields).sort());
    expect((await asUser(s, 'PATCH', `/api/v1/data/account/${account.id}`, { name: 'Summary Co 2' })).status).toBe(200);
    const industry = await asUser(s, 'PATCH', `/api/v1/data/account/${account.id}`, { industry: 'retail' });
    expect(industry.status).toBe(403);
    expect(industry.body.errors[0].code).toBe('FIELD_NOT_EDITABLE');
    expect((await asUser(s, 'GET', '/api/v1/data/account?sort=annualRevenue')).status).toBe(403);
    expect((await asUser(s, 'POST', '/api/v1/data/account', { name: 'Not allowed' })).status).toBe(403);
    expect((await asUser(s, 'DELETE', `/api/v1/data/account/${account.id}`)).status).toBe(403);
    expect((await asUser(s, 'GET', '/api/v1/data/contact')).status).toBe(403);
    expect((await asUser(s, 'GET', '/api/v1/admin/users')).status).toBe(403);

    // A change of their sets shows in the very next summary.
    await ok(admin.rest('PATCH', `/api/v1/admin/users/${gus.id}`, { permissionSetIds: [] }));
    const after = (await ok(asUser(s, 'GET', '/api/v1/auth/me'))).body.permissions;
    expect(after).toEqual({ all: false, system: [], objects: {} });
  });
});
