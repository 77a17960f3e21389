import { AtriumError } from '@atrium/errors';
import type { JsonLogic } from '@atrium/metadata';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/audit-log.ts';
import type { PlatformTables } from '../database/platform-tables.ts';
import { newId } from '../ids/uuid-v7.ts';
import { ALL_SYSTEM_PERMISSIONS, BUILT_IN } from '../tenants/tenant-layout.ts';
import { findTenant } from '../tenants/tenant-service.ts';

/** Channel announcing a tenant's permission changes (payload: the tenant id); caches drop its profiles. */
export const ACCESS_CHANNEL = 'atrium_access';

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

  private async change<T>(event: string, details: Record<string, unknown>, work: (tx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (tx) => {
      const result = await work(tx);
      await recordAudit(tx, this.schema, { event: 'permission.change', actorId: this.actorId, details: { change: event, ...details } });
      await sql`select pg_notify(${ACCESS_CHANNEL}, ${this.tenantId})`.execute(tx);
      return result;
    });
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
    return this.change('createRole', { name, parentId }, async (tx) => {
      const parent = await sql`select 1 from ${this.t('_role')} where "id" = ${parentId}::uuid`.execute(tx);
      if (parent.rows.length === 0)
        throw new AtriumError('NOT_FOUND', `no role ${parentId}`, [{ path: '/parentId', code: 'NOT_FOUND', message: 'no such role' }]);
      const id = newId();
      await sql`insert into ${this.t('_role')} ("id", "name", "parent_id") values (${id}::uuid, ${name}, ${parentId}::uuid)`.execute(tx);
      // The closure: the new role under every ancestor of its parent, and itself.
      await sql`insert into ${this.t('_role_closure')} ("ancestor_id", "descendant_id", "depth")
        select "ancestor_id", ${id}::uuid, "depth" + 1 from ${this.t('_role_closure')} where "descendant_id" = ${parentId}::uuid
        union all select ${id}::uuid, ${id}::uuid, 0`.execute(tx);
      return { id, name, parentId };
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') throw new AtriumError('ALREADY_EXISTS', `a role named "${name}" exists already`);
      throw error;
    });
  }

  /** Gives a user or API key its place in the hierarchy. */
  async assignRole(userId: string, roleId: string): Promise<void> {
    await this.change('assignRole', { userId, roleId }, async (tx) => {
      await sql`insert into ${this.t('_user_role')} ("user_id", "role_id") values (${userId}::uuid, ${roleId}::uuid)
        on conflict ("user_id") do update set "role_id" = excluded."role_id"`.execute(tx);
    });
  }

  async createPermissionSet(input: PermissionSetInput): Promise<string> {
    const system = input.system ?? [];
    const unknown = system.filter((p) => !(ALL_SYSTEM_PERMISSIONS as readonly string[]).includes(p));
    if (unknown.length)
      throw new AtriumError('VALIDATION_FAILED', `unknown system permissions: ${unknown.join(', ')}`, [
        { path: '/system', code: 'INVALID_VALUE', message: `one of ${ALL_SYSTEM_PERMISSIONS.join(', ')}` },
      ]);
    return this.change('createPermissionSet', { name: input.name }, async (tx) => {
      const id = newId();
      await sql`insert into ${this.t('_permission_set')} ("id", "name", "description", "objects", "fields", "system")
        values (${id}::uuid, ${input.name}, ${input.description ?? null}, ${JSON.stringify(input.objects ?? {})}::jsonb, ${JSON.stringify(input.fields ?? {})}::jsonb, ${system}::text[])`.execute(
        tx,
      );
      return id;
    });
  }

  async updatePermissionSet(id: string, input: PermissionSetInput): Promise<void> {
    if (id === BUILT_IN.administratorSet) throw new AtriumError('FORBIDDEN', 'the Administrator set cannot be changed');
    await this.change('updatePermissionSet', { id, name: input.name }, async (tx) => {
      const result =
        await sql`update ${this.t('_permission_set')} set "name" = ${input.name}, "description" = ${input.description ?? null}, "objects" = ${JSON.stringify(input.objects ?? {})}::jsonb,
        "fields" = ${JSON.stringify(input.fields ?? {})}::jsonb, "system" = ${input.system ?? []}::text[], "updated_at" = now() where "id" = ${id}::uuid`.execute(
          tx,
        );
      if (Number(result.numAffectedRows ?? 0) === 0) throw new AtriumError('NOT_FOUND', `no permission set ${id}`);
    });
  }

  async assignPermissionSet(principalId: string, permissionSetId: string): Promise<void> {
    await this.change('assignPermissionSet', { principalId, permissionSetId }, async (tx) => {
      await sql`insert into ${this.t('_permission_assignment')} ("principal_id", "permission_set_id") values (${principalId}::uuid, ${permissionSetId}::uuid) on conflict do nothing`.execute(
        tx,
      );
    });
  }

  async unassignPermissionSet(principalId: string, permissionSetId: string): Promise<void> {
    await this.change('unassignPermissionSet', { principalId, permissionSetId }, async (tx) => {
      await sql`delete from ${this.t('_permission_assignment')} where "principal_id" = ${principalId}::uuid and "permission_set_id" = ${permissionSetId}::uuid`.execute(
        tx,
      );
    });
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
    return this.change('createSharingRule', { ...input }, async (tx) => {
      const id = newId();
      await sql`insert into ${this.t('_sharing_rule')} ("id", "object_id", "name", "criteria", "role_id", "access")
        values (${id}::uuid, ${input.objectId}, ${input.name}, ${JSON.stringify(input.criteria)}::jsonb, ${input.roleId}::uuid, ${input.access})`.execute(tx);
      return id;
    });
  }

  async deleteSharingRule(id: string): Promise<void> {
    await this.change('deleteSharingRule', { id }, async (tx) => {
      await sql`delete from ${this.t('_sharing_rule')} where "id" = ${id}::uuid`.execute(tx);
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
      await sql`delete from ${this.t('_record_share')} where "object_id" = ${objectId} and "record_id" = ${recordId}::uuid and "grantee_id" = ${granteeId}::uuid`.execute(
        tx,
      );
    });
  }
}
