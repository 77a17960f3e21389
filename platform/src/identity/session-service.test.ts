import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { deleteTenant } from '../tenants/tenant-service.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase, uniqueTenantKey } from '../testing/test-database.ts';
import { changePassword } from './change-password.ts';
import { addMembership, listMemberships, listTenantMembers, removeMembership } from './membership-service.ts';
import { createSession, findSession, purgeSessions, recordSessionUse, revokeSession, switchTenant } from './session-service.ts';
import { createUser, disableUser } from './user-service.ts';

const scrypt = { ln: 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function member(...tenants: TenantFixture[]) {
  const user = await createUser(database.db, { email: `${uniqueTenantKey('s')}@example.com`, password: PASSWORD }, { scrypt });
  for (const t of tenants) await addMembership(database.db, user.email, t.key, 'admin');
  return user;
}

describe('memberships', () => {
  it('bind users to tenants with a role; adding again changes the role', async () => {
    const a = await TenantFixture.create(database, 'mem');
    const b = await TenantFixture.create(database, 'mem');
    const user = await member(a);
    await addMembership(database.db, user.id, b.key);
    expect((await listMemberships(database.db, user.id)).map((m) => [m.tenantKey, m.role])).toEqual(
      [
        [a.key, 'admin'],
        [b.key, 'member'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    await addMembership(database.db, user.email, b.key, 'admin');
    expect((await listTenantMembers(database.db, b.key)).map((m) => [m.email, m.role])).toEqual([[user.email, 'admin']]);
    await expect(addMembership(database.db, user.email, b.key, 'owner' as 'admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(addMembership(database.db, 'nobody@example.com', b.key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addMembership(database.db, user.email, 'no_such_tenant')).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });
});

describe('sessions', () => {
  it('store only the SHA-256 of the token and resolve it to the user, tenant, role and CSRF token', async () => {
    const t = await TenantFixture.create(database, 'ses');
    const user = await member(t);
    const session = await createSession(database.db, user.id, t.key);
    expect(session.token).toMatch(/^ats_[A-Za-z0-9_-]{43}$/);
    expect(session.sessionId).toBe(createHash('sha256').update(session.token).digest('hex'));
    const { rows } = await database.pool.query('select row_to_json(s)::text as json from atrium.session s where id = $1', [
      Buffer.from(session.sessionId, 'hex'),
    ]);
    expect(rows[0].json).not.toContain(session.token.slice(4));
    const found = await findSession(database.db, session.token);
    expect(found).toMatchObject({
      sessionId: session.sessionId,
      userId: user.id,
      email: user.email,
      tenantId: t.tenant.id,
      tenantKey: t.key,
      schemaName: t.schema,
      role: 'admin',
      csrfToken: session.csrfToken,
    });
    expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await findSession(database.db, `ats_${'A'.repeat(43)}`)).toBeUndefined();
    expect(await findSession(database.db, 'not a token')).toBeUndefined();
  });

  it('are only created in a tenant the user belongs to', async () => {
    const mine = await TenantFixture.create(database, 'ses');
    const other = await TenantFixture.create(database, 'ses');
    const user = await member(mine);
    await expect(createSession(database.db, user.id, other.key)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createSession(database.db, user.id, 'no_such_tenant')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('switch only to member tenants', async () => {
    const a = await TenantFixture.create(database, 'ses');
    const b = await TenantFixture.create(database, 'ses');
    const c = await TenantFixture.create(database, 'ses');
    const user = await member(a, b);
    const session = await createSession(database.db, user.id, a.key);
    const switched = await switchTenant(database.db, session.sessionId, b.key);
    expect(switched).toMatchObject({ tenantKey: b.key, schemaName: b.schema, csrfToken: session.csrfToken });
    expect((await findSession(database.db, session.token))?.tenantKey).toBe(b.key);
    await expect(switchTenant(database.db, session.sessionId, c.key)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await findSession(database.db, session.token))?.tenantKey).toBe(b.key);
    // The foreign key holds even when the application would not: no session in a non-member tenant.
    await expect(
      database.pool.query('update atrium.session set tenant_id = $1 where id = $2', [c.tenant.id, Buffer.from(session.sessionId, 'hex')]),
    ).rejects.toThrow(/foreign key/);
  });

  it('end on revocation, expiry, idleness, a lost membership, a disabled user and a deleted tenant', async () => {
    const t = await TenantFixture.create(database, 'ses');
    const user = await member(t);
    const revoked = await createSession(database.db, user.id, t.key);
    expect(await revokeSession(database.db, revoked.sessionId)).toBe(true);
    expect(await revokeSession(database.db, revoked.sessionId)).toBe(false);
    expect(await findSession(database.db, revoked.token)).toBeUndefined();

    const short = await createSession(database.db, user.id, t.key, { lifetimeMs: 150 });
    expect(await findSession(database.db, short.token)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await findSession(database.db, short.token)).toBeUndefined();

    const idle = await createSession(database.db, user.id, t.key);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await findSession(database.db, idle.token, { idleMs: 150 })).toBeUndefined();
    expect(await recordSessionUse(database.db, [idle.sessionId, idle.sessionId, 'junk'])).toBe(1);
    expect(await findSession(database.db, idle.token, { idleMs: 150 })).toBeDefined();

    const lost = await createSession(database.db, user.id, t.key);
    await removeMembership(database.db, user.id, t.key);
    expect(await findSession(database.db, lost.token)).toBeUndefined();

    const t2 = await TenantFixture.create(database, 'ses');
    const other = await member(t2);
    const disabled = await createSession(database.db, other.id, t2.key);
    await disableUser(database.db, other.id);
    expect(await findSession(database.db, disabled.token)).toBeUndefined();

    const t3 = await TenantFixture.create(database, 'ses');
    const third = await member(t3);
    const gone = await createSession(database.db, third.id, t3.key);
    await deleteTenant(database.db, t3.key);
    expect(await findSession(database.db, gone.token)).toBeUndefined();
    const { rows } = await database.pool.query('select 1 from atrium.session where id = $1', [Buffer.from(gone.sessionId, 'hex')]);
    expect(rows).toEqual([]);
  });

  it("a password change ends the user's other sessions and keeps the one asking", async () => {
    const t = await TenantFixture.create(database, 'ses');
    const user = await member(t);
    const [here, elsewhere] = await Promise.all([createSession(database.db, user.id, t.key), createSession(database.db, user.id, t.key)]);
    await changePassword(database.db, user.id, PASSWORD, 'another good password', { scrypt, sessionId: here?.sessionId ?? '' });
    expect(await findSession(database.db, here?.token ?? '')).toBeDefined();
    expect(await findSession(database.db, elsewhere?.token ?? '')).toBeUndefined();
  });

  it('are purged some time after they end', async () => {
    const t = await TenantFixture.create(database, 'ses');
    const user = await member(t);
    const session = await createSession(database.db, user.id, t.key);
    await revokeSession(database.db, session.sessionId);
    await purgeSessions(database.db, { graceMs: 60_000 });
    const count = async () => (await database.pool.query('select 1 from atrium.session where id = $1', [Buffer.from(session.sessionId, 'hex')])).rowCount;
    expect(await count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await purgeSessions(database.db, { graceMs: 10 })).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(0);
  });
});
