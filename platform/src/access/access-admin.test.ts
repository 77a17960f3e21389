import { type AtriumError, isAtriumError } from '@atrium/errors';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { newId } from '../ids/uuid-v7.ts';
import { BUILT_IN } from '../tenants/tenant-layout.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { AccessAdmin } from './access-admin.ts';

let database: Database;
let fixture: TenantFixture;
let admin: AccessAdmin;

beforeAll(async () => {
  database = await openTestDatabase();
  fixture = await TenantFixture.create(database, 'acc');
  admin = await AccessAdmin.forTenant(database.db, fixture.key);
});
afterAll(async () => {
  await database.close();
});

/** The registry error a call raises (a raw database error fails the test). */
async function caught(run: () => Promise<unknown>): Promise<AtriumError> {
  try {
    await run();
  } catch (error) {
    if (isAtriumError(error)) return error;
    throw error;
  }
  throw new Error('expected an AtriumError');
}

/** Ancestor → depth of every ancestor of a role (itself at 0). */
async function ancestors(id: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ ancestor_id: string; depth: number }>`select "ancestor_id", "depth" from ${sql.id(fixture.schema, '_role_closure')}
    where "descendant_id" = ${id}::uuid`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [r.ancestor_id, r.depth]));
}

async function auditCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.id(fixture.schema, '_audit_log')}`.execute(database.db);
  return Number(rows[0]?.n);
}

describe('AccessAdmin raises registry errors, never raw database errors', () => {
  it('a taken role or permission set name is ALREADY_EXISTS at /name', async () => {
    await admin.createRole('Taken role');
    const role = await caught(() => admin.createRole('Taken role'));
    expect(role).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: '/name', code: 'ALREADY_EXISTS' }] });
    await admin.createPermissionSet({ name: 'Taken set' });
    const set = await caught(() => admin.createPermissionSet({ name: 'Taken set' }));
    expect(set).toMatchObject({ code: 'ALREADY_EXISTS', message: 'a permission set named "Taken set" exists already' });
    const other = await admin.createPermissionSet({ name: 'Other set' });
    expect(await caught(() => admin.updatePermissionSet(other, { name: 'Taken set' }))).toMatchObject({ code: 'ALREADY_EXISTS' });
    const renamed = await admin.createRole('Renamed');
    expect(await caught(() => admin.updateRole(renamed.id, { name: 'Taken role' }))).toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('unknown ids are NOT_FOUND naming the argument, and nothing is audited', async () => {
    const before = await auditCount();
    const unknown = newId();
    const principal = newId();
    expect(await caught(() => admin.createRole('Orphan', unknown))).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/parentId' }] });
    expect(await caught(() => admin.assignRole(principal, unknown))).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/roleId' }] });
    expect(await caught(() => admin.assignPermissionSet(principal, unknown))).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/permissionSetId' }] });
    expect(await caught(() => admin.updatePermissionSet(unknown, { name: 'x' }))).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/id' }] });
    expect(await caught(() => admin.updatePermissionSet('not-a-uuid', { name: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => admin.createSharingRule({ objectId: 'obj_x', name: 'r', criteria: true, roleId: unknown, access: 'read' }))).toMatchObject({
      code: 'NOT_FOUND',
      details: [{ path: '/roleId' }],
    });
    expect(await caught(() => admin.deleteSharingRule(unknown))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => admin.unshareRecord('obj_x', unknown, principal))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => admin.updateRole(unknown, { name: 'x' }))).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/id' }] });
    expect(await caught(() => admin.deleteRole(unknown))).toMatchObject({ code: 'NOT_FOUND', details: [{ path: '/id' }] });
    expect(await auditCount()).toBe(before);
  });
});

describe('the role tree', () => {
  it('moves a role with the roles below it, keeping the closure exact', async () => {
    const vp = await admin.createRole('Move VP');
    const east = await admin.createRole('Move East', vp.id);
    const rep = await admin.createRole('Move Rep', east.id);
    const west = await admin.createRole('Move West');
    const moved = await admin.updateRole(east.id, { parentId: west.id });
    expect(moved).toEqual({ id: east.id, name: 'Move East', parentId: west.id });
    expect(await ancestors(east.id)).toEqual({ [east.id]: 0, [west.id]: 1, [BUILT_IN.companyRole]: 2 });
    expect(await ancestors(rep.id)).toEqual({ [rep.id]: 0, [east.id]: 1, [west.id]: 2, [BUILT_IN.companyRole]: 3 });
    // The old parent lost them.
    const { rows } = await sql`select 1 from ${sql.id(fixture.schema, '_role_closure')} where "ancestor_id" = ${vp.id}::uuid and "depth" > 0`.execute(
      database.db,
    );
    expect(rows).toHaveLength(0);
    // Rename alone keeps the place.
    expect(await admin.updateRole(east.id, { name: 'Move East 2' })).toEqual({ id: east.id, name: 'Move East 2', parentId: west.id });
  });

  it('refuses cycles and moving Company', async () => {
    const top = await admin.createRole('Cycle top');
    const below = await admin.createRole('Cycle below', top.id);
    expect(await caught(() => admin.updateRole(top.id, { parentId: below.id }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: '/parentId', code: 'ROLE_CYCLE' }],
    });
    expect(await caught(() => admin.updateRole(top.id, { parentId: top.id }))).toMatchObject({ details: [{ code: 'ROLE_CYCLE' }] });
    expect(await caught(() => admin.updateRole(BUILT_IN.companyRole, { parentId: top.id }))).toMatchObject({ details: [{ code: 'BUILT_IN_ROLE' }] });
    expect(await caught(() => admin.deleteRole(BUILT_IN.companyRole))).toMatchObject({ details: [{ code: 'BUILT_IN_ROLE' }] });
    // Company may be renamed (and back).
    expect((await admin.updateRole(BUILT_IN.companyRole, { name: 'Acme' })).name).toBe('Acme');
    await admin.updateRole(BUILT_IN.companyRole, { name: 'Company' });
  });

  it('deletes a role only when nothing uses it', async () => {
    const parent = await admin.createRole('Delete parent');
    const child = await admin.createRole('Delete child', parent.id);
    const holder = newId();
    await admin.assignRole(holder, child.id);
    const rule = await admin.createSharingRule({ objectId: 'obj_x', name: 'to child', criteria: true, roleId: child.id, access: 'read' });
    await admin.shareRecord({ objectId: 'obj_x', recordId: newId(), granteeId: child.id, granteeKind: 'role', access: 'read' });
    const inUse = await caught(() => admin.deleteRole(child.id));
    expect(inUse.code).toBe('CONFLICT');
    expect(inUse.details.map((d) => d.code)).toEqual(['ROLE_IN_USE', 'ROLE_IN_USE', 'ROLE_IN_USE']);
    expect((await caught(() => admin.deleteRole(parent.id))).details.map((d) => d.code)).toEqual(['ROLE_HAS_CHILDREN']);
    await admin.unassignRole(holder);
    await admin.deleteSharingRule(rule);
    await sql`delete from ${sql.id(fixture.schema, '_record_share')} where "grantee_id" = ${child.id}::uuid`.execute(database.db);
    await admin.deleteRole(child.id);
    await admin.deleteRole(parent.id);
    expect((await admin.listRoles()).map((r) => r.id)).not.toContain(parent.id);
    expect(await ancestors(child.id)).toEqual({});
  });

  it('keeps the closure exact under concurrent moves (no cycle can slip in)', async () => {
    const a = await admin.createRole('Race A');
    const b = await admin.createRole('Race B');
    // A under B and B under A at once: one wins, the other sees the cycle.
    const results = await Promise.allSettled([admin.updateRole(a.id, { parentId: b.id }), admin.updateRole(b.id, { parentId: a.id })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ details: [{ code: 'ROLE_CYCLE' }] });
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.id(fixture.schema, '_role_closure')} c
      where c."ancestor_id" = c."descendant_id" and c."depth" <> 0`.execute(database.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
