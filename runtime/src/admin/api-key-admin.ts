import { AtriumError } from '@atrium/errors';
import { createApiKey, recordAudit, revokeApiKey } from '@atrium/platform';
import { type AdminScope, accessOf, announceAccessChange, applyAccess, checkAccessInput, type Db, type RoleRef, UUID_PATTERN } from './principal-access.ts';

/*
 * A tenant's API keys as its administrators manage them (docs/security.md): list, create (the
 * token is returned once), rename and change role and permission sets, revoke (at once, in every
 * process: the credential cache drops the key on `atrium_credentials`). Transport-free, like
 * user-admin.ts. Changes are audited as `apiKey.change` (and `permission.change`).
 */

export type ApiKeyStatus = 'active' | 'revoked';

export interface ApiKeyView {
  /** Also the id of the integration user the key acts as (owner_id, created_by of its records). */
  id: string;
  name: string;
  /** An admin key: every permission, whatever its role and sets. Fixed at creation. */
  admin: boolean;
  role: RoleRef | null;
  permissionSetIds: string[];
  /** The token's first characters (`atr_` and 4 more), to tell keys apart. */
  tokenPrefix: string;
  status: ApiKeyStatus;
  /** The user or key that created it through the admin API (null: the command line). */
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiKey {
  name: string;
  admin?: boolean;
  roleId?: string | null;
  permissionSetIds?: string[];
}

export interface ApiKeyChange {
  name?: string;
  roleId?: string | null;
  permissionSetIds?: string[];
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function notFound(id: string): AtriumError {
  const message = `no API key ${id} in this tenant`;
  return new AtriumError('NOT_FOUND', message, [{ path: '/params/id', code: 'NOT_FOUND', message }]);
}

function keysQuery(db: Db, scope: AdminScope) {
  return db
    .selectFrom('atrium.api_key as k')
    .leftJoin('atrium.user as cu', 'cu.id', 'k.created_by')
    .leftJoin('atrium.api_key as ck', 'ck.id', 'k.created_by')
    .select([
      'k.id',
      'k.name',
      'k.role',
      'k.token_prefix',
      'k.created_at',
      'k.last_used_at',
      'k.revoked_at',
      'k.created_by',
      'cu.display_name as creator_user',
      'ck.name as creator_key',
    ])
    .where('k.tenant_id', '=', scope.tenantId);
}

type KeyRow = Awaited<ReturnType<ReturnType<typeof keysQuery>['executeTakeFirstOrThrow']>>;

async function views(db: Db, scope: AdminScope, rows: KeyRow[]): Promise<ApiKeyView[]> {
  const access = await accessOf(
    db,
    scope,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    admin: r.role === 'admin',
    role: access.get(r.id)?.role ?? null,
    permissionSetIds: access.get(r.id)?.permissionSetIds ?? [],
    tokenPrefix: r.token_prefix,
    status: r.revoked_at ? 'revoked' : 'active',
    createdBy: r.created_by ? { id: r.created_by, name: r.creator_user ?? r.creator_key ?? r.created_by } : null,
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** The tenant's keys, newest first; revoked ones too unless `status` says otherwise. */
export async function listTenantApiKeys(db: Db, scope: AdminScope, query: { status?: ApiKeyStatus } = {}): Promise<ApiKeyView[]> {
  let base = keysQuery(db, scope);
  if (query.status === 'active') base = base.where('k.revoked_at', 'is', null);
  if (query.status === 'revoked') base = base.where('k.revoked_at', 'is not', null);
  return views(db, scope, await base.orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').execute());
}

/** One key of the tenant; NOT_FOUND for any other id, other tenants' keys included. */
export async function getTenantApiKey(db: Db, scope: AdminScope, id: string): Promise<ApiKeyView> {
  if (!UUID_PATTERN.test(id)) throw notFound(id);
  const row = await keysQuery(db, scope).where('k.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  return (await views(db, scope, [row]))[0] as ApiKeyView;
}

async function audit(tx: Db, scope: AdminScope, keyId: string, change: string, details: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(tx, scope.schema, {
    event: 'apiKey.change',
    actorId: scope.actorId,
    credential: scope.credential,
    details: { change, keyId, ...details },
  });
}

/** Creates a key acting as its own integration user; the token comes back here and never again. */
export async function createTenantApiKey(db: Db, scope: AdminScope, input: NewApiKey): Promise<ApiKeyView & { token: string }> {
  await checkAccessInput(db, scope, input);
  const created = await db.transaction().execute(async (tx) => {
    const key = await createApiKey(tx, scope.tenantKey, { name: input.name, role: input.admin ? 'admin' : 'integration', createdBy: scope.actorId });
    const changed = await applyAccess(
      tx,
      scope,
      key.id,
      { role: null, permissionSetIds: [] },
      {
        ...(input.roleId !== undefined ? { roleId: input.roleId } : {}),
        ...(input.permissionSetIds !== undefined ? { permissionSetIds: input.permissionSetIds } : {}),
      },
    );
    await audit(tx, scope, key.id, 'create', { name: key.name, admin: key.role === 'admin', tokenPrefix: key.tokenPrefix });
    if (changed) await announceAccessChange(tx, scope);
    return key;
  });
  scope.forgetAccess?.();
  return { ...(await getTenantApiKey(db, scope, created.id)), token: created.token };
}

/** Renames a key and changes its role and permission sets (whether it is an admin key is fixed). */
export async function updateTenantApiKey(db: Db, scope: AdminScope, id: string, change: ApiKeyChange): Promise<ApiKeyView> {
  const key = await getTenantApiKey(db, scope, id);
  await checkAccessInput(db, scope, change);
  const name = change.name?.trim();
  const changed = await db.transaction().execute(async (tx) => {
    if (name !== undefined && name !== key.name) {
      await tx.updateTable('atrium.api_key').set({ name }).where('id', '=', id).where('tenant_id', '=', scope.tenantId).execute();
      await audit(tx, scope, id, 'update', { changes: { name: { from: key.name, to: name } } });
    }
    const changed = await applyAccess(tx, scope, id, key, {
      ...(change.roleId !== undefined ? { roleId: change.roleId } : {}),
      ...(change.permissionSetIds !== undefined ? { permissionSetIds: [...new Set(change.permissionSetIds)] } : {}),
    });
    if (changed) await announceAccessChange(tx, scope);
    return changed;
  });
  if (changed) scope.forgetAccess?.();
  return getTenantApiKey(db, scope, id);
}

/**
 * Revokes a key (idempotent): it stops authenticating at once in every process, before this
 * returns in this one. Its role and sets stay, for the record.
 */
export async function revokeTenantApiKey(db: Db, scope: AdminScope, id: string): Promise<ApiKeyView> {
  const key = await getTenantApiKey(db, scope, id);
  if (key.status === 'revoked') return key;
  await revokeApiKey(db, scope.tenantKey, id);
  const hash = await db.selectFrom('atrium.api_key').select('token_hash').where('id', '=', id).executeTakeFirst();
  if (hash) scope.forgetCredentials?.([hash.token_hash.toString('hex')]);
  await audit(db, scope, id, 'revoke', { name: key.name, tokenPrefix: key.tokenPrefix });
  return getTenantApiKey(db, scope, id);
}
