import { AtriumError } from '@atrium/errors';
import { BUILT_IN, createUser, normalizeEmail, recordAudit, setPassword } from '@atrium/platform';
import { sql } from 'kysely';
import {
  ADMINISTRATOR_SET,
  type AdminScope,
  accessOf,
  announceAccessChange,
  applyAccess,
  checkAccessInput,
  clearAccess,
  type Db,
  type RoleRef,
  UUID_PATTERN,
} from './principal-access.ts';

/*
 * A tenant's members as its administrators manage them (docs/security.md, "Managing users and API
 * keys"): list, add (an existing user by email, or a new one with a temporary password), change
 * name, admin flag, role and permission sets, deactivate and reactivate, remove, reset a password.
 * Transport-free: the REST routes (rest/user-admin-routes.ts) call these, and a GraphQL layer can.
 * Every change is audited in the tenant (`user.change`, and `permission.change` for roles and
 * sets) and announced: access changes on `atrium_access`, session changes by the database's
 * triggers on `atrium_credentials`.
 */

export type MemberStatus = 'active' | 'deactivated';

/** A member of the tenant, as its administrators see them. */
export interface MemberView {
  /** The user's id: what their records carry as owner_id, created_by, updated_by. */
  id: string;
  email: string;
  displayName: string;
  /** The tenant's built-in administrator (membership role `admin`: the Administrator set). */
  admin: boolean;
  /** Their place in the role hierarchy, if any. */
  role: RoleRef | null;
  permissionSetIds: string[];
  status: MemberStatus;
  deactivatedAt: string | null;
  lastSignInAt: string | null;
  /** When they joined the tenant. */
  createdAt: string;
  /** The password was set by an administrator and is replaced at the next sign-in. */
  mustChangePassword: boolean;
  /** Locked out after failed sign-ins, until then. */
  lockedUntil: string | null;
}

export interface MemberQuery {
  /** Part of the name or email, case-insensitive. */
  search?: string;
  status?: MemberStatus;
  limit?: number;
  offset?: number;
}

export interface NewMember {
  email: string;
  /** For a new user (default: the email's local part); an existing user keeps theirs. */
  displayName?: string;
  /** For a new user: the temporary password they replace at their first sign-in. */
  password?: string;
  admin?: boolean;
  roleId?: string | null;
  permissionSetIds?: string[];
}

export interface MemberChange {
  displayName?: string;
  admin?: boolean;
  roleId?: string | null;
  permissionSetIds?: string[];
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function notFound(id: string): AtriumError {
  const message = `no user ${id} in this tenant`;
  return new AtriumError('NOT_FOUND', message, [{ path: '/params/id', code: 'NOT_FOUND', message }]);
}

function alreadyMember(email: string): AtriumError {
  return new AtriumError('ALREADY_EXISTS', `${email} is a member of this tenant already`, [
    { path: '/email', code: 'ALREADY_MEMBER', message: 'a member already' },
  ]);
}

function refused(code: string, message: string): AtriumError {
  return new AtriumError('FORBIDDEN', message, [{ path: '/params/id', code, message }]);
}

/** `%` and `_` taken literally in a LIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function membersQuery(db: Db, scope: AdminScope) {
  return db
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.user as u', 'u.id', 'm.user_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.must_change_password',
      'u.locked_until',
      'u.disabled_at as user_disabled_at',
      'm.role',
      'm.disabled_at',
      'm.last_sign_in_at',
      'm.created_at',
    ])
    .where('m.tenant_id', '=', scope.tenantId);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof membersQuery>['executeTakeFirstOrThrow']>>;

async function views(db: Db, scope: AdminScope, rows: MemberRow[]): Promise<MemberView[]> {
  const access = await accessOf(
    db,
    scope,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const disabledAt = r.disabled_at ?? r.user_disabled_at;
    return {
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      admin: r.role === 'admin',
      role: access.get(r.id)?.role ?? null,
      permissionSetIds: access.get(r.id)?.permissionSetIds ?? [],
      status: disabledAt ? 'deactivated' : 'active',
      deactivatedAt: iso(disabledAt),
      lastSignInAt: iso(r.last_sign_in_at),
      createdAt: new Date(r.created_at).toISOString(),
      mustChangePassword: r.must_change_password,
      lockedUntil: r.locked_until && new Date(r.locked_until).getTime() > Date.now() ? iso(r.locked_until) : null,
    };
  });
}

/** The tenant's members, by display name, with the total for paging. */
export async function listMembers(db: Db, scope: AdminScope, query: MemberQuery = {}): Promise<{ data: MemberView[]; total: number }> {
  let base = membersQuery(db, scope);
  if (query.search?.trim()) {
    const pattern = likePattern(query.search.trim());
    base = base.where((eb) => eb.or([eb('u.display_name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]));
  }
  if (query.status === 'active') base = base.where('m.disabled_at', 'is', null).where('u.disabled_at', 'is', null);
  if (query.status === 'deactivated') base = base.where((eb) => eb.or([eb('m.disabled_at', 'is not', null), eb('u.disabled_at', 'is not', null)]));
  const [rows, count] = await Promise.all([
    base
      .orderBy(sql`lower("u"."display_name")`)
      .orderBy('u.email')
      .limit(query.limit ?? 200)
      .offset(query.offset ?? 0)
      .execute(),
    base.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await views(db, scope, rows), total: Number(count.n) };
}

/** One member; NOT_FOUND for anyone else, users of other tenants included, exactly like an unknown id. */
export async function getMember(db: Db, scope: AdminScope, userId: string): Promise<MemberView> {
  if (!UUID_PATTERN.test(userId)) throw notFound(userId);
  const row = await membersQuery(db, scope).where('u.id', '=', userId).executeTakeFirst();
  if (!row) throw notFound(userId);
  return (await views(db, scope, [row]))[0] as MemberView;
}

async function audit(tx: Db, scope: AdminScope, userId: string, change: string, details: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(tx, scope.schema, {
    event: 'user.change',
    actorId: scope.actorId,
    credential: scope.credential,
    details: { change, userId, ...details },
  });
}

/**
 * FORBIDDEN (`LAST_ADMIN`) when taking `userId` away as an admin would leave the tenant without
 * an active admin. The admins' memberships are locked for the rest of the transaction, so two
 * admins demoting each other at once cannot both succeed.
 */
async function keepAnAdmin(tx: Db, scope: AdminScope, userId: string): Promise<void> {
  const admins = await tx
    .selectFrom('atrium.membership as m')
    .innerJoin('atrium.user as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.tenant_id', '=', scope.tenantId)
    .where('m.role', '=', 'admin')
    .where('m.disabled_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .forUpdate('m')
    .execute();
  if (!admins.some((a) => a.user_id !== userId)) throw refused('LAST_ADMIN', 'this is the tenant’s last active admin: make someone else an admin first');
}

/** Ids (hex) of the user's sessions in the tenant that have not ended, for the credential cache. */
async function liveSessions(db: Db, scope: AdminScope, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('atrium.session')
    .select('id')
    .where('user_id', '=', userId)
    .where('tenant_id', '=', scope.tenantId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id.toString('hex'));
}

function notSelf(scope: AdminScope, userId: string, what: string): void {
  if (scope.actorId === userId) throw refused('SELF', `you cannot ${what} yourself; ask another admin`);
}

/**
 * A user's name and password are theirs, not one tenant's: an admin changes them only for users
 * who belong to no other tenant (FORBIDDEN `USER_IN_OTHER_TENANTS` otherwise).
 */
async function ownsUserAlone(db: Db, scope: AdminScope, userId: string, what: string): Promise<void> {
  const other = await db
    .selectFrom('atrium.membership')
    .select('tenant_id')
    .where('user_id', '=', userId)
    .where('tenant_id', '!=', scope.tenantId)
    .executeTakeFirst();
  if (other)
    throw new AtriumError('FORBIDDEN', `this user belongs to other tenants too: only they can change their ${what}`, [
      { path: what === 'name' ? '/displayName' : '/password', code: 'USER_IN_OTHER_TENANTS', message: `only the user can change their ${what}` },
    ]);
}

/**
 * Adds a user to the tenant: an existing user by email (their name and password stay theirs;
 * `created: false`), or a new user with a temporary password, replaced at the first sign-in
 * (`created: true`; Atrium sends no mail: the admin hands it over). ALREADY_EXISTS when they
 * are a member already.
 */
export async function addMember(db: Db, scope: AdminScope, input: NewMember): Promise<{ member: MemberView; created: boolean }> {
  const email = normalizeEmail(input.email);
  await checkAccessInput(db, scope, input);
  const existing = await db.selectFrom('atrium.user').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) {
    const member = await db
      .selectFrom('atrium.membership')
      .select('user_id')
      .where('user_id', '=', existing.id)
      .where('tenant_id', '=', scope.tenantId)
      .executeTakeFirst();
    if (member) throw alreadyMember(email);
  } else if (input.password === undefined) {
    throw new AtriumError('VALIDATION_FAILED', `${email} has no Atrium account yet: give them a temporary password`, [
      { path: '/password', code: 'REQUIRED', message: 'a new user needs a temporary password' },
    ]);
  }
  const admin = input.admin === true;
  const userId = await db.transaction().execute(async (tx) => {
    const id =
      existing?.id ??
      (
        await createUser(tx, {
          email,
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          password: input.password as string,
          mustChangePassword: true,
        })
      ).id;
    await tx
      .insertInto('atrium.membership')
      .values({ user_id: id, tenant_id: scope.tenantId, role: admin ? 'admin' : 'member' })
      .execute()
      .catch((error: unknown) => {
        // Added by another admin at the same moment.
        if ((error as { code?: string }).code === '23505') throw alreadyMember(email);
        throw error;
      });
    const sets = new Set(input.permissionSetIds ?? []);
    if (admin) sets.add(ADMINISTRATOR_SET);
    // Left over from an earlier membership: start afresh.
    const before = (await accessOf(tx, scope, [id])).get(id) ?? { role: null, permissionSetIds: [] };
    await applyAccess(tx, scope, id, before, {
      roleId: input.roleId !== undefined ? input.roleId : admin ? BUILT_IN.companyRole : null,
      permissionSetIds: [...sets],
    });
    await audit(tx, scope, id, 'add', { email, created: !existing, admin });
    await announceAccessChange(tx, scope);
    return id;
  });
  scope.forgetAccess?.();
  return { member: await getMember(db, scope, userId), created: !existing };
}

/**
 * Changes a member's display name (users of this tenant only), admin flag, role (null: none) and
 * permission sets (the list replaces theirs). `admin: true` adds the Administrator set (and the
 * top role when they have none); `admin: false` takes it away unless `permissionSetIds` names it.
 */
export async function updateMember(db: Db, scope: AdminScope, userId: string, change: MemberChange): Promise<MemberView> {
  const member = await getMember(db, scope, userId);
  await checkAccessInput(db, scope, change);
  const displayName = change.displayName?.trim();
  if (displayName !== undefined && displayName !== member.displayName) await ownsUserAlone(db, scope, userId, 'name');
  const admin = change.admin ?? member.admin;
  let sets = change.permissionSetIds ? [...new Set(change.permissionSetIds)] : [...member.permissionSetIds];
  if (!admin && member.admin && !change.permissionSetIds) sets = sets.filter((id) => id !== ADMINISTRATOR_SET);
  if (admin && !sets.includes(ADMINISTRATOR_SET)) sets.push(ADMINISTRATOR_SET);
  const roleId = change.roleId !== undefined ? change.roleId : admin && !member.admin && !member.role ? BUILT_IN.companyRole : undefined;
  const changed = await db.transaction().execute(async (tx) => {
    const changes: Record<string, unknown> = {};
    if (member.admin && !admin) await keepAnAdmin(tx, scope, userId);
    if (displayName !== undefined && displayName !== member.displayName) {
      if (displayName.length === 0 || displayName.length > 200)
        throw new AtriumError('VALIDATION_FAILED', 'a display name has 1 to 200 characters', [
          { path: '/displayName', code: 'INVALID_NAME', message: 'use 1 to 200 characters' },
        ]);
      await tx.updateTable('atrium.user').set({ display_name: displayName }).where('id', '=', userId).execute();
      changes.displayName = { from: member.displayName, to: displayName };
    }
    if (admin !== member.admin) {
      // The session trigger tells every process's credential cache the role changed.
      await tx
        .updateTable('atrium.membership')
        .set({ role: admin ? 'admin' : 'member' })
        .where('user_id', '=', userId)
        .where('tenant_id', '=', scope.tenantId)
        .execute();
      changes.admin = { from: member.admin, to: admin };
    }
    const accessChanged = await applyAccess(tx, scope, userId, member, { ...(roleId !== undefined ? { roleId } : {}), permissionSetIds: sets });
    if (Object.keys(changes).length) await audit(tx, scope, userId, 'update', { changes });
    if (accessChanged || changes.admin) await announceAccessChange(tx, scope);
    return accessChanged || changes.admin !== undefined;
  });
  if (changed) scope.forgetAccess?.();
  if (admin !== member.admin) scope.forgetCredentials?.(await liveSessions(db, scope, userId));
  return getMember(db, scope, userId);
}

/**
 * Deactivates a membership: the user's sessions in this tenant end at once (in every process)
 * and signing in to it is refused; their other tenants, records and access settings stay.
 */
export async function deactivateMember(db: Db, scope: AdminScope, userId: string): Promise<MemberView> {
  const member = await getMember(db, scope, userId);
  notSelf(scope, userId, 'deactivate');
  const live = await db
    .selectFrom('atrium.membership')
    .select('disabled_at')
    .where('user_id', '=', userId)
    .where('tenant_id', '=', scope.tenantId)
    .executeTakeFirst();
  if (live?.disabled_at) return member;
  const ended = await db.transaction().execute(async (tx) => {
    if (member.admin) await keepAnAdmin(tx, scope, userId);
    await tx
      .updateTable('atrium.membership')
      .set({ disabled_at: sql<string>`now()` })
      .where('user_id', '=', userId)
      .where('tenant_id', '=', scope.tenantId)
      .execute();
    // Ending them (rather than relying on the membership check alone) also tells every process's
    // credential cache, through the session trigger, within milliseconds of the commit.
    const ended = await tx
      .updateTable('atrium.session')
      .set({ revoked_at: sql<string>`now()` })
      .where('user_id', '=', userId)
      .where('tenant_id', '=', scope.tenantId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    await audit(tx, scope, userId, 'deactivate', { email: member.email, sessionsEnded: ended.length });
    return ended.map((r) => r.id.toString('hex'));
  });
  scope.forgetCredentials?.(ended);
  return getMember(db, scope, userId);
}

/** Lets a deactivated member sign in to the tenant again. */
export async function reactivateMember(db: Db, scope: AdminScope, userId: string): Promise<MemberView> {
  const member = await getMember(db, scope, userId);
  await db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('atrium.membership')
      .set({ disabled_at: null })
      .where('user_id', '=', userId)
      .where('tenant_id', '=', scope.tenantId)
      .where('disabled_at', 'is not', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) await audit(tx, scope, userId, 'reactivate', { email: member.email });
  });
  return getMember(db, scope, userId);
}

/**
 * Removes a member from the tenant: their sessions in it end, their role and permission sets
 * there are forgotten; the user, their other tenants and the records they own stay.
 */
export async function removeMember(db: Db, scope: AdminScope, userId: string): Promise<void> {
  const member = await getMember(db, scope, userId);
  notSelf(scope, userId, 'remove');
  const ended = await liveSessions(db, scope, userId);
  await db.transaction().execute(async (tx) => {
    if (member.admin) await keepAnAdmin(tx, scope, userId);
    // Deleting the membership deletes its sessions (foreign key), which the trigger announces.
    await tx.deleteFrom('atrium.membership').where('user_id', '=', userId).where('tenant_id', '=', scope.tenantId).execute();
    await clearAccess(tx, scope, userId, member);
    await audit(tx, scope, userId, 'remove', { email: member.email });
    await announceAccessChange(tx, scope);
  });
  scope.forgetCredentials?.(ended);
  scope.forgetAccess?.();
}

/**
 * Sets a temporary password for a member who belongs to this tenant alone: every session of
 * theirs ends, a lock-out is lifted, and the next sign-in must choose a new password.
 */
export async function resetMemberPassword(db: Db, scope: AdminScope, userId: string, password: string): Promise<MemberView> {
  const member = await getMember(db, scope, userId);
  await ownsUserAlone(db, scope, userId, 'password');
  const ended = await liveSessions(db, scope, userId);
  await setPassword(db, userId, password, { temporary: true });
  scope.forgetCredentials?.(ended);
  await audit(db, scope, userId, 'resetPassword', { email: member.email });
  return getMember(db, scope, userId);
}
