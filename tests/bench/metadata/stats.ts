/** Small statistics over latency samples (milliseconds). */

export interface Summary {
  count: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (`p` in 0..100) of the values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const count = values.length;
  return {
    count,
    min: count ? values.reduce((a, b) => Math.min(a, b), Infinity) : Number.NaN,
    median: median(values),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: count ? values.reduce((a, b) => Math.max(a, b), -Infinity) : Number.NaN,
    mean: count ? values.reduce((a, b) => a + b, 0) / count : Number.NaN,
  };
}

/** Rounds for display and the JSON summary (1 decimal by default). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A high-resolution wall-clock time in milliseconds, comparable across worker threads. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Runs `work` and returns its result with the elapsed milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));
