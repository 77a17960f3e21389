import { randomBytes } from 'node:crypto';
import { AtriumError } from '@atrium/errors';
import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import { type CreatedSession, DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_LIFETIME_MS, type SessionIdentity, type SessionLookupOptions } from './session.ts';
import { generateSessionToken, hashSessionToken, isSessionTokenShape } from './session-token.ts';
import { UUID_PATTERN } from './user.ts';

const SESSION_ID_PATTERN = /^[0-9a-f]{64}$/;

const notMember = (tenantKey: string) => new AtriumError('FORBIDDEN', `you are not a member of tenant "${tenantKey}"`);

function sessionIdBytes(sessionId: string): Buffer | undefined {
  return SESSION_ID_PATTERN.test(sessionId) ? Buffer.from(sessionId, 'hex') : undefined;
}

/** The live membership of a user in a tenant (by key), or undefined: none, deactivated, or the user disabled. */
async function membershipIn(db: Kysely<PlatformTables>, userId: string, tenantKey: string) {
  if (!UUID_PATTERN.test(userId) || typeof tenantKey !== 'string') return undefined;
  return db
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.tenant as t', 't.id', 'm.tenant_id')
    .innerJoin('atrium.user as u', 'u.id', 'm.user_id')
    .select(['m.tenant_id'])
    .where('m.user_id', '=', userId)
    .where('t.key', '=', tenantKey)
    .where('t.status', '!=', 'deleted')
    .where('u.disabled_at', 'is', null)
    .where('m.disabled_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Starts a session for a user in one of their tenants, which becomes its active tenant
 * (DESIGN.md §5: chosen explicitly). FORBIDDEN when the user is not a member there (or disabled).
 * Returns the token once: only its SHA-256 is stored.
 */
export async function createSession(
  db: Kysely<PlatformTables>,
  userId: string,
  tenantKey: string,
  options: { lifetimeMs?: number } = {},
): Promise<CreatedSession> {
  const membership = await membershipIn(db, userId, tenantKey);
  if (!membership) throw notMember(tenantKey);
  const token = generateSessionToken();
  const id = hashSessionToken(token);
  const lifetimeMs = options.lifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS;
  await db
    .insertInto('atrium.session')
    .values({
      id,
      user_id: userId,
      tenant_id: membership.tenant_id,
      csrf_secret: randomBytes(32),
      expires_at: sql<string>`now() + ${lifetimeMs} * interval '1 millisecond'`,
    })
    .execute();
  // What tenant admins see as the member's last sign-in.
  await db
    .updateTable('atrium.membership')
    .set({ last_sign_in_at: sql<string>`now()` })
    .where('user_id', '=', userId)
    .where('tenant_id', '=', membership.tenant_id)
    .execute();
  const identity = await findSessionByHash(db, id, { idleMs: Number.MAX_SAFE_INTEGER });
  if (!identity) throw notMember(tenantKey); // the membership went away in between
  return { ...identity, token };
}

/** What a session token stands for, or undefined when it is unknown, revoked, expired or idle too long. */
export async function findSession(db: Kysely<PlatformTables>, token: string, options: SessionLookupOptions = {}): Promise<SessionIdentity | undefined> {
  if (typeof token !== 'string' || !isSessionTokenShape(token)) return undefined;
  return findSessionByHash(db, hashSessionToken(token), options);
}

/** As `findSession`, for callers that hashed the token already (credential caches). */
export async function findSessionByHash(db: Kysely<PlatformTables>, id: Buffer, options: SessionLookupOptions = {}): Promise<SessionIdentity | undefined> {
  const idleMs = Math.min(options.idleMs ?? DEFAULT_SESSION_IDLE_MS, 100 * 365 * 24 * 3600_000);
  const row = await db
    .selectFrom('atrium.session as s')
    .innerJoin('atrium.user as u', 'u.id', 's.user_id')
    .innerJoin('atrium.membership as m', (join) => join.onRef('m.user_id', '=', 's.user_id').onRef('m.tenant_id', '=', 's.tenant_id'))
    .innerJoin('atrium.tenant as t', 't.id', 's.tenant_id')
    .select([
      's.id',
      's.user_id',
      's.tenant_id',
      's.csrf_secret',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.email',
      'u.display_name',
      'm.role',
      't.key',
      't.name',
      't.schema_name',
    ])
    .where('s.id', '=', id)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - ${idleMs} * interval '1 millisecond'`)
    .where('u.disabled_at', 'is', null)
    .where('m.disabled_at', 'is', null)
    .where('t.status', '!=', 'deleted')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.id.toString('hex'),
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    tenantId: row.tenant_id,
    tenantKey: row.key,
    tenantName: row.name,
    schemaName: row.schema_name,
    role: row.role,
    csrfToken: row.csrf_secret.toString('base64url'),
    createdAt: new Date(row.created_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/**
 * Makes another of the user's tenants the session's active one (FORBIDDEN unless a member there;
 * UNAUTHENTICATED when the session is over). Every process's cache drops the session at once.
 */
export async function switchTenant(
  db: Kysely<PlatformTables>,
  sessionId: string,
  tenantKey: string,
  options: SessionLookupOptions = {},
): Promise<SessionIdentity> {
  const id = sessionIdBytes(sessionId);
  const current = id ? await findSessionByHash(db, id, options) : undefined;
  if (!id || !current) throw new AtriumError('UNAUTHENTICATED', 'the session is over; sign in again');
  const membership = await membershipIn(db, current.userId, tenantKey);
  if (!membership) throw notMember(tenantKey);
  await db
    .updateTable('atrium.session')
    .set({ tenant_id: membership.tenant_id, last_seen_at: sql<string>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const switched = await findSessionByHash(db, id, options);
  if (!switched) throw notMember(tenantKey);
  return switched;
}

/** Ends a session (sign-out); every process's cache drops it at once. Returns whether it was live. */
export async function revokeSession(db: Kysely<PlatformTables>, sessionId: string): Promise<boolean> {
  const id = sessionIdBytes(sessionId);
  if (!id) return false;
  const result = await db
    .updateTable('atrium.session')
    .set({ revoked_at: sql<string>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every live session of a user, except `exceptSessionId`; returns how many ended. */
export async function revokeUserSessions(db: Kysely<PlatformTables>, userId: string, exceptSessionId?: string): Promise<number> {
  if (!UUID_PATTERN.test(userId)) return 0;
  let query = db.updateTable('atrium.session').set({ revoked_at: sql<string>`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  const except = exceptSessionId ? sessionIdBytes(exceptSessionId) : undefined;
  if (except) query = query.where('id', '!=', except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records that sessions were used (now), in one statement: credential caches collect uses and
 * call this periodically, never per request. The idle timeout counts from `last_seen_at`.
 */
export async function recordSessionUse(db: Kysely<PlatformTables>, sessionIds: readonly string[]): Promise<number> {
  const ids = [...new Set(sessionIds)].filter((id) => SESSION_ID_PATTERN.test(id));
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('atrium.session')
    .set({ last_seen_at: sql<string>`now()` })
    .where(sql<boolean>`"id" = any(${ids.map((id) => Buffer.from(id, 'hex'))}::bytea[])`)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes sessions that ended (expired, revoked or idle) more than `graceMs` ago; returns how many. */
export async function purgeSessions(db: Kysely<PlatformTables>, options: SessionLookupOptions & { graceMs?: number } = {}): Promise<number> {
  const grace = sql`${options.graceMs ?? 24 * 3600_000} * interval '1 millisecond'`;
  const idle = sql`${options.idleMs ?? DEFAULT_SESSION_IDLE_MS} * interval '1 millisecond'`;
  const result = await db
    .deleteFrom('atrium.session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', sql<Date>`now() - ${grace}`),
        eb('revoked_at', '<', sql<Date>`now() - ${grace}`),
        eb('last_seen_at', '<', sql<Date>`now() - ${idle} - ${grace}`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
