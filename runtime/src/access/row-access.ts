import { compileCondition } from '@atrium/platform';
import { type RawBuilder, sql } from 'kysely';
import type { ObjectModel } from '../model/tenant-model.ts';
import type { QueryContext } from '../query/aliases.ts';
import { ruleScope } from '../query/formula-sql.ts';
import { type AccessProfile, DEFAULT_SHARING, objectPermissions } from './access-profile.ts';

export type RowAccess = 'read' | 'edit';

/**
 * The records of `object` (row alias `alias`) the caller may read or edit, as a SQL predicate
 * (issue: permissions compiled into the SQL, never post-filtered):
 * view-all / modify-all, the org-wide default, ownership, the role hierarchy (owners in roles below
 * the caller's), manual shares (to the caller or a role at or above it), sharing rules reaching the
 * caller, and master-detail children following their parent.
 */
export function rowAccessSql(ctx: QueryContext, object: ObjectModel, alias: string, access: RowAccess = 'read', depth = 0): RawBuilder<unknown> {
  const profile = ctx.access;
  if (!profile || !rowsRestricted(ctx, object, access)) return sql`true`;
  const schema = ctx.model.schema;
  const row = (column: string) => sql.id(alias, column);
  // Master-detail: a child is reachable exactly when its parent is.
  const master = object.def.fields.find((f) => f.type === 'masterDetail' && f.state !== 'deleted');
  const parent = master?.config?.target ? ctx.model.objectsById.get(master.config.target) : undefined;
  if (master && parent && depth < 4) {
    const p = ctx.aliases.next('m');
    return sql`exists (select 1 from ${sql.id(schema, parent.table)} as ${sql.id(p)} where ${sql.id(p, 'id')} = ${row(master.columns?.value ?? '')} and ${rowAccessSql(ctx, parent, p, access, depth + 1)})`;
  }
  const me = profile.userId;
  const alternatives: RawBuilder<unknown>[] = [sql`${row('owner_id')} = ${me}::uuid`];
  if (profile.roleId) {
    alternatives.push(sql`exists (select 1 from ${sql.id(schema, '_user_role')} as ur join ${sql.id(schema, '_role_closure')} as rc on rc."descendant_id" = ur."role_id"
      where ur."user_id" = ${row('owner_id')} and rc."ancestor_id" = ${profile.roleId}::uuid and rc."depth" > 0)`);
  }
  const grantees = [me, ...profile.roleAndAncestors];
  alternatives.push(sql`exists (select 1 from ${sql.id(schema, '_record_share')} as rs where rs."object_id" = ${object.def.id} and rs."record_id" = ${row('id')}
    and rs."grantee_id" = any(${grantees}::uuid[])${access === 'edit' ? sql` and rs."access" = 'edit'` : sql``})`);
  for (const rule of profile.rules) {
    if (rule.objectId !== object.def.id || (access === 'edit' && rule.access !== 'edit')) continue;
    alternatives.push(compileCondition(rule.criteria, ruleScope(ctx, object, alias)));
  }
  return sql`(${sql.join(alternatives, sql` or `)})`;
}

/** Whether some records of `object` may be out of the caller's reach (else every row is). */
export function rowsRestricted(ctx: QueryContext, object: ObjectModel, access: RowAccess = 'read'): boolean {
  const profile = ctx.access;
  if (!profile || profile.all) return false;
  const permissions = objectPermissions(profile, object.def.id);
  if (access === 'read' ? permissions.viewAll || permissions.modifyAll : permissions.modifyAll) return false;
  const sharing = profile.sharing.get(object.def.id) ?? DEFAULT_SHARING;
  return !(sharing === 'publicReadWrite' || (access === 'read' && sharing === 'publicRead'));
}

/**
 * A lookup's id (column `value` of row `alias`) as the caller may see it: null when the target
 * record is out of reach (or its object unreadable), so an id never reveals that a hidden record
 * exists; lookups to visible records, and every lookup of a caller who sees all targets, read the
 * column as it is.
 */
export function visibleLookupSql(ctx: QueryContext, target: ObjectModel, value: RawBuilder<unknown>): RawBuilder<unknown> {
  const profile = ctx.access;
  if (!profile || profile.all) return value;
  if (!objectPermissions(profile, target.def.id).read) return sql`null::uuid`;
  if (!rowsRestricted(ctx, target)) return value;
  const t = ctx.aliases.next('h');
  return sql`case when exists (select 1 from ${sql.id(ctx.model.schema, target.table)} as ${sql.id(t)} where ${sql.id(t, 'id')} = ${value} and ${rowAccessSql(ctx, target, t, 'read')}) then ${value} end`;
}

/** `deleted_at is null` and readable by the caller: the rows any read may see. */
export function liveRowsSql(ctx: QueryContext, object: ObjectModel, alias: string): RawBuilder<unknown> {
  const live = sql`${sql.id(alias, 'deleted_at')} is null`;
  if (!ctx.access || ctx.access.all) return live;
  return sql`(${live} and ${rowAccessSql(ctx, object, alias, 'read')})`;
}

export type { AccessProfile };
