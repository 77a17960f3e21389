import { AtriumError } from '@atrium/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessAdministration, type InputPaths, invalid } from '../admin/access-administration.ts';
import { type ApiServices, tenantOf } from '../server/request-context.ts';

/*
 * The access administration REST API under /api/v1/admin (issue 4): roles and the hierarchy,
 * permission sets and their assignment to users and API keys, org-wide defaults, sharing rules and
 * manual shares. The handlers only read the request and shape the answer; validation, the checks
 * and the changes are AccessAdministration's, which `/graphql/meta` calls too.
 */

type Query = Record<string, string | string[] | undefined>;

/** Problems in a body are at its members (`/name`); a body that is no object is "the body". */
const BODY: InputPaths = { input: '', describe: 'the body' };

function checkQuery(query: Query, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.includes(key))
      throw invalid(`/query/${key}`, 'UNKNOWN_PARAMETER', `unknown parameter "${key}"${allowed.length ? `; this endpoint takes ${allowed.join(', ')}` : ''}`);
    if (typeof value !== 'string') throw invalid(`/query/${key}`, 'INVALID_PARAMETER', `"${key}" is given once`);
  }
}

/**
 * The access administration API. Every route needs the `manageUsers` system permission (admin
 * API keys have every permission); others get FORBIDDEN.
 */
export function registerAdminRoutes(app: FastifyInstance, services: ApiServices): void {
  const onRequest = services.authentication.requireCredential;

  /** The caller's administration (FORBIDDEN without manageUsers), then the query's parameters checked. */
  const adminOf = async (request: FastifyRequest, allowed: readonly string[] = []): Promise<AccessAdministration> => {
    const { principal, runtime } = await tenantOf(services, request);
    const administration = await AccessAdministration.open(services, principal, runtime.model);
    checkQuery(request.query as Query, allowed);
    return administration;
  };
  const body = (request: FastifyRequest): unknown => request.body ?? {};

  // Roles ----------------------------------------------------------------------------------------

  app.get('/api/v1/admin/roles', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send({ data: await admin.roles() });
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/roles/:id', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    const role = await admin.role(request.params.id);
    if (!role) throw new AtriumError('NOT_FOUND', `no role ${request.params.id}`, [{ path: '/params/id', code: 'NOT_FOUND', message: 'no such role' }]);
    return reply.send(role);
  });

  app.post('/api/v1/admin/roles', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    const role = await admin.createRole(body(request), BODY);
    return reply.status(201).header('location', `/api/v1/admin/roles/${role.id}`).send(role);
  });

  app.patch<{ Params: { id: string } }>('/api/v1/admin/roles/:id', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.updateRole(request.params.id, body(request), { ...BODY, id: '/params/id' }));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/admin/roles/:id', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    await admin.deleteRole(request.params.id, { ...BODY, id: '/params/id' });
    return reply.status(204).send();
  });

  app.put<{ Params: { principalId: string } }>('/api/v1/admin/principals/:principalId/role', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.assignRole(request.params.principalId, body(request), { ...BODY, principalId: '/params/principalId' }));
  });

  app.delete<{ Params: { principalId: string } }>('/api/v1/admin/principals/:principalId/role', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    await admin.unassignRole(request.params.principalId, { principalId: '/params/principalId' });
    return reply.status(204).send();
  });

  app.get<{ Params: { principalId: string } }>('/api/v1/admin/principals/:principalId', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.principalAccess(request.params.principalId, { principalId: '/params/principalId' }));
  });

  // Permission sets ------------------------------------------------------------------------------

  app.get('/api/v1/admin/permission-sets', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send({ data: await admin.permissionSets() });
  });

  app.get<{ Params: { id: string } }>('/api/v1/admin/permission-sets/:id', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.permissionSet(request.params.id, { id: '/params/id' }));
  });

  app.post('/api/v1/admin/permission-sets', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    const set = await admin.createPermissionSet(body(request), BODY);
    return reply.status(201).header('location', `/api/v1/admin/permission-sets/${set.id}`).send(set);
  });

  app.put<{ Params: { id: string } }>('/api/v1/admin/permission-sets/:id', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.updatePermissionSet(request.params.id, body(request), { ...BODY, id: '/params/id' }));
  });

  const assignmentPaths: InputPaths = { principalId: '/params/principalId', setId: '/params/setId' };

  app.post<{ Params: { principalId: string; setId: string } }>(
    '/api/v1/admin/principals/:principalId/permission-sets/:setId',
    { onRequest },
    async (request, reply) => {
      const admin = await adminOf(request);
      return reply.send(await admin.assignPermissionSet(request.params.principalId, request.params.setId, assignmentPaths));
    },
  );

  app.delete<{ Params: { principalId: string; setId: string } }>(
    '/api/v1/admin/principals/:principalId/permission-sets/:setId',
    { onRequest },
    async (request, reply) => {
      const admin = await adminOf(request);
      await admin.unassignPermissionSet(request.params.principalId, request.params.setId, assignmentPaths);
      return reply.status(204).send();
    },
  );

  // Org-wide defaults ----------------------------------------------------------------------------

  app.get('/api/v1/admin/sharing', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send({ data: await admin.orgWideDefaults() });
  });

  app.get<{ Params: { object: string } }>('/api/v1/admin/objects/:object/sharing', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.orgWideDefault(request.params.object, { object: '/params/object' }));
  });

  app.put<{ Params: { object: string } }>('/api/v1/admin/objects/:object/sharing', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.send(await admin.setOrgWideDefault(request.params.object, body(request), { ...BODY, object: '/params/object' }));
  });

  // Sharing rules --------------------------------------------------------------------------------

  app.get('/api/v1/admin/sharing-rules', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request, ['object']);
    const query = request.query as Query;
    return reply.send({ data: await admin.sharingRules(query.object as string | undefined, { input: '/query' }) });
  });

  app.post('/api/v1/admin/sharing-rules', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    const rule = await admin.createSharingRule(body(request), BODY);
    return reply.status(201).header('location', `/api/v1/admin/sharing-rules/${rule.id}`).send(rule);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/admin/sharing-rules/:id', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    await admin.deleteSharingRule(request.params.id, { id: '/params/id' });
    return reply.status(204).send();
  });

  // Manual shares --------------------------------------------------------------------------------

  app.get('/api/v1/admin/shares', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request, ['object', 'recordId']);
    const query = request.query as Query;
    if (query.object === undefined || query.recordId === undefined) throw invalid('/query', 'REQUIRED', 'name the record: ?object=account&recordId=<id>');
    return reply.send({ data: await admin.recordShares(query.object as string, query.recordId as string, { input: '/query' }) });
  });

  app.post('/api/v1/admin/shares', { onRequest }, async (request, reply) => {
    const admin = await adminOf(request);
    return reply.status(201).send(await admin.shareRecord(body(request), BODY));
  });

  app.delete('/api/v1/admin/shares', { onRequest }, async (request, reply) => {
    // The share is named by the body or, for clients that send no body with DELETE, the query.
    const fromQuery = request.body === undefined || request.body === null;
    const admin = await adminOf(request, fromQuery ? ['object', 'recordId', 'granteeId'] : []);
    await admin.unshareRecord(fromQuery ? request.query : body(request), fromQuery ? { input: '/query', describe: 'the request' } : BODY);
    return reply.status(204).send();
  });
}
