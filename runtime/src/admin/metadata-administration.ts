import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import type { MetadataBundle, MetadataOperation, ObjectDef } from '@atrium/metadata';
import { applyMetadataChange, type ChangePlan, type Database, exportView, type JobStatus, loadBundle, type MetadataChangeResult } from '@atrium/platform';
import { hasSystemPermission } from '../access/access-profile.ts';
import type { Principal } from '../auth/principal.ts';
import type { TenantRegistry } from '../tenancy/tenant-registry.ts';
import { type InputPaths, invalid } from './access-administration.ts';

/*
 * Metadata administration of one tenant, whatever the transport (DESIGN.md §2): reading the
 * metadata in one snapshot, applying changes (the same path as the CLI and the designer: plan,
 * one revision, DDL, jobs, with the base version checked), the follow-up jobs and the revisions.
 * `/api/v1/meta` and `/graphql/meta` both call it.
 */

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const satisfies readonly JobStatus[];

/** Credentials that may read metadata: admin and integration keys, and a session's admins and members (the workspace renders from it). */
const READ_ROLES: ReadonlySet<string> = new Set(['admin', 'integration', 'member']);

/** Reading metadata: any credential of the tenant. */
export function requireMetadataReader(principal: Principal): void {
  if (!READ_ROLES.has(principal.role)) throw new AtriumError('FORBIDDEN', 'this credential may not read metadata');
}

export interface MetadataServices {
  database: Database;
  registry: TenantRegistry;
}

/**
 * Changing metadata (REST and `/graphql/meta` alike): the `manageMetadata` system permission (admin keys
 * and admin users have it through the Administrator set; a permission set can grant it to others).
 */
export async function requireMetadataWriter(services: MetadataServices, principal: Principal): Promise<void> {
  requireMetadataReader(principal);
  const access = await services.registry.access(principal, principal.schemaName);
  if (!hasSystemPermission(access, 'manageMetadata')) throw new AtriumError('FORBIDDEN', 'changing metadata needs the manageMetadata permission');
}

/** Who a revision names: the API key or the signed-in user. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'apiKey' ? `apiKey:${principal.keyId}` : `user:${principal.userId}`;
}

export interface MetadataSnapshot {
  version: number;
  /** As stored: physical names, states, set-aside elements. */
  stored: MetadataBundle;
  /** As exported (`atrium meta export`, `GET /api/v1/meta`): live elements, no physical names or states. */
  bundle: MetadataBundle;
}

/** The version and the metadata, read in one snapshot. */
export async function metadataSnapshot(database: Database, principal: Principal): Promise<MetadataSnapshot> {
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const tenant = await tx.selectFrom('atrium.tenant').select('metadata_version').where('id', '=', principal.tenantId).executeTakeFirst();
      if (!tenant) throw new AtriumError('TENANT_NOT_FOUND', `no tenant "${principal.tenantKey}"`);
      const stored = await loadBundle(tx, principal.tenantId);
      return { version: tenant.metadata_version, stored, bundle: exportView(stored) };
    });
}

/** An object by API name or id; NOT_FOUND (UNKNOWN_OBJECT at `path`) otherwise. */
export function findObject(bundle: MetadataBundle, name: string, path = '/params/object'): ObjectDef {
  const object = bundle.objects.find((o) => o.apiName === name) ?? bundle.objects.find((o) => o.id === name);
  if (!object) throw new AtriumError('NOT_FOUND', `no object "${name}"`, [{ path, code: 'UNKNOWN_OBJECT', message: `no object "${name}"` }]);
  return object;
}

/**
 * Applies a change request (`{baseVersion, operations, dryRun?}`) as the caller: validated, planned,
 * one revision; a stale base version is a CONFLICT, a dry run returns the plan and changes nothing.
 * The caller's permission is the transport's to check.
 */
export async function applyMetadataChanges(services: MetadataServices, principal: Principal, request: unknown): Promise<MetadataChangeResult> {
  const result = await applyMetadataChange(services.database.db, principal.tenantKey, request, actorOf(principal));
  // This process serves the new version at once; others hear of it through NOTIFY.
  if (result.applied) services.registry.announce(principal.tenantId, result.version);
  return result;
}

/**
 * One operation as its own change (the conveniences: create an object, add, update or delete a
 * field). Problem paths are the operation's (`/field/apiName`, `/object`), not the change request's
 * (`/operations/0/field/apiName`).
 */
export async function applyMetadataOperation(
  services: MetadataServices,
  principal: Principal,
  change: { baseVersion: number; operation: MetadataOperation; dryRun?: boolean },
): Promise<MetadataChangeResult> {
  try {
    return await applyMetadataChanges(services, principal, {
      baseVersion: change.baseVersion,
      operations: [change.operation],
      ...(change.dryRun ? { dryRun: true } : {}),
    });
  } catch (error) {
    throw operationPaths(error);
  }
}

function operationPaths(error: unknown): unknown {
  if (!isAtriumError(error) || error.details.length === 0) return error;
  const details: ErrorDetail[] = error.details.map((detail) => ({ ...detail, path: detail.path.replace(/^\/operations\/0(?=\/|$)/, '') || '/' }));
  return new AtriumError(error.code, error.message, details);
}

// Jobs -------------------------------------------------------------------------------------------

export interface JobView {
  id: string;
  task: string;
  status: JobStatus;
  done: number;
  total: number;
  message: string | null;
  error: string | null;
  attempts: number;
  runAt: string;
  createdAt: string;
  updatedAt: string;
}

const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

const JOB_COLUMNS = ['id', 'task', 'status', 'done', 'total', 'message', 'error', 'attempts', 'run_at', 'created_at', 'updated_at'] as const;

function jobView(row: {
  id: string;
  task: string;
  status: JobStatus;
  done: number | string;
  total: number | string;
  message: string | null;
  error: string | null;
  attempts: number | string;
  run_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
}): JobView {
  return {
    id: row.id,
    task: row.task,
    status: row.status,
    done: Number(row.done),
    total: Number(row.total),
    message: row.message,
    error: row.error,
    attempts: Number(row.attempts),
    runAt: iso(row.run_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The tenant's follow-up jobs, newest first: `status` one of JOB_STATUSES, `limit` 1 to 500 (default 100). */
export async function listJobs(
  database: Database,
  principal: Principal,
  options: { status?: string; limit?: number },
  paths: InputPaths = {},
): Promise<JobView[]> {
  const { status } = options;
  if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status))
    throw invalid(paths.input ? `${paths.input}/status` : '/status', 'INVALID_PARAMETER', `status is one of ${JOB_STATUSES.join(', ')}`);
  const limit = options.limit ?? 100;
  const limitPath = paths.limit ?? '/limit';
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalid(limitPath, 'INVALID_PARAMETER', `${limitPath.slice(limitPath.lastIndexOf('/') + 1)} is a whole number from 1 to 500`);
  let select = database.db.selectFrom('atrium.job').select(JOB_COLUMNS).where('tenant_id', '=', principal.tenantId);
  if (status) select = select.where('status', '=', status as JobStatus);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(jobView);
}

/** One job of the caller's tenant, or undefined (another tenant's job is unknown here). */
export async function findJob(database: Database, principal: Principal, id: string): Promise<JobView | undefined> {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(id)) return undefined;
  const row = await database.db
    .selectFrom('atrium.job')
    .select(JOB_COLUMNS)
    .where('tenant_id', '=', principal.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && jobView(row);
}

// Revisions --------------------------------------------------------------------------------------

export interface RevisionView {
  version: number;
  actor: string;
  summary: string;
  createdAt: string;
  operations: unknown;
  plan: ChangePlan;
}

/**
 * The tenant's metadata revisions, newest first (who, when, the operations and the plan). They are
 * part of the audit trail: reading them needs the `viewAudit` permission.
 */
export async function listRevisions(
  services: MetadataServices,
  principal: Principal,
  options: { limit?: number; before?: number; version?: number },
  paths: InputPaths = {},
): Promise<RevisionView[]> {
  const access = await services.registry.access(principal, principal.schemaName);
  if (!hasSystemPermission(access, 'viewAudit')) throw new AtriumError('FORBIDDEN', 'reading metadata revisions needs the viewAudit permission');
  const limit = options.limit ?? 20;
  const limitPath = paths.limit ?? '/limit';
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalid(limitPath, 'INVALID_PARAMETER', `${limitPath.slice(limitPath.lastIndexOf('/') + 1)} is a whole number from 1 to 1000`);
  const rows = await services.database.db
    .selectFrom('atrium.metadata_revision')
    .select(['version', 'actor', 'summary', 'created_at', 'operations', 'plan'])
    .where('tenant_id', '=', principal.tenantId)
    .$if(options.before !== undefined, (qb) => qb.where('version', '<', options.before as number))
    .$if(options.version !== undefined, (qb) => qb.where('version', '=', options.version as number))
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: r.version,
    actor: r.actor,
    summary: r.summary,
    createdAt: iso(r.created_at),
    operations: r.operations,
    plan: r.plan as unknown as ChangePlan,
  }));
}
