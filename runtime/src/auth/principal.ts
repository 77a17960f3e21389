import type { ApiKeyRole } from '@atrium/platform';

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
}

/** Who a request acts as. Browser sessions (users with roles and permission sets) join this union later. */
export type Principal = ApiKeyPrincipal;
