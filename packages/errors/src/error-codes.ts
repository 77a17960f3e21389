/**
 * The one registry of Atrium's error codes. Codes are stable: clients match on them (GraphQL
 * `extensions.code`, REST problem+json `code`). Every code is documented in docs/errors.md; a
 * test keeps the two in step.
 */
export const errorCodes = {
  VALIDATION_FAILED: { status: 400, title: 'The input is not valid' },
  BAD_REQUEST: { status: 400, title: 'The request is malformed' },
  INVALID_METADATA: { status: 422, title: 'The metadata is not valid' },
  UNSAFE_CHANGE: { status: 422, title: 'The metadata change is not safe to apply' },
  UNAUTHENTICATED: { status: 401, title: 'No valid credential' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'Missing or wrong CSRF token' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, title: 'Choose a new password to sign in' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  TENANT_NOT_FOUND: { status: 404, title: 'No such tenant' },
  CONFLICT: { status: 409, title: 'The data changed since it was read' },
  ALREADY_EXISTS: { status: 409, title: 'It exists already' },
  ACCOUNT_LOCKED: { status: 423, title: 'The account is locked for a while' },
  RATE_LIMITED: { status: 429, title: 'Too many requests; try again later' },
  TENANT_NOT_READY: { status: 503, title: 'The tenant is not ready to serve' },
  LOCK_TIMEOUT: { status: 503, title: 'The database is busy; try again' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
