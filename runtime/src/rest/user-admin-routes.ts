import { AtriumError } from '@atrium/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasSystemPermission } from '../access/access-profile.ts';
import {
  type ApiKeyChange,
  type ApiKeyStatus,
  createTenantApiKey,
  getTenantApiKey,
  listTenantApiKeys,
  type NewApiKey,
  revokeTenantApiKey,
  updateTenantApiKey,
} from '../admin/api-key-admin.ts';
import { type AdminScope, adminScope } from '../admin/principal-access.ts';
import {
  addMember,
  deactivateMember,
  getMember,
  listMembers,
  type MemberChange,
  type MemberQuery,
  type NewMember,
  reactivateMember,
  removeMember,
  resetMemberPassword,
  updateMember,
} from '../admin/user-admin.ts';
import { directoryEntries, searchDirectory } from '../admin/user-directory.ts';
import type { CredentialCache } from '../auth/credential-cache.ts';
import { type ApiServices, tenantOf } from '../server/request-context.ts';
import { bodyValidator, queryValidator, UUID_SCHEMA } from '../validation/json-input.ts';

/*
 * Users and API keys of a tenant under /api/v1/admin (the `manageUsers` permission), and the
 * tenant's directory under /api/v1/users (any member). The work is done by the transport-free
 * modules in ../admin; this file checks requests (JSON Schemas) and permissions. See
 * docs/security.md, "Managing users and API keys".
 */

const name = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
const setIds = { type: 'array', maxItems: 100, uniqueItems: true, items: UUID_SCHEMA } as const;
const roleId = { anyOf: [UUID_SCHEMA, { type: 'null' }] } as const;
// Too short or otherwise weak: the platform's own check answers WEAK_PASSWORD.
const password = { type: 'string', maxLength: 1024 } as const;
const noBody = bodyValidator<Record<string, never>>({ type: 'object', additionalProperties: false });
const noQuery = queryValidator<Record<string, never>>({ type: 'object', additionalProperties: false });

/** The request checks, which `/graphql/meta` applies to the same inputs. */
export const check = {
  memberQuery: queryValidator<MemberQuery>({
    type: 'object',
    additionalProperties: false,
    properties: {
      search: { type: 'string', maxLength: 200 },
      status: { enum: ['active', 'deactivated'] },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
      offset: { type: 'integer', minimum: 0 },
    },
  }),
  newMember: bodyValidator<NewMember>({
    type: 'object',
    additionalProperties: false,
    required: ['email'],
    properties: {
      email: { type: 'string', format: 'email', maxLength: 254 },
      displayName: name,
      password,
      admin: { type: 'boolean' },
      roleId,
      permissionSetIds: setIds,
    },
  }),
  memberChange: bodyValidator<MemberChange>({
    type: 'object',
    additionalProperties: false,
    properties: { displayName: name, admin: { type: 'boolean' }, roleId, permissionSetIds: setIds },
  }),
  passwordReset: bodyValidator<{ password: string }>({ type: 'object', additionalProperties: false, required: ['password'], properties: { password } }),
  keyQuery: queryValidator<{ status?: ApiKeyStatus }>({
    type: 'object',
    additionalProperties: false,
    properties: { status: { enum: ['active', 'revoked'] } },
  }),
  newKey: bodyValidator<NewApiKey>({
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: { name, admin: { type: 'boolean' }, roleId, permissionSetIds: setIds },
  }),
  keyChange: bodyValidator<ApiKeyChange>({
    type: 'object',
    additionalProperties: false,
    properties: { name, roleId, permissionSetIds: setIds },
  }),
  directoryQuery: queryValidator<{ search?: string; limit?: number; ids?: string }>({
    type: 'object',
    additionalProperties: false,
    properties: {
      search: { type: 'string', maxLength: 200 },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      ids: { type: 'string', maxLength: 200 * 37 },
    },
  }),
};

const UUID = new RegExp(UUID_SCHEMA.pattern);

/** `ids=a,b,c`: at most 200 ids, each a uuid. */
function idList(text: string): string[] {
  const ids = [...new Set(text.split(',').map((s) => s.trim()))].filter(Boolean);
  const bad = ids.findIndex((id) => !UUID.test(id));
  if (bad >= 0 || ids.length > 200)
    throw new AtriumError('VALIDATION_FAILED', 'ids is a comma-separated list of at most 200 ids', [
      { path: '/query/ids', code: 'INVALID_VALUE', message: 'at most 200 ids (uuid), separated by commas' },
    ]);
  return ids;
}

export function registerUserAdminRoutes(app: FastifyInstance, services: ApiServices, credentials: CredentialCache): void {
  const onRequest = services.authentication.requireCredential;
  const db = services.database.db;

  /** The caller as an administrator of its tenant: FORBIDDEN without manageUsers. */
  const adminOf = async (request: FastifyRequest): Promise<AdminScope> => {
    const { principal, runtime } = await tenantOf(services, request);
    const access = await services.registry.access(principal, runtime.model.schema);
    if (!hasSystemPermission(access, 'manageUsers')) throw new AtriumError('FORBIDDEN', 'managing users and API keys needs the manageUsers permission');
    return adminScope(principal, {
      forgetCredentials: (hashes) => {
        for (const hash of hashes) {
          credentials.forgetSession(hash);
          credentials.forgetKey(hash);
        }
      },
      forgetAccess: () => services.registry.forgetAccess(principal.tenantId),
    });
  };

  // Users ----------------------------------------------------------------------------------------

  app.get('/api/v1/admin/users', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    return listMembers(db, scope, check.memberQuery(request.query));
  });

  app.post('/api/v1/admin/users', { onRequest }, async (request, reply) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    const { member, created } = await addMember(db, scope, check.newMember(request.body));
    return reply
      .status(201)
      .header('location', `/api/v1/admin/users/${member.id}`)
      .send({ ...member, created });
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/users/:id', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    return getMember(db, scope, request.params.id);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/admin/users/:id', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    return updateMember(db, scope, request.params.id, check.memberChange(request.body));
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/users/:id/deactivate', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    noBody(request.body);
    return deactivateMember(db, scope, request.params.id);
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/users/:id/reactivate', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    noBody(request.body);
    return reactivateMember(db, scope, request.params.id);
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/users/:id/password', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    const { password: next } = check.passwordReset(request.body);
    return resetMemberPassword(db, scope, request.params.id, next);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/admin/users/:id', { onRequest }, async (request, reply) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    await removeMember(db, scope, request.params.id);
    return reply.status(204).send();
  });

  // API keys -------------------------------------------------------------------------------------

  app.get('/api/v1/admin/api-keys', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    return { data: await listTenantApiKeys(db, scope, check.keyQuery(request.query)) };
  });

  app.post('/api/v1/admin/api-keys', { onRequest }, async (request, reply) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    const key = await createTenantApiKey(db, scope, check.newKey(request.body));
    return reply.status(201).header('location', `/api/v1/admin/api-keys/${key.id}`).header('cache-control', 'no-store').send(key);
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/api-keys/:id', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    return getTenantApiKey(db, scope, request.params.id);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/admin/api-keys/:id', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    return updateTenantApiKey(db, scope, request.params.id, check.keyChange(request.body));
  });

  app.post<{ Params: { id: string } }>('/api/v1/admin/api-keys/:id/revoke', { onRequest }, async (request) => {
    const scope = await adminOf(request);
    noQuery(request.query);
    noBody(request.body);
    return revokeTenantApiKey(db, scope, request.params.id);
  });

  // The directory --------------------------------------------------------------------------------

  app.get('/api/v1/users', { onRequest }, async (request) => {
    const principal = await services.authentication.authenticate(request);
    const query = check.directoryQuery(request.query);
    if (query.ids !== undefined) {
      if (query.search !== undefined || query.limit !== undefined)
        throw new AtriumError('VALIDATION_FAILED', 'ids is not combined with search or limit', [
          { path: '/query/ids', code: 'INVALID_PARAMETER', message: 'either ids, or search and limit' },
        ]);
      return { data: await directoryEntries(db, principal.tenantId, idList(query.ids)) };
    }
    return { data: await searchDirectory(db, principal.tenantId, query) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id', { onRequest }, async (request) => {
    const principal = await services.authentication.authenticate(request);
    noQuery(request.query);
    const [entry] = UUID.test(request.params.id) ? await directoryEntries(db, principal.tenantId, [request.params.id]) : [];
    if (!entry) {
      const message = `no user ${request.params.id} in this tenant`;
      throw new AtriumError('NOT_FOUND', message, [{ path: '/params/id', code: 'NOT_FOUND', message }]);
    }
    return entry;
  });
}
