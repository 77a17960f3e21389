import type { Database } from '@atrium/platform';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerAuthentication } from '../auth/authenticate.ts';
import type { CredentialCache } from '../auth/credential-cache.ts';
import { registerOpenApiRoute } from '../openapi/openapi-route.ts';
import { registerAdminRoutes } from '../rest/admin-routes.ts';
import { registerAuditRoutes } from '../rest/audit-routes.ts';
import { registerDataRoutes } from '../rest/data-routes.ts';
import { registerMetaRoutes } from '../rest/meta-routes.ts';
import { registerUserAdminRoutes } from '../rest/user-admin-routes.ts';
import { registerViewRoutes } from '../rest/view-routes.ts';
import type { TenantRegistry } from '../tenancy/tenant-registry.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerPages } from './pages/register-pages.ts';
import type { ApiServices } from './request-context.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerGraphqlMetaRoute } from './routes/graphql-meta-route.ts';
import { registerGraphqlRoute } from './routes/graphql-route.ts';
import { registerStaticApp } from './static-app.ts';

export interface ServerOptions {
  database: Database;
  registry: TenantRegistry;
  credentials: CredentialCache;
  /** Body size limit for requests, in bytes. */
  bodyLimit?: number;
}

/** The Atrium HTTP server: health, the web app's shell, and per tenant the generated APIs. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: process.env.LOG_LEVEL ?? 'warn', stream: process.stderr },
    bodyLimit: options.bodyLimit ?? 2_097_152,
    requestIdHeader: 'x-request-id',
    // Query strings stay flat: `filter` is one JSON string, not a nested object.
    routerOptions: { maxParamLength: 200 },
    // Errors fastify raises before a route runs (a too long path parameter, a bad header) are
    // problem documents too.
    frameworkErrors: (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void (reply as unknown as FastifyReply).status(status).type('application/problem+json').send({
        type: 'https://atrium.dev/errors/BAD_REQUEST',
        title: 'The request is malformed',
        status,
        code: 'BAD_REQUEST',
        detail: error.message,
        instance: request.url,
      });
    },
  });
  registerErrorHandler(app);
  const authentication = registerAuthentication(app, options.credentials);
  const services: ApiServices = { database: options.database, registry: options.registry, authentication };
  await registerAuthRoutes(app, services, options);
  app.get('/health', async () => ({ status: 'ok' }));
  registerStaticApp(app);
  registerGraphqlRoute(app, services);
  await registerGraphqlMetaRoute(app, services, options.credentials);
  registerDataRoutes(app, services);
  registerAuditRoutes(app, services);
  registerOpenApiRoute(app, services);
  registerMetaRoutes(app, services);
  registerAdminRoutes(app, services);
  registerUserAdminRoutes(app, services, options.credentials);
  registerViewRoutes(app, services);
  registerPages(app);
  return app;
}
