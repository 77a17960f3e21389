import type { FastifyRequest } from 'fastify';
import type { SecureCookies } from './identity-config.ts';

/** The browser session's cookie. */
export const SESSION_COOKIE = 'atrium_session';

/** The value of the `atrium_session` cookie in a `Cookie` header, or undefined. */
export function sessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Whether the cookie gets `Secure`. `auto`: yes, unless the request reached this process over
 * plain http addressed to a loopback host (`pnpm start` on http://127.0.0.1:3000, where some
 * browsers drop Secure cookies); behind a TLS proxy the Host is the public name, so it is Secure.
 */
export function secureCookie(request: FastifyRequest, mode: SecureCookies): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (request.protocol === 'https') return true;
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  return !LOOPBACK.test(host);
}

/** `Set-Cookie` for a new session: HttpOnly, SameSite=Lax, Path=/, Secure as decided, Max-Age of the session. */
export function sessionSetCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** `Set-Cookie` that removes the session cookie (sign-out, an ended session). */
export function clearSessionCookie(secure: boolean): string {
  return sessionSetCookie('', 0, secure).replace('Max-Age=0', 'Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
}
