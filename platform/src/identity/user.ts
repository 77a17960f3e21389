import { AtriumError } from '@atrium/errors';
import type { Selectable } from 'kysely';
import type { MembershipRole, UserTable } from '../database/platform-tables.ts';

export type { MembershipRole } from '../database/platform-tables.ts';

/** The roles a membership may have (permission sets refine them later). */
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['admin', 'member'];

/** A user as shown: never the password hash. */
export interface User {
  /** Also what the user's records carry as owner_id, created_by, updated_by. */
  id: string;
  email: string;
  displayName: string;
  hasPassword: boolean;
  createdAt: string;
  disabledAt: string | null;
  lockedUntil: string | null;
  /** The password was set by an admin: the next sign-in must choose a new one (docs/security.md). */
  mustChangePassword: boolean;
}

/** A user's membership of one tenant. */
export interface Membership {
  userId: string;
  tenantId: string;
  tenantKey: string;
  tenantName: string;
  role: MembershipRole;
  createdAt: string;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    hasPassword: row.password_hash !== null,
    createdAt: new Date(row.created_at).toISOString(),
    disabledAt: iso(row.disabled_at),
    lockedUntil: row.locked_until && new Date(row.locked_until).getTime() > Date.now() ? iso(row.locked_until) : null,
    mustChangePassword: row.must_change_password === true,
  };
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** An email as stored: trimmed and lower-cased. VALIDATION_FAILED when it does not look like one. */
export function normalizeEmail(email: unknown, path = '/email'): string {
  const value = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (!EMAIL_PATTERN.test(value) || value.length > 254) {
    throw new AtriumError('VALIDATION_FAILED', `"${String(email)}" is not an email address`, [
      { path, code: 'INVALID_EMAIL', message: 'use an email address such as ada@example.com' },
    ]);
  }
  return value;
}

export function checkRole(role: unknown): MembershipRole {
  if (!(MEMBERSHIP_ROLES as readonly unknown[]).includes(role)) {
    throw new AtriumError('VALIDATION_FAILED', `"${String(role)}" is not a membership role (${MEMBERSHIP_ROLES.join(', ')})`, [
      { path: '/role', code: 'INVALID_ROLE', message: `use one of ${MEMBERSHIP_ROLES.join(', ')}` },
    ]);
  }
  return role as MembershipRole;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
