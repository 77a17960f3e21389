import { Logger, type Runner, run, runOnce, type Task, type TaskList } from 'graphile-worker';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { PlatformTables } from '../database/platform-tables.ts';
import type { JobPayload } from '../planner/change-plan.ts';
import { JobRefused, type TaskHandler } from './job-context.ts';
import { taskHandlers } from './task-list.ts';

export interface JobRunnerOptions {
  db: Kysely<PlatformTables>;
  pool: pg.Pool;
  concurrency?: number;
  log?: (line: string) => void;
}

/** Wraps a task: keeps the `atrium.job` row (status, attempts, progress, outcome) current. */
function trackedTask(name: string, handler: TaskHandler, options: JobRunnerOptions): Task {
  const { db } = options;
  const log = options.log ?? (() => {});
  return async (raw, helpers) => {
    const jobId = (raw as { jobId?: string }).jobId;
    if (!jobId) throw new Error(`${name}: job without jobId`);
    const row = await db.selectFrom('atrium.job').selectAll().where('id', '=', jobId).executeTakeFirst();
    if (!row) return; // the tenant was deleted with its jobs
    await db
      .updateTable('atrium.job')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: new Date().toISOString() }))
      .where('id', '=', jobId)
      .execute();
    const progress = async (done: number, total: number, message?: string): Promise<void> => {
      await db
        .updateTable('atrium.job')
        .set({ done, total, ...(message ? { message } : {}), updated_at: new Date().toISOString() })
        .where('id', '=', jobId)
        .execute();
    };
    try {
      const outcome = await handler({ db, jobId, tenantId: row.tenant_id ?? '', payload: row.payload as JobPayload, progress, log });
      await db
        .updateTable('atrium.job')
        .set({ status: 'succeeded', message: outcome || 'done', error: null, updated_at: new Date().toISOString() })
        .where('id', '=', jobId)
        .execute();
      log(`job ${name} ${jobId}: ${outcome || 'done'}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof JobRefused || helpers.job.attempts >= helpers.job.max_attempts;
      await db
        .updateTable('atrium.job')
        .set({ status: final ? 'failed' : 'queued', error: message, updated_at: new Date().toISOString() })
        .where('id', '=', jobId)
        .execute();
      log(`job ${name} ${jobId} ${final ? 'failed' : 'will retry'}: ${message}`);
      if (!(error instanceof JobRefused)) throw error;
    }
  };
}

function taskList(options: JobRunnerOptions): TaskList {
  return Object.fromEntries(Object.entries(taskHandlers).map(([name, handler]) => [name, trackedTask(name, handler, options)]));
}

const quietLogger = (log: (line: string) => void) =>
  new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`job queue ${level}: ${message}`);
  });

/** Starts the durable job queue's worker in this process (the server runs one). */
export async function startJobRunner(options: JobRunnerOptions): Promise<Runner> {
  return run({
    pgPool: options.pool,
    taskList: taskList(options),
    concurrency: options.concurrency ?? 1,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger(options.log ?? (() => {})),
  });
}

/** Runs every job that is due now, including jobs those jobs enqueue, then returns (tests, `atrium jobs run`). */
export async function runDueJobs(options: JobRunnerOptions): Promise<void> {
  const tasks = taskList(options);
  for (let round = 0; round < 20; round++) {
    await runOnce({ pgPool: options.pool, taskList: tasks, noHandleSignals: true, logger: quietLogger(options.log ?? (() => {})) });
    const { rows } = await options.pool.query<{ n: number }>(
      'select count(*)::int as n from graphile_worker._private_jobs where run_at <= now() and attempts < max_attempts and locked_at is null',
    );
    if ((rows[0]?.n ?? 0) === 0) return;
  }
}
