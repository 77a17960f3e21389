import { createHash, randomBytes } from 'node:crypto';

/** Every API key token starts with this, so leaked keys are easy to recognise (secret scanners). */
export const API_KEY_TOKEN_PREFIX = 'atr_';

/** `atr_` + 32 random bytes in base64url (43 characters, 256 bits). */
const TOKEN_PATTERN = /^atr_[A-Za-z0-9_-]{43}$/;

/** How many characters of a token are stored for display (`atr_` and 4 random ones). */
export const TOKEN_DISPLAY_LENGTH = 8;

/** A new high-entropy token: shown once, never stored. */
export function generateApiKeyToken(): string {
  return `${API_KEY_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a string has the shape of an API key token (checked before any lookup). */
export function isApiKeyTokenShape(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** SHA-256 of the token: what the database stores and lookups use. */
export function hashApiKeyToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
