import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import type { MetadataBundle, MetadataOperation, ObjectDef } from '@atrium/metadata';
import { applyMetadataChange, exportView, loadBundle, type MetadataChangeResult } from '@atrium/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import type { ApiServices } from '../server/request-context.ts';

type Query = Record<string, string | string[] | undefined>;
type Body = Record<string, unknown>;

const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

function invalid(path: string, code: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code, message }]);
}

/** Roles that may read metadata: admin and integration keys, and a session's admins and members (the workspace renders from it). */
const READ_ROLES: ReadonlySet<string> = new Set(['admin', 'integration', 'member']);

/** Reading metadata takes an admin or integration key (or a signed-in member). */
function reader(request: FastifyRequest): Principal {
  const principal = request.principal as Principal;
  if (!READ_ROLES.has(principal.role)) throw new AtriumError('FORBIDDEN', 'this credential may not read metadata');
  return principal;
}

/** Changing metadata takes the admin role (permission sets come later). */
function writer(request: FastifyRequest): Principal {
  const principal = reader(request);
  if (principal.role !== 'admin') throw new AtriumError('FORBIDDEN', `the ${principal.role} role may read metadata but not change it; use an admin key`);
  return principal;
}

/** Who a revision names: the API key or the signed-in user. */
function actorOf(principal: Principal): string {
  return principal.kind === 'apiKey' ? `apiKey:${principal.keyId}` : `user:${principal.userId}`;
}

/** The version and the bundle as exported, read in one snapshot. */
async function snapshot(services: ApiServices, principal: Principal): Promise<{ version: number; bundle: MetadataBundle }> {
  return services.database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const tenant = await tx.selectFrom('atrium.tenant').select('metadata_version').where('id', '=', principal.tenantId).executeTakeFirst();
      if (!tenant) throw new AtriumError('TENANT_NOT_FOUND', `no tenant "${principal.tenantKey}"`);
      return { version: tenant.metadata_version, bundle: exportView(await loadBundle(tx, principal.tenantId)) };
    });
}

function findObject(bundle: MetadataBundle, name: string): ObjectDef {
  const object = bundle.objects.find((o) => o.apiName === name) ?? bundle.objects.find((o) => o.id === name);
  if (!object) throw new AtriumError('NOT_FOUND', `no object "${name}"`, [{ path: '/params/object', code: 'UNKNOWN_OBJECT', message: `no object "${name}"` }]);
  return object;
}

function versionTag(version: number): string {
  return `"${version}"`;
}

function checkQuery(query: Query, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.includes(key))
      throw invalid(`/query/${key}`, 'UNKNOWN_PARAMETER', `unknown parameter "${key}"${allowed.length ? `; this endpoint takes ${allowed.join(', ')}` : ''}`);
    if (typeof value !== 'string') throw invalid(`/query/${key}`, 'INVALID_PARAMETER', `"${key}" is given once`);
  }
}

function dryRunOf(query: Query): boolean {
  const value = query.dryRun;
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalid('/query/dryRun', 'INVALID_PARAMETER', 'dryRun is true or false');
}

function bodyOf(request: FastifyRequest, allowed: readonly string[]): Body {
  const body = request.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('/', 'INVALID_REQUEST', 'the body is a JSON object');
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalid(`/${key}`, 'INVALID_REQUEST', `unknown member "${key}"; the body takes ${allowed.join(', ')}`);
  }
  return body as Body;
}

/** `baseVersion` from the body or `If-Match` (`"12"`); both must agree when both are given. */
function baseVersionOf(request: FastifyRequest, body: Body): number {
  const header = request.headers['if-match'];
  let fromHeader: number | undefined;
  if (header !== undefined) {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
    if (!match) throw invalid('/headers/if-match', 'INVALID_PARAMETER', 'If-Match takes the metadata version, e.g. "12"');
    fromHeader = Number(match[1]);
  }
  const fromBody = body.baseVersion;
  if (fromBody !== undefined && (typeof fromBody !== 'number' || !Number.isInteger(fromBody) || fromBody < 0)) {
    throw invalid('/baseVersion', 'INVALID_REQUEST', 'baseVersion is a metadata version (a whole number)');
  }
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw invalid('/baseVersion', 'INVALID_REQUEST', `baseVersion ${fromBody} and If-Match ${fromHeader} disagree`);
  }
  const version = fromBody ?? fromHeader;
  if (version === undefined) throw invalid('/baseVersion', 'REQUIRED', 'send the metadata version the change is based on: baseVersion in the body or If-Match');
  return version;
}

/**
 * Problem paths of a one-operation request, rebased from the change request
 * (`/operations/0/field/apiName`) onto what the client sent: the body (`/field/apiName`) or the
 * URL (`/params/object`).
 */
function rebased(error: unknown, fromUrl: readonly string[]): unknown {
  if (!isAtriumError(error) || error.details.length === 0) return error;
  const details: ErrorDetail[] = error.details.map((detail) => {
    let path = detail.path.replace(/^\/operations\/0(?=\/|$)/, '') || '/';
    for (const name of fromUrl) if (path === `/${name}` || path.startsWith(`/${name}/`)) path = `/params${path}`;
    return { ...detail, path };
  });
  return new AtriumError(error.code, error.message, details);
}

/**
 * The metadata REST API (DESIGN.md §5) under `/api/v1/meta`: the bundle, objects, every
 * operation through `POST /changes` (the same path as the CLI and the designer: plan, one
 * revision, DDL, jobs), conveniences for the common ones, and the follow-up jobs.
 * Admin keys may change metadata; integration keys may read it.
 */
export function registerMetaRoutes(app: FastifyInstance, services: ApiServices): void {
  const onRequest = services.authentication.requireCredential;

  const apply = async (principal: Principal, request: unknown): Promise<MetadataChangeResult> => {
    const result = await applyMetadataChange(services.database.db, principal.tenantKey, request, actorOf(principal));
    // This process serves the new version at once; others hear of it through NOTIFY.
    if (result.applied) services.registry.announce(principal.tenantId, result.version);
    return result;
  };

  /** One operation from a convenience route: baseVersion from the body or If-Match, dryRun from the query. */
  const applyOne = async (
    request: FastifyRequest,
    reply: FastifyReply,
    operation: (body: Body) => MetadataOperation,
    options: { body: readonly string[]; fromUrl: readonly string[]; creates?: (result: MetadataChangeResult) => string | undefined },
  ) => {
    const principal = writer(request);
    const query = request.query as Query;
    checkQuery(query, ['dryRun']);
    const dryRun = dryRunOf(query);
    const body = bodyOf(request, ['baseVersion', ...options.body]);
    const baseVersion = baseVersionOf(request, body);
    let result: MetadataChangeResult;
    try {
      result = await apply(principal, { baseVersion, operations: [operation(body)], ...(dryRun ? { dryRun } : {}) });
    } catch (error) {
      throw rebased(error, options.fromUrl);
    }
    reply.header('etag', versionTag(result.version));
    const location = result.applied ? options.creates?.(result) : undefined;
    if (location) return reply.status(201).header('location', location).send(result);
    return reply.send(result);
  };

  app.get('/api/v1/meta', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    checkQuery(request.query as Query, []);
    const { version, bundle } = await snapshot(services, principal);
    return reply.header('etag', versionTag(version)).send({ version, bundle });
  });

  app.get('/api/v1/meta/objects', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    checkQuery(request.query as Query, []);
    const { version, bundle } = await snapshot(services, principal);
    return reply.header('etag', versionTag(version)).send({ version, objects: bundle.objects });
  });

  app.get<{ Params: { object: string } }>('/api/v1/meta/objects/:object', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    checkQuery(request.query as Query, []);
    const { version, bundle } = await snapshot(services, principal);
    return reply.header('etag', versionTag(version)).send({ version, object: findObject(bundle, request.params.object) });
  });

  app.post('/api/v1/meta/changes', { onRequest }, async (request, reply) => {
    const principal = writer(request);
    checkQuery(request.query as Query, []);
    const result = await apply(principal, request.body ?? {});
    return reply.header('etag', versionTag(result.version)).send(result);
  });

  app.post('/api/v1/meta/objects', { onRequest }, async (request, reply) =>
    applyOne(request, reply, (body) => ({ op: 'createObject', object: body.object as ObjectDef }), {
      body: ['object'],
      fromUrl: [],
      creates: () => {
        const apiName = ((request.body as Body).object as { apiName?: unknown } | undefined)?.apiName;
        return typeof apiName === 'string' ? `/api/v1/meta/objects/${encodeURIComponent(apiName)}` : undefined;
      },
    }),
  );

  app.post<{ Params: { object: string } }>('/api/v1/meta/objects/:object/fields', { onRequest }, async (request, reply) =>
    applyOne(request, reply, (body) => ({ op: 'addField', object: request.params.object, field: body.field as never }), {
      body: ['field'],
      fromUrl: ['object'],
      creates: () => `/api/v1/meta/objects/${encodeURIComponent(request.params.object)}`,
    }),
  );

  app.patch<{ Params: { object: string; field: string } }>('/api/v1/meta/objects/:object/fields/:field', { onRequest }, async (request, reply) =>
    applyOne(request, reply, (body) => ({ op: 'updateField', object: request.params.object, field: request.params.field, changes: body.changes as never }), {
      body: ['changes'],
      fromUrl: ['object', 'field'],
    }),
  );

  app.delete<{ Params: { object: string; field: string } }>('/api/v1/meta/objects/:object/fields/:field', { onRequest }, async (request, reply) =>
    applyOne(request, reply, () => ({ op: 'deleteField', object: request.params.object, field: request.params.field }), {
      body: [],
      fromUrl: ['object', 'field'],
    }),
  );

  app.get('/api/v1/meta/jobs', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    const query = request.query as Query;
    checkQuery(query, ['status', 'limit']);
    const status = query.status as string | undefined;
    if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status))
      throw invalid('/query/status', 'INVALID_PARAMETER', `status is one of ${JOB_STATUSES.join(', ')}`);
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('/query/limit', 'INVALID_PARAMETER', 'limit is a whole number from 1 to 500');
    let select = services.database.db
      .selectFrom('atrium.job')
      .select(['id', 'task', 'status', 'done', 'total', 'message', 'error', 'attempts', 'run_at', 'created_at', 'updated_at'])
      .where('tenant_id', '=', principal.tenantId);
    if (status) select = select.where('status', '=', status as (typeof JOB_STATUSES)[number]);
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());
    return reply.send({
      data: rows.map((row) => ({
        id: row.id,
        task: row.task,
        status: row.status,
        done: Number(row.done),
        total: Number(row.total),
        message: row.message,
        error: row.error,
        attempts: Number(row.attempts),
        runAt: iso(row.run_at),
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      })),
    });
  });
}
