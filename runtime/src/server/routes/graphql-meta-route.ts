import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CredentialCache } from '../../auth/credential-cache.ts';
import { MetaGraphql } from '../../graphql/meta/meta-graphql.ts';
import type { ApiServices } from '../request-context.ts';
import { type GraphqlRequest, graphqlGetRequestOf, graphqlRequestOf } from './graphql-request.ts';

/**
 * `POST /graphql/meta` (and GET for queries): the metadata and administration API of the caller's
 * tenant (DESIGN.md §5), authenticated like `/graphql` (API keys; browser sessions with the CSRF
 * token for POST). One executor serves every tenant: its schema is the same for all.
 */
export async function registerGraphqlMetaRoute(app: FastifyInstance, services: ApiServices, credentials?: CredentialCache): Promise<void> {
  const meta = await MetaGraphql.build();
  app.addHook('onClose', async () => meta.close());
  const onRequest = services.authentication.requireCredential;
  const handle = async (body: GraphqlRequest, request: FastifyRequest) => {
    const principal = await services.authentication.authenticate(request);
    return meta.execute(body.query, body.variables, body.operationName, { services, principal, credentials, memo: new Map() });
  };
  app.post('/graphql/meta', { onRequest }, async (request, reply) => {
    const result = await handle(graphqlRequestOf((request.body ?? {}) as Parameters<typeof graphqlRequestOf>[0]), request);
    // Administration data (and a new API key's token) is never kept by a cache.
    return reply.status(result.status).header('cache-control', 'no-store').send(result.body);
  });
  app.get('/graphql/meta', { onRequest }, async (request, reply) => {
    const result = await handle(graphqlGetRequestOf(request.query as Record<string, string | undefined>), request);
    return reply.status(result.status).header('cache-control', 'no-store').send(result.body);
  });
}
