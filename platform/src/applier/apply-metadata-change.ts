import { AtriumError } from '@atrium/errors';
import { type MetadataBundle, type MetadataChangeRequest, type MetadataOperation, metadataChangeRequestSchema } from '@atrium/metadata';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type Kysely, sql } from 'kysely';
import { applyOperations } from '../changes/apply-operations.ts';
import type { PlatformTables } from '../database/platform-tables.ts';
import { type EnqueuedJob, enqueueJobs } from '../jobs/enqueue-jobs.ts';
import { loadBundle, saveBundle } from '../metadata/metadata-store.ts';
import type { ChangePlan } from '../planner/change-plan.ts';
import { planChanges, tablesTouched } from '../planner/plan-changes.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { findTenant, requireServable, toTenant } from '../tenants/tenant-service.ts';
import { countRows } from './row-counts.ts';
import { isLockTimeout, limitLockWaits, lockTenantMetadata } from './tenant-lock.ts';

/** Channel on which every applied metadata change is announced (payload: `{"tenant","version"}`). */
export const METADATA_CHANNEL = 'atrium_metadata';

export interface MetadataChangeResult {
  plan: ChangePlan;
  /** False for a dry run or a change that changes nothing. */
  applied: boolean;
  /** The tenant's metadata version after the call. */
  version: number;
  jobs: EnqueuedJob[];
}

const ajv = new Ajv2020({ allErrors: false, strict: false });
const validateRequest = ajv.compile<MetadataChangeRequest>(metadataChangeRequestSchema);

/** Checks a change request's shape (external input) before anything else. */
export function parseChangeRequest(input: unknown): MetadataChangeRequest {
  if (validateRequest(input)) return input;
  const details = (validateRequest.errors ?? []).slice(0, 10).map((e) => ({
    path: e.instancePath || '/',
    code: 'INVALID_REQUEST',
    message: `${e.instancePath || 'the request'} ${e.message ?? 'is not valid'}`,
  }));
  throw new AtriumError('VALIDATION_FAILED', `the metadata change request is not valid: ${details[0]?.message ?? ''}`, details);
}

/**
 * The metadata path (DESIGN.md §2): validate → plan → one transaction with the tenant's
 * advisory lock: revision, DDL, version bump, jobs → NOTIFY on commit. Nothing is changed when
 * the request is refused. DDL waits at most briefly for locks and the whole change is retried.
 */
export async function applyMetadataChange(db: Kysely<PlatformTables>, tenantKey: string, input: unknown, actor: string): Promise<MetadataChangeResult> {
  const request = parseChangeRequest(input);
  const tenant = requireServable(await findTenant(db, tenantKey));
  return withLockRetries(() =>
    db.transaction().execute(async (tx) => {
      await lockTenantMetadata(tx, tenant.id);
      const locked = await lockedTenant(tx, tenant.id);
      if (request.baseVersion !== locked.metadataVersion) {
        throw new AtriumError(
          'CONFLICT',
          `the metadata changed since version ${request.baseVersion}: it is at version ${locked.metadataVersion}; reload and try again`,
          [{ path: '/baseVersion', code: 'STALE_VERSION', message: `based on version ${request.baseVersion}, current is ${locked.metadataVersion}` }],
        );
      }
      const current = await loadBundle(tx, tenant.id);
      const next = applyOperations(current, request.operations);
      const rowCounts = await countRows(tx, locked.schemaName, tablesTouched(current, next));
      const plan = planChanges(current, next, { schema: locked.schemaName, baseVersion: locked.metadataVersion, rowCounts });
      if (request.dryRun || plan.steps.length === 0) {
        return { plan: { ...plan, version: locked.metadataVersion + (plan.steps.length ? 1 : 0) }, applied: false, version: locked.metadataVersion, jobs: [] };
      }
      // Metadata rows first, DDL last: the table locks DDL takes are held only until the commit right after.
      const jobs = await commitRevision(tx, locked, current, next, plan, actor, request.operations);
      await limitLockWaits(tx);
      for (const statement of plan.ddl) await sql.raw(statement).execute(tx);
      return { plan, applied: true, version: plan.version, jobs };
    }),
  );
}

/**
 * A change the platform makes itself (a job finishing a conversion, a purge): same lock,
 * revision, version bump and notification as an admin's change.
 */
export async function applySystemChange(
  db: Kysely<PlatformTables>,
  tenantId: string,
  summary: string,
  change: (bundle: MetadataBundle, tx: Kysely<PlatformTables>, tenant: Tenant) => Promise<boolean>,
): Promise<boolean> {
  return withLockRetries(() =>
    db.transaction().execute(async (tx) => {
      await lockTenantMetadata(tx, tenantId);
      const tenant = await lockedTenant(tx, tenantId);
      await limitLockWaits(tx);
      const current = await loadBundle(tx, tenantId);
      const next = structuredClone(current);
      if (!(await change(next, tx, tenant))) return false;
      const plan: ChangePlan = {
        baseVersion: tenant.metadataVersion,
        version: tenant.metadataVersion + 1,
        steps: [],
        ddl: [],
        jobs: [],
        destructive: false,
        rowsAffected: 0,
        summary,
      };
      await commitRevision(tx, tenant, current, next, plan, 'system', []);
      return true;
    }),
  );
}

async function lockedTenant(tx: Kysely<PlatformTables>, tenantId: string): Promise<Tenant> {
  const row = await tx.selectFrom('atrium.tenant').selectAll().where('id', '=', tenantId).forUpdate().executeTakeFirst();
  if (!row) throw new AtriumError('TENANT_NOT_FOUND', 'the tenant was deleted');
  return requireServable(toTenant(row));
}

async function commitRevision(
  tx: Kysely<PlatformTables>,
  tenant: Tenant,
  current: MetadataBundle,
  next: MetadataBundle,
  plan: ChangePlan,
  actor: string,
  operations: MetadataOperation[],
): Promise<EnqueuedJob[]> {
  await saveBundle(tx, tenant.id, current, next);
  await tx
    .insertInto('atrium.metadata_revision')
    .values({ tenant_id: tenant.id, version: plan.version, actor, summary: plan.summary, operations: JSON.stringify(operations), plan: JSON.stringify(plan) })
    .execute();
  await tx.updateTable('atrium.tenant').set({ metadata_version: plan.version, updated_at: new Date().toISOString() }).where('id', '=', tenant.id).execute();
  const jobs = await enqueueJobs(tx, tenant.id, plan.jobs);
  // Delivered on commit only: other processes drop the tenant's cached schema.
  await sql`select pg_notify(${METADATA_CHANNEL}, ${JSON.stringify({ tenant: tenant.key, tenantId: tenant.id, version: plan.version })})`.execute(tx);
  return jobs;
}

async function withLockRetries<T>(work: () => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      if (attempt >= attempts) throw new AtriumError('LOCK_TIMEOUT', 'the tables this change alters stayed busy; nothing was changed, try again shortly');
      // Short waits, many tries: requests queued behind a waiting ALTER stall only briefly.
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
