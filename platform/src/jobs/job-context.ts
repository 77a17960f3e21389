import type { Kysely } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import type { JobPayload } from '../planner/change-plan.ts';

/** What a task gets: its job row's payload, the database, and a way to report progress. */
export interface JobContext {
  db: Kysely<PlatformTables>;
  jobId: string;
  tenantId: string;
  payload: JobPayload;
  progress(done: number, total: number, message?: string): Promise<void>;
  log(line: string): void;
}

/** A task that ends without retrying (the data does not allow it, e.g. duplicates for a unique index). */
export class JobRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobRefused';
  }
}

export type TaskHandler = (context: JobContext) => Promise<string | undefined>;
