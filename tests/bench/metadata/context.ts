import type { Database } from '@atrium/platform';

/** What every scenario gets: the open platform and a way to name its tenants. */
export interface BenchContext {
  database: Database;
  /** A tenant key unique to this run, starting with the run's prefix. */
  tenantKey(name: string): string;
  /** Progress lines (stderr: stdout carries the results). */
  log(line: string): void;
}

/** The actor recorded on the benchmark's metadata revisions. */
export const BENCH_ACTOR = 'bench';
