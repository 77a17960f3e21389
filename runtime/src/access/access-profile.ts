import type { JsonLogic } from '@atrium/metadata';
import { BUILT_IN, type SystemPermission } from '@atrium/platform';
import { type Kysely, sql } from 'kysely';
import type { Principal } from '../auth/principal.ts';

export type ObjectAction = 'create' | 'read' | 'update' | 'delete' | 'viewAll' | 'modifyAll';
export type ObjectPermissions = Record<ObjectAction, boolean>;
export type FieldAccess = 'read' | 'edit';
export type SharingModel = 'private' | 'publicRead' | 'publicReadWrite';

/** A sharing rule that applies to the caller (its role is the rule's role or below it). */
export interface ApplicableRule {
  objectId: string;
  criteria: JsonLogic;
  access: 'read' | 'edit';
}

/**
 * What one caller may do in one tenant: the union of its permission sets, its place in the role
 * hierarchy, the org-wide defaults and the sharing rules that reach it. The query compiler turns
 * it into SQL predicates and column checks; nothing is filtered afterwards in JavaScript.
 */
export interface AccessProfile {
  /** The all-permissions set (admins, `--role admin` keys): no predicates at all. */
  all: boolean;
  userId: string;
  roleId: string | null;
  /** The caller's role and the roles above it: grants to any of them reach the caller. */
  roleAndAncestors: string[];
  objects: Map<string, ObjectPermissions>;
  /** Allow-list per object id: field id → read or edit; `*` stands for every field. */
  fields: Map<string, Map<string, FieldAccess>>;
  system: Set<SystemPermission>;
  sharing: Map<string, SharingModel>;
  rules: ApplicableRule[];
}

/** Objects without an org-wide default behave like Salesforce's custom objects: public read/write. */
export const DEFAULT_SHARING: SharingModel = 'publicReadWrite';

const NONE: ObjectPermissions = { create: false, read: false, update: false, delete: false, viewAll: false, modifyAll: false };

export function fullAccess(userId: string): AccessProfile {
  return {
    all: true,
    userId,
    roleId: BUILT_IN.companyRole,
    roleAndAncestors: [BUILT_IN.companyRole],
    objects: new Map(),
    fields: new Map(),
    system: new Set(),
    sharing: new Map(),
    rules: [],
  };
}

/** Loads the caller's profile from the tenant's access tables (a handful of small queries). */
export async function loadAccessProfile(db: Kysely<unknown>, schema: string, principal: Principal): Promise<AccessProfile> {
  if (principal.kind === 'apiKey' && principal.role === 'admin') return fullAccess(principal.userId);
  const t = (name: string) => sql.id(schema, name);
  const role = await sql<{ role_id: string }>`select "role_id" from ${t('_user_role')} where "user_id" = ${principal.userId}::uuid`.execute(db);
  const roleId = role.rows[0]?.role_id ?? null;
  const ancestors = roleId
    ? (await sql<{ ancestor_id: string }>`select "ancestor_id" from ${t('_role_closure')} where "descendant_id" = ${roleId}::uuid`.execute(db)).rows.map(
        (r) => r.ancestor_id,
      )
    : [];
  const sets = await sql<{
    id: string;
    objects: Record<string, Partial<ObjectPermissions>>;
    fields: Record<string, Record<string, FieldAccess>>;
    system: string[];
  }>`
    select s."id", s."objects", s."fields", s."system" from ${t('_permission_set')} s
      join ${t('_permission_assignment')} a on a."permission_set_id" = s."id"
     where a."principal_id" = ${principal.userId}::uuid`.execute(db);
  if (sets.rows.some((s) => s.id === BUILT_IN.administratorSet)) return { ...fullAccess(principal.userId), roleId, roleAndAncestors: ancestors };
  const objects = new Map<string, ObjectPermissions>();
  const fields = new Map<string, Map<string, FieldAccess>>();
  const system = new Set<SystemPermission>();
  for (const set of sets.rows) {
    for (const [objectId, granted] of Object.entries(set.objects ?? {})) {
      const merged = { ...(objects.get(objectId) ?? NONE) };
      for (const action of Object.keys(NONE) as ObjectAction[]) if (granted[action]) merged[action] = true;
      objects.set(objectId, merged);
    }
    for (const [objectId, byField] of Object.entries(set.fields ?? {})) {
      const merged = fields.get(objectId) ?? new Map<string, FieldAccess>();
      for (const [fieldId, access] of Object.entries(byField)) if (access === 'edit' || !merged.has(fieldId)) merged.set(fieldId, access);
      fields.set(objectId, merged);
    }
    for (const permission of set.system ?? []) system.add(permission as SystemPermission);
  }
  const owd = await sql<{ object_id: string; sharing: SharingModel }>`select "object_id", "sharing" from ${t('_object_access')}`.execute(db);
  const rules = ancestors.length
    ? await sql<{
        object_id: string;
        criteria: JsonLogic;
        access: 'read' | 'edit';
      }>`select "object_id", "criteria", "access" from ${t('_sharing_rule')} where "role_id" = any(${ancestors}::uuid[])`.execute(db)
    : { rows: [] };
  return {
    all: false,
    userId: principal.userId,
    roleId,
    roleAndAncestors: ancestors,
    objects,
    fields,
    system,
    sharing: new Map(owd.rows.map((r) => [r.object_id, r.sharing])),
    rules: rules.rows.map((r) => ({ objectId: r.object_id, criteria: r.criteria, access: r.access })),
  };
}

export function objectPermissions(profile: AccessProfile, objectId: string): ObjectPermissions {
  if (profile.all) return { create: true, read: true, update: true, delete: true, viewAll: true, modifyAll: true };
  return profile.objects.get(objectId) ?? NONE;
}

/** The caller's access to a field: undefined when the field is hidden (allow-list). */
export function fieldAccess(profile: AccessProfile, objectId: string, fieldId: string | undefined): FieldAccess | undefined {
  if (profile.all) return 'edit';
  const byField = profile.fields.get(objectId);
  if (!fieldId) return objectPermissions(profile, objectId).read ? 'read' : undefined; // system fields follow the object
  return byField?.get(fieldId) ?? byField?.get('*');
}

export function hasSystemPermission(profile: AccessProfile, permission: SystemPermission): boolean {
  return profile.all || profile.system.has(permission);
}
