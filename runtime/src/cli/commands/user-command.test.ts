import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Database, listMemberships, verifyPassword } from '@atrium/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TenantFixture } from '../../../../platform/src/testing/tenant-fixture.ts';
import { openTestDatabase, uniqueTenantKey } from '../../../../platform/src/testing/test-database.ts';

const workspace = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs `atrium` as a child process from the workspace root, with `input` on its stdin. */
function atrium(args: string[], input?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(
      'node',
      ['--import', 'tsx', 'runtime/src/cli/main.ts', ...args],
      { cwd: workspace, env: { ...process.env, DATABASE_URL: inject('databaseUrl') } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number((error as { code?: number }).code ?? 1) : 0 }),
    );
    child.stdin?.end(input ?? '');
  });
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

// Each call starts Node with tsx (about 2 s, several times that on a busy machine).
describe('atrium user', { timeout: 180_000 }, () => {
  it('create prints the id alone on stdout, with the password read from stdin; add and list show the membership', async () => {
    const t = await TenantFixture.create(database, 'ucli');
    const email = `${uniqueTenantKey('grace')}@example.com`;
    const created = await atrium(['user', 'create', email, '--name', 'Grace Hopper', '--password-stdin'], 'a long enough password\n');
    expect(created, created.stderr).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(created.stdout + created.stderr).not.toContain('a long enough password');
    const id = created.stdout.trim();
    const check = await verifyPassword(database.db, email, 'a long enough password');
    expect(check).toMatchObject({ status: 'ok', user: { id, displayName: 'Grace Hopper' } });

    const added = await atrium(['user', 'add', email.toUpperCase(), t.key, '--role', 'admin']);
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: `${id}\t${t.key}\tadmin\n` });
    expect((await listMemberships(database.db, id)).map((m) => [m.tenantKey, m.role])).toEqual([[t.key, 'admin']]);

    const listed = await atrium(['user', 'list', t.key]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\t').slice(0, 5)).toEqual([id, email, 'Grace Hopper', 'admin', 'active']);
    const json = JSON.parse((await atrium(['user', 'list', t.key, '--json'])).stdout);
    expect(json).toEqual([expect.objectContaining({ id, email, role: 'admin', hasPassword: true })]);
    expect(JSON.stringify(json)).not.toMatch(/scrypt|password_hash/);
  });

  it('sets a password from stdin, and refuses bad input with clear errors', async () => {
    const email = `${uniqueTenantKey('nopw')}@example.com`;
    const created = await atrium(['user', 'create', email]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('no password yet');
    const set = await atrium(['user', 'password', email, '--password-stdin'], 'another long password\r\n');
    expect(set, set.stderr).toMatchObject({ code: 0 });
    expect((await verifyPassword(database.db, email, 'another long password')).status).toBe('ok');
    const duplicate = await atrium(['user', 'create', email]);
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr).toContain('ALREADY_EXISTS');
    const weak = await atrium(['user', 'create', `x${email}`, '--password-stdin'], 'short\n');
    expect(weak).toMatchObject({ code: 1 });
    expect(weak.stderr).toContain('at least 10');
    expect((await atrium(['user', 'add', email, 'no_such_tenant'])).stderr).toContain('TENANT_NOT_FOUND');
    expect((await atrium(['user', 'add', email, 'x', '--role', 'owner'])).code).toBe(2);
    expect((await atrium(['user', 'frobnicate'])).code).toBe(2);
  });
});
