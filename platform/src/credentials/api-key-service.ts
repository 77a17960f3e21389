import { AtriumError } from '@atrium/errors';
import { type Kysely, sql } from 'kysely';
import type { ApiKeyRole, PlatformTables } from '../database/platform-tables.ts';
import { newId } from '../ids/uuid-v7.ts';
import { findTenant } from '../tenants/tenant-service.ts';
import { API_KEY_ROLES, type ApiKey, type ApiKeyIdentity, CREDENTIALS_CHANNEL, type CreatedApiKey, type CredentialChange, toApiKey } from './api-key.ts';
import { generateApiKeyToken, hashApiKeyToken, isApiKeyTokenShape, TOKEN_DISPLAY_LENGTH } from './api-key-token.ts';

export interface CreateApiKeyInput {
  name?: string;
  role: ApiKeyRole;
  /** The user or key creating it (the admin API); the CLI leaves it out. */
  createdBy?: string | null;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates an API key for a tenant. Returns the token once; only its SHA-256 is stored. The key's id
 * is also the id of the integration user it acts as.
 */
export async function createApiKey(db: Kysely<PlatformTables>, tenantKey: string, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  if (!API_KEY_ROLES.includes(input.role)) {
    throw new AtriumError('VALIDATION_FAILED', `"${String(input.role)}" is not an API key role (${API_KEY_ROLES.join(', ')})`, [
      { path: '/role', code: 'INVALID_ROLE', message: `use one of ${API_KEY_ROLES.join(', ')}` },
    ]);
  }
  const name = input.name?.trim() || `${input.role} key`;
  if (name.length > 200) {
    throw new AtriumError('VALIDATION_FAILED', 'an API key name has at most 200 characters', [
      { path: '/name', code: 'TOO_LONG', message: 'use at most 200 characters' },
    ]);
  }
  const tenant = await findTenant(db, tenantKey);
  const token = generateApiKeyToken();
  const row = await db
    .insertInto('atrium.api_key')
    .values({
      id: newId(),
      tenant_id: tenant.id,
      name,
      role: input.role,
      token_hash: hashApiKeyToken(token),
      token_prefix: token.slice(0, TOKEN_DISPLAY_LENGTH),
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toApiKey(row), token };
}

/** A tenant's keys, revoked ones included, oldest first. */
export async function listApiKeys(db: Kysely<PlatformTables>, tenantKey: string): Promise<ApiKey[]> {
  const tenant = await findTenant(db, tenantKey);
  const rows = await db.selectFrom('atrium.api_key').selectAll().where('tenant_id', '=', tenant.id).orderBy('created_at').orderBy('id').execute();
  return rows.map(toApiKey);
}

/**
 * Revokes a key (idempotent: a revoked key keeps its first revocation time) and, in the same
 * transaction, notifies `atrium_credentials` so every process's credential cache drops it.
 */
export async function revokeApiKey(db: Kysely<PlatformTables>, tenantKey: string, id: string): Promise<ApiKey> {
  const tenant = await findTenant(db, tenantKey);
  const notFound = () => new AtriumError('NOT_FOUND', `tenant "${tenantKey}" has no API key "${id}"`);
  if (!UUID_PATTERN.test(id)) throw notFound();
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('atrium.api_key')
      .set({ revoked_at: sql<string>`coalesce("revoked_at", now())` })
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound();
    const change: CredentialChange = { keyId: row.id, tenantId: row.tenant_id, tokenHash: row.token_hash.toString('hex') };
    await sql`select pg_notify(${CREDENTIALS_CHANNEL}, ${JSON.stringify(change)})`.execute(tx);
    return toApiKey(row);
  });
}

/**
 * What a token stands for, or undefined for an unknown token or one whose tenant is gone.
 * Revoked keys are returned with `revoked: true`.
 */
export async function findApiKeyByToken(db: Kysely<PlatformTables>, token: string): Promise<ApiKeyIdentity | undefined> {
  if (!isApiKeyTokenShape(token)) return undefined;
  return findApiKeyByHash(db, hashApiKeyToken(token));
}

/** As `findApiKeyByToken`, for callers that hashed the token already (credential caches). */
export async function findApiKeyByHash(db: Kysely<PlatformTables>, tokenHash: Buffer): Promise<ApiKeyIdentity | undefined> {
  const row = await db
    .selectFrom('atrium.api_key as k')
    .innerJoin('atrium.tenant as t', 't.id', 'k.tenant_id')
    .select(['k.id', 'k.tenant_id', 'k.role', 'k.revoked_at', 't.key', 't.schema_name'])
    .where('k.token_hash', '=', tokenHash)
    .where('t.status', '!=', 'deleted')
    .executeTakeFirst();
  if (!row) return undefined;
  return { keyId: row.id, tenantId: row.tenant_id, tenantKey: row.key, schemaName: row.schema_name, role: row.role, revoked: row.revoked_at !== null };
}

/**
 * Records that keys were used (now), in one statement for many keys: credential caches collect
 * uses in memory and call this periodically, never per request. Returns the number of keys updated.
 */
export async function recordKeyUse(db: Kysely<PlatformTables>, keyIds: readonly string[]): Promise<number> {
  const ids = [...new Set(keyIds)].filter((id) => UUID_PATTERN.test(id));
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('atrium.api_key')
    .set({ last_used_at: sql<string>`now()` })
    .where(sql<boolean>`"id" = any(${ids}::uuid[])`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
