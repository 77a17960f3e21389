import { AtriumError, type ErrorDetail } from '@atrium/errors';
import type { JsonLogic } from '@atrium/metadata';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/audit-log.ts';
import type { PlatformTables } from '../database/platform-tables.ts';
import { newId } from '../ids/uuid-v7.ts';
import { ALL_SYSTEM_PERMISSIONS, BUILT_IN } from '../tenants/tenant-layout.ts';
import { findTenant } from '../tenants/tenant-service.ts';
import { addPermissionSet, announceAccessChange, clearPrincipalRole, removePermissionSet, setPrincipalRole } from './principal-grants.ts';

export { ACCESS_CHANNEL } from './principal-grants.ts';

export type SharingModel = 'private' | 'publicRead' | 'publicReadWrite';
export type ObjectGrant = Partial<Record<'create' | 'read' | 'update' | 'delete' | 'viewAll' | 'modifyAll', boolean>>;

export interface PermissionSetInput {
  name: string;
  description?: string;
  /** Per object id: the actions granted. */
  objects?: Record<string, ObjectGrant>;
  /** Per object id: field id (or `*`) → read or edit. An allow-list: fields not named are hidden. */
  fields?: Record<string, Record<string, 'read' | 'edit'>>;
  system?: string[];
}

export interface Role {
  id: string;
  name: string;
  parentId: string | null;
}

type Db = Kysely<PlatformTables>;

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** What a change raises for a unique or foreign-key violation. */
interface Violations {
  unique?: () => AtriumError;
  foreignKey?: () => AtriumError;
}

function nameTaken(what: string, name: string): AtriumError {
  return new AtriumError('ALREADY_EXISTS', `a ${what} named "${name}" exists already`, [
    { path: '/name', code: 'ALREADY_EXISTS', message: 'the name is taken' },
  ]);
}

function unknownRole(path: string, id: string, code: 'NOT_FOUND' | 'UNKNOWN_ROLE' = 'UNKNOWN_ROLE'): AtriumError {
  return new AtriumError('NOT_FOUND', `no role ${id}`, [{ path, code, message: 'no such role' }]);
}

function unknownPermissionSet(path: string, id: string): AtriumError {
  return new AtriumError('NOT_FOUND', `no permission set ${id}`, [{ path, code: 'NOT_FOUND', message: 'no such permission set' }]);
}

/**
 * Administration of a tenant's access: roles (a hierarchy kept with its closure table),
 * permission sets and their assignment to users and API keys, org-wide defaults, sharing rules
 * and manual shares. Every change is audited and announced so that caches drop the tenant's
 * access profiles at once.
 */
export class AccessAdmin {
  private constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly schema: string,
    private readonly actorId: string | null,
  ) {}

  static async forTenant(db: Db, tenantKey: string, actorId: string | null = null): Promise<AccessAdmin> {
    const tenant = await findTenant(db, tenantKey);
    return new AccessAdmin(db, tenant.id, tenant.schemaName, actorId);
  }

  private t(name: string) {
    return sql.id(this.schema, name);
  }

  /**
   * Runs one audited, announced change in a transaction. PostgreSQL's unique and foreign-key
   * violations (a name taken by a concurrent change, an id that does not exist) come out as the
   * registry's ALREADY_EXISTS and NOT_FOUND, never as raw database errors.
   */
  private async change<T>(event: string, details: Record<string, unknown>, work: (tx: Db) => Promise<T>, violations: Violations = {}): Promise<T> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        const result = await work(tx);
        await recordAudit(tx, this.schema, { event: 'permission.change', actorId: this.actorId, details: { change: event, ...details } });
        await announceAccessChange(tx, this.tenantId);
        return result;
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const mapped = code === UNIQUE_VIOLATION ? violations.unique?.() : code === FOREIGN_KEY_VIOLATION ? violations.foreignKey?.() : undefined;
      if (mapped) throw mapped;
      if (code === UNIQUE_VIOLATION) throw new AtriumError('ALREADY_EXISTS', `the ${event} conflicts with an existing entry`);
      if (code === FOREIGN_KEY_VIOLATION) throw new AtriumError('NOT_FOUND', `the ${event} names something that does not exist`);
      throw error;
    }
  }

  /** Serialises changes to the role tree (creates, moves, deletes), so the closure never sees two at once. */
  private async lockRoles(tx: Db): Promise<void> {
    await sql`lock table ${this.t('_role')} in share row exclusive mode`.execute(tx);
  }

  private async roleRow(tx: Db, id: string): Promise<Role | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await sql<{
      id: string;
      name: string;
      parent_id: string | null;
    }>`select "id", "name", "parent_id" from ${this.t('_role')} where "id" = ${id}::uuid`.execute(tx);
    const row = rows[0];
    return row && { id: row.id, name: row.name, parentId: row.parent_id };
  }

  async listRoles(): Promise<Role[]> {
    const { rows } = await sql<{
      id: string;
      name: string;
      parent_id: string | null;
    }>`select "id", "name", "parent_id" from ${this.t('_role')} order by "name"`.execute(this.db);
    return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id }));
  }

  /** A role below `parentId` (default: the top, Company). */
  async createRole(name: string, parentId: string = BUILT_IN.companyRole): Promise<Role> {
    if (!name.trim()) throw new AtriumError('VALIDATION_FAILED', 'a role needs a name', [{ path: '/name', code: 'REQUIRED', message: 'a name' }]);
    return this.change(
      'createRole',
      { name, parentId },
      async (tx) => {
        await this.lockRoles(tx);
        if (!(await this.roleRow(tx, parentId))) throw unknownRole('/parentId', parentId);
        const id = newId();
        await sql`insert into ${this.t('_role')} ("id", "name", "parent_id") values (${id}::uuid, ${name}, ${parentId}::uuid)`.execute(tx);
        // The closure: the new role under every ancestor of its parent, and itself.
        await sql`insert into ${this.t('_role_closure')} ("ancestor_id", "descendant_id", "depth")
          select "ancestor_id", ${id}::uuid, "depth" + 1 from ${this.t('_role_closure')} where "descendant_id" = ${parentId}::uuid
          union all select ${id}::uuid, ${id}::uuid, 0`.execute(tx);
        return { id, name, parentId };
      },
      { unique: () => nameTaken('role', name), foreignKey: () => unknownRole('/parentId', parentId) },
    );
  }

  /**
   * Renames a role and/or moves it (with the roles below it) under another parent. The built-in
   * Company role stays at the top: it may be renamed, not moved. A role cannot move below itself.
   */
  async updateRole(id: string, changes: { name?: string; parentId?: string }): Promise<Role> {
    const name = changes.name?.trim();
    if (changes.name !== undefined && !name)
      throw new AtriumError('VALIDATION_FAILED', 'a role needs a name', [{ path: '/name', code: 'REQUIRED', message: 'a name' }]);
    return this.change(
      'updateRole',
      { id, ...changes },
      async (tx) => {
        await this.lockRoles(tx);
        const role = await this.roleRow(tx, id);
        if (!role) throw unknownRole('/id', id, 'NOT_FOUND');
        const parentId = changes.parentId;
        if (parentId !== undefined && parentId !== role.parentId) {
          if (id === BUILT_IN.companyRole)
            throw new AtriumError('VALIDATION_FAILED', 'the Company role is the top of the hierarchy: it cannot move', [
              { path: '/parentId', code: 'BUILT_IN_ROLE', message: 'Company stays at the top' },
            ]);
          if (!(await this.roleRow(tx, parentId))) throw unknownRole('/parentId', parentId);
          const below = await sql`select 1 from ${this.t('_role_closure')} where "ancestor_id" = ${id}::uuid and "descendant_id" = ${parentId}::uuid`.execute(
            tx,
          );
          if (below.rows.length > 0)
            throw new AtriumError('VALIDATION_FAILED', 'a role cannot move below itself or a role below it', [
              { path: '/parentId', code: 'ROLE_CYCLE', message: 'the new parent is the role itself or below it' },
            ]);
          // The subtree keeps its inner links; its links to the old ancestors are replaced by links to the new ones.
          await sql`delete from ${this.t('_role_closure')}
            where "descendant_id" in (select "descendant_id" from ${this.t('_role_closure')} where "ancestor_id" = ${id}::uuid)
              and "ancestor_id" not in (select "descendant_id" from ${this.t('_role_closure')} where "ancestor_id" = ${id}::uuid)`.execute(tx);
          await sql`insert into ${this.t('_role_closure')} ("ancestor_id", "descendant_id", "depth")
            select a."ancestor_id", d."descendant_id", a."depth" + d."depth" + 1
              from ${this.t('_role_closure')} a cross join ${this.t('_role_closure')} d
             where a."descendant_id" = ${parentId}::uuid and d."ancestor_id" = ${id}::uuid`.execute(tx);
        }
        const next = { id, name: name ?? role.name, parentId: parentId ?? role.parentId };
        await sql`update ${this.t('_role')} set "name" = ${next.name}, "parent_id" = ${next.parentId}::uuid where "id" = ${id}::uuid`.execute(tx);
        return next;
      },
      { unique: () => nameTaken('role', name ?? '') },
    );
  }

  /**
   * Deletes a role nobody uses: no roles below it, no user or API key holding it, no sharing rule
   * or manual share naming it (CONFLICT naming each use otherwise). Company cannot be deleted.
   */
  async deleteRole(id: string): Promise<void> {
    await this.change('deleteRole', { id }, async (tx) => {
      await this.lockRoles(tx);
      const role = await this.roleRow(tx, id);
      if (!role) throw unknownRole('/id', id, 'NOT_FOUND');
      if (id === BUILT_IN.companyRole)
        throw new AtriumError('VALIDATION_FAILED', 'the Company role is the top of the hierarchy: it cannot be deleted', [
          { path: '/id', code: 'BUILT_IN_ROLE', message: 'Company stays' },
        ]);
      const { rows } = await sql<{ children: string; holders: string; rules: string; shares: string }>`select
          (select count(*) from ${this.t('_role')} where "parent_id" = ${id}::uuid) as "children",
          (select count(*) from ${this.t('_user_role')} where "role_id" = ${id}::uuid) as "holders",
          (select count(*) from ${this.t('_sharing_rule')} where "role_id" = ${id}::uuid) as "rules",
          (select count(*) from ${this.t('_record_share')} where "grantee_id" = ${id}::uuid and "grantee_kind" = 'role') as "shares"`.execute(tx);
      const uses = rows[0] ?? { children: '0', holders: '0', rules: '0', shares: '0' };
      const problems: ErrorDetail[] = [];
      if (Number(uses.children))
        problems.push({ path: '/id', code: 'ROLE_HAS_CHILDREN', message: `${uses.children} role(s) below it; move or delete them first` });
      if (Number(uses.holders))
        problems.push({ path: '/id', code: 'ROLE_IN_USE', message: `${uses.holders} user(s) or API key(s) hold it; give them another role first` });
      if (Number(uses.rules)) problems.push({ path: '/id', code: 'ROLE_IN_USE', message: `${uses.rules} sharing rule(s) share with it; delete them first` });
      if (Number(uses.shares)) problems.push({ path: '/id', code: 'ROLE_IN_USE', message: `${uses.shares} record(s) are shared with it; unshare them first` });
      if (problems.length) throw new AtriumError('CONFLICT', `the role "${role.name}" is still in use: ${problems.map((p) => p.message).join('; ')}`, problems);
      await sql`delete from ${this.t('_role')} where "id" = ${id}::uuid`.execute(tx);
    });
  }

  /** Gives a user or API key its place in the hierarchy. */
  async assignRole(userId: string, roleId: string): Promise<void> {
    await this.change(
      'assignRole',
      { userId, roleId },
      async (tx) => {
        await setPrincipalRole(tx, this.schema, userId, roleId);
      },
      { foreignKey: () => unknownRole('/roleId', roleId) },
    );
  }

  /** Takes a user's or API key's role away: it then sees only what it owns, is shared or is public. */
  async unassignRole(userId: string): Promise<void> {
    await this.change('unassignRole', { userId }, (tx) => clearPrincipalRole(tx, this.schema, userId));
  }

  async createPermissionSet(input: PermissionSetInput): Promise<string> {
    const system = input.system ?? [];
    const unknown = system.filter((p) => !(ALL_SYSTEM_PERMISSIONS as readonly string[]).includes(p));
    if (unknown.length)
      throw new AtriumError('VALIDATION_FAILED', `unknown system permissions: ${unknown.join(', ')}`, [
        { path: '/system', code: 'INVALID_VALUE', message: `one of ${ALL_SYSTEM_PERMISSIONS.join(', ')}` },
      ]);
    return this.change(
      'createPermissionSet',
      { name: input.name },
      async (tx) => {
        const id = newId();
        await sql`insert into ${this.t('_permission_set')} ("id", "name", "description", "objects", "fields", "system")
          values (${id}::uuid, ${input.name}, ${input.description ?? null}, ${JSON.stringify(input.objects ?? {})}::jsonb, ${JSON.stringify(input.fields ?? {})}::jsonb, ${system}::text[])`.execute(
          tx,
        );
        return id;
      },
      { unique: () => nameTaken('permission set', input.name) },
    );
  }

  async updatePermissionSet(id: string, input: PermissionSetInput): Promise<void> {
    if (id === BUILT_IN.administratorSet) throw new AtriumError('FORBIDDEN', 'the Administrator set cannot be changed');
    await this.change(
      'updatePermissionSet',
      { id, name: input.name },
      async (tx) => {
        const result = UUID.test(id)
          ? await sql`update ${this.t('_permission_set')} set "name" = ${input.name}, "description" = ${input.description ?? null}, "objects" = ${JSON.stringify(input.objects ?? {})}::jsonb,
          "fields" = ${JSON.stringify(input.fields ?? {})}::jsonb, "system" = ${input.system ?? []}::text[], "updated_at" = now() where "id" = ${id}::uuid`.execute(
              tx,
            )
          : { numAffectedRows: 0n };
        if (Number(result.numAffectedRows ?? 0) === 0) throw unknownPermissionSet('/id', id);
      },
      { unique: () => nameTaken('permission set', input.name) },
    );
  }

  async assignPermissionSet(principalId: string, permissionSetId: string): Promise<void> {
    await this.change('assignPermissionSet', { principalId, permissionSetId }, (tx) => addPermissionSet(tx, this.schema, principalId, permissionSetId), {
      foreignKey: () => unknownPermissionSet('/permissionSetId', permissionSetId),
    });
  }

  async unassignPermissionSet(principalId: string, permissionSetId: string): Promise<void> {
    await this.change('unassignPermissionSet', { principalId, permissionSetId }, (tx) => removePermissionSet(tx, this.schema, principalId, permissionSetId));
  }

  /** The org-wide default of an object: who sees records they do not own. */
  async setSharingModel(objectId: string, sharing: SharingModel): Promise<void> {
    if (!['private', 'publicRead', 'publicReadWrite'].includes(sharing))
      throw new AtriumError('VALIDATION_FAILED', 'sharing is private, publicRead or publicReadWrite');
    await this.change('setSharingModel', { objectId, sharing }, async (tx) => {
      await sql`insert into ${this.t('_object_access')} ("object_id", "sharing") values (${objectId}, ${sharing}) on conflict ("object_id") do update set "sharing" = excluded."sharing"`.execute(
        tx,
      );
    });
  }

  /** "Share accounts in region East with the East team": records matching `criteria` with a role and those below it. */
  async createSharingRule(input: { objectId: string; name: string; criteria: JsonLogic; roleId: string; access: 'read' | 'edit' }): Promise<string> {
    return this.change(
      'createSharingRule',
      { ...input },
      async (tx) => {
        const id = newId();
        await sql`insert into ${this.t('_sharing_rule')} ("id", "object_id", "name", "criteria", "role_id", "access")
          values (${id}::uuid, ${input.objectId}, ${input.name}, ${JSON.stringify(input.criteria)}::jsonb, ${input.roleId}::uuid, ${input.access})`.execute(tx);
        return id;
      },
      { foreignKey: () => unknownRole('/roleId', input.roleId) },
    );
  }

  async deleteSharingRule(id: string): Promise<void> {
    await this.change('deleteSharingRule', { id }, async (tx) => {
      const result = UUID.test(id) ? await sql`delete from ${this.t('_sharing_rule')} where "id" = ${id}::uuid`.execute(tx) : { numAffectedRows: 0n };
      if (Number(result.numAffectedRows ?? 0) === 0)
        throw new AtriumError('NOT_FOUND', `no sharing rule ${id}`, [{ path: '/id', code: 'NOT_FOUND', message: 'no such sharing rule' }]);
    });
  }

  /** Manual sharing of one record with a user or a role (and the roles below it). */
  async shareRecord(input: { objectId: string; recordId: string; granteeId: string; granteeKind: 'user' | 'role'; access: 'read' | 'edit' }): Promise<void> {
    await this.change('shareRecord', { ...input }, async (tx) => {
      await sql`insert into ${this.t('_record_share')} ("object_id", "record_id", "grantee_id", "grantee_kind", "access", "created_by")
        values (${input.objectId}, ${input.recordId}::uuid, ${input.granteeId}::uuid, ${input.granteeKind}, ${input.access}, ${this.actorId}::uuid)
        on conflict ("object_id", "record_id", "grantee_id") do update set "access" = excluded."access"`.execute(tx);
    });
  }

  async unshareRecord(objectId: string, recordId: string, granteeId: string): Promise<void> {
    await this.change('unshareRecord', { objectId, recordId, granteeId }, async (tx) => {
      const result =
        UUID.test(recordId) && UUID.test(granteeId)
          ? await sql`delete from ${this.t('_record_share')} where "object_id" = ${objectId} and "record_id" = ${recordId}::uuid and "grantee_id" = ${granteeId}::uuid`.execute(
              tx,
            )
          : { numAffectedRows: 0n };
      if (Number(result.numAffectedRows ?? 0) === 0)
        throw new AtriumError('NOT_FOUND', `no share of ${recordId} with ${granteeId}`, [{ path: '/', code: 'NOT_FOUND', message: 'no such share' }]);
    });
  }
}
