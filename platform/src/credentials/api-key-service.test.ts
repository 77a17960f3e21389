import { createHash } from 'node:crypto';
import { isAtriumError } from '@atrium/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { deleteTenant } from '../tenants/tenant-service.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { createApiKey, findApiKeyByToken, listApiKeys, recordKeyUse, revokeApiKey } from './api-key-service.ts';
import { generateApiKeyToken, isApiKeyTokenShape } from './api-key-token.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function caught(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isAtriumError(error)) return error;
    throw error;
  }
  throw new Error('expected an AtriumError');
}

describe('API key tokens', () => {
  it('are atr_ + 32 random bytes in base64url', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateApiKeyToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^atr_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
      expect(isApiKeyTokenShape(token)).toBe(true);
    }
    expect(isApiKeyTokenShape('atr_short')).toBe(false);
    expect(isApiKeyTokenShape(`xyz_${'a'.repeat(43)}`)).toBe(false);
    expect(isApiKeyTokenShape(`atr_${'a'.repeat(42)}=`)).toBe(false);
  });
});

describe('createApiKey', () => {
  it('returns the token once and stores only its SHA-256', async () => {
    const t = await TenantFixture.create(database, 'key');
    const created = await createApiKey(database.db, t.key, { role: 'admin', name: 'Back office' });
    expect(created.token).toMatch(/^atr_[A-Za-z0-9_-]{43,}$/);
    expect(created).toMatchObject({
      tenantId: t.tenant.id,
      name: 'Back office',
      role: 'admin',
      tokenPrefix: created.token.slice(0, 8),
      revokedAt: null,
      lastUsedAt: null,
    });
    const [row] = await t.query<{ json: string; matches: boolean; length: number }>(
      `select row_to_json(k)::text as json, k.token_hash = sha256(convert_to($2, 'UTF8')) as matches, octet_length(k.token_hash) as length
         from atrium.api_key k where k.id = $1`,
      [created.id, created.token],
    );
    expect(row?.matches).toBe(true);
    expect(row?.length).toBe(32);
    expect(row?.json).not.toContain(created.token);
    expect(row?.json).not.toContain(created.token.slice(8)); // the secret part appears nowhere
    expect(row?.json).toContain(createHash('sha256').update(created.token).digest('hex'));
  });

  it('defaults the name from the role and refuses unknown roles and tenants', async () => {
    const t = await TenantFixture.create(database, 'key');
    expect((await createApiKey(database.db, t.key, { role: 'integration' })).name).toBe('integration key');
    const badRole = await caught(() => createApiKey(database.db, t.key, { role: 'owner' as 'admin' }));
    expect(badRole.code).toBe('VALIDATION_FAILED');
    expect(badRole.details[0]?.path).toBe('/role');
    expect((await caught(() => createApiKey(database.db, 'no_such_tenant', { role: 'admin' }))).code).toBe('TENANT_NOT_FOUND');
  });
});

describe('findApiKeyByToken', () => {
  it('finds the key, its tenant and role by token', async () => {
    const t = await TenantFixture.create(database, 'key');
    const created = await createApiKey(database.db, t.key, { role: 'integration' });
    expect(await findApiKeyByToken(database.db, created.token)).toEqual({
      keyId: created.id,
      tenantId: t.tenant.id,
      tenantKey: t.key,
      schemaName: t.schema,
      role: 'integration',
      revoked: false,
    });
  });

  it('knows nothing of unknown or malformed tokens', async () => {
    expect(await findApiKeyByToken(database.db, generateApiKeyToken())).toBeUndefined();
    expect(await findApiKeyByToken(database.db, 'not a token')).toBeUndefined();
    expect(await findApiKeyByToken(database.db, '')).toBeUndefined();
  });

  it('reports revoked keys as revoked', async () => {
    const t = await TenantFixture.create(database, 'key');
    const created = await createApiKey(database.db, t.key, { role: 'admin' });
    const revoked = await revokeApiKey(database.db, t.key, created.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await findApiKeyByToken(database.db, created.token))?.revoked).toBe(true);
    // Idempotent: a second revoke keeps the first time.
    expect((await revokeApiKey(database.db, t.key, created.id)).revokedAt).toBe(revoked.revokedAt);
  });

  it("does not authenticate a deleted tenant's keys", async () => {
    const t = await TenantFixture.create(database, 'key');
    const created = await createApiKey(database.db, t.key, { role: 'admin' });
    await deleteTenant(database.db, t.key);
    expect(await findApiKeyByToken(database.db, created.token)).toBeUndefined();
    expect(await t.query('select 1 from atrium.api_key where id = $1', [created.id])).toEqual([]);
  });

  it('does not authenticate keys of a tenant marked deleted', async () => {
    const t = await TenantFixture.create(database, 'key');
    const created = await createApiKey(database.db, t.key, { role: 'admin' });
    await t.query(`update atrium.tenant set status = 'deleted' where id = $1`, [t.tenant.id]);
    expect(await findApiKeyByToken(database.db, created.token)).toBeUndefined();
  });
});

describe('listApiKeys and revokeApiKey', () => {
  it("lists a tenant's keys only, revoked ones included, without tokens", async () => {
    const a = await TenantFixture.create(database, 'key');
    const b = await TenantFixture.create(database, 'key');
    const first = await createApiKey(database.db, a.key, { role: 'admin', name: 'first' });
    const second = await createApiKey(database.db, a.key, { role: 'integration', name: 'second' });
    await createApiKey(database.db, b.key, { role: 'admin' });
    await revokeApiKey(database.db, a.key, first.id);
    const keys = await listApiKeys(database.db, a.key);
    expect(keys.map((k) => [k.id, k.name, k.revokedAt !== null])).toEqual([
      [first.id, 'first', true],
      [second.id, 'second', false],
    ]);
    expect(JSON.stringify(keys)).not.toContain(first.token);
    expect(Object.keys(keys[0] ?? {})).not.toContain('token');
  });

  it("refuses to revoke another tenant's key or an unknown id", async () => {
    const a = await TenantFixture.create(database, 'key');
    const b = await TenantFixture.create(database, 'key');
    const key = await createApiKey(database.db, a.key, { role: 'admin' });
    expect((await caught(() => revokeApiKey(database.db, b.key, key.id))).code).toBe('NOT_FOUND');
    expect((await caught(() => revokeApiKey(database.db, a.key, 'not-a-uuid'))).code).toBe('NOT_FOUND');
    expect((await findApiKeyByToken(database.db, key.token))?.revoked).toBe(false);
  });
});

describe('recordKeyUse', () => {
  it('sets last_used_at for many keys in one statement', async () => {
    const t = await TenantFixture.create(database, 'key');
    const keys = await Promise.all([1, 2, 3].map(() => createApiKey(database.db, t.key, { role: 'integration' })));
    const ids = keys.map((k) => k.id);
    expect(await recordKeyUse(database.db, [...ids, ids[0] ?? ''])).toBe(3);
    expect(await recordKeyUse(database.db, [])).toBe(0);
    const listed = await listApiKeys(database.db, t.key);
    for (const key of listed) expect(key.lastUsedAt).not.toBeNull();
  });
});
