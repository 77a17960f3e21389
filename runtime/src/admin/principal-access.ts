import { AtriumError, type ErrorDetail } from '@atrium/errors';
import {
  addPermissionSet,
  announceAccessChange as announceTenantAccessChange,
  BUILT_IN,
  clearPrincipalRole,
  type PlatformTables,
  recordAudit,
  removePermissionSet,
  setPrincipalRole,
} from '@atrium/platform';
import { type Kysely, sql } from 'kysely';
import type { Principal } from '../auth/principal.ts';
import { credentialOf } from '../records/record-service.ts';

/**
 * Who administers which tenant: what the user and API key administration (user-admin.ts,
 * api-key-admin.ts) needs of the caller, whatever the transport (REST today, GraphQL later).
 */
export interface AdminScope {
  tenantId: string;
  tenantKey: string;
  /** The tenant's PostgreSQL schema (roles, permission sets and the audit log live there). */
  schema: string;
  /** The acting user or API key. */
  actorId: string;
  /** The credential for the audit log (`session:…`, `apiKey:…`). */
  credential: string;
  /**
   * Called with the hex SHA-256 of sessions and keys a change ended, after it committed: this
   * process's credential cache drops them before the change returns (the database's NOTIFY
   * reaches every process, this one included, within milliseconds anyway).
   */
  forgetCredentials?: (tokenHashes: readonly string[]) => void;
  /** Called after a change to roles or permission sets committed: this process's cached access profiles drop at once. */
  forgetAccess?: () => void;
}

export function adminScope(principal: Principal, hooks: Pick<AdminScope, 'forgetCredentials' | 'forgetAccess'> = {}): AdminScope {
  return {
    tenantId: principal.tenantId,
    tenantKey: principal.tenantKey,
    schema: principal.schemaName,
    actorId: principal.userId,
    credential: credentialOf(principal),
    ...hooks,
  };
}

export type Db = Kysely<PlatformTables>;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const tenantTable = (scope: AdminScope, name: string) => sql.id(scope.schema, name);

/** A role of the hierarchy, as users and keys show it. */
export interface RoleRef {
  id: string;
  name: string;
}

/** Role and permission sets of a user or key, as the tenant's access tables hold them. */
export interface PrincipalAccess {
  role: RoleRef | null;
  permissionSetIds: string[];
}

/** Role and permission sets of many principals at once (two queries). */
export async function accessOf(db: Db, scope: AdminScope, ids: readonly string[]): Promise<Map<string, PrincipalAccess>> {
  const result = new Map<string, PrincipalAccess>(ids.map((id) => [id, { role: null, permissionSetIds: [] }]));
  if (ids.length === 0) return result;
  const roles = await sql<{ user_id: string; id: string; name: string }>`select ur."user_id", r."id", r."name"
    from ${tenantTable(scope, '_user_role')} ur join ${tenantTable(scope, '_role')} r on r."id" = ur."role_id"
    where ur."user_id" = any(${ids}::uuid[])`.execute(db);
  for (const row of roles.rows) {
    const entry = result.get(row.user_id);
    if (entry) entry.role = { id: row.id, name: row.name };
  }
  const sets = await sql<{ principal_id: string; permission_set_id: string }>`select "principal_id", "permission_set_id"
    from ${tenantTable(scope, '_permission_assignment')} where "principal_id" = any(${ids}::uuid[]) order by "permission_set_id"`.execute(db);
  for (const row of sets.rows) result.get(row.principal_id)?.permissionSetIds.push(row.permission_set_id);
  return result;
}

/** VALIDATION_FAILED unless the role and every permission set exist in the tenant. */
export async function checkAccessInput(db: Db, scope: AdminScope, input: { roleId?: string | null; permissionSetIds?: readonly string[] }): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (input.roleId) {
    const { rows } = await sql`select 1 from ${tenantTable(scope, '_role')} where "id" = ${input.roleId}::uuid`.execute(db);
    if (rows.length === 0) problems.push({ path: '/roleId', code: 'UNKNOWN_ROLE', message: `no role ${input.roleId}` });
  }
  const setIds = input.permissionSetIds ?? [];
  if (setIds.length) {
    const { rows } = await sql<{ id: string }>`select "id" from ${tenantTable(scope, '_permission_set')} where "id" = any(${setIds}::uuid[])`.execute(db);
    const known = new Set(rows.map((r) => r.id));
    setIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ path: `/permissionSetIds/${i}`, code: 'UNKNOWN_PERMISSION_SET', message: `no permission set ${id}` });
    });
  }
  if (problems.length) throw new AtriumError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), problems);
}

/** A permission change, recorded like AccessAdmin records its own (`permission.change`). */
async function permissionChange(tx: Db, scope: AdminScope, change: string, details: Record<string, unknown>): Promise<void> {
  await recordAudit(tx, scope.schema, {
    event: 'permission.change',
    actorId: scope.actorId,
    credential: scope.credential,
    details: { change, ...details },
  });
}

/**
 * Sets a principal's role (null: none) and/or replaces its permission sets, inside the caller's
 * transaction; each change is audited as `permission.change`. Returns whether anything changed
 * (the caller then announces it on `atrium_access`).
 */
export async function applyAccess(
  tx: Db,
  scope: AdminScope,
  principalId: string,
  current: PrincipalAccess,
  next: { roleId?: string | null; permissionSetIds?: readonly string[] },
): Promise<boolean> {
  let changed = false;
  if (next.roleId !== undefined && next.roleId !== (current.role?.id ?? null)) {
    if (next.roleId === null) {
      await clearPrincipalRole(tx, scope.schema, principalId);
      await permissionChange(tx, scope, 'unassignRole', { userId: principalId, roleId: current.role?.id ?? null });
    } else {
      await setPrincipalRole(tx, scope.schema, principalId, next.roleId);
      await permissionChange(tx, scope, 'assignRole', { userId: principalId, roleId: next.roleId });
    }
    changed = true;
  }
  if (next.permissionSetIds !== undefined) {
    const wanted = new Set(next.permissionSetIds);
    const had = new Set(current.permissionSetIds);
    for (const setId of wanted) {
      if (had.has(setId)) continue;
      await addPermissionSet(tx, scope.schema, principalId, setId);
      await permissionChange(tx, scope, 'assignPermissionSet', { principalId, permissionSetId: setId });
      changed = true;
    }
    for (const setId of had) {
      if (wanted.has(setId)) continue;
      await removePermissionSet(tx, scope.schema, principalId, setId);
      await permissionChange(tx, scope, 'unassignPermissionSet', { principalId, permissionSetId: setId });
      changed = true;
    }
  }
  return changed;
}

/** Forgets a principal's role and permission sets in the tenant (a removed member), audited. */
export async function clearAccess(tx: Db, scope: AdminScope, principalId: string, current: PrincipalAccess): Promise<void> {
  await applyAccess(tx, scope, principalId, current, { roleId: null, permissionSetIds: [] });
}

/** Every process drops the tenant's cached access profiles when the transaction commits. */
export async function announceAccessChange(tx: Db, scope: AdminScope): Promise<void> {
  await announceTenantAccessChange(tx, scope.tenantId);
}

/** The Administrator permission set: what `admin: true` stands for. */
export const ADMINISTRATOR_SET = BUILT_IN.administratorSet;
