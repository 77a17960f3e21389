import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import { createAjv, type JsonLogic } from '@atrium/metadata';
import {
  AccessAdmin,
  ALL_SYSTEM_PERMISSIONS,
  BUILT_IN,
  compileCondition,
  type ObjectGrant,
  type PermissionSetInput,
  RuleNotCompilable,
  type SharingModel,
} from '@atrium/platform';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { hasSystemPermission } from '../access/access-profile.ts';
import type { Principal } from '../auth/principal.ts';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import { queryContext } from '../query/aliases.ts';
import { ruleScope } from '../query/formula-sql.ts';
import { type ApiServices, tenantOf } from '../server/request-context.ts';

/*
 * The access administration REST API under /api/v1/admin (issue 4): roles and the hierarchy,
 * permission sets and their assignment to users and API keys, org-wide defaults, sharing rules and
 * manual shares. Bodies name objects and fields by API name; the tables store their stable ids,
 * so a rename keeps every grant. Every change goes through AccessAdmin (audited, announced on
 * `atrium_access` so every process drops the tenant's cached profiles).
 */

type Query = Record<string, string | string[] | undefined>;

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const uuid = { type: 'string', pattern: UUID };
const ACTIONS = ['create', 'read', 'update', 'delete', 'viewAll', 'modifyAll'] as const;
const SHARING_MODELS: readonly SharingModel[] = ['private', 'publicRead', 'publicReadWrite'];

const ajv = createAjv({ allErrors: true });

const schemas = {
  role: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' }, parentId: uuid },
  },
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

const validators = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, ajv.compile(schema)])) as Record<
  keyof typeof schemas,
  ValidateFunction
>;

const AJV_CODES: Record<string, string> = {
  required: 'REQUIRED',
  additionalProperties: 'UNKNOWN_MEMBER',
  type: 'INVALID_TYPE',
  enum: 'INVALID_VALUE',
  pattern: 'INVALID_VALUE',
  minLength: 'REQUIRED',
  maxLength: 'TOO_LONG',
  uniqueItems: 'DUPLICATE',
};

function problemOf(error: ErrorObject): ErrorDetail {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  const member = params.missingProperty ?? params.additionalProperty;
  const path = (member !== undefined ? `${error.instancePath}/${member}` : error.instancePath) || '/';
  let message = error.message ?? 'invalid';
  if (error.keyword === 'additionalProperties') message = `unknown member "${member}"`;
  else if (error.keyword === 'required') message = `"${member}" is required`;
  else if (error.keyword === 'enum') message = `one of ${(params.allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  else if (error.keyword === 'pattern' && error.schemaPath.endsWith('/parentId/pattern')) message = 'a role id (uuid)';
  else if (error.keyword === 'pattern' && /Id\/pattern$/.test(error.schemaPath)) message = 'an id (uuid)';
  return { path, code: AJV_CODES[error.keyword] ?? 'INVALID_VALUE', message };
}

/** The body checked against its JSON Schema; problems as VALIDATION_FAILED with JSON pointers. */
function bodyOf<T>(request: FastifyRequest, schema: keyof typeof schemas): T {
  const body = request.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('/', 'INVALID_REQUEST', 'the body is a JSON object');
  const validate = validators[schema];
  if (!validate(body)) {
    const details = (validate.errors ?? []).map(problemOf);
    throw new AtriumError('VALIDATION_FAILED', `the body is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  return body as T;
}

function invalid(path: string, code: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code, message }]);
}

function notFound(path: string, message: string): AtriumError {
  return new AtriumError('NOT_FOUND', message, [{ path, code: 'NOT_FOUND', message }]);
}

function checkQuery(query: Query, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.includes(key))
      throw invalid(`/query/${key}`, 'UNKNOWN_PARAMETER', `unknown parameter "${key}"${allowed.length ? `; this endpoint takes ${allowed.join(', ')}` : ''}`);
    if (typeof value !== 'string') throw invalid(`/query/${key}`, 'INVALID_PARAMETER', `"${key}" is given once`);
  }
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && new RegExp(UUID).test(value);
}

/** A unique-constraint violation from PostgreSQL as ALREADY_EXISTS (a name taken). */
function alreadyExists(error: unknown, what: string, name: string): unknown {
  if ((error as { code?: string }).code === '23505')
    return new AtriumError('ALREADY_EXISTS', `a ${what} named "${name}" exists already`, [
      { path: '/name', code: 'ALREADY_EXISTS', message: 'the name is taken' },
    ]);
  return error;
}

/** What every admin request works with: the caller, the tenant's model, and AccessAdmin acting as the caller. */
interface AdminContext {
  principal: Principal;
  model: TenantModel;
  admin: AccessAdmin;
  db: Kysely<unknown>;
}

function objectNamed(model: TenantModel, name: string, path: string): ObjectModel {
  const object = model.objects.get(name);
  if (!object) {
    const message = `no object "${name}"; objects are named by their API name, e.g. "account"`;
    // In the URL it names the resource (404); in a body or query it is a bad value (400).
    if (path.startsWith('/params/')) throw new AtriumError('NOT_FOUND', message, [{ path, code: 'UNKNOWN_OBJECT', message }]);
    throw invalid(path, 'UNKNOWN_OBJECT', message);
  }
  return object;
}

function objectName(model: TenantModel, objectId: string): string {
  return model.objectsById.get(objectId)?.apiName ?? objectId;
}

/** Permission set input as stored: object and field API names replaced by their ids. */
function permissionSetInput(model: TenantModel, body: PermissionSetBody): PermissionSetInput {
  const problems: ErrorDetail[] = [];
  const objects: Record<string, ObjectGrant> = {};
  for (const [name, grant] of Object.entries(body.objects ?? {})) {
    const object = model.objects.get(name);
    if (!object) problems.push({ path: `/objects/${name}`, code: 'UNKNOWN_OBJECT', message: `no object "${name}"` });
    else objects[object.def.id] = grant;
  }
  const fields: Record<string, Record<string, 'read' | 'edit'>> = {};
  for (const [name, byField] of Object.entries(body.fields ?? {})) {
    const object = model.objects.get(name);
    if (!object) {
      problems.push({ path: `/fields/${name}`, code: 'UNKNOWN_OBJECT', message: `no object "${name}"` });
      continue;
    }
    const allowed: Record<string, 'read' | 'edit'> = {};
    for (const [fieldName, access] of Object.entries(byField)) {
      if (fieldName === '*') {
        allowed['*'] = access;
        continue;
      }
      const field = object.fields.get(fieldName);
      if (!field) problems.push({ path: `/fields/${name}/${fieldName}`, code: 'UNKNOWN_FIELD', message: `"${name}" has no field "${fieldName}"` });
      else if (!field.def)
        problems.push({
          path: `/fields/${name}/${fieldName}`,
          code: 'SYSTEM_FIELD',
          message: `"${fieldName}" is a system field: it is readable with the object`,
        });
      else allowed[field.def.id] = access;
    }
    fields[object.def.id] = allowed;
  }
  if (problems.length)
    throw new AtriumError('VALIDATION_FAILED', `the permission set names unknown objects or fields: ${problems.map((p) => p.path).join(', ')}`, problems);
  return { name: body.name, ...(typeof body.description === 'string' ? { description: body.description } : {}), objects, fields, system: body.system ?? [] };
}

interface PermissionSetBody {
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

/** A stored permission set in API shape: ids turned back into the current API names. */
function permissionSetView(model: TenantModel, row: PermissionSetRow) {
  const objects: Record<string, ObjectGrant> = {};
  for (const [objectId, grant] of Object.entries(row.objects ?? {})) objects[objectName(model, objectId)] = grant;
  const fields: Record<string, Record<string, 'read' | 'edit'>> = {};
  for (const [objectId, byField] of Object.entries(row.fields ?? {})) {
    const object = model.objectsById.get(objectId);
    const named: Record<string, 'read' | 'edit'> = {};
    for (const [fieldId, access] of Object.entries(byField)) {
      named[fieldId === '*' ? '*' : (object?.def.fields.find((f) => f.id === fieldId)?.apiName ?? fieldId)] = access;
    }
    fields[objectName(model, objectId)] = named;
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

/**
 * The access administration API. Every route needs the `manageUsers` system permission (admin
 * API keys have every permission); others get FORBIDDEN.
 */
export function registerAdminRoutes(app: FastifyInstance, services: ApiServices): void {
  const onRequest = services.authentication.requireCredential;
  const db = services.database.db as unknown as Kysely<unknown>;

  const adminOf = async (request: FastifyRequest): Promise<AdminContext> => {
    const { principal, runtime } = await tenantOf(services, request);
    const access = await services.registry.access(principal, runtime.model.schema);
    if (!hasSystemPermission(access, 'manageUsers')) throw new AtriumError('FORBIDDEN', 'administering access needs the manageUsers permission');
    const admin = await AccessAdmin.forTenant(services.database.db, principal.tenantKey, principal.userId);
    return { principal, model: runtime.model, admin, db };
  };

  const t = (model: TenantModel, name: string) => sql.id(model.schema, name);

  const roleExists = async (ctx: AdminContext, id: string): Promise<boolean> =>
    (await sql`select 1 from ${t(ctx.model, '_role')} where "id" = ${id}::uuid`.execute(ctx.db)).rows.length > 0;

  /** A user or API key of the caller's tenant (a user through its membership). */
  const principalExists = async (ctx: AdminContext, id: string): Promise<boolean> => {
    const key = await services.database.db
      .selectFrom('atrium.api_key')
      .select('id')
      .where('id', '=', id)
      .where('tenant_id', '=', ctx.principal.tenantId)
      .executeTakeFirst();
    if (key) return true;
    const member = await services.database.db
      .selectFrom('atrium.membership')
      .select('user_id')
      .where('user_id', '=', id)
      .where('tenant_id', '=', ctx.principal.tenantId)
      .executeTakeFirst();
    return member !== undefined;
  };

  const requirePrincipal = async (ctx: AdminContext, id: string): Promise<void> => {
    if (!isUuid(id) || !(await principalExists(ctx, id))) throw notFound('/params/principalId', `no user or API key ${id} in this tenant`);
  };

  const readPermissionSet = async (ctx: AdminContext, id: string): Promise<PermissionSetRow | undefined> => {
    if (!isUuid(id)) return undefined;
    const { rows } = await sql<PermissionSetRow>`select "id", "name", "description", "objects", "fields", "system", "created_at", "updated_at"
      from ${t(ctx.model, '_permission_set')} where "id" = ${id}::uuid`.execute(ctx.db);
    return rows[0];
  };

  // Roles ----------------------------------------------------------------------------------------

  app.get('/api/v1/admin/roles', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    return reply.send({ data: await ctx.admin.listRoles() });
  });

  app.post('/api/v1/admin/roles', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const body = bodyOf<{ name: string; parentId?: string }>(request, 'role');
    const parentId = body.parentId ?? BUILT_IN.companyRole;
    if (!(await roleExists(ctx, parentId))) throw invalid('/parentId', 'UNKNOWN_ROLE', `no role ${parentId}`);
    const role = await ctx.admin.createRole(body.name.trim(), parentId);
    return reply.status(201).header('location', `/api/v1/admin/roles/${role.id}`).send(role);
  });

  app.put<{ Params: { principalId: string } }>('/api/v1/admin/principals/:principalId/role', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    await requirePrincipal(ctx, request.params.principalId);
    const { roleId } = bodyOf<{ roleId: string }>(request, 'roleAssignment');
    if (!(await roleExists(ctx, roleId))) throw invalid('/roleId', 'UNKNOWN_ROLE', `no role ${roleId}`);
    await ctx.admin.assignRole(request.params.principalId, roleId);
    return reply.send({ principalId: request.params.principalId, roleId });
  });

  // Permission sets ------------------------------------------------------------------------------

  app.get('/api/v1/admin/permission-sets', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const { rows } = await sql<PermissionSetRow>`select "id", "name", "description", "objects", "fields", "system", "created_at", "updated_at"
      from ${t(ctx.model, '_permission_set')} order by "name", "id"`.execute(ctx.db);
    return reply.send({ data: rows.map((row) => permissionSetView(ctx.model, row)) });
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/permission-sets/:id', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const row = await readPermissionSet(ctx, request.params.id);
    if (!row) throw notFound('/params/id', `no permission set ${request.params.id}`);
    return reply.send(permissionSetView(ctx.model, row));
  });

  app.post('/api/v1/admin/permission-sets', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const body = bodyOf<PermissionSetBody>(request, 'permissionSet');
    const input = permissionSetInput(ctx.model, body);
    const id = await ctx.admin.createPermissionSet(input).catch((error: unknown) => {
      throw alreadyExists(error, 'permission set', body.name);
    });
    const row = await readPermissionSet(ctx, id);
    return reply
      .status(201)
      .header('location', `/api/v1/admin/permission-sets/${id}`)
      .send(permissionSetView(ctx.model, row as PermissionSetRow));
  });

  app.put<{ Params: { id: string } }>('/api/v1/admin/permission-sets/:id', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const { id } = request.params;
    if (!(await readPermissionSet(ctx, id))) throw notFound('/params/id', `no permission set ${id}`);
    if (id === BUILT_IN.administratorSet) throw new AtriumError('FORBIDDEN', 'the built-in Administrator set cannot be changed');
    const body = bodyOf<PermissionSetBody>(request, 'permissionSet');
    await ctx.admin.updatePermissionSet(id, permissionSetInput(ctx.model, body)).catch((error: unknown) => {
      throw alreadyExists(error, 'permission set', body.name);
    });
    return reply.send(permissionSetView(ctx.model, (await readPermissionSet(ctx, id)) as PermissionSetRow));
  });

  const assignment = async (request: FastifyRequest<{ Params: { principalId: string; setId: string } }>): Promise<AdminContext> => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    await requirePrincipal(ctx, request.params.principalId);
    if (!(await readPermissionSet(ctx, request.params.setId))) throw notFound('/params/setId', `no permission set ${request.params.setId}`);
    return ctx;
  };

  app.get<{ Params: { principalId: string } }>('/api/v1/admin/principals/:principalId', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    await requirePrincipal(ctx, request.params.principalId);
    const id = request.params.principalId;
    const role = await sql<{ role_id: string }>`select "role_id" from ${t(ctx.model, '_user_role')} where "user_id" = ${id}::uuid`.execute(ctx.db);
    const sets = await sql<{
      permission_set_id: string;
    }>`select "permission_set_id" from ${t(ctx.model, '_permission_assignment')} where "principal_id" = ${id}::uuid order by 1`.execute(ctx.db);
    return reply.send({ id, roleId: role.rows[0]?.role_id ?? null, permissionSetIds: sets.rows.map((r) => r.permission_set_id) });
  });

  app.post<{ Params: { principalId: string; setId: string } }>(
    '/api/v1/admin/principals/:principalId/permission-sets/:setId',
    { onRequest },
    async (request, reply) => {
      const ctx = await assignment(request);
      await ctx.admin.assignPermissionSet(request.params.principalId, request.params.setId);
      return reply.send({ principalId: request.params.principalId, permissionSetId: request.params.setId });
    },
  );

  app.delete<{ Params: { principalId: string; setId: string } }>(
    '/api/v1/admin/principals/:principalId/permission-sets/:setId',
    { onRequest },
    async (request, reply) => {
      const ctx = await assignment(request);
      await ctx.admin.unassignPermissionSet(request.params.principalId, request.params.setId);
      return reply.status(204).send();
    },
  );

  // Org-wide defaults ----------------------------------------------------------------------------

  app.get<{ Params: { object: string } }>('/api/v1/admin/objects/:object/sharing', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const object = objectNamed(ctx.model, request.params.object, '/params/object');
    const { rows } = await sql<{ sharing: SharingModel }>`select "sharing" from ${t(ctx.model, '_object_access')} where "object_id" = ${object.def.id}`.execute(
      ctx.db,
    );
    // Objects never given a default are public read/write (DEFAULT_SHARING).
    return reply.send({ object: object.apiName, sharing: rows[0]?.sharing ?? 'publicReadWrite' });
  });

  app.put<{ Params: { object: string } }>('/api/v1/admin/objects/:object/sharing', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const object = objectNamed(ctx.model, request.params.object, '/params/object');
    const { sharing } = bodyOf<{ sharing: SharingModel }>(request, 'sharing');
    await ctx.admin.setSharingModel(object.def.id, sharing);
    return reply.send({ object: object.apiName, sharing });
  });

  // Sharing rules --------------------------------------------------------------------------------

  interface RuleRow {
    id: string;
    object_id: string;
    name: string;
    criteria: JsonLogic;
    role_id: string;
    access: 'read' | 'edit';
    created_at: Date;
  }
  const ruleView = (model: TenantModel, row: RuleRow) => ({
    id: row.id,
    object: objectName(model, row.object_id),
    name: row.name,
    criteria: row.criteria,
    roleId: row.role_id,
    access: row.access,
    createdAt: new Date(row.created_at).toISOString(),
  });

  app.get('/api/v1/admin/sharing-rules', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    const query = request.query as Query;
    checkQuery(query, ['object']);
    const object = query.object !== undefined ? objectNamed(ctx.model, query.object as string, '/query/object') : undefined;
    const { rows } = await sql<RuleRow>`select "id", "object_id", "name", "criteria", "role_id", "access", "created_at" from ${t(ctx.model, '_sharing_rule')}
      ${object ? sql`where "object_id" = ${object.def.id}` : sql``} order by "created_at", "id"`.execute(ctx.db);
    return reply.send({ data: rows.map((row) => ruleView(ctx.model, row)) });
  });

  app.post('/api/v1/admin/sharing-rules', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const body = bodyOf<{ object: string; name: string; criteria: JsonLogic; roleId: string; access?: 'read' | 'edit' }>(request, 'sharingRule');
    const object = objectNamed(ctx.model, body.object, '/object');
    if (!(await roleExists(ctx, body.roleId))) throw invalid('/roleId', 'UNKNOWN_ROLE', `no role ${body.roleId}`);
    await checkCriteria(ctx, object, body.criteria);
    const access = body.access ?? 'read';
    const id = await ctx.admin.createSharingRule({ objectId: object.def.id, name: body.name, criteria: body.criteria, roleId: body.roleId, access });
    const { rows } =
      await sql<RuleRow>`select "id", "object_id", "name", "criteria", "role_id", "access", "created_at" from ${t(ctx.model, '_sharing_rule')} where "id" = ${id}::uuid`.execute(
        ctx.db,
      );
    return reply
      .status(201)
      .header('location', `/api/v1/admin/sharing-rules/${id}`)
      .send(ruleView(ctx.model, rows[0] as RuleRow));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/admin/sharing-rules/:id', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const { id } = request.params;
    const exists = isUuid(id) && (await sql`select 1 from ${t(ctx.model, '_sharing_rule')} where "id" = ${id}::uuid`.execute(ctx.db)).rows.length > 0;
    if (!exists) throw notFound('/params/id', `no sharing rule ${id}`);
    await ctx.admin.deleteSharingRule(id);
    return reply.status(204).send();
  });

  // Manual shares --------------------------------------------------------------------------------

  interface ShareRow {
    object_id: string;
    record_id: string;
    grantee_id: string;
    grantee_kind: 'user' | 'role';
    access: 'read' | 'edit';
    created_by: string | null;
    created_at: Date;
  }
  const shareView = (model: TenantModel, row: ShareRow) => ({
    object: objectName(model, row.object_id),
    recordId: row.record_id,
    granteeId: row.grantee_id,
    granteeKind: row.grantee_kind,
    access: row.access,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  });

  const requireRecord = async (ctx: AdminContext, object: ObjectModel, recordId: string): Promise<void> => {
    const found = await sql`select 1 from ${t(ctx.model, object.table)} where "id" = ${recordId}::uuid and "deleted_at" is null`.execute(ctx.db);
    if (found.rows.length === 0) throw invalid('/recordId', 'UNKNOWN_RECORD', `no ${object.apiName} with id ${recordId}`);
  };

  app.get('/api/v1/admin/shares', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    const query = request.query as Query;
    checkQuery(query, ['object', 'recordId']);
    if (query.object === undefined || query.recordId === undefined) throw invalid('/query', 'REQUIRED', 'name the record: ?object=account&recordId=<id>');
    const object = objectNamed(ctx.model, query.object as string, '/query/object');
    if (!isUuid(query.recordId)) throw invalid('/query/recordId', 'INVALID_VALUE', 'a record id (uuid)');
    const { rows } =
      await sql<ShareRow>`select * from ${t(ctx.model, '_record_share')} where "object_id" = ${object.def.id} and "record_id" = ${query.recordId}::uuid order by "created_at", "grantee_id"`.execute(
        ctx.db,
      );
    return reply.send({ data: rows.map((row) => shareView(ctx.model, row)) });
  });

  app.post('/api/v1/admin/shares', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    checkQuery(request.query as Query, []);
    const body = bodyOf<{ object: string; recordId: string; granteeId: string; granteeKind?: 'user' | 'role'; access?: 'read' | 'edit' }>(request, 'share');
    const object = objectNamed(ctx.model, body.object, '/object');
    await requireRecord(ctx, object, body.recordId);
    const granteeKind = body.granteeKind ?? 'user';
    const granteeKnown = granteeKind === 'role' ? await roleExists(ctx, body.granteeId) : await principalExists(ctx, body.granteeId);
    if (!granteeKnown)
      throw invalid(
        '/granteeId',
        'UNKNOWN_GRANTEE',
        granteeKind === 'role' ? `no role ${body.granteeId}` : `no user or API key ${body.granteeId} in this tenant`,
      );
    const access = body.access ?? 'read';
    await ctx.admin.shareRecord({ objectId: object.def.id, recordId: body.recordId, granteeId: body.granteeId, granteeKind, access });
    return reply.status(201).send({ object: object.apiName, recordId: body.recordId, granteeId: body.granteeId, granteeKind, access });
  });

  app.delete('/api/v1/admin/shares', { onRequest }, async (request, reply) => {
    const ctx = await adminOf(request);
    const query = request.query as Query;
    // The share is named by the body or, for clients that send no body with DELETE, the query.
    const fromQuery = request.body === undefined || request.body === null;
    if (fromQuery) checkQuery(query, ['object', 'recordId', 'granteeId']);
    else checkQuery(query, []);
    const body = fromQuery
      ? validated<{ object: string; recordId: string; granteeId: string }>(query, 'unshare', '/query')
      : bodyOf<{ object: string; recordId: string; granteeId: string }>(request, 'unshare');
    const object = objectNamed(ctx.model, body.object, fromQuery ? '/query/object' : '/object');
    const found =
      await sql`select 1 from ${t(ctx.model, '_record_share')} where "object_id" = ${object.def.id} and "record_id" = ${body.recordId}::uuid and "grantee_id" = ${body.granteeId}::uuid`.execute(
        ctx.db,
      );
    if (found.rows.length === 0) throw notFound('/', `no share of ${object.apiName} ${body.recordId} with ${body.granteeId}`);
    await ctx.admin.unshareRecord(object.def.id, body.recordId, body.granteeId);
    return reply.status(204).send();
  });
}

/** A query string checked against a body schema (paths under `/query`). */
function validated<T>(value: Query, schema: keyof typeof schemas, prefix: string): T {
  const validate = validators[schema];
  if (!validate(value)) {
    const details = (validate.errors ?? []).map(problemOf).map((d) => ({ ...d, path: `${prefix}${d.path === '/' ? '' : d.path}` }));
    throw new AtriumError('VALIDATION_FAILED', `the request is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  return value as T;
}

/**
 * A sharing rule's criteria must compile to SQL against the object (known fields, the json-logic
 * subset) and run: a rule that cannot would break every read of the users it reaches.
 */
async function checkCriteria(ctx: AdminContext, object: ObjectModel, criteria: JsonLogic): Promise<void> {
  const query = queryContext(ctx.model);
  let condition: ReturnType<typeof compileCondition>;
  try {
    condition = compileCondition(criteria, ruleScope(query, object, 'r'));
  } catch (error) {
    if (error instanceof RuleNotCompilable) throw invalid(`/criteria${error.path}`, 'INVALID_CRITERIA', error.reason);
    if (isAtriumError(error)) throw invalid('/criteria', 'INVALID_CRITERIA', error.message);
    throw error;
  }
  try {
    await sql`select 1 from ${sql.id(ctx.model.schema, object.table)} as "r" where ${condition} limit 0`.execute(ctx.db);
  } catch (error) {
    throw invalid('/criteria', 'INVALID_CRITERIA', `the criteria cannot be evaluated: ${(error as Error).message}`);
  }
}
