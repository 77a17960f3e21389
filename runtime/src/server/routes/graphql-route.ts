import type { FastifyInstance } from 'fastify';
import { type ApiServices, withFreshTenant } from '../request-context.ts';
import { type GraphqlRequest, graphqlGetRequestOf, graphqlRequestOf } from './graphql-request.ts';

/** `POST /graphql`: the tenant's generated GraphQL API (GET for queries too). */
export function registerGraphqlRoute(app: FastifyInstance, services: ApiServices): void {
  const handle = async (body: GraphqlRequest, request: Parameters<typeof withFreshTenant>[1]) =>
    withFreshTenant(services, request, (principal, runtime) =>
      services.registry.access(principal, runtime.model.schema).then((access) =>
        runtime.graphql.execute(body.query, body.variables, body.operationName, {
          database: services.database,
          model: runtime.model,
          principal,
          access,
        }),
      ),
    );
  app.post('/graphql', async (request, reply) => {
    const result = await handle(graphqlRequestOf((request.body ?? {}) as Parameters<typeof graphqlRequestOf>[0]), request);
    return reply.status(result.status).send(result.body);
  });
  app.get('/graphql', async (request, reply) => {
    const result = await handle(graphqlGetRequestOf(request.query as Record<string, string | undefined>), request);
    return reply.status(result.status).send(result.body);
  });
}
