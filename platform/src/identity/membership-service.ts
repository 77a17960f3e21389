import { AtriumError } from '@atrium/errors';
import type { Kysely, Selectable } from 'kysely';
import { AccessAdmin } from '../access/access-admin.ts';
import type { MembershipRole, PlatformTables, UserTable } from '../database/platform-tables.ts';
import { BUILT_IN } from '../tenants/tenant-layout.ts';
import { findTenant } from '../tenants/tenant-service.ts';
import { checkRole, type Membership, toUser, type User } from './user.ts';
import { findUser } from './user-service.ts';

/** A tenant's member: the user and their role there. */
export interface TenantMember extends User {
  role: MembershipRole;
  memberSince: string;
  /** When a tenant admin deactivated the membership (no sign-in to this tenant), or null. */
  deactivatedAt: string | null;
}

/**
 * Makes a user (by id or email) a member of a tenant with a role, or changes the role of an
 * existing membership (the user's sessions in that tenant pick the new role up at once).
 * `admin` assigns the tenant's Administrator permission set and the top role; demoting an admin
 * to `member` takes the set away again.
 */
export async function addMembership(db: Kysely<PlatformTables>, user: string, tenantKey: string, role: MembershipRole = 'member'): Promise<Membership> {
  checkRole(role);
  const [found, tenant] = await Promise.all([findUser(db, user), findTenant(db, tenantKey)]);
  const previous = await db
    .selectFrom('atrium.membership')
    .select('role')
    .where('user_id', '=', found.id)
    .where('tenant_id', '=', tenant.id)
    .executeTakeFirst();
  const row = await db
    .insertInto('atrium.membership')
    .values({ user_id: found.id, tenant_id: tenant.id, role })
    .onConflict((oc) => oc.columns(['user_id', 'tenant_id']).doUpdateSet({ role }))
    .returningAll()
    .executeTakeFirstOrThrow();
  // An admin is the built-in admin of the tenant: the Administrator permission set (every
  // permission) at the top of the role hierarchy. Other members get their access from an admin.
  const access = await AccessAdmin.forTenant(db, tenantKey);
  if (role === 'admin') {
    await access.assignPermissionSet(found.id, BUILT_IN.administratorSet);
    await access.assignRole(found.id, BUILT_IN.companyRole);
  } else if (previous?.role === 'admin') {
    await access.unassignPermissionSet(found.id, BUILT_IN.administratorSet);
  }
  return {
    userId: row.user_id,
    tenantId: row.tenant_id,
    tenantKey: tenant.key,
    tenantName: tenant.name,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Ends a user's membership of a tenant; their sessions in that tenant end with it. NOT_FOUND when there was none. */
export async function removeMembership(db: Kysely<PlatformTables>, user: string, tenantKey: string): Promise<void> {
  const [found, tenant] = await Promise.all([findUser(db, user), findTenant(db, tenantKey)]);
  const result = await db.deleteFrom('atrium.membership').where('user_id', '=', found.id).where('tenant_id', '=', tenant.id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AtriumError('NOT_FOUND', `user "${user}" is not a member of tenant "${tenantKey}"`);
}

/** The tenants a user belongs to (live tenants and memberships an admin has not deactivated), by tenant key. */
export async function listMemberships(db: Kysely<PlatformTables>, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.tenant as t', 't.id', 'm.tenant_id')
    .select(['m.user_id', 'm.tenant_id', 'm.role', 'm.created_at', 't.key', 't.name'])
    .where('m.user_id', '=', userId)
    .where('t.status', '!=', 'deleted')
    .where('m.disabled_at', 'is', null)
    .orderBy('t.key')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    tenantId: r.tenant_id,
    tenantKey: r.key,
    tenantName: r.name,
    role: r.role,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** A tenant's members with their roles, by email. */
export async function listTenantMembers(db: Kysely<PlatformTables>, tenantKey: string): Promise<TenantMember[]> {
  const tenant = await findTenant(db, tenantKey);
  const rows = await db
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.user as u', 'u.id', 'm.user_id')
    .selectAll('u')
    .select(['m.role', 'm.created_at as member_since', 'm.disabled_at as deactivated_at'])
    .where('m.tenant_id', '=', tenant.id)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    ...toUser(r as Selectable<UserTable>),
    role: r.role,
    memberSince: new Date(r.member_since).toISOString(),
    deactivatedAt: r.deactivated_at ? new Date(r.deactivated_at).toISOString() : null,
  }));
}
