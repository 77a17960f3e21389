import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';

/** Channel announcing a tenant's permission changes (payload: the tenant id); caches drop its profiles. */
export const ACCESS_CHANNEL = 'atrium_access';

type Db = Kysely<PlatformTables>;

/*
 * A user's or API key's place in the hierarchy and its permission sets, as statements inside the
 * caller's transaction: AccessAdmin runs them one change at a time, the user and API key
 * administration as part of adding or changing a member or key.
 */

/** Gives the principal its role (replacing any it had). */
export async function setPrincipalRole(tx: Db, schema: string, principalId: string, roleId: string): Promise<void> {
  await sql`insert into ${sql.id(schema, '_user_role')} ("user_id", "role_id") values (${principalId}::uuid, ${roleId}::uuid)
    on conflict ("user_id") do update set "role_id" = excluded."role_id"`.execute(tx);
}

/** Takes the principal's role away. */
export async function clearPrincipalRole(tx: Db, schema: string, principalId: string): Promise<void> {
  await sql`delete from ${sql.id(schema, '_user_role')} where "user_id" = ${principalId}::uuid`.execute(tx);
}

/** Assigns a permission set (nothing when it is assigned already). */
export async function addPermissionSet(tx: Db, schema: string, principalId: string, permissionSetId: string): Promise<void> {
  await sql`insert into ${sql.id(schema, '_permission_assignment')} ("principal_id", "permission_set_id")
    values (${principalId}::uuid, ${permissionSetId}::uuid) on conflict do nothing`.execute(tx);
}

/** Takes a permission set away. */
export async function removePermissionSet(tx: Db, schema: string, principalId: string, permissionSetId: string): Promise<void> {
  await sql`delete from ${sql.id(schema, '_permission_assignment')}
    where "principal_id" = ${principalId}::uuid and "permission_set_id" = ${permissionSetId}::uuid`.execute(tx);
}

/** Every process drops the tenant's cached access profiles when the transaction commits. */
export async function announceAccessChange(tx: Db, tenantId: string): Promise<void> {
  await sql`select pg_notify(${ACCESS_CHANNEL}, ${tenantId})`.execute(tx);
}
