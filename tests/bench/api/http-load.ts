import autocannon from 'autocannon';
import { percentile } from '../metadata/stats.ts';
import { postgresCpuBetween, postgresCpuSnapshot, processCpuMs } from './proc-cpu.ts';

/** One HTTP request of a load: a fresh one per call (random ids, dates...). */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadTarget {
  label: string;
  url: string;
  next(): HttpRequest;
  /** The server process (for its CPU time per request). */
  serverPid?: number;
  /** True when a 2xx body is a failure all the same (GraphQL errors come with 200). */
  bodyFails?(body: string): boolean;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadResult {
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  /** Completed 2xx responses without errors in the body, per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Non-2xx responses, GraphQL error bodies, connection errors and timeouts. */
  failed: number;
  firstFailure?: string;
  bytesPerResponse: number;
  /** CPU time per completed request (ms): the server process, and the database's PostgreSQL backends. */
  cpuPerRequest?: { server: number; postgres: number };
}

/** What one autocannon run saw. */
interface RawRun {
  latencies: number[];
  failed: number;
  firstFailure?: string;
  seconds: number;
  requests: number;
  bytes: number;
  cpu?: { server: number; postgres: number };
}

/** Runs `target` for the warm-up (discarded) and then the measured time; latencies in ms. */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const results = await runInterleaved([target], { ...options, rounds: 1 });
  return results[0] as LoadResult;
}

/**
 * Runs several targets against each other: each warmed up once, then the measured time cut into
 * `rounds` slices taken in turn (A B C A B C ...), so that whatever else the machine does weighs
 * on all of them alike. Returns one result per target, in order.
 */
export async function runInterleaved(targets: LoadTarget[], options: LoadOptions & { rounds: number; database?: string }): Promise<LoadResult[]> {
  if (options.warmupSeconds > 0) for (const target of targets) await runOnce(target, options.connections, options.warmupSeconds);
  const runs = targets.map((): RawRun[] => []);
  const slice = Math.max(1, Math.round(options.seconds / options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, target] of targets.entries()) {
      const serverCpu = () => (target.serverPid ? processCpuMs(target.serverPid) : Number.NaN);
      const postgresCpu = () => (options.database ? postgresCpuSnapshot(options.database) : undefined);
      const before = { server: serverCpu(), postgres: postgresCpu() };
      const run = await runOnce(target, options.connections, slice);
      const after = { server: serverCpu(), postgres: postgresCpu() };
      const postgres = before.postgres && after.postgres ? postgresCpuBetween(before.postgres, after.postgres) : Number.NaN;
      runs[i]?.push({ ...run, cpu: { server: after.server - before.server, postgres } });
    }
  }
  return targets.map((target, i) => summarise(target.label, options.connections, runs[i] ?? []));
}

function summarise(label: string, connections: number, runs: RawRun[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const ok = Math.max(0, latencies.length - failed);
  const firstFailure = runs.find((r) => r.firstFailure)?.firstFailure;
  return {
    label,
    connections,
    seconds,
    requests,
    rps: ok / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    mean: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : Number.NaN,
    failed,
    ...(firstFailure ? { firstFailure } : {}),
    bytesPerResponse: runs.reduce((n, r) => n + r.bytes, 0) / Math.max(1, requests),
    cpuPerRequest: {
      server: runs.reduce((n, r) => n + (r.cpu?.server ?? Number.NaN), 0) / Math.max(1, ok),
      postgres: runs.reduce((n, r) => n + (r.cpu?.postgres ?? Number.NaN), 0) / Math.max(1, ok),
    },
  };
}

async function runOnce(target: LoadTarget, connections: number, seconds: number): Promise<RawRun> {
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  const fail = (what: string): void => {
    failed += 1;
    firstFailure ??= what.slice(0, 500);
  };
  const request: autocannon.Request = {
    setupRequest: (req) => {
      const next = target.next();
      return {
        ...req,
        method: next.method,
        path: next.path,
        headers: { ...(req.headers ?? {}), ...(next.headers ?? {}) },
        body: next.body,
      } as autocannon.Request;
    },
    onResponse: (status, body) => {
      if (status < 200 || status >= 300) fail(`HTTP ${status}: ${body}`);
      else if (target.bodyFails?.(body)) fail(`HTTP ${status}: ${body}`);
    },
  };
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ url: target.url, connections, duration: seconds, requests: [request], timeout: 10 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
  instance?.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  instance?.on('reqError', (error: Error) => fail(`request error: ${error.message}`));
  const result = await done;
  return {
    latencies,
    failed: failed + result.errors + result.timeouts,
    ...(firstFailure ? { firstFailure } : {}),
    seconds: (result.duration || seconds) as number,
    requests: result.requests.total,
    bytes: result.throughput.total,
  };
}

/** One request outside the load (checks and comparisons). */
export async function fetchOnce(url: string, request: HttpRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  return { status: response.status, body: await response.text() };
}
