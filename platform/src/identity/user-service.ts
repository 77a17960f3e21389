import { AtriumError } from '@atrium/errors';
import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import { newId } from '../ids/uuid-v7.ts';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, passwordProblem, type ScryptParams } from './password-hash.ts';
import { revokeUserSessions } from './session-service.ts';
import { normalizeEmail, toUser, type User, UUID_PATTERN } from './user.ts';

export interface CreateUserInput {
  email: string;
  displayName?: string;
  /** Optional: a user without a password cannot sign in until one is set. */
  password?: string;
  /** The password is a temporary one an admin chose: the first sign-in must replace it. */
  mustChangePassword?: boolean;
}

/** Options of the functions that hash a password (tests use cheaper parameters). */
export interface HashOptions {
  scrypt?: ScryptParams;
}

function checkPassword(password: unknown, path: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new AtriumError('VALIDATION_FAILED', `the password is not acceptable: ${problem}`, [{ path, code: 'WEAK_PASSWORD', message: problem }]);
  return password as string;
}

function checkDisplayName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new AtriumError('VALIDATION_FAILED', 'a display name has 1 to 200 characters', [
      { path: '/displayName', code: 'INVALID_NAME', message: 'use 1 to 200 characters' },
    ]);
  }
  return trimmed;
}

/**
 * Creates a user (global: memberships bind them to tenants). The email is stored lower-cased and
 * is unique: ALREADY_EXISTS otherwise. The display name defaults to the email's local part.
 */
export async function createUser(db: Kysely<PlatformTables>, input: CreateUserInput, options: HashOptions = {}): Promise<User> {
  const email = normalizeEmail(input.email);
  const displayName = checkDisplayName(input.displayName ?? email.split('@')[0] ?? email);
  const passwordHash =
    input.password === undefined ? null : await hashPassword(checkPassword(input.password, '/password'), options.scrypt ?? DEFAULT_SCRYPT_PARAMS);
  const row = await db
    .insertInto('atrium.user')
    .values({
      id: newId(),
      email,
      display_name: displayName,
      password_hash: passwordHash,
      password_changed_at: passwordHash ? sql<string>`now()` : null,
      must_change_password: passwordHash !== null && input.mustChangePassword === true,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new AtriumError('ALREADY_EXISTS', `a user with email "${email}" exists already`, [
      { path: '/email', code: 'DUPLICATE_EMAIL', message: 'the email is taken' },
    ]);
  }
  return toUser(row);
}

/** A user by id or email (case-insensitive); NOT_FOUND otherwise. */
export async function findUser(db: Kysely<PlatformTables>, idOrEmail: string): Promise<User> {
  const byId = UUID_PATTERN.test(idOrEmail);
  const row = await db
    .selectFrom('atrium.user')
    .selectAll()
    .where(byId ? 'id' : 'email', '=', byId ? idOrEmail : idOrEmail.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) throw new AtriumError('NOT_FOUND', `no user "${idOrEmail}"`);
  return toUser(row);
}

/**
 * Sets a user's password (at least 10 characters), clears any lock-out and revokes the user's
 * sessions except `keepSessionId` (a reset must sign out whoever knew the old password). A
 * `temporary` password (an admin's reset) must be changed at the next sign-in; any other clears
 * that demand.
 */
export async function setPassword(
  db: Kysely<PlatformTables>,
  userId: string,
  password: string,
  options: HashOptions & { keepSessionId?: string; temporary?: boolean; path?: string } = {},
): Promise<void> {
  const hash = await hashPassword(checkPassword(password, options.path ?? '/password'), options.scrypt ?? DEFAULT_SCRYPT_PARAMS);
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('atrium.user')
      .set({
        password_hash: hash,
        password_changed_at: sql<string>`now()`,
        failed_attempts: 0,
        failed_since: null,
        locked_until: null,
        must_change_password: options.temporary === true,
      })
      .where('id', '=', UUID_PATTERN.test(userId) ? userId : '00000000-0000-0000-0000-000000000000')
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AtriumError('NOT_FOUND', `no user "${userId}"`);
    await revokeUserSessions(tx, userId, options.keepSessionId);
  });
}

/** Disables a user: every session ends at once (in every process) and sign-in is refused. */
export async function disableUser(db: Kysely<PlatformTables>, userId: string): Promise<User> {
  const row = await db
    .updateTable('atrium.user')
    .set({ disabled_at: sql<string>`coalesce("disabled_at", now())` })
    .where('id', '=', UUID_PATTERN.test(userId) ? userId : '00000000-0000-0000-0000-000000000000')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AtriumError('NOT_FOUND', `no user "${userId}"`);
  await revokeUserSessions(db, userId);
  return toUser(row);
}
