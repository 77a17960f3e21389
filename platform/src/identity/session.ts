import type { MembershipRole } from '../database/platform-tables.ts';

/** How long a session lasts at most (absolute), unless configured otherwise: 7 days. */
export const DEFAULT_SESSION_LIFETIME_MS = 7 * 24 * 3600_000;
/** How long a session may sit unused before it ends, unless configured otherwise: 12 hours. */
export const DEFAULT_SESSION_IDLE_MS = 12 * 3600_000;

/** What a live session stands for: the user, the active tenant, the role there, the CSRF token. */
export interface SessionIdentity {
  /** Hex SHA-256 of the session token (the session's id; also what credential caches key by). */
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  tenantId: string;
  tenantKey: string;
  tenantName: string;
  schemaName: string;
  role: MembershipRole;
  /** The value `x-csrf-token` must carry on unsafe requests made with this session's cookie. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** A new session, with its token: the only time the token is available. */
export interface CreatedSession extends SessionIdentity {
  token: string;
}

export interface SessionLookupOptions {
  /** A session unused for longer than this is over (default 12 hours). */
  idleMs?: number;
}
