import { AtriumError, isAtriumError } from '@atrium/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CredentialCache } from './credential-cache.ts';
import { checkCsrf } from './csrf.ts';
import type { Principal } from './principal.ts';
import { sessionCookie } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; set by the authentication hook (null before it runs). */
    principal: Principal | null;
  }
}

/** A request may name its tenant; it must be the one its credential belongs to (a session's active tenant). */
export const TENANT_HEADER = 'x-atrium-tenant';

/** The token of an `Authorization: Bearer <token>` header; UNAUTHENTICATED otherwise. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '')
    throw new AtriumError('UNAUTHENTICATED', 'no credential: send "Authorization: Bearer <API key>" or sign in');
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match?.[1]) throw new AtriumError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <API key>"');
  return match[1];
}

/**
 * The principal of a request, from its bearer token or — when it has no Authorization header —
 * its session cookie, resolved through the credential cache. UNAUTHENTICATED without a valid
 * credential; CSRF_TOKEN_INVALID for a cookie-authenticated unsafe request without the session's
 * `x-csrf-token`; FORBIDDEN when the request names (`x-atrium-tenant`) a tenant other than the
 * credential's (a session switches tenants only through `POST /api/v1/auth/tenant`).
 * Authenticates once per request: later calls return the principal found first.
 */
export async function authenticate(request: FastifyRequest, cache: CredentialCache): Promise<Principal> {
  if (request.principal) return request.principal;
  let principal: Principal | undefined;
  const cookie = request.headers.authorization === undefined ? sessionCookie(request.headers.cookie) : undefined;
  if (cookie !== undefined) {
    const session = await cache.resolveSession(cookie);
    if (!session) throw new AtriumError('UNAUTHENTICATED', 'the session is over (signed out, expired or unknown); sign in again');
    checkCsrf(request, session.csrfToken);
    principal = session.principal;
  } else {
    principal = await cache.resolve(bearerToken(request.headers.authorization));
    if (!principal) throw new AtriumError('UNAUTHENTICATED', 'the API key is unknown or revoked');
  }
  const named = request.headers[TENANT_HEADER];
  const tenant = Array.isArray(named) ? named.join(',') : named;
  if (tenant !== undefined && tenant !== '' && tenant !== principal.tenantKey) {
    const how = principal.kind === 'user' ? '; switch tenants with POST /api/v1/auth/tenant' : '';
    throw new AtriumError('FORBIDDEN', `the credential belongs to tenant "${principal.tenantKey}"; it may not act on tenant "${tenant}"${how}`);
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
