/** Messages between the benchmark and its load worker thread (structured-clone friendly). */

export type RequestKind = 'readById' | 'readRange' | 'update' | 'insert';

export interface LoadConfig {
  url: string;
  /** Quoted `schema`.`table`. */
  qualified: string;
  /** Physical columns of the fields the writers set. */
  columns: { name: string; amount: string; stage: string; closeDate: string };
  stages: readonly string[];
  /** The table's oid, for the lock monitor. */
  tableOid: number;
  ids: string[];
  readers: number;
  writers: number;
  /** Pause between two requests of one loop (keeps a 2-core machine from saturating). */
  pauseMs: number;
  monitorIntervalMs: number;
}

/** One request: when it started (epoch ms, sub-ms precision), how long it took, its SQLSTATE if it failed. */
export interface RequestSample {
  kind: RequestKind;
  start: number;
  ms: number;
  error?: string;
  message?: string;
}

/** One poll of pg_locks: is an AccessExclusiveLock on the table held, or awaited? */
export interface LockSample {
  /** Midpoint of the poll (epoch ms). */
  at: number;
  held: boolean;
  waiting: boolean;
}

export interface LoadResults {
  requests: RequestSample[];
  locks: LockSample[];
}

export type ToWorker =
  | { type: 'start'; config: LoadConfig }
  /** From now on writers fill this required column (as an application that knows the new metadata would). */
  | { type: 'fill'; column: string }
  | { type: 'stop' };

export type FromWorker = { type: 'ready' } | { type: 'results'; results: LoadResults } | { type: 'failed'; message: string };
