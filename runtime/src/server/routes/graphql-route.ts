import { AtriumError } from '@atrium/errors';
import type { FastifyInstance } from 'fastify';
import { type ApiServices, withFreshTenant } from '../request-context.ts';

interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** `POST /graphql`: the tenant's generated GraphQL API (GET for queries too). */
export function registerGraphqlRoute(app: FastifyInstance, services: ApiServices): void {
  const handle = async (body: GraphqlBody, request: Parameters<typeof withFreshTenant>[1]) => {
    if (typeof body.query !== 'string' || body.query.trim() === '') throw new AtriumError('BAD_REQUEST', 'a GraphQL request has a "query" string');
    if (body.query.length > 100_000) throw new AtriumError('BAD_REQUEST', 'the query is longer than 100,000 characters');
    const variables = body.variables ?? undefined;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables)))
      throw new AtriumError('BAD_REQUEST', '"variables" is an object');
    if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string')
      throw new AtriumError('BAD_REQUEST', '"operationName" is a string');
    return withFreshTenant(services, request, (principal, runtime) =>
      services.registry.access(principal, runtime.model.schema).then((access) =>
        runtime.graphql.execute(
          body.query as string,
          (variables ?? undefined) as Record<string, unknown> | undefined,
          (body.operationName ?? undefined) as string | undefined,
          {
            database: services.database,
            model: runtime.model,
            principal,
            access,
          },
        ),
      ),
    );
  };
  app.post('/graphql', async (request, reply) => {
    const result = await handle((request.body ?? {}) as GraphqlBody, request);
    return reply.status(result.status).send(result.body);
  });
  app.get('/graphql', async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (q.query && /^\s*mutation\b/.test(q.query)) throw new AtriumError('BAD_REQUEST', 'mutations are sent with POST');
    const result = await handle({ query: q.query, variables: q.variables ? parseJson(q.variables) : undefined, operationName: q.operationName }, request);
    return reply.status(result.status).send(result.body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AtriumError('BAD_REQUEST', '"variables" is not valid JSON');
  }
}
