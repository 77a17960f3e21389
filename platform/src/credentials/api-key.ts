import type { Selectable } from 'kysely';
import type { ApiKeyRole, ApiKeyTable } from '../database/platform-tables.ts';

export type { ApiKeyRole } from '../database/platform-tables.ts';

/** The roles a key may have (permission sets come later). */
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['admin', 'integration'];

/** Channel of credential changes: a revoked or deleted key, as `CredentialChange` JSON. */
export const CREDENTIALS_CHANNEL = 'atrium_credentials';

/** The payload of a notification on `atrium_credentials`. */
export interface CredentialChange {
  keyId: string;
  tenantId: string;
  /** Hex SHA-256 of the key's token: what credential caches are keyed by. */
  tokenHash: string;
}

/** An API key as listed: everything but the token, which is never stored. */
export interface ApiKey {
  /** Also the id of the integration user the key acts as. */
  id: string;
  tenantId: string;
  name: string;
  role: ApiKeyRole;
  /** The token's first characters, e.g. `atr_Xy3k`. */
  tokenPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The user or key that created it through the admin API; null for keys the CLI created. */
  createdBy: string | null;
}

/** A newly created key with its token: the only time the token is available. */
export interface CreatedApiKey extends ApiKey {
  token: string;
}

/** What a token resolves to: the key, its tenant, and whether it was revoked. */
export interface ApiKeyIdentity {
  keyId: string;
  tenantId: string;
  tenantKey: string;
  schemaName: string;
  role: ApiKeyRole;
  revoked: boolean;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toApiKey(row: Selectable<ApiKeyTable>): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    tokenPrefix: row.token_prefix,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    createdBy: row.created_by ?? null,
  };
}
