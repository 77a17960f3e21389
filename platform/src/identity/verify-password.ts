import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyDecoy, verifyPasswordHash } from './password-hash.ts';
import { toUser, type User, UUID_PATTERN } from './user.ts';
import type { HashOptions } from './user-service.ts';

/** Lock-out after repeated failed sign-ins: `maxAttempts` failures within `windowMs` lock the account for `lockMs`. */
export interface LockoutPolicy {
  /** 0 turns lock-out off. */
  maxAttempts: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: Readonly<LockoutPolicy> = Object.freeze({ maxAttempts: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });

/**
 * The outcome of a password check. `invalid` covers unknown emails, disabled users, users without
 * a password and wrong passwords alike; `locked` is answered whether or not the password was right.
 */
export type PasswordCheck = { status: 'ok'; user: User } | { status: 'invalid' } | { status: 'locked'; lockedUntil: string; retryAfterSeconds: number };

export interface VerifyOptions extends HashOptions {
  lockout?: LockoutPolicy;
}

/**
 * Checks an email and password, counting failures towards a lock-out. A locked account answers
 * `locked` for right and wrong passwords alike, after the same work (one scrypt), so neither the
 * answer nor its timing tells whether the password was right; unknown emails cost one scrypt too.
 */
export async function verifyPassword(db: Kysely<PlatformTables>, email: string, password: string, options: VerifyOptions = {}): Promise<PasswordCheck> {
  return check(db, 'email', typeof email === 'string' ? email.trim().toLowerCase() : '', password, options);
}

/** As `verifyPassword`, for a known user (a password change confirms the current password). */
export async function verifyUserPassword(db: Kysely<PlatformTables>, userId: string, password: string, options: VerifyOptions = {}): Promise<PasswordCheck> {
  return check(db, 'id', UUID_PATTERN.test(userId) ? userId : '00000000-0000-0000-0000-000000000000', password, options);
}

async function check(db: Kysely<PlatformTables>, by: 'email' | 'id', value: string, password: string, options: VerifyOptions): Promise<PasswordCheck> {
  const policy = options.lockout ?? DEFAULT_LOCKOUT;
  const text = typeof password === 'string' ? password : '';
  const row = await db
    .selectFrom('atrium.user')
    .selectAll()
    .select(sql<boolean>`coalesce("locked_until" > now(), false)`.as('locked'))
    .where(by, '=', value)
    .executeTakeFirst();
  if (!row || row.password_hash === null || row.disabled_at !== null) {
    await verifyDecoy(text);
    return { status: 'invalid' };
  }
  const right = await verifyPasswordHash(text, row.password_hash);
  if (row.locked && row.locked_until) return lockedAnswer(row.locked_until);
  if (right) {
    const rehash = needsRehash(row.password_hash, options.scrypt ?? DEFAULT_SCRYPT_PARAMS)
      ? await hashPassword(text, options.scrypt ?? DEFAULT_SCRYPT_PARAMS)
      : undefined;
    if (row.failed_attempts > 0 || row.failed_since !== null || row.locked_until !== null || rehash) {
      await db
        .updateTable('atrium.user')
        .set({ failed_attempts: 0, failed_since: null, locked_until: null, ...(rehash ? { password_hash: rehash } : {}) })
        .where('id', '=', row.id)
        .execute();
    }
    return { status: 'ok', user: toUser({ ...row, locked_until: null }) };
  }
  if (policy.maxAttempts <= 0) return { status: 'invalid' };
  // One statement, so concurrent failures all count: a failure outside the window starts a new
  // count; the failure that reaches the limit locks the account and starts the count afresh.
  const fresh = sql<boolean>`("failed_since" is null or "failed_since" <= now() - ${policy.windowMs} * interval '1 millisecond')`;
  const attempts = sql<number>`(case when ${fresh} then 1 else "failed_attempts" + 1 end)`;
  const updated = await db
    .updateTable('atrium.user')
    .set({
      failed_attempts: sql<number>`case when ${attempts} >= ${policy.maxAttempts} then 0 else ${attempts} end`,
      failed_since: sql<string | null>`case when ${attempts} >= ${policy.maxAttempts} then null when ${fresh} then now() else "failed_since" end`,
      locked_until: sql<
        string | null
      >`case when ${attempts} >= ${policy.maxAttempts} then now() + ${policy.lockMs} * interval '1 millisecond' else "locked_until" end`,
    })
    .where('id', '=', row.id)
    .returning(['locked_until', sql<boolean>`coalesce("locked_until" > now(), false)`.as('locked')])
    .executeTakeFirst();
  if (updated?.locked && updated.locked_until) return lockedAnswer(updated.locked_until);
  return { status: 'invalid' };
}

function lockedAnswer(lockedUntil: Date | string): PasswordCheck {
  const until = new Date(lockedUntil);
  return { status: 'locked', lockedUntil: until.toISOString(), retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)) };
}
