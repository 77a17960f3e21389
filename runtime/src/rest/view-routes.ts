import { AtriumError } from '@atrium/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiServices, withFreshTenant } from '../server/request-context.ts';
import { bodyValidator } from '../validation/json-input.ts';
import { type CreateViewInput, SavedViewService, type UpdateViewInput } from '../views/saved-view-service.ts';
import type { SortItem } from '../views/view-definition.ts';

/*
 * Saved list views over REST (issue 5): `GET /api/v1/views?object=account` (the caller's views and
 * the shared ones, in order), `GET|PATCH|DELETE /api/v1/views/{id}`, `POST /api/v1/views`.
 * Definitions use the list API's grammar — columns by field API name, the filter JSON, sort
 * fields — and are checked by the same compilers (SavedViewService, views/view-definition.ts).
 */

const name = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' };
const sortItem = {
  type: 'object',
  additionalProperties: false,
  required: ['field'],
  properties: {
    field: { type: 'string', minLength: 1, maxLength: 500 },
    direction: { enum: ['asc', 'desc', 'ASC', 'DESC'] },
    nulls: { enum: ['first', 'last', 'FIRST', 'LAST'] },
  },
};
const definition = {
  type: 'object',
  additionalProperties: false,
  properties: {
    columns: { type: 'array', maxItems: 200, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 200 } },
    filter: { type: ['object', 'null'] },
    sort: { type: 'array', maxItems: 5, items: sortItem },
  },
};
const visibility = { enum: ['private', 'everyone'] };
const position = { type: 'integer', minimum: 0, maximum: 1_000_000 };

const checks = {
  create: bodyValidator<CreateViewInput>({
    type: 'object',
    additionalProperties: false,
    required: ['object', 'name', 'definition'],
    properties: { object: { type: 'string', minLength: 1, maxLength: 200 }, name, visibility, definition, position },
  }),
  update: bodyValidator<UpdateViewInput>({
    type: 'object',
    additionalProperties: false,
    properties: { name, visibility, definition, position, expectedVersion: { type: 'integer', minimum: 1 } },
  }),
};

/** Sort directions and nulls in lower case (the API takes both, as GraphQL's orderBy does). */
function normalizedSort<T extends { definition?: { sort?: SortItem[] } }>(input: T): T {
  const sort = input.definition?.sort;
  if (!sort || !input.definition) return input;
  const items = sort.map((s) => ({
    field: s.field,
    direction: (s.direction ?? 'asc').toLowerCase() as SortItem['direction'],
    ...(s.nulls ? { nulls: s.nulls.toLowerCase() as SortItem['nulls'] } : {}),
  }));
  return { ...input, definition: { ...input.definition, sort: items } };
}

/** `If-Match: "3"`, or undefined. */
function ifMatch(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!match) {
    throw new AtriumError('BAD_REQUEST', 'If-Match takes the view version from its ETag, e.g. "3"', [
      { path: '/headers/if-match', code: 'BAD_REQUEST', message: 'not a view version' },
    ]);
  }
  return Number(match[1]);
}

function checkQuery(query: Record<string, unknown>, allowed: string[]): void {
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.includes(key)) {
      const message = `unknown parameter "${key}"${allowed.length ? `; this endpoint takes ${allowed.join(', ')}` : ''}`;
      throw new AtriumError('VALIDATION_FAILED', message, [{ path: `/query/${key}`, code: 'UNKNOWN_PARAMETER', message }]);
    }
    if (typeof value !== 'string') {
      throw new AtriumError('VALIDATION_FAILED', `"${key}" is given once`, [
        { path: `/query/${key}`, code: 'INVALID_PARAMETER', message: `"${key}" is given once` },
      ]);
    }
  }
}

export function registerViewRoutes(app: FastifyInstance, services: ApiServices): void {
  const run = <T>(request: FastifyRequest, work: (views: SavedViewService) => Promise<T>) =>
    withFreshTenant(services, request, async (principal, runtime) => {
      const access = await services.registry.access(principal, runtime.model.schema);
      return work(new SavedViewService(services.database.db, runtime.model, access, principal));
    });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/views', async (request) =>
    run(request, async (views) => {
      checkQuery(request.query, ['object']);
      const object = request.query.object ? views.object(request.query.object, '/query/object') : undefined;
      return { data: await views.list(object), canShare: views.canShare };
    }),
  );

  app.get<{ Params: { id: string } }>('/api/v1/views/:id', async (request, reply) =>
    run(request, async (views) => {
      checkQuery(request.query as Record<string, unknown>, []);
      const view = await views.get(request.params.id);
      return reply.header('etag', `"${view.version}"`).send(view);
    }),
  );

  app.post('/api/v1/views', async (request, reply) =>
    run(request, async (views) => {
      const view = await views.create(normalizedSort(checks.create(request.body)));
      return reply.status(201).header('location', `/api/v1/views/${view.id}`).header('etag', `"${view.version}"`).send(view);
    }),
  );

  app.patch<{ Params: { id: string } }>('/api/v1/views/:id', async (request, reply) =>
    run(request, async (views) => {
      const body = normalizedSort(checks.update(request.body));
      const expectedVersion = body.expectedVersion ?? ifMatch(request);
      const view = await views.update(request.params.id, { ...body, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });
      return reply.header('etag', `"${view.version}"`).send(view);
    }),
  );

  app.delete<{ Params: { id: string } }>('/api/v1/views/:id', async (request, reply) =>
    run(request, async (views) => {
      await views.delete(request.params.id, ifMatch(request));
      return reply.status(204).send();
    }),
  );
}
