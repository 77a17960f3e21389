import type { ApiKeyRole, MembershipRole } from '@atrium/platform';

/** A request authenticated by an API key: it acts as the key's integration user. */
export interface ApiKeyPrincipal {
  kind: 'apiKey';
  keyId: string;
  /** The integration user the key acts as (created_by, updated_by, owner_id): the key's own id. */
  userId: string;
  tenantId: string;
  tenantKey: string;
  /** The tenant's PostgreSQL schema. */
  schemaName: string;
  role: ApiKeyRole;
  /** The credential the request came with, for audit: the key's id. */
  credentialId: string;
}

/** A request authenticated by a browser session: a user acting in the session's active tenant. */
export interface UserPrincipal {
  kind: 'user';
  /** Not an API key: always null (see `credentialId`). */
  keyId: null;
  /** The user (created_by, updated_by, owner_id). */
  userId: string;
  email: string;
  /** The session's active tenant, chosen explicitly (sign-in, `POST /api/v1/auth/tenant`). */
  tenantId: string;
  tenantKey: string;
  schemaName: string;
  /** The user's role in that tenant (a placeholder until permission sets arrive). */
  role: MembershipRole;
  /** Hex SHA-256 of the session token. */
  sessionId: string;
  /** The credential the request came with, for audit: the session's id. */
  credentialId: string;
}

/** Who a request acts as. Every member has `userId`, `tenantId`, `tenantKey` and `schemaName`. */
export type Principal = ApiKeyPrincipal | UserPrincipal;
