import { createHash, randomBytes } from 'node:crypto';

/** Session tokens (the `atrium_session` cookie's value) start with this, so leaked ones are recognisable. */
export const SESSION_TOKEN_PREFIX = 'ats_';

/** `ats_` + 32 random bytes in base64url (43 characters, 256 bits). */
const TOKEN_PATTERN = /^ats_[A-Za-z0-9_-]{43}$/;

/** A new session token: set as a cookie, never stored. */
export function generateSessionToken(): string {
  return `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a string has the shape of a session token (checked before any lookup). */
export function isSessionTokenShape(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** SHA-256 of the token: the session's id in the database (32 bytes; hex in the API). */
export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
