import { AtriumError } from '@atrium/errors';
import { recordAudit } from '@atrium/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccessProfile, hasSystemPermission } from '../access/access-profile.ts';
import type { Principal } from '../auth/principal.ts';
import type { ObjectModel } from '../model/tenant-model.ts';
import { queryContext } from '../query/aliases.ts';
import { compileGet, isRecordId } from '../query/get/compile-get.ts';
import { compileConnection } from '../query/list/compile-connection.ts';
import type { NodeSelection } from '../query/selection.ts';
import { credentialOf, notFound, RecordService } from '../records/record-service.ts';
import { type ApiServices, withFreshTenant } from '../server/request-context.ts';
import type { TenantRuntime } from '../tenancy/tenant-registry.ts';
import { streamCsv, wantsCsv } from './csv-export.ts';
import { checkParams, listArgsOf, restSelection } from './rest-query.ts';

type Params = { object: string; id?: string };
type Query = Record<string, string | undefined>;

function objectOf(runtime: TenantRuntime, name: string): ObjectModel {
  const object = runtime.model.objects.get(name);
  if (!object) throw new AtriumError('NOT_FOUND', `no object "${name}"; objects are named by their API name, e.g. /api/v1/data/opportunity`);
  return object;
}

function recordBody(body: unknown, path = '/'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AtriumError('BAD_REQUEST', 'the body is a JSON object of fields', [{ path, code: 'BAD_REQUEST', message: 'expected a JSON object' }]);
  return body as Record<string, unknown>;
}

async function readOne(
  services: ApiServices,
  runtime: TenantRuntime,
  access: AccessProfile,
  object: ObjectModel,
  id: string,
  selection: NodeSelection,
): Promise<Record<string, unknown>> {
  const result = await compileGet(queryContext(runtime.model, new Date(), access), object, id, selection).execute(services.database.db);
  const record = result.rows[0]?.v;
  if (!record) throw notFound(object, id);
  return record;
}

/** The record's row version as an entity tag, for `If-Match`. */
function etag(record: Record<string, unknown>): string {
  return `"${String(record.version ?? '')}"`;
}

function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!match)
    throw new AtriumError('BAD_REQUEST', 'If-Match takes the record version from its ETag, e.g. "3"', [
      { path: '/headers/if-match', code: 'BAD_REQUEST', message: 'not a record version' },
    ]);
  return Number(match[1]);
}

/**
 * REST for tenant data (DESIGN.md §5): `/api/v1/data/{object}` and `/api/v1/data/{object}/{id}`.
 * The filter grammar is the same JSON as GraphQL's; lists are keyset-paged; `Accept: text/csv`
 * streams the list as CSV.
 */
export function registerDataRoutes(app: FastifyInstance, services: ApiServices): void {
  const run = <T>(request: FastifyRequest, work: (principal: Principal, runtime: TenantRuntime, access: AccessProfile) => Promise<T>) =>
    withFreshTenant(services, request, async (principal, runtime) => work(principal, runtime, await services.registry.access(principal, runtime.model.schema)));
  const service = (runtime: TenantRuntime, principal: Principal, access: AccessProfile) =>
    new RecordService(services.database, runtime.model, principal, access);

  app.get<{ Params: Params; Querystring: Query }>('/api/v1/data/:object', async (request, reply) =>
    run(request, async (principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      checkParams(request.query, true);
      const args = listArgsOf(request.query);
      const selection = restSelection(runtime.model, access, object, request.query.fields, request.query.expand);
      if (wantsCsv(request)) {
        if (!hasSystemPermission(access, 'export'))
          throw new AtriumError('FORBIDDEN', 'you may not export records', [
            { path: '/headers/accept', code: 'EXPORT_NOT_ALLOWED', message: 'needs the export permission' },
          ]);
        await recordAudit(services.database.db, runtime.model.schema, {
          event: 'export.csv',
          objectId: object.def.id,
          actorId: principal.userId,
          credential: credentialOf(principal),
          details: { filter: args.filter ?? null, sort: args.orderBy ?? null },
        });
        return streamCsv(services, runtime, access, object, args, selection, reply);
      }
      const withCount = request.query.count === 'true';
      const statement = compileConnection(
        queryContext(runtime.model, new Date(), access),
        object,
        args,
        {
          items: [
            { kind: 'nodes', key: 'data', selection },
            {
              kind: 'pageInfo',
              key: 'page',
              fields: [
                { key: 'hasMore', name: 'hasNextPage' },
                { key: 'nextCursor', name: 'endCursor' },
              ],
            },
            ...(withCount ? [{ kind: 'totalCount' as const, key: 'totalCount' }] : []),
          ],
        },
        undefined,
        '/query',
      );
      const result = await statement.execute(services.database.db);
      const v = (result.rows[0] as { v: { data: unknown[]; page: { hasMore: boolean; nextCursor: string | null }; totalCount?: number } }).v;
      return reply.send({
        data: v.data,
        hasMore: v.page.hasMore,
        nextCursor: v.page.hasMore ? v.page.nextCursor : null,
        ...(withCount ? { totalCount: v.totalCount } : {}),
      });
    }),
  );

  app.get<{ Params: Params; Querystring: Query }>('/api/v1/data/:object/:id', async (request, reply) =>
    run(request, async (_principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      checkParams(request.query, false);
      const id = request.params.id as string;
      if (!isRecordId(id)) throw notFound(object, id);
      const record = await readOne(
        services,
        runtime,
        access,
        object,
        id,
        restSelection(runtime.model, access, object, request.query.fields, request.query.expand),
      );
      return reply.header('etag', etag(record)).send(record);
    }),
  );

  app.post<{ Params: Params }>('/api/v1/data/:object', async (request, reply) =>
    run(request, async (principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      const id = await service(runtime, principal, access).create(object, recordBody(request.body));
      const record = await readOne(services, runtime, access, object, id, restSelection(runtime.model, access, object, undefined, undefined));
      return reply.status(201).header('location', `/api/v1/data/${object.apiName}/${id}`).header('etag', etag(record)).send(record);
    }),
  );

  app.patch<{ Params: Params }>('/api/v1/data/:object/:id', async (request, reply) =>
    run(request, async (principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      const id = request.params.id as string;
      if (!isRecordId(id)) throw notFound(object, id);
      await service(runtime, principal, access).update(object, id, recordBody(request.body), expectedVersion(request));
      // A transfer can move the record out of the caller's sight: the change succeeded all the same.
      const record = await readOne(services, runtime, access, object, id, restSelection(runtime.model, access, object, undefined, undefined)).catch(
        () => undefined,
      );
      return record ? reply.header('etag', etag(record)).send(record) : reply.send({ id, visible: false });
    }),
  );

  app.delete<{ Params: Params; Querystring: Query }>('/api/v1/data/:object/:id', async (request, reply) =>
    run(request, async (principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      const id = request.params.id as string;
      if (!isRecordId(id)) throw notFound(object, id);
      for (const key of Object.keys(request.query))
        if (key !== 'hard')
          throw new AtriumError('VALIDATION_FAILED', `unknown parameter "${key}"`, [
            { path: `/query/${key}`, code: 'UNKNOWN_PARAMETER', message: 'only hard=true' },
          ]);
      if (request.query.hard === 'true') {
        await service(runtime, principal, access).hardDelete(object, id);
        return reply.send({ id, deleted: true, hard: true });
      }
      await service(runtime, principal, access).delete(object, id);
      return reply.send({ id, deleted: true });
    }),
  );

  app.post<{ Params: Params }>('/api/v1/data/:object/:id/restore', async (request, reply) =>
    run(request, async (principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      const id = request.params.id as string;
      if (!isRecordId(id)) throw notFound(object, id);
      await service(runtime, principal, access).restore(object, id);
      return reply.send(await readOne(services, runtime, access, object, id, restSelection(runtime.model, access, object, undefined, undefined)));
    }),
  );

  app.post<{ Params: Params }>('/api/v1/data/:object/bulk', async (request, reply) =>
    run(request, async (principal, runtime, access) => {
      const object = objectOf(runtime, request.params.object);
      const body = recordBody(request.body);
      const records = body.records;
      if (!Array.isArray(records) || records.length === 0)
        throw new AtriumError('BAD_REQUEST', 'bulk takes {"records": [...], "upsertBy"?: "<unique field>"}', [
          { path: '/records', code: 'BAD_REQUEST', message: 'a non-empty list' },
        ]);
      if (body.upsertBy !== undefined && typeof body.upsertBy !== 'string')
        throw new AtriumError('BAD_REQUEST', 'upsertBy names a unique field', [{ path: '/upsertBy', code: 'BAD_REQUEST', message: 'a field name' }]);
      const inputs = records.map((r, i) => recordBody(r, `/records/${i}`));
      const ids = await service(runtime, principal, access).createMany(object, inputs, body.upsertBy as string | undefined);
      const selection = restSelection(runtime.model, access, object, undefined, undefined);
      const data = [];
      for (const id of ids) data.push(await readOne(services, runtime, access, object, id, selection));
      return reply.send({ data });
    }),
  );
}

export type { FastifyReply };
