import { addMembership, createApiKey, createTenant, createUser, type Database, installBundle } from '@atrium/platform';
import { openTestDatabase, uniqueTenantKey } from '@atrium/platform/testing';
import { crmBundle } from '@atrium/seeds';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialCache, createCredentialCache } from '../../auth/credential-cache.ts';
import type { IdentityOptions } from '../../auth/identity-config.ts';
import { TenantRegistry } from '../../tenancy/tenant-registry.ts';
import { buildServer } from '../build-server.ts';

const PASSWORD = 'correct horse battery';
const UNLIMITED = { perCredential: 0, perTenant: 0, signInPerEmail: 0, signInPerIp: 0 };

let database: Database;
let credentials: CredentialCache;
let registry: TenantRegistry;
const apps: FastifyInstance[] = [];
let app: FastifyInstance;
/** Tenant a has the CRM objects; b is empty; the user belongs to a and b, not c. */
let a: string;
let b: string;
let c: string;
let email: string;

async function server(identity: IdentityOptions): Promise<FastifyInstance> {
  const built = await buildServer({ database, registry, credentials, identity });
  await built.ready();
  apps.push(built);
  return built;
}

beforeAll(async () => {
  database = await openTestDatabase(10);
  credentials = await createCredentialCache({ db: database.db, pool: database.pool });
  registry = new TenantRegistry({ database });
  await registry.listen();
  app = await server({ rateLimits: UNLIMITED, lockout: { maxAttempts: 3, windowMs: 60_000, lockMs: 60_000 } });
  [a, b, c] = [uniqueTenantKey('auth'), uniqueTenantKey('auth'), uniqueTenantKey('auth')];
  for (const key of [a, b, c]) await createTenant(database.db, { key });
  await installBundle(database.db, a, crmBundle, 'test');
  email = `${uniqueTenantKey('ada')}@example.com`;
  await createUser(database.db, { email, displayName: 'Ada', password: PASSWORD });
  await addMembership(database.db, email, a, 'admin');
  await addMembership(database.db, email, b, 'member');
});
afterAll(async () => {
  for (const built of apps) await built.close();
  await registry.close();
  await credentials.close();
  await database.close();
});

interface Session {
  cookie: string;
  csrf: string;
  response: LightMyRequestResponse;
}

async function signIn(user = email, password = PASSWORD, tenant: string | null = a, on = app, headers: Record<string, string> = {}): Promise<Session> {
  const response = await on.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers, payload: { email: user, password, ...(tenant ? { tenant } : {}) } });
  const setCookie = String(response.headers['set-cookie'] ?? '');
  return { cookie: setCookie.split(';')[0] ?? '', csrf: response.statusCode === 200 ? response.json().csrfToken : '', response };
}

function call(
  session: Pick<Session, 'cookie'> & { csrf?: string },
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
  on = app,
) {
  return on.inject({
    method,
    url,
    headers: { cookie: session.cookie, ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

const gql = (session: Pick<Session, 'cookie'> & { csrf?: string }, query: string, headers: Record<string, string> = {}, on = app) =>
  call(session, 'POST', '/graphql', { query }, headers, on);

/** A problem document without what differs between two requests. */
function problem(response: LightMyRequestResponse) {
  const { requestId: _requestId, ...rest } = response.json();
  return { status: response.statusCode, body: rest };
}

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and answers the user, the tenant and a CSRF token', async () => {
    const { response, cookie, csrf } = await signIn();
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^atrium_session=ats_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/); // no Secure on http://localhost
    expect(cookie).toMatch(/^atrium_session=/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toMatchObject({
      user: { email, displayName: 'Ada' },
      tenant: { key: a },
      role: 'admin',
      memberships: expect.arrayContaining([
        { tenant: a, name: a, role: 'admin' },
        { tenant: b, name: b, role: 'member' },
      ]),
    });
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('marks the cookie Secure unless the request came over plain http to a loopback host', async () => {
    const remote = await signIn(email, PASSWORD, a, app, { host: 'crm.example.com' });
    expect(String(remote.response.headers['set-cookie'])).toMatch(/; Secure$/);
    const loopback = await signIn(email, PASSWORD, a, app, { host: '127.0.0.1:3000' });
    expect(String(loopback.response.headers['set-cookie'])).not.toContain('Secure');
    const always = await server({ rateLimits: UNLIMITED, secureCookies: 'always' });
    expect(String((await signIn(email, PASSWORD, a, always)).response.headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('answers a wrong password and an unknown email alike, with 401', async () => {
    const wrong = await signIn(email, 'not the password');
    const unknown = await signIn(`nobody-${Date.now()}@example.com`, PASSWORD);
    expect(wrong.response.statusCode).toBe(401);
    expect(wrong.response.headers['set-cookie']).toBeUndefined();
    expect(problem(wrong.response)).toEqual(problem(unknown.response));
    expect(problem(wrong.response).body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('needs an explicit tenant from a user of several, and only one they belong to', async () => {
    const none = await signIn(email, PASSWORD, null);
    expect(none.response.statusCode).toBe(400);
    expect(none.response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/tenant' }] });
    const notMine = await signIn(email, PASSWORD, c);
    expect(notMine.response.statusCode).toBe(403);
    expect(notMine.response.json()).toMatchObject({ code: 'FORBIDDEN' });
    // A user of one tenant needs not name it.
    const solo = `${uniqueTenantKey('solo')}@example.com`;
    await createUser(database.db, { email: solo, password: PASSWORD });
    await addMembership(database.db, solo, b);
    const single = await signIn(solo, PASSWORD, null);
    expect(single.response.statusCode).toBe(200);
    expect(single.response.json()).toMatchObject({ tenant: { key: b }, role: 'member' });
  });

  it('refuses a body without email or password with 400', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/password' }] });
  });
});

describe('a session', () => {
  it('answers GET /api/v1/auth/me with the user, active tenant, memberships and CSRF token', async () => {
    const session = await signIn();
    const me = await call(session, 'GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'user', user: { email, displayName: 'Ada' }, tenant: { key: a }, role: 'admin', csrfToken: session.csrf });
    expect(me.json().memberships).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('acts in its active tenant: GraphQL and REST work with the cookie, as the user', async () => {
    const session = await signIn();
    const out = await gql(session, 'mutation { createAccount(input: {name: "By cookie"}) { id } }');
    expect(out.statusCode).toBe(200);
    expect(out.json().errors, JSON.stringify(out.json())).toBeUndefined();
    const list = await call(session, 'GET', `/api/v1/data/account?filter=${encodeURIComponent('{"name":{"eq":"By cookie"}}')}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((r: { name: string }) => r.name)).toEqual(['By cookie']);
    const { rows } = await database.pool.query(`select created_by, owner_id from "t_${a}"."account" where name = 'By cookie'`);
    const userId = session.response.json().user.id;
    expect(rows[0]).toEqual({ created_by: userId, owner_id: userId });
  });

  it('refuses naming another tenant in x-atrium-tenant, even one the user belongs to', async () => {
    const session = await signIn();
    expect((await gql(session, '{ __typename }', { 'x-atrium-tenant': a })).statusCode).toBe(200);
    for (const other of [b, c]) {
      const response = await gql(session, '{ __typename }', { 'x-atrium-tenant': other });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('switches only to tenants the user belongs to, and then acts there only', async () => {
    const session = await signIn();
    const refused = await call(session, 'POST', '/api/v1/auth/tenant', { tenant: c });
    expect(refused.statusCode).toBe(403);
    expect((await call(session, 'GET', '/api/v1/auth/me')).json().tenant.key).toBe(a);
    const switched = await call(session, 'POST', '/api/v1/auth/tenant', { tenant: b });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ tenant: { key: b }, role: 'member', csrfToken: session.csrf });
    expect((await call(session, 'GET', '/api/v1/auth/me')).json().tenant.key).toBe(b);
    // Tenant b has no accounts object: the session now acts in b, not a.
    const out = await gql(session, '{ accounts(first: 1) { totalCount } }');
    expect(JSON.stringify(out.json())).toMatch(/accounts/);
    expect(out.json().data?.accounts).toBeUndefined();
    expect((await call(session, 'GET', '/api/v1/data/account')).statusCode).toBe(404);
    expect((await gql(session, '{ __typename }', { 'x-atrium-tenant': a })).statusCode).toBe(403);
  });

  it('ends with sign-out: the cookie is cleared and no longer accepted', async () => {
    const session = await signIn();
    const refused = await call({ cookie: session.cookie }, 'POST', '/api/v1/auth/sign-out');
    expect(refused.statusCode).toBe(403); // sign-out with the cookie needs the CSRF token too
    const out = await call(session, 'POST', '/api/v1/auth/sign-out');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^atrium_session=; Path=\/; Max-Age=0; .*HttpOnly; SameSite=Lax/);
    const after = await call(session, 'GET', '/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await call(session, 'POST', '/api/v1/auth/sign-out')).statusCode).toBe(204); // idempotent
  });

  it('a new sign-in in the same browser ends the session it had', async () => {
    const first = await signIn();
    const second = await signIn(email, PASSWORD, a, app, { cookie: first.cookie });
    expect(second.response.statusCode).toBe(200);
    expect((await call(first, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await call(second, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('CSRF protection', () => {
  it('refuses unsafe cookie requests without the token or with a wrong one, and accepts the right one', async () => {
    const session = await signIn();
    const missing = await gql({ cookie: session.cookie }, '{ __typename }');
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const other = await signIn();
    const wrong = await gql({ cookie: session.cookie, csrf: other.csrf }, '{ __typename }');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect((await gql({ cookie: session.cookie, csrf: 'x' }, '{ __typename }')).statusCode).toBe(403);
    const right = await gql(session, '{ __typename }');
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ data: { __typename: 'Query' } });
    for (const [method, url] of [
      ['POST', '/api/v1/data/account'],
      ['PATCH', '/api/v1/data/account/00000000-0000-7000-8000-000000000000'],
      ['DELETE', '/api/v1/data/account/00000000-0000-7000-8000-000000000000'],
      ['POST', '/api/v1/auth/tenant'],
      ['POST', '/api/v1/auth/password'],
    ] as const) {
      const response = await call({ cookie: session.cookie }, method, url, { name: 'x' });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().code).toBe('CSRF_TOKEN_INVALID');
    }
  });

  it('does not apply to safe methods', async () => {
    const session = await signIn();
    const get = await call({ cookie: session.cookie }, 'GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.statusCode, get.body).toBe(200);
    expect((await call({ cookie: session.cookie }, 'GET', '/api/v1/data/account')).statusCode).toBe(200);
  });

  it('does not apply to API keys, which take precedence over a cookie', async () => {
    const key = await createApiKey(database.db, a, { role: 'admin' });
    const session = await signIn();
    const headers = { authorization: `Bearer ${key.token}` };
    const out = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers,
      payload: { query: 'mutation { createAccount(input: {name: "By key"}) { id } }' },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json().errors).toBeUndefined();
    const both = await app.inject({ method: 'POST', url: '/graphql', headers: { ...headers, cookie: session.cookie }, payload: { query: '{ __typename }' } });
    expect(both.statusCode).toBe(200);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { ...headers, cookie: session.cookie } });
    expect(me.json()).toMatchObject({ kind: 'apiKey', apiKey: { id: key.id, role: 'admin' }, tenant: { key: a } });
  });
});

describe('password change', () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    const user = `${uniqueTenantKey('pw')}@example.com`;
    await createUser(database.db, { email: user, password: PASSWORD });
    await addMembership(database.db, user, a);
    const here = await signIn(user);
    const elsewhere = await signIn(user);
    const wrong = await call(here, 'POST', '/api/v1/auth/password', { current: 'not the password', next: 'a brand new password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/current', code: 'WRONG_PASSWORD' }] });
    const weak = await call(here, 'POST', '/api/v1/auth/password', { current: PASSWORD, next: 'short' });
    expect(weak.json()).toMatchObject({ errors: [{ path: '/next', code: 'WEAK_PASSWORD' }] });
    const changed = await call(here, 'POST', '/api/v1/auth/password', { current: PASSWORD, next: 'a brand new password' });
    expect(changed.statusCode).toBe(204);
    expect((await call(here, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(elsewhere, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await signIn(user, PASSWORD)).response.statusCode).toBe(401);
    expect((await signIn(user, 'a brand new password')).response.statusCode).toBe(200);
  });

  it('is for signed-in users, not API keys', async () => {
    const key = await createApiKey(database.db, a, { role: 'admin' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { authorization: `Bearer ${key.token}` },
      payload: { current: 'a', next: 'b' },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('lock-out', () => {
  it('locks after 3 failures (configured) and then answers right and wrong passwords identically, with Retry-After', async () => {
    const user = `${uniqueTenantKey('lock')}@example.com`;
    await createUser(database.db, { email: user, password: PASSWORD });
    await addMembership(database.db, user, a);
    expect((await signIn(user, 'wrong guess 1')).response.statusCode).toBe(401);
    expect((await signIn(user, 'wrong guess 2')).response.statusCode).toBe(401);
    const third = await signIn(user, 'wrong guess 3');
    expect(third.response.statusCode).toBe(423);
    const right = await signIn(user, PASSWORD);
    const wrong = await signIn(user, 'wrong guess 4');
    expect(right.response.statusCode).toBe(423);
    expect(right.response.headers['set-cookie']).toBeUndefined();
    expect(problem(right.response)).toEqual(problem(wrong.response));
    expect(problem(right.response).body).toMatchObject({ code: 'ACCOUNT_LOCKED', status: 423 });
    // Retry-After counts down: the two answers may differ by the second that passed between them.
    expect(Math.abs(Number(right.response.headers['retry-after']) - Number(wrong.response.headers['retry-after']))).toBeLessThanOrEqual(1);
    expect(Number(right.response.headers['retry-after'])).toBeGreaterThan(50);
  });
});

describe('rate limits', () => {
  it('limit requests per credential: 429 RATE_LIMITED with Retry-After, as problem+json', async () => {
    const limited = await server({ rateLimits: { ...UNLIMITED, perCredential: 3, windowMs: 60_000 } });
    const key = await createApiKey(database.db, a, { role: 'admin' });
    const other = await createApiKey(database.db, a, { role: 'admin' });
    const get = (token: string) => limited.inject({ method: 'GET', url: '/api/v1/data/account', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) {
      const ok = await get(key.token);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const refused = await get(key.token);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((await get(other.token)).statusCode).toBe(200); // another credential has its own count
    // A signed-in user is one credential, whatever the session.
    const session = await signIn(email, PASSWORD, a, limited);
    for (let i = 0; i < 3; i++) expect((await call(session, 'GET', '/api/v1/auth/me', undefined, {}, limited)).statusCode).toBe(200);
    expect((await call(session, 'GET', '/api/v1/auth/me', undefined, {}, limited)).statusCode).toBe(429);
    // Open routes are not counted.
    expect((await limited.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('limit requests per tenant, all its credentials together', async () => {
    const limited = await server({ rateLimits: { ...UNLIMITED, perTenant: 4 } });
    const keys = await Promise.all([1, 2, 3].map(() => createApiKey(database.db, b, { role: 'admin' })));
    const statuses: number[] = [];
    for (const key of [...keys, ...keys]) {
      statuses.push(
        (await limited.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${key.token}` }, payload: { query: '{ __typename }' } }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const elsewhere = await createApiKey(database.db, a, { role: 'admin' });
    expect(
      (await limited.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${elsewhere.token}` }, payload: { query: '{ __typename }' } }))
        .statusCode,
    ).toBe(200);
  });

  it('limit sign-ins per client IP and email', async () => {
    const limited = await server({ rateLimits: { ...UNLIMITED, signInPerEmail: 2, signInPerIp: 4 } });
    const attempt = (user: string, remoteAddress = '203.0.113.7') =>
      limited.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress, payload: { email: user, password: 'wrong password', tenant: a } });
    const target = `${uniqueTenantKey('rl')}@example.com`;
    expect((await attempt(target)).statusCode).toBe(401);
    expect((await attempt(target.toUpperCase())).statusCode).toBe(401); // the same email, however written
    const refused = await attempt(target);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(target, '198.51.100.9')).statusCode).toBe(401); // another address
    expect((await attempt(`other-${target}`)).statusCode).toBe(401); // another email
    // ... and per IP, whatever the email: the fifth from 203.0.113.7 (the refused one counted) is one too many.
    expect((await attempt(`third-${target}`)).statusCode).toBe(429);
  });
});
