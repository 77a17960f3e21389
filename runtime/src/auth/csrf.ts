import { timingSafeEqual } from 'node:crypto';
import { AtriumError } from '@atrium/errors';
import type { FastifyRequest } from 'fastify';

/** The header a cookie-authenticated unsafe request carries its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (CSRF_TOKEN_INVALID) an unsafe request (POST, PUT, PATCH, DELETE, …) signed in by a
 * session cookie unless `x-csrf-token` carries that session's token. Another site can make a
 * browser send the cookie, but cannot read the token (same-origin policy) to send it back.
 */
export function checkCsrf(request: FastifyRequest, expected: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const header = request.headers[CSRF_HEADER];
  const sent = Array.isArray(header) ? undefined : header;
  if (sent === undefined || sent === '') {
    throw new AtriumError(
      'CSRF_TOKEN_INVALID',
      `a request signed in with the session cookie that changes something needs the session's CSRF token in "${CSRF_HEADER}" (from sign-in or GET /api/v1/auth/me)`,
    );
  }
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AtriumError('CSRF_TOKEN_INVALID', `"${CSRF_HEADER}" does not match the session's CSRF token`);
}
