import { findTenant } from '@atrium/platform';
import type { FastifyInstance } from 'fastify';
import { type ApiServices, tenantOf } from '../server/request-context.ts';
import type { TenantRuntime } from '../tenancy/tenant-registry.ts';
import { buildOpenApiDocument } from './openapi-document.ts';
import type { OpenApiDocument } from './openapi-types.ts';

/** Key of the document in `TenantRuntime.derived`. */
export const OPENAPI_KEY = 'openapi';
const TEXT_KEY = 'openapi.json';

/** The tenant's document, built once per runtime (that is, per metadata version). */
export async function openApiDocumentOf(services: ApiServices, runtime: TenantRuntime): Promise<OpenApiDocument> {
  const cached = runtime.derived.get(OPENAPI_KEY) as OpenApiDocument | undefined;
  if (cached) return cached;
  const tenant = await findTenant(services.database.db, runtime.model.tenantKey);
  const document = buildOpenApiDocument(runtime.model, { tenantName: tenant.name || tenant.key });
  runtime.derived.set(OPENAPI_KEY, document);
  return document;
}

/** `GET /api/v1/openapi.json`: the caller's tenant's OpenAPI 3.1 document. */
export function registerOpenApiRoute(app: FastifyInstance, services: ApiServices): void {
  app.get('/api/v1/openapi.json', async (request, reply) => {
    const { runtime } = await tenantOf(services, request);
    const etag = `"${runtime.model.tenantId}-${runtime.model.version}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'authorization');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    let text = runtime.derived.get(TEXT_KEY) as string | undefined;
    if (text === undefined) {
      text = JSON.stringify(await openApiDocumentOf(services, runtime));
      runtime.derived.set(TEXT_KEY, text);
    }
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
