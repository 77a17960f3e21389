import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import { newId } from '../ids/uuid-v7.ts';
import type { PlannedJob } from '../planner/change-plan.ts';

export interface EnqueuedJob extends PlannedJob {
  id: string;
}

/**
 * Records follow-up jobs (with progress fields the designer shows) and hands them to the
 * durable queue, inside the caller's transaction: a rolled-back change enqueues nothing.
 */
export async function enqueueJobs(tx: Kysely<PlatformTables>, tenantId: string, jobs: PlannedJob[]): Promise<EnqueuedJob[]> {
  const enqueued: EnqueuedJob[] = [];
  for (const job of jobs) {
    const id = newId();
    const runAt = job.runAt ?? new Date().toISOString();
    await tx
      .insertInto('atrium.job')
      .values({
        id,
        tenant_id: tenantId,
        task: job.task,
        status: 'queued',
        payload: JSON.stringify(job.payload),
        message: job.description,
        error: null,
        run_at: runAt,
      })
      .execute();
    // One queue per tenant: a tenant's jobs run in order, different tenants' in parallel.
    await sql`select graphile_worker.add_job(${job.task}, json_build_object('jobId', ${id}::text), ${`tenant:${tenantId}`}, ${runAt}::timestamptz, 5)`.execute(
      tx,
    );
    enqueued.push({ ...job, id });
  }
  return enqueued;
}
