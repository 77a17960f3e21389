import { sql } from 'kysely';
import type { Db } from './principal-access.ts';
import { likePattern } from './user-admin.ts';

/*
 * The tenant's directory for pickers and names (an owner, a share's grantee): who works in the
 * tenant, for any of its members. Only the tenant's own members (and, looked up by id, its API
 * keys, which own the records they create) are ever found: every query is bound to the tenant.
 */

export interface DirectoryEntry {
  id: string;
  displayName: string;
  /** Null for an API key. */
  email: string | null;
  kind: 'user' | 'apiKey';
  /** False for a deactivated member or a revoked key. */
  active: boolean;
}

export interface DirectorySearch {
  /** Part of the name or email, case-insensitive. */
  search?: string;
  limit?: number;
}

/** Active members whose name or email contains `search`, by name. */
export async function searchDirectory(db: Db, tenantId: string, query: DirectorySearch = {}): Promise<DirectoryEntry[]> {
  let base = db
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.disabled_at', 'is', null)
    .where('u.disabled_at', 'is', null);
  const text = query.search?.trim();
  if (text) {
    const pattern = likePattern(text);
    base = base.where((eb) => eb.or([eb('u.display_name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]));
  }
  const rows = await base
    .orderBy(sql`lower("u"."display_name")`)
    .orderBy('u.email')
    .limit(query.limit ?? 20)
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, kind: 'user', active: true }));
}

/**
 * Members (deactivated ones too) and API keys of the tenant among `ids`, in the order asked;
 * ids of anyone else are simply not found.
 */
export async function directoryEntries(db: Db, tenantId: string, ids: readonly string[]): Promise<DirectoryEntry[]> {
  if (ids.length === 0) return [];
  const users = await db
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'm.disabled_at', 'u.disabled_at as user_disabled_at'])
    .where('m.tenant_id', '=', tenantId)
    .where(sql<boolean>`"u"."id" = any(${ids}::uuid[])`)
    .execute();
  const found = new Map<string, DirectoryEntry>(
    users.map((u) => [
      u.id,
      { id: u.id, displayName: u.display_name, email: u.email, kind: 'user', active: u.disabled_at === null && u.user_disabled_at === null },
    ]),
  );
  const rest = ids.filter((id) => !found.has(id));
  if (rest.length) {
    const keys = await db
      .selectFrom('atrium.api_key')
      .select(['id', 'name', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`"id" = any(${rest}::uuid[])`)
      .execute();
    for (const k of keys) found.set(k.id, { id: k.id, displayName: k.name, email: null, kind: 'apiKey', active: k.revoked_at === null });
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}
