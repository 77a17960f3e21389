import { addMembership, createApiKey, createSession, createUser, type Database, revokeApiKey } from '@atrium/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantFixture } from '../../../platform/src/testing/tenant-fixture.ts';
import { openTestDatabase } from '../../../platform/src/testing/test-database.ts';
import { registerErrorHandler } from '../server/error-handler.ts';
import { bearerToken, registerAuthentication } from './authenticate.ts';
import { type CredentialCache, createCredentialCache } from './credential-cache.ts';

let database: Database;
let cache: CredentialCache;
let app: FastifyInstance;
let tenant: TenantFixture;
let token: string;
let keyId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  cache = await createCredentialCache({ db: database.db, pool: database.pool });
  app = Fastify();
  registerErrorHandler(app);
  const auth = registerAuthentication(app, cache);
  app.get('/whoami', { onRequest: auth.requireCredential }, async (request) => request.principal);
  app.post('/whoami', { onRequest: auth.requireCredential }, async (request) => request.principal);
  app.get('/open', async (request) => ({ principal: request.principal }));
  await app.ready();
  tenant = await TenantFixture.create(database, 'auth');
  const key = await createApiKey(database.db, tenant.key, { role: 'integration' });
  token = key.token;
  keyId = key.id;
});
afterAll(async () => {
  await app.close();
  await cache.close();
  await database.close();
});

const get = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/whoami', headers });

describe('authenticate', () => {
  it('accepts a valid bearer token and exposes its principal', async () => {
    const response = await get({ authorization: `Bearer ${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'apiKey',
      keyId,
      userId: keyId,
      tenantId: tenant.tenant.id,
      tenantKey: tenant.key,
      schemaName: tenant.schema,
      role: 'integration',
      credentialId: keyId,
    });
    expect((await get({ authorization: `bearer ${token}` })).statusCode).toBe(200); // the scheme is case-insensitive
  });

  it.each([
    ['no Authorization header', {}],
    ['an empty header', { authorization: '' }],
    ['another scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['Bearer without a token', { authorization: 'Bearer' }],
    ['a malformed token', { authorization: 'Bearer not-a-key' }],
    ['an unknown token', { authorization: `Bearer atr_${'Q'.repeat(43)}` }],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_case, headers) => {
    const response = await get(headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="atrium"');
    expect(response.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('accepts the own tenant in x-atrium-tenant and refuses another with 403 FORBIDDEN', async () => {
    expect((await get({ authorization: `Bearer ${token}`, 'x-atrium-tenant': tenant.key })).statusCode).toBe(200);
    const other = await get({ authorization: `Bearer ${token}`, 'x-atrium-tenant': 'someone_else' });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('leaves routes without the hook open', async () => {
    const response = await app.inject({ method: 'GET', url: '/open' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ principal: null });
  });

  it('refuses a key once it is revoked', async () => {
    const t = await TenantFixture.create(database, 'auth');
    const key = await createApiKey(database.db, t.key, { role: 'admin' });
    expect((await get({ authorization: `Bearer ${key.token}` })).statusCode).toBe(200);
    await revokeApiKey(database.db, t.key, key.id);
    const deadline = Date.now() + 1000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await get({ authorization: `Bearer ${key.token}` })).statusCode;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe(401);
  });
});

describe('authenticate with a session cookie', () => {
  it('resolves the cookie (without an Authorization header) to a user principal in the active tenant', async () => {
    const user = await createUser(database.db, { email: `${tenant.key}-cookie@example.com` });
    await addMembership(database.db, user.id, tenant.key, 'member');
    const session = await createSession(database.db, user.id, tenant.key);
    const cookie = `theme=dark; atrium_session=${session.token}`;
    const response = await get({ cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kind: 'user',
      userId: user.id,
      tenantId: tenant.tenant.id,
      tenantKey: tenant.key,
      schemaName: tenant.schema,
      sessionId: session.sessionId,
      role: 'member',
    });
    // Unsafe methods need the CSRF token; the API key wins when both are sent.
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/whoami', headers });
    expect((await post({ cookie })).json()).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    expect((await post({ cookie, 'x-csrf-token': session.csrfToken })).json()).toMatchObject({ kind: 'user' });
    expect((await post({ cookie, authorization: `Bearer ${token}` })).json()).toMatchObject({ kind: 'apiKey', keyId });
    // Another tenant named in the header is refused; an unknown cookie is UNAUTHENTICATED.
    expect((await get({ cookie, 'x-atrium-tenant': 'someone_else' })).statusCode).toBe(403);
    const unknown = await get({ cookie: `atrium_session=ats_${'Z'.repeat(43)}` });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('bearerToken', () => {
  it('takes the token of a Bearer header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('BEARER  abc ')).toBe('abc');
    expect(() => bearerToken('Bearer a b')).toThrow('Bearer <API key>');
    expect(() => bearerToken(undefined)).toThrow('no credential');
  });
});
