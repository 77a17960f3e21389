import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Database, findApiKeyByToken } from '@atrium/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TenantFixture } from '../../../../platform/src/testing/tenant-fixture.ts';
import { openTestDatabase } from '../../../../platform/src/testing/test-database.ts';

const workspace = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);

/** Runs `atrium` as a child process from the workspace root, as `pnpm atrium` would. */
async function atrium(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'runtime/src/cli/main.ts', ...args], {
      cwd: workspace,
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('atrium apikey', () => {
  it('create prints the new key alone on stdout; list shows it without the token; revoke revokes it', async () => {
    const t = await TenantFixture.create(database, 'cli');
    const created = await atrium('apikey', 'create', t.key, '--role', 'admin', '--name', 'Back office');
    expect(created.code).toBe(0);
    const lines = created.stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(created.stdout).toBe(`${lines[0]}\n`);
    const token = lines[0] ?? '';
    expect(token).toMatch(/^atr_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown once');
    const identity = await findApiKeyByToken(database.db, token);
    expect(identity).toMatchObject({ tenantKey: t.key, role: 'admin', revoked: false });

    const listed = await atrium('apikey', 'list', t.key, '--json');
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout) as Array<{ id: string; name: string; tokenPrefix: string; revokedAt: string | null }>;
    expect(keys).toEqual([expect.objectContaining({ id: identity?.keyId, name: 'Back office', tokenPrefix: token.slice(0, 8), revokedAt: null })]);
    expect(listed.stdout).not.toContain(token);

    const revoked = await atrium('apikey', 'revoke', t.key, identity?.keyId ?? '');
    expect(revoked).toMatchObject({ code: 0, stdout: `${identity?.keyId}\n` });
    expect((await findApiKeyByToken(database.db, token))?.revoked).toBe(true);
    const table = await atrium('apikey', 'list', t.key);
    expect(table, table.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/\trevoked /) });
  });

  it('refuses an unknown role as a usage error, printing nothing on stdout', async () => {
    const t = await TenantFixture.create(database, 'cli');
    const result = await atrium('apikey', 'create', t.key, '--role', 'owner');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--role must be one of admin, integration');
  });
});
