import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import type { MetadataOperation, ObjectDef } from '@atrium/metadata';
import { type MetadataChangeResult, setAsideElements } from '@atrium/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../admin/access-administration.ts';
import {
  applyMetadataChanges,
  applyMetadataOperation,
  findObject,
  listJobs,
  metadataSnapshot,
  requireMetadataReader,
  requireMetadataWriter,
} from '../admin/metadata-administration.ts';
import type { Principal } from '../auth/principal.ts';
import type { ApiServices } from '../server/request-context.ts';

type Query = Record<string, string | string[] | undefined>;
type Body = Record<string, unknown>;

/** Reading metadata takes an admin or integration key (or a signed-in member). */
function reader(request: FastifyRequest): Principal {
  const principal = request.principal as Principal;
  requireMetadataReader(principal);
  return principal;
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

/** Problem paths of a one-operation request that name what the URL carries (`/object`) rebased onto it (`/params/object`). */
function rebased(error: unknown, fromUrl: readonly string[]): unknown {
  if (!isAtriumError(error) || error.details.length === 0) return error;
  const details: ErrorDetail[] = error.details.map((detail) => {
    let path = detail.path;
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

  /** One operation from a convenience route: baseVersion from the body or If-Match, dryRun from the query. */
  const applyOne = async (
    request: FastifyRequest,
    reply: FastifyReply,
    operation: (body: Body) => MetadataOperation,
    options: { body: readonly string[]; fromUrl: readonly string[]; creates?: (result: MetadataChangeResult) => string | undefined },
  ) => {
    const principal = reader(request);
    await requireMetadataWriter(services, principal);
    const query = request.query as Query;
    checkQuery(query, ['dryRun']);
    const dryRun = dryRunOf(query);
    const body = bodyOf(request, ['baseVersion', ...options.body]);
    const baseVersion = baseVersionOf(request, body);
    let result: MetadataChangeResult;
    try {
      result = await applyMetadataOperation(services, principal, { baseVersion, operation: operation(body), dryRun });
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
    const { version, bundle } = await metadataSnapshot(services.database, principal);
    return reply.header('etag', versionTag(version)).send({ version, bundle });
  });

  app.get('/api/v1/meta/objects', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    checkQuery(request.query as Query, []);
    const { version, bundle } = await metadataSnapshot(services.database, principal);
    return reply.header('etag', versionTag(version)).send({ version, objects: bundle.objects });
  });

  app.get<{ Params: { object: string } }>('/api/v1/meta/objects/:object', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    checkQuery(request.query as Query, []);
    const { version, bundle } = await metadataSnapshot(services.database, principal);
    return reply.header('etag', versionTag(version)).send({ version, object: findObject(bundle, request.params.object) });
  });

  // Objects and fields set aside by a delete, restorable (restoreObject / restoreField) until purged.
  app.get('/api/v1/meta/deleted', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    checkQuery(request.query as Query, []);
    const { version, stored } = await metadataSnapshot(services.database, principal);
    return reply.header('etag', versionTag(version)).send({ version, data: setAsideElements(stored) });
  });

  app.post('/api/v1/meta/changes', { onRequest }, async (request, reply) => {
    const principal = reader(request);
    await requireMetadataWriter(services, principal);
    checkQuery(request.query as Query, []);
    const result = await applyMetadataChanges(services, principal, request.body ?? {});
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
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    const data = await listJobs(
      services.database,
      principal,
      { status: query.status as string | undefined, ...(limit === undefined ? {} : { limit }) },
      { input: '/query', limit: '/query/limit' },
    );
    return reply.send({ data });
  });
}
