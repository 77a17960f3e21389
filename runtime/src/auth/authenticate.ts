import { AtriumError, isAtriumError } from '@atrium/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CredentialCache } from './credential-cache.ts';
import type { Principal } from './principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; set by the authentication hook (null before it runs). */
    principal: Principal | null;
  }
}

/** A request may name its tenant; it must be the one its credential belongs to. */
export const TENANT_HEADER = 'x-atrium-tenant';

/** The token of an `Authorization: Bearer <token>` header; UNAUTHENTICATED otherwise. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new AtriumError('UNAUTHENTICATED', 'no credential: send "Authorization: Bearer <API key>"');
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match?.[1]) throw new AtriumError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <API key>"');
  return match[1];
}

/**
 * The principal of a request: its bearer token resolved through the credential cache.
 * UNAUTHENTICATED without a valid credential (no header, not Bearer, unknown or revoked key);
 * FORBIDDEN when the request names (`x-atrium-tenant`) a tenant other than the credential's.
 */
export async function authenticate(request: FastifyRequest, cache: CredentialCache): Promise<Principal> {
  const token = bearerToken(request.headers.authorization);
  const principal = await cache.resolve(token);
  if (!principal) throw new AtriumError('UNAUTHENTICATED', 'the API key is unknown or revoked');
  const named = request.headers[TENANT_HEADER];
  const tenant = Array.isArray(named) ? named.join(',') : named;
  if (tenant !== undefined && tenant !== '' && tenant !== principal.tenantKey) {
    throw new AtriumError('FORBIDDEN', `the credential belongs to tenant "${principal.tenantKey}"; it may not act on tenant "${tenant}"`);
  }
  request.principal = principal;
  return principal;
}

export interface Authentication {
  /** Authenticates a request (sets `request.principal`) and returns its principal. */
  authenticate(request: FastifyRequest): Promise<Principal>;
  /** An `onRequest` hook for routes that need a credential. */
  requireCredential(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/**
 * Adds `request.principal` to the server and returns the hook its protected routes use:
 * `app.get('/api/...', { onRequest: auth.requireCredential }, handler)`.
 */
export function registerAuthentication(app: FastifyInstance, cache: CredentialCache): Authentication {
  app.decorateRequest('principal', null);
  return {
    authenticate: (request) => authenticate(request, cache),
    async requireCredential(request, reply) {
      try {
        await authenticate(request, cache);
      } catch (error) {
        if (isAtriumError(error) && error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="atrium"');
        throw error;
      }
    },
  };
}
