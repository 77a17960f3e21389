import { type QueryExecutor, type QueryExecutorProvider, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { ALL_SYSTEM_PERMISSIONS, BUILT_IN, TENANT_LAYOUT_VERSION, upgradeTenantLayout } from './tenant-layout.ts';
import { findTenant, upgradeTenantLayouts } from './tenant-service.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** An executor provider that runs statements on `inner` and writes each one down. */
function recording(inner: QueryExecutorProvider, statements: string[]): QueryExecutorProvider {
  const executor = inner.getExecutor();
  const proxy = new Proxy(executor, {
    get(target, property, receiver) {
      if (property === 'executeQuery') {
        return (query: Parameters<QueryExecutor['executeQuery']>[0], ...rest: unknown[]) => {
          const parameters = query.parameters.length ? ` -- parameters: ${JSON.stringify(query.parameters)}` : '';
          statements.push(`${query.sql.trim().replace(/\n\s+/g, '\n  ')}${parameters}`);
          return (target.executeQuery as (...args: unknown[]) => unknown)(query, ...rest);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { getExecutor: () => proxy };
}

async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = ${schema} order by tablename`.execute(database.db);
  return rows.map((r) => r.tablename);
}

async function administratorPermissions(schema: string): Promise<string[]> {
  const { rows } = await sql<{
    system: string[];
  }>`select "system" from ${sql.id(schema, '_permission_set')} where "id" = ${BUILT_IN.administratorSet}::uuid`.execute(database.db);
  return rows[0]?.system ?? [];
}

describe('the tenant layout', () => {
  it('is the DDL of the golden snapshot (every step, in order)', async () => {
    const statements: string[] = [];
    const schema = 't_tenant';
    await database.db
      .transaction()
      .execute(async (tx) => {
        await sql`create schema ${sql.id(schema)}`.execute(tx);
        expect(await upgradeTenantLayout(recording(tx, statements), schema, 0)).toBe(TENANT_LAYOUT_VERSION);
        throw new Error('rolled back');
      })
      .catch((error: Error) => expect(error.message).toBe('rolled back'));
    await expect(`${statements.join(';\n\n')};\n`).toMatchFileSnapshot('./__snapshots__/tenant-layout.sql');
  });

  it('step 4 adds saved views and the manageSharedViews permission to tenants made before it', async () => {
    const t = await TenantFixture.create(database, 'lay4');
    expect(await tablesOf(t.schema)).toContain('_saved_view');
    expect(await administratorPermissions(t.schema)).toEqual([...ALL_SYSTEM_PERMISSIONS]);
    // The tenant as layout 3 left it: no saved views, an Administrator set without the new permission.
    await sql`insert into ${sql.id(t.schema, '_role')} ("id", "name") values ('00000000-0000-7000-8000-0000000000aa', 'Kept')`.execute(database.db);
    await database.db.transaction().execute(async (tx) => {
      await tx.updateTable('atrium.tenant').set({ schema_version: 3 }).where('id', '=', t.tenant.id).execute();
      await sql`drop table ${sql.id(t.schema, '_saved_view')}`.execute(tx);
      await sql`update ${sql.id(t.schema, '_permission_set')} set "system" = array_remove("system", 'manageSharedViews')`.execute(tx);
    });
    // Another process opening the platform may upgrade it meanwhile: the outcome is the same.
    await upgradeTenantLayouts(database.db);
    expect((await findTenant(database.db, t.key)).schemaVersion).toBe(TENANT_LAYOUT_VERSION);
    expect(await tablesOf(t.schema)).toContain('_saved_view');
    expect(await administratorPermissions(t.schema)).toEqual([...ALL_SYSTEM_PERMISSIONS]);
    const { rows } = await sql<{ name: string }>`select "name" from ${sql.id(t.schema, '_role')} order by "name"`.execute(database.db);
    expect(rows.map((r) => r.name)).toEqual(['Company', 'Kept']);
  });
});
