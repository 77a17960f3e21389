import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import type { JsonLogic } from '@atrium/metadata';
import {
  AccessAdmin,
  ALL_SYSTEM_PERMISSIONS,
  BUILT_IN,
  compileCondition,
  type Database,
  type ObjectGrant,
  type PermissionSetInput,
  type Role,
  RuleNotCompilable,
  type SharingModel,
} from '@atrium/platform';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_SHARING, hasSystemPermission } from '../access/access-profile.ts';
import type { Principal } from '../auth/principal.ts';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import { queryContext } from '../query/aliases.ts';
import { ruleScope } from '../query/formula-sql.ts';
import type { TenantRegistry } from '../tenancy/tenant-registry.ts';
import { inputValidator } from '../validation/json-input.ts';

/*
 * Access administration of one tenant (issue 4), whatever the transport: roles and the hierarchy,
 * permission sets and their assignment to users and API keys, org-wide defaults, sharing rules and
 * manual shares. REST (`/api/v1/admin`) and GraphQL (`/graphql/meta`) call the same methods with
 * the same inputs, so both validate, refuse and answer alike; only where the input sits in the
 * request differs, which `InputPaths` tells (JSON pointers in problem details).
 *
 * Inputs name objects and fields by API name; the tables store their stable ids, so a rename keeps
 * every grant. Every change goes through AccessAdmin (audited, announced on `atrium_access` so
 * every process drops the tenant's cached profiles).
 */

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID_PATTERN = new RegExp(UUID);
const uuid = { type: 'string', pattern: UUID };
const ACTIONS = ['create', 'read', 'update', 'delete', 'viewAll', 'modifyAll'] as const;
const SHARING_MODELS: readonly SharingModel[] = ['private', 'publicRead', 'publicReadWrite'];
const roleName = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' };

const schemas = {
  role: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: roleName, parentId: uuid } },
  roleChanges: { type: 'object', additionalProperties: false, properties: { name: roleName, parentId: uuid } },
  roleAssignment: { type: 'object', additionalProperties: false, required: ['roleId'], properties: { roleId: uuid } },
  permissionSet: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
      description: { type: ['string', 'null'], maxLength: 2000 },
      objects: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: false, properties: Object.fromEntries(ACTIONS.map((a) => [a, { type: 'boolean' }])) },
      },
      fields: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { enum: ['read', 'edit'] } } },
      system: { type: 'array', uniqueItems: true, items: { enum: [...ALL_SYSTEM_PERMISSIONS] } },
    },
  },
  sharing: { type: 'object', additionalProperties: false, required: ['sharing'], properties: { sharing: { enum: [...SHARING_MODELS] } } },
  sharingRule: {
    type: 'object',
    additionalProperties: false,
    required: ['object', 'name', 'criteria', 'roleId'],
    properties: {
      object: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
      criteria: { type: ['object', 'boolean'] },
      roleId: uuid,
      access: { enum: ['read', 'edit'] },
    },
  },
  share: {
    type: 'object',
    additionalProperties: false,
    required: ['object', 'recordId', 'granteeId'],
    properties: {
      object: { type: 'string', minLength: 1 },
      recordId: uuid,
      granteeId: uuid,
      granteeKind: { enum: ['user', 'role'] },
      access: { enum: ['read', 'edit'] },
    },
  },
  unshare: {
    type: 'object',
    additionalProperties: false,
    required: ['object', 'recordId', 'granteeId'],
    properties: { object: { type: 'string', minLength: 1 }, recordId: uuid, granteeId: uuid },
  },
} as const;

type SchemaName = keyof typeof schemas;

const validators = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, inputValidator(schema)])) as Record<
  SchemaName,
  ReturnType<typeof inputValidator>
>;

/**
 * Where a transport took each input from, for the paths of problems. `input` prefixes the members
 * of the input document (REST: the body, `''`; GraphQL: `'/input'`); the others locate identifiers
 * that name the resource acted on (REST: `/params/id`; GraphQL: `/id`). `describe` names the input
 * in messages ("the body", "the input").
 */
export interface InputPaths {
  input?: string;
  describe?: string;
  id?: string;
  principalId?: string;
  setId?: string;
  object?: string;
  recordId?: string;
  limit?: string;
}

/** The path of an input member, or of an identifier the transport located elsewhere. */
function at(paths: InputPaths, name: keyof InputPaths): string {
  return paths[name] ?? `${paths.input ?? ''}/${name}`;
}

function member(paths: InputPaths, name: string): string {
  return `${paths.input ?? ''}/${name}`;
}

export function invalid(path: string, code: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code, message }]);
}

export function notFound(path: string, message: string, code = 'NOT_FOUND'): AtriumError {
  return new AtriumError('NOT_FOUND', message, [{ path, code, message }]);
}

/** An input checked against its JSON Schema; problems as VALIDATION_FAILED with JSON pointers under `paths.input`. */
function validated<T>(value: unknown, schema: SchemaName, paths: InputPaths): T {
  return validators[schema](value, { prefix: paths.input ?? '', describe: paths.describe ?? 'the input' }) as T;
}

/** An error AccessAdmin raised about its own arguments (`/name`, `/parentId`), with the paths of the request. */
function located(error: unknown, paths: InputPaths, rename: Record<string, string> = {}): unknown {
  if (!isAtriumError(error) || error.details.length === 0) return error;
  const details = error.details.map((detail) => {
    const name = detail.path.slice(1);
    const known = rename[name] ?? name;
    return { ...detail, path: detail.path === '/' ? detail.path : at(paths, known as keyof InputPaths) };
  });
  return new AtriumError(error.code, error.message, details);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

// Views: what both APIs answer ------------------------------------------------------------------

export interface RoleView {
  id: string;
  name: string;
  parentId: string | null;
}

export interface PrincipalAccessView {
  id: string;
  roleId: string | null;
  permissionSetIds: string[];
}

export interface PermissionSetView {
  id: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  /** Per object API name: the actions granted. */
  objects: Record<string, ObjectGrant>;
  /** Per object API name: field API name (or `*`) → read or edit. */
  fields: Record<string, Record<string, 'read' | 'edit'>>;
  system: string[];
  createdAt: string;
  updatedAt: string;
}

export interface OrgWideDefaultView {
  object: string;
  sharing: SharingModel;
}

export interface SharingRuleView {
  id: string;
  object: string;
  name: string;
  criteria: JsonLogic;
  roleId: string;
  access: 'read' | 'edit';
  createdAt: string;
}

export interface RecordShareView {
  object: string;
  recordId: string;
  granteeId: string;
  granteeKind: 'user' | 'role';
  access: 'read' | 'edit';
  createdBy: string | null;
  createdAt: string;
}

/** A share as created (its creator and time are the stored row's). */
export type CreatedShareView = Omit<RecordShareView, 'createdBy' | 'createdAt'>;

/** Permission set input as REST bodies and GraphQL inputs (converted) give it: objects and fields by API name. */
export interface PermissionSetBody {
  name: string;
  description?: string | null;
  objects?: Record<string, ObjectGrant>;
  fields?: Record<string, Record<string, 'read' | 'edit'>>;
  system?: string[];
}

interface PermissionSetRow {
  id: string;
  name: string;
  description: string | null;
  objects: Record<string, ObjectGrant>;
  fields: Record<string, Record<string, 'read' | 'edit'>>;
  system: string[];
  created_at: Date;
  updated_at: Date;
}

interface RuleRow {
  id: string;
  object_id: string;
  name: string;
  criteria: JsonLogic;
  role_id: string;
  access: 'read' | 'edit';
  created_at: Date;
}

interface ShareRow {
  object_id: string;
  record_id: string;
  grantee_id: string;
  grantee_kind: 'user' | 'role';
  access: 'read' | 'edit';
  created_by: string | null;
  created_at: Date;
}

/** What the service needs from the server: the database and the registry (access profiles). */
export interface AdministrationServices {
  database: Database;
  registry: TenantRegistry;
}

/**
 * The access administration of the caller's tenant. `open` refuses (FORBIDDEN) a caller without
 * the `manageUsers` system permission (admin API keys have every permission); every method works
 * on the caller's tenant only: ids from another tenant are unknown here.
 */
export class AccessAdministration {
  private readonly db: Kysely<unknown>;

  private constructor(
    private readonly services: AdministrationServices,
    readonly principal: Principal,
    readonly model: TenantModel,
    private readonly admin: AccessAdmin,
  ) {
    this.db = services.database.db as unknown as Kysely<unknown>;
  }

  static async open(services: AdministrationServices, principal: Principal, model: TenantModel): Promise<AccessAdministration> {
    const access = await services.registry.access(principal, model.schema);
    if (!hasSystemPermission(access, 'manageUsers')) throw new AtriumError('FORBIDDEN', 'administering access needs the manageUsers permission');
    const admin = await AccessAdmin.forTenant(services.database.db, principal.tenantKey, principal.userId);
    return new AccessAdministration(services, principal, model, admin);
  }

  private t(name: string) {
    return sql.id(this.model.schema, name);
  }

  private objectName(objectId: string): string {
    return this.model.objectsById.get(objectId)?.apiName ?? objectId;
  }

  /**
   * An object by API name. As the resource acted on (`GET …/objects/{object}/sharing`,
   * `orgWideDefault(object:)`) an unknown one is NOT_FOUND; as a value in an input, VALIDATION_FAILED.
   */
  private objectNamed(name: string, path: string, as: 'resource' | 'value'): ObjectModel {
    const object = this.model.objects.get(name);
    if (!object) {
      const message = `no object "${name}"; objects are named by their API name, e.g. "account"`;
      if (as === 'resource') throw new AtriumError('NOT_FOUND', message, [{ path, code: 'UNKNOWN_OBJECT', message }]);
      throw invalid(path, 'UNKNOWN_OBJECT', message);
    }
    return object;
  }

  private async roleExists(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await sql`select 1 from ${this.t('_role')} where "id" = ${id}::uuid`.execute(this.db)).rows.length > 0;
  }

  /** A user or API key of the caller's tenant (a user through its membership). */
  async principalExists(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { db } = this.services.database;
    const key = await db.selectFrom('atrium.api_key').select('id').where('id', '=', id).where('tenant_id', '=', this.principal.tenantId).executeTakeFirst();
    if (key) return true;
    const member = await db
      .selectFrom('atrium.membership')
      .select('user_id')
      .where('user_id', '=', id)
      .where('tenant_id', '=', this.principal.tenantId)
      .executeTakeFirst();
    return member !== undefined;
  }

  private async requirePrincipal(id: string, paths: InputPaths): Promise<void> {
    if (!(await this.principalExists(id))) throw notFound(at(paths, 'principalId'), `no user or API key ${id} in this tenant`);
  }

  private async permissionSetRow(id: string): Promise<PermissionSetRow | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await sql<PermissionSetRow>`select "id", "name", "description", "objects", "fields", "system", "created_at", "updated_at"
      from ${this.t('_permission_set')} where "id" = ${id}::uuid`.execute(this.db);
    return rows[0];
  }

  // Roles ----------------------------------------------------------------------------------------

  /** Every role of the tenant, by name; Company (the top) has no parent. */
  async roles(): Promise<RoleView[]> {
    return this.admin.listRoles();
  }

  async role(id: string): Promise<RoleView | undefined> {
    if (!isUuid(id)) return undefined;
    return (await this.roles()).find((r) => r.id === id);
  }

  /** Users and API keys holding each role (role id → principal ids). */
  async roleHolders(): Promise<Map<string, string[]>> {
    const { rows } = await sql<{ role_id: string; user_id: string }>`select "role_id", "user_id" from ${this.t('_user_role')} order by "user_id"`.execute(
      this.db,
    );
    const holders = new Map<string, string[]>();
    for (const row of rows) holders.set(row.role_id, [...(holders.get(row.role_id) ?? []), row.user_id]);
    return holders;
  }

  /** A role below `parentId` (default: Company). */
  async createRole(input: unknown, paths: InputPaths = {}): Promise<Role> {
    const body = validated<{ name: string; parentId?: string }>(input, 'role', paths);
    const parentId = body.parentId ?? BUILT_IN.companyRole;
    if (!(await this.roleExists(parentId))) throw invalid(member(paths, 'parentId'), 'UNKNOWN_ROLE', `no role ${parentId}`);
    try {
      return await this.admin.createRole(body.name.trim(), parentId);
    } catch (error) {
      throw located(error, paths);
    }
  }

  /** Renames a role and/or moves it (with the roles below it) under another parent. */
  async updateRole(id: string, input: unknown, paths: InputPaths = {}): Promise<Role> {
    if (!(await this.roleExists(id))) throw notFound(at(paths, 'id'), `no role ${id}`);
    const body = validated<{ name?: string; parentId?: string }>(input, 'roleChanges', paths);
    if (body.parentId !== undefined && !(await this.roleExists(body.parentId)))
      throw invalid(member(paths, 'parentId'), 'UNKNOWN_ROLE', `no role ${body.parentId}`);
    try {
      return await this.admin.updateRole(id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.parentId ? { parentId: body.parentId } : {}),
      });
    } catch (error) {
      throw located(error, paths);
    }
  }

  /** Deletes a role nobody uses (CONFLICT naming its uses otherwise). */
  async deleteRole(id: string, paths: InputPaths = {}): Promise<void> {
    if (!(await this.roleExists(id))) throw notFound(at(paths, 'id'), `no role ${id}`);
    try {
      await this.admin.deleteRole(id);
    } catch (error) {
      throw located(error, paths);
    }
  }

  /** Gives a user or API key of the tenant its place in the hierarchy. */
  async assignRole(principalId: string, input: unknown, paths: InputPaths = {}): Promise<{ principalId: string; roleId: string }> {
    await this.requirePrincipal(principalId, paths);
    const { roleId } = validated<{ roleId: string }>(input, 'roleAssignment', paths);
    if (!(await this.roleExists(roleId))) throw invalid(member(paths, 'roleId'), 'UNKNOWN_ROLE', `no role ${roleId}`);
    await this.admin.assignRole(principalId, roleId);
    return { principalId, roleId };
  }

  async unassignRole(principalId: string, paths: InputPaths = {}): Promise<void> {
    await this.requirePrincipal(principalId, paths);
    await this.admin.unassignRole(principalId);
  }

  /** A user's or API key's role and permission sets. */
  async principalAccess(principalId: string, paths: InputPaths = {}): Promise<PrincipalAccessView> {
    await this.requirePrincipal(principalId, paths);
    const role = await sql<{ role_id: string }>`select "role_id" from ${this.t('_user_role')} where "user_id" = ${principalId}::uuid`.execute(this.db);
    const sets = await sql<{
      permission_set_id: string;
    }>`select "permission_set_id" from ${this.t('_permission_assignment')} where "principal_id" = ${principalId}::uuid order by 1`.execute(this.db);
    return { id: principalId, roleId: role.rows[0]?.role_id ?? null, permissionSetIds: sets.rows.map((r) => r.permission_set_id) };
  }

  // Permission sets ------------------------------------------------------------------------------

  /** Permission set input as stored: object and field API names replaced by their ids. */
  private permissionSetInput(body: PermissionSetBody, paths: InputPaths): PermissionSetInput {
    const problems: ErrorDetail[] = [];
    const objects: Record<string, ObjectGrant> = {};
    for (const [name, grant] of Object.entries(body.objects ?? {})) {
      const object = this.model.objects.get(name);
      if (!object) problems.push({ path: member(paths, `objects/${name}`), code: 'UNKNOWN_OBJECT', message: `no object "${name}"` });
      else objects[object.def.id] = grant;
    }
    const fields: Record<string, Record<string, 'read' | 'edit'>> = {};
    for (const [name, byField] of Object.entries(body.fields ?? {})) {
      const object = this.model.objects.get(name);
      if (!object) {
        problems.push({ path: member(paths, `fields/${name}`), code: 'UNKNOWN_OBJECT', message: `no object "${name}"` });
        continue;
      }
      const allowed: Record<string, 'read' | 'edit'> = {};
      for (const [fieldName, access] of Object.entries(byField)) {
        if (fieldName === '*') {
          allowed['*'] = access;
          continue;
        }
        const field = object.fields.get(fieldName);
        const path = member(paths, `fields/${name}/${fieldName}`);
        if (!field) problems.push({ path, code: 'UNKNOWN_FIELD', message: `"${name}" has no field "${fieldName}"` });
        else if (!field.def) problems.push({ path, code: 'SYSTEM_FIELD', message: `"${fieldName}" is a system field: it is readable with the object` });
        else allowed[field.def.id] = access;
      }
      fields[object.def.id] = allowed;
    }
    if (problems.length)
      throw new AtriumError('VALIDATION_FAILED', `the permission set names unknown objects or fields: ${problems.map((p) => p.path).join(', ')}`, problems);
    return { name: body.name, ...(typeof body.description === 'string' ? { description: body.description } : {}), objects, fields, system: body.system ?? [] };
  }

  /** A stored permission set in API shape: ids turned back into the current API names. */
  private permissionSetView(row: PermissionSetRow): PermissionSetView {
    const objects: Record<string, ObjectGrant> = {};
    for (const [objectId, grant] of Object.entries(row.objects ?? {})) objects[this.objectName(objectId)] = grant;
    const fields: Record<string, Record<string, 'read' | 'edit'>> = {};
    for (const [objectId, byField] of Object.entries(row.fields ?? {})) {
      const object = this.model.objectsById.get(objectId);
      const named: Record<string, 'read' | 'edit'> = {};
      for (const [fieldId, access] of Object.entries(byField)) {
        named[fieldId === '*' ? '*' : (object?.def.fields.find((f) => f.id === fieldId)?.apiName ?? fieldId)] = access;
      }
      fields[this.objectName(objectId)] = named;
    }
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      builtIn: row.id === BUILT_IN.administratorSet,
      objects,
      fields,
      system: row.system ?? [],
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  async permissionSets(): Promise<PermissionSetView[]> {
    const { rows } = await sql<PermissionSetRow>`select "id", "name", "description", "objects", "fields", "system", "created_at", "updated_at"
      from ${this.t('_permission_set')} order by "name", "id"`.execute(this.db);
    return rows.map((row) => this.permissionSetView(row));
  }

  /** A permission set, or undefined when the tenant has none with that id. */
  async findPermissionSet(id: string): Promise<PermissionSetView | undefined> {
    const row = await this.permissionSetRow(id);
    return row && this.permissionSetView(row);
  }

  async permissionSet(id: string, paths: InputPaths = {}): Promise<PermissionSetView> {
    const found = await this.findPermissionSet(id);
    if (!found) throw notFound(at(paths, 'id'), `no permission set ${id}`);
    return found;
  }

  /** Users and API keys each permission set is assigned to (set id → principal ids). */
  async permissionSetAssignees(): Promise<Map<string, string[]>> {
    const { rows } = await sql<{ permission_set_id: string; principal_id: string }>`select "permission_set_id", "principal_id"
      from ${this.t('_permission_assignment')} order by "principal_id"`.execute(this.db);
    const assignees = new Map<string, string[]>();
    for (const row of rows) assignees.set(row.permission_set_id, [...(assignees.get(row.permission_set_id) ?? []), row.principal_id]);
    return assignees;
  }

  async createPermissionSet(input: unknown, paths: InputPaths = {}): Promise<PermissionSetView> {
    const body = validated<PermissionSetBody>(input, 'permissionSet', paths);
    const stored = this.permissionSetInput(body, paths);
    let id: string;
    try {
      id = await this.admin.createPermissionSet(stored);
    } catch (error) {
      throw located(error, paths);
    }
    return this.permissionSet(id);
  }

  /** Replaces a permission set (the whole set again). The built-in Administrator set cannot be changed. */
  async updatePermissionSet(id: string, input: unknown, paths: InputPaths = {}): Promise<PermissionSetView> {
    if (!(await this.permissionSetRow(id))) throw notFound(at(paths, 'id'), `no permission set ${id}`);
    if (id === BUILT_IN.administratorSet) throw new AtriumError('FORBIDDEN', 'the built-in Administrator set cannot be changed');
    const body = validated<PermissionSetBody>(input, 'permissionSet', paths);
    try {
      await this.admin.updatePermissionSet(id, this.permissionSetInput(body, paths));
    } catch (error) {
      throw located(error, paths);
    }
    return this.permissionSet(id);
  }

  private async requireAssignment(principalId: string, setId: string, paths: InputPaths): Promise<void> {
    await this.requirePrincipal(principalId, paths);
    if (!(await this.permissionSetRow(setId))) throw notFound(at(paths, 'setId'), `no permission set ${setId}`);
  }

  async assignPermissionSet(principalId: string, setId: string, paths: InputPaths = {}): Promise<{ principalId: string; permissionSetId: string }> {
    await this.requireAssignment(principalId, setId, paths);
    await this.admin.assignPermissionSet(principalId, setId);
    return { principalId, permissionSetId: setId };
  }

  /** Takes a set away (nothing happens when it was not assigned). */
  async unassignPermissionSet(principalId: string, setId: string, paths: InputPaths = {}): Promise<void> {
    await this.requireAssignment(principalId, setId, paths);
    await this.admin.unassignPermissionSet(principalId, setId);
  }

  // Org-wide defaults ----------------------------------------------------------------------------

  private async storedSharing(): Promise<Map<string, SharingModel>> {
    const { rows } = await sql<{ object_id: string; sharing: SharingModel }>`select "object_id", "sharing" from ${this.t('_object_access')}`.execute(this.db);
    return new Map(rows.map((r) => [r.object_id, r.sharing]));
  }

  /** Every object's org-wide default, by API name; objects never given one are public read/write (DEFAULT_SHARING). */
  async orgWideDefaults(): Promise<OrgWideDefaultView[]> {
    const stored = await this.storedSharing();
    return [...this.model.objects.values()]
      .map((object) => ({ object: object.apiName, sharing: stored.get(object.def.id) ?? DEFAULT_SHARING }))
      .sort((a, b) => a.object.localeCompare(b.object));
  }

  async orgWideDefault(objectName: string, paths: InputPaths = {}): Promise<OrgWideDefaultView> {
    const object = this.objectNamed(objectName, at(paths, 'object'), 'resource');
    const { rows } = await sql<{ sharing: SharingModel }>`select "sharing" from ${this.t('_object_access')} where "object_id" = ${object.def.id}`.execute(
      this.db,
    );
    return { object: object.apiName, sharing: rows[0]?.sharing ?? DEFAULT_SHARING };
  }

  async setOrgWideDefault(objectName: string, input: unknown, paths: InputPaths = {}): Promise<OrgWideDefaultView> {
    const object = this.objectNamed(objectName, at(paths, 'object'), 'resource');
    const { sharing } = validated<{ sharing: SharingModel }>(input, 'sharing', paths);
    await this.admin.setSharingModel(object.def.id, sharing);
    return { object: object.apiName, sharing };
  }

  // Sharing rules --------------------------------------------------------------------------------

  private ruleView(row: RuleRow): SharingRuleView {
    return {
      id: row.id,
      object: this.objectName(row.object_id),
      name: row.name,
      criteria: row.criteria,
      roleId: row.role_id,
      access: row.access,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** The tenant's sharing rules, of one object when named (an unknown name is VALIDATION_FAILED). */
  async sharingRules(objectName?: string, paths: InputPaths = {}): Promise<SharingRuleView[]> {
    const object = objectName !== undefined ? this.objectNamed(objectName, at(paths, 'object'), 'value') : undefined;
    const { rows } = await sql<RuleRow>`select "id", "object_id", "name", "criteria", "role_id", "access", "created_at" from ${this.t('_sharing_rule')}
      ${object ? sql`where "object_id" = ${object.def.id}` : sql``} order by "created_at", "id"`.execute(this.db);
    return rows.map((row) => this.ruleView(row));
  }

  async createSharingRule(input: unknown, paths: InputPaths = {}): Promise<SharingRuleView> {
    const body = validated<{ object: string; name: string; criteria: JsonLogic; roleId: string; access?: 'read' | 'edit' }>(input, 'sharingRule', paths);
    const object = this.objectNamed(body.object, member(paths, 'object'), 'value');
    if (!(await this.roleExists(body.roleId))) throw invalid(member(paths, 'roleId'), 'UNKNOWN_ROLE', `no role ${body.roleId}`);
    await this.checkCriteria(object, body.criteria, member(paths, 'criteria'));
    const access = body.access ?? 'read';
    let id: string;
    try {
      id = await this.admin.createSharingRule({ objectId: object.def.id, name: body.name, criteria: body.criteria, roleId: body.roleId, access });
    } catch (error) {
      throw located(error, paths);
    }
    const { rows } =
      await sql<RuleRow>`select "id", "object_id", "name", "criteria", "role_id", "access", "created_at" from ${this.t('_sharing_rule')} where "id" = ${id}::uuid`.execute(
        this.db,
      );
    return this.ruleView(rows[0] as RuleRow);
  }

  async deleteSharingRule(id: string, paths: InputPaths = {}): Promise<void> {
    const exists = isUuid(id) && (await sql`select 1 from ${this.t('_sharing_rule')} where "id" = ${id}::uuid`.execute(this.db)).rows.length > 0;
    if (!exists) throw notFound(at(paths, 'id'), `no sharing rule ${id}`);
    await this.admin.deleteSharingRule(id);
  }

  /**
   * A sharing rule's criteria must compile to SQL against the object (known fields, the json-logic
   * subset) and run: a rule that cannot would break every read of the users it reaches.
   */
  private async checkCriteria(object: ObjectModel, criteria: JsonLogic, path: string): Promise<void> {
    const query = queryContext(this.model);
    let condition: ReturnType<typeof compileCondition>;
    try {
      condition = compileCondition(criteria, ruleScope(query, object, 'r'));
    } catch (error) {
      if (error instanceof RuleNotCompilable) throw invalid(`${path}${error.path}`, 'INVALID_CRITERIA', error.reason);
      if (isAtriumError(error)) throw invalid(path, 'INVALID_CRITERIA', error.message);
      throw error;
    }
    try {
      await sql`select 1 from ${sql.id(this.model.schema, object.table)} as "r" where ${condition} limit 0`.execute(this.db);
    } catch (error) {
      throw invalid(path, 'INVALID_CRITERIA', `the criteria cannot be evaluated: ${(error as Error).message}`);
    }
  }

  // Manual shares --------------------------------------------------------------------------------

  private shareView(row: ShareRow): RecordShareView {
    return {
      object: this.objectName(row.object_id),
      recordId: row.record_id,
      granteeId: row.grantee_id,
      granteeKind: row.grantee_kind,
      access: row.access,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** Who a record is shared with by hand. */
  async recordShares(objectName: string, recordId: string, paths: InputPaths = {}): Promise<RecordShareView[]> {
    const object = this.objectNamed(objectName, at(paths, 'object'), 'value');
    if (!isUuid(recordId)) throw invalid(at(paths, 'recordId'), 'INVALID_VALUE', 'a record id (uuid)');
    const { rows } =
      await sql<ShareRow>`select * from ${this.t('_record_share')} where "object_id" = ${object.def.id} and "record_id" = ${recordId}::uuid order by "created_at", "grantee_id"`.execute(
        this.db,
      );
    return rows.map((row) => this.shareView(row));
  }

  /** Shares a live record with a user, API key or role of the tenant; sharing again replaces the access. */
  async shareRecord(input: unknown, paths: InputPaths = {}): Promise<CreatedShareView> {
    const body = validated<{ object: string; recordId: string; granteeId: string; granteeKind?: 'user' | 'role'; access?: 'read' | 'edit' }>(
      input,
      'share',
      paths,
    );
    const object = this.objectNamed(body.object, member(paths, 'object'), 'value');
    const found = await sql`select 1 from ${this.t(object.table)} where "id" = ${body.recordId}::uuid and "deleted_at" is null`.execute(this.db);
    if (found.rows.length === 0) throw invalid(member(paths, 'recordId'), 'UNKNOWN_RECORD', `no ${object.apiName} with id ${body.recordId}`);
    const granteeKind = body.granteeKind ?? 'user';
    const granteeKnown = granteeKind === 'role' ? await this.roleExists(body.granteeId) : await this.principalExists(body.granteeId);
    if (!granteeKnown)
      throw invalid(
        member(paths, 'granteeId'),
        'UNKNOWN_GRANTEE',
        granteeKind === 'role' ? `no role ${body.granteeId}` : `no user or API key ${body.granteeId} in this tenant`,
      );
    const access = body.access ?? 'read';
    await this.admin.shareRecord({ objectId: object.def.id, recordId: body.recordId, granteeId: body.granteeId, granteeKind, access });
    return { object: object.apiName, recordId: body.recordId, granteeId: body.granteeId, granteeKind, access };
  }

  /** Ends a manual share (NOT_FOUND when there is none). */
  async unshareRecord(input: unknown, paths: InputPaths = {}): Promise<void> {
    const body = validated<{ object: string; recordId: string; granteeId: string }>(input, 'unshare', paths);
    const object = this.objectNamed(body.object, member(paths, 'object'), 'value');
    const found =
      await sql`select 1 from ${this.t('_record_share')} where "object_id" = ${object.def.id} and "record_id" = ${body.recordId}::uuid and "grantee_id" = ${body.granteeId}::uuid`.execute(
        this.db,
      );
    if (found.rows.length === 0) throw notFound('/', `no share of ${object.apiName} ${body.recordId} with ${body.granteeId}`);
    await this.admin.unshareRecord(object.def.id, body.recordId, body.granteeId);
  }
}
