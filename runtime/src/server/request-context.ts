import { AtriumError } from '@atrium/errors';
import type { Database } from '@atrium/platform';
import type { FastifyRequest } from 'fastify';
import type { Authentication } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { isStaleSchemaError } from '../tenancy/stale-schema.ts';
import type { TenantRegistry, TenantRuntime } from '../tenancy/tenant-registry.ts';

/** What the API routes share: the database, the tenant registry and authentication. */
export interface ApiServices {
  database: Database;
  registry: TenantRegistry;
  authentication: Authentication;
}

/** The caller and its tenant's runtime; the tenant always comes from the credential. */
export async function tenantOf(services: ApiServices, request: FastifyRequest): Promise<{ principal: Principal; runtime: TenantRuntime }> {
  const principal = await services.authentication.authenticate(request);
  const runtime = await services.registry.get(principal.tenantKey, principal.tenantId);
  return { principal, runtime };
}

/**
 * Runs a request's work; when it fails because the tenant's schema changed under it (another
 * process applied a change not yet announced here), reloads the tenant and retries once.
 */
export async function withFreshTenant<T>(
  services: ApiServices,
  request: FastifyRequest,
  work: (principal: Principal, runtime: TenantRuntime) => Promise<T>,
): Promise<T> {
  const { principal, runtime } = await tenantOf(services, request);
  try {
    return await work(principal, runtime);
  } catch (error) {
    if (!isStaleSchemaError(error)) throw error;
    services.registry.invalidate(principal.tenantId);
    const fresh = await services.registry.get(principal.tenantKey, principal.tenantId);
    return work(principal, fresh);
  }
}

export function badRequest(message: string, path = '/'): AtriumError {
  return new AtriumError('BAD_REQUEST', message, [{ path, code: 'BAD_REQUEST', message }]);
}
