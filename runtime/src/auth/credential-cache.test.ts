import {
  addMembership,
  createApiKey,
  createSession,
  createUser,
  type Database,
  deleteTenant,
  listApiKeys,
  revokeApiKey,
  revokeSession,
  switchTenant,
} from '@atrium/platform';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TenantFixture } from '../../../platform/src/testing/tenant-fixture.ts';
import { openTestDatabase } from '../../../platform/src/testing/test-database.ts';
import { type CredentialCache, type CredentialCacheOptions, createCredentialCache } from './credential-cache.ts';

/** The test's own connection (creating tenants and keys, revoking). */
let admin: Database;
const opened: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  admin = await openTestDatabase();
});
afterEach(async () => {
  for (const resource of opened.splice(0).reverse()) await resource.close();
});
afterAll(async () => {
  await admin.close();
});

/** A cache on its own pool, as in another process, and the number of database queries it made. */
async function openCache(options: Partial<CredentialCacheOptions> = {}) {
  const database = await openTestDatabase(3);
  opened.push(database);
  const counter = { queries: 0 };
  // kysely checks a connection out of the pool for every query; the LISTEN client is not the pool's.
  database.pool.on('acquire', () => {
    counter.queries += 1;
  });
  const cache: CredentialCache = await createCredentialCache({ db: database.db, pool: database.pool, ...options });
  opened.push(cache);
  return { cache, counter, database };
}

async function eventually(check: () => boolean | Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}

describe('the credential cache', () => {
  it('resolves a token to its principal and serves repeats without a database query', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const key = await createApiKey(admin.db, t.key, { role: 'admin' });
    const { cache, counter } = await openCache();
    const principal = await cache.resolve(key.token);
    expect(principal).toEqual({
      kind: 'apiKey',
      keyId: key.id,
      userId: key.id,
      tenantId: t.tenant.id,
      tenantKey: t.key,
      schemaName: t.schema,
      role: 'admin',
      credentialId: key.id,
    });
    expect(counter.queries).toBe(1);
    for (let i = 0; i < 1000; i++) expect(await cache.resolve(key.token)).toBe(principal);
    expect(counter.queries).toBe(1);
    expect(cache.stats()).toMatchObject({ keys: 1, hits: 1000, misses: 1 });
  });

  it('shares one query between concurrent misses of a token', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const key = await createApiKey(admin.db, t.key, { role: 'integration' });
    const { cache, counter } = await openCache();
    const principals = await Promise.all(Array.from({ length: 20 }, () => cache.resolve(key.token)));
    expect(new Set(principals.map((p) => p?.keyId))).toEqual(new Set([key.id]));
    expect(counter.queries).toBe(1);
  });

  it('remembers unknown tokens briefly and never queries for malformed ones', async () => {
    const { cache, counter } = await openCache({ negativeTtlMs: 200 });
    expect(await cache.resolve('Bearer nonsense')).toBeUndefined();
    expect(await cache.resolve(`atr_${'x'.repeat(20)}`)).toBeUndefined();
    expect(counter.queries).toBe(0);
    const unknown = `atr_${'A'.repeat(43)}`;
    for (let i = 0; i < 50; i++) expect(await cache.resolve(unknown)).toBeUndefined();
    expect(counter.queries).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await cache.resolve(unknown)).toBeUndefined();
    expect(counter.queries).toBe(2);
  });

  it('drops a key revoked by another process within a second (NOTIFY, not the TTL)', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const key = await createApiKey(admin.db, t.key, { role: 'integration' });
    const other = await createApiKey(admin.db, t.key, { role: 'integration' });
    const first = await openCache({ ttlMs: 10 * 60_000 });
    const second = await openCache({ ttlMs: 10 * 60_000 });
    for (const { cache } of [first, second]) {
      expect(await cache.resolve(key.token)).toBeDefined();
      expect(await cache.resolve(other.token)).toBeDefined();
    }
    await revokeApiKey(admin.db, t.key, key.id);
    const elapsed = await eventually(() => second.cache.stats().keys === 1 && first.cache.stats().keys === 1, 1000);
    expect(elapsed).toBeLessThan(1000);
    expect(await second.cache.resolve(key.token)).toBeUndefined();
    expect(await first.cache.resolve(key.token)).toBeUndefined();
    // The other key stays cached: no query to resolve it again.
    const before = second.counter.queries;
    expect(await second.cache.resolve(other.token)).toBeDefined();
    expect(second.counter.queries).toBe(before);
  });

  it('drops the keys of a deleted tenant at once and never resolves them again', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const key = await createApiKey(admin.db, t.key, { role: 'admin' });
    const { cache } = await openCache({ ttlMs: 10 * 60_000 });
    expect(await cache.resolve(key.token)).toBeDefined();
    await deleteTenant(admin.db, t.key);
    await eventually(() => cache.stats().keys === 0, 1000);
    expect(await cache.resolve(key.token)).toBeUndefined();
    const fresh = await openCache();
    expect(await fresh.cache.resolve(key.token)).toBeUndefined();
  });

  it('writes last-used times once for many uses, on flush, not per request', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const keys = await Promise.all([1, 2].map(() => createApiKey(admin.db, t.key, { role: 'integration' })));
    const { cache, counter } = await openCache();
    for (let i = 0; i < 200; i++) for (const key of keys) await cache.resolve(key.token);
    expect(counter.queries).toBe(2); // the two lookups; no writes yet
    expect((await listApiKeys(admin.db, t.key)).map((k) => k.lastUsedAt)).toEqual([null, null]);
    expect(await cache.flushLastUsed()).toBe(2);
    expect(counter.queries).toBe(3); // one statement for both keys and 400 uses
    for (const key of await listApiKeys(admin.db, t.key)) expect(key.lastUsedAt).not.toBeNull();
    expect(await cache.flushLastUsed()).toBe(0);
    expect(counter.queries).toBe(3);
  });

  it('flushes on its own every flushMs and on close', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const [timed, closing] = await Promise.all([1, 2].map(() => createApiKey(admin.db, t.key, { role: 'integration' })));
    const { cache } = await openCache({ flushMs: 50 });
    await cache.resolve(timed?.token ?? '');
    await eventually(async () => (await listApiKeys(admin.db, t.key)).some((k) => k.id === timed?.id && k.lastUsedAt !== null), 2000);
    const other = await openCache({ flushMs: 60_000 });
    await other.cache.resolve(closing?.token ?? '');
    await other.cache.close();
    expect((await listApiKeys(admin.db, t.key)).find((k) => k.id === closing?.id)?.lastUsedAt).not.toBeNull();
    expect(await other.cache.resolve(closing?.token ?? '')).toBeUndefined(); // closed
  });

  it('serves nothing from memory while its LISTEN connection is down, and recovers', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const key = await createApiKey(admin.db, t.key, { role: 'admin' });
    const { cache, counter } = await openCache({ ttlMs: 10 * 60_000 });
    expect(await cache.resolve(key.token)).toBeDefined();
    const { rows } = await admin.pool.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = $1 and datname = current_database() and query like 'listen%'`,
      [`atrium-credentials:${process.pid}`],
    );
    expect(rows).toHaveLength(1);
    await admin.pool.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
    await eventually(() => cache.stats().keys === 0, 2000); // notifications may be missed: forget everything
    const before = counter.queries;
    expect(await cache.resolve(key.token)).toBeDefined(); // still works, from the database
    expect(counter.queries).toBeGreaterThan(before);
    // Once reconnected, it caches again and hears revocations again.
    await eventually(async () => {
      await cache.resolve(key.token);
      return cache.stats().keys === 1;
    }, 5000);
    await revokeApiKey(admin.db, t.key, key.id);
    await eventually(() => cache.stats().keys === 0, 1000);
    expect(await cache.resolve(key.token)).toBeUndefined();
  });

  it('resolves session tokens to user principals, without a query on a hit, and drops them on NOTIFY', async () => {
    const a = await TenantFixture.create(admin, 'cc');
    const b = await TenantFixture.create(admin, 'cc');
    const user = await createUser(admin.db, { email: `${a.key}@example.com` });
    await addMembership(admin.db, user.id, a.key, 'member');
    await addMembership(admin.db, user.id, b.key, 'member');
    const session = await createSession(admin.db, user.id, a.key);
    const other = await createSession(admin.db, user.id, a.key);
    const { cache, counter } = await openCache({ ttlMs: 10 * 60_000 });
    const resolved = await cache.resolveSession(session.token);
    expect(resolved).toEqual({
      principal: {
        kind: 'user',
        keyId: null,
        userId: user.id,
        email: user.email,
        tenantId: a.tenant.id,
        tenantKey: a.key,
        schemaName: a.schema,
        role: 'member',
        sessionId: session.sessionId,
        credentialId: session.sessionId,
      },
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).getTime(),
    });
    const queries = counter.queries;
    for (let i = 0; i < 100; i++) expect((await cache.resolveSession(session.token))?.principal).toBe(resolved?.principal);
    expect(counter.queries).toBe(queries);
    expect(await cache.resolve(session.token)).toBeUndefined(); // not an API key
    expect(await cache.resolveSession(`ats_${'B'.repeat(43)}`)).toBeUndefined();
    // Another process switches the session's tenant: this cache drops it and sees the new tenant.
    await cache.resolveSession(other.token);
    expect(cache.stats().sessions).toBe(2);
    await switchTenant(admin.db, session.sessionId, b.key);
    await eventually(() => cache.stats().sessions === 1, 1000);
    expect((await cache.resolveSession(session.token))?.principal.tenantKey).toBe(b.key);
    // A role change reaches it too.
    await addMembership(admin.db, user.id, b.key, 'admin');
    await eventually(async () => (await cache.resolveSession(session.token))?.principal.role === 'admin', 1000);
    // Revoked elsewhere: gone within a second.
    await revokeSession(admin.db, session.sessionId);
    await eventually(async () => (await cache.resolveSession(session.token)) === undefined, 1000);
    // Deleting the tenant ends the sessions active there (cascade + trigger).
    expect(await cache.resolveSession(other.token)).toBeDefined();
    await deleteTenant(admin.db, a.key);
    await eventually(async () => (await cache.resolveSession(other.token)) === undefined, 1000);
  });

  it('records session use on flush, and ends an idle session', async () => {
    const t = await TenantFixture.create(admin, 'cc');
    const user = await createUser(admin.db, { email: `${t.key}@example.com` });
    await addMembership(admin.db, user.id, t.key);
    const session = await createSession(admin.db, user.id, t.key);
    // Seconds, not milliseconds: a loaded machine delays timers by hundreds of milliseconds.
    const { cache } = await openCache({ sessionIdleMs: 2000 });
    expect(await cache.resolveSession(session.token)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await cache.resolveSession(session.token)).toBeDefined();
    expect(await cache.flushLastUsed()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await cache.resolveSession(session.token)).toBeDefined(); // 1.2 s since the last use
    await new Promise((resolve) => setTimeout(resolve, 2600));
    expect(await cache.resolveSession(session.token)).toBeUndefined(); // idle for longer than 2 s
  });
});
