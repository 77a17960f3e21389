import { type Database, listMemberships, verifyPassword } from '@atrium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantFixture } from '../../../platform/src/testing/tenant-fixture.ts';
import { openTestDatabase, uniqueTenantKey } from '../../../platform/src/testing/test-database.ts';
import { ensureDemoAdmin } from './demo-tenant.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('the demo admin', () => {
  it('is created once with a random password, printed once with how to sign in, stored only as a hash', async () => {
    const t = await TenantFixture.create(database, 'demo');
    const email = `${uniqueTenantKey('admin')}@demo.atrium.local`;
    const lines: string[] = [];
    const password = await ensureDemoAdmin(database, t.key, (line) => lines.push(line), { email, url: 'http://127.0.0.1:3000' });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const printed = lines.join('\n');
    expect(printed).toContain(`email:    ${email}`);
    expect(printed).toContain(`password: ${password}`);
    expect(printed).toContain('http://127.0.0.1:3000/api/v1/auth/sign-in');
    const check = await verifyPassword(database.db, email, password ?? '');
    expect(check.status).toBe('ok');
    if (check.status !== 'ok') return;
    expect((await listMemberships(database.db, check.user.id)).map((m) => [m.tenantKey, m.role])).toEqual([[t.key, 'admin']]);
    const { rows } = await database.pool.query(`select row_to_json(u)::text as json from atrium."user" u where email = $1`, [email]);
    expect(rows[0].json).not.toContain(password);
    // Later starts leave it alone and print nothing.
    const again: string[] = [];
    expect(await ensureDemoAdmin(database, t.key, (line) => again.push(line), { email })).toBeUndefined();
    expect(again).toEqual([]);
    expect((await verifyPassword(database.db, email, password ?? '')).status).toBe('ok');
  });
});
