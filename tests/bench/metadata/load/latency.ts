import { percentile } from '../stats.ts';
import type { LockSample, RequestSample } from './protocol.ts';

/** A period of the run (epoch ms). */
export interface Period {
  start: number;
  end: number;
}

/**
 * A stretch of lock polls that saw an AccessExclusiveLock on the table held or awaited (a
 * queued ALTER blocks later requests as much as a granted one). `minMs` is the time between
 * the first and last poll that saw it; `maxMs` adds the gaps to the neighbouring polls that
 * did not: the true duration lies in between.
 */
export interface LockSpan extends Period {
  minMs: number;
  maxMs: number;
  /** Part of the stretch during which the lock was still awaited, not held (by polls). */
  waitingPolls: number;
  polls: number;
}

export function lockSpans(samples: readonly LockSample[]): LockSpan[] {
  const spans: LockSpan[] = [];
  let first = -1;
  const close = (last: number): void => {
    const a = samples[first] as LockSample;
    const b = samples[last] as LockSample;
    const before = samples[first - 1]?.at ?? a.at;
    const after = samples[last + 1]?.at ?? b.at;
    const slice = samples.slice(first, last + 1);
    spans.push({
      start: a.at,
      end: b.at,
      minMs: b.at - a.at,
      maxMs: after - before,
      waitingPolls: slice.filter((s) => s.waiting && !s.held).length,
      polls: slice.length,
    });
  };
  samples.forEach((sample, i) => {
    const locked = sample.held || sample.waiting;
    if (locked && first < 0) first = i;
    if (!locked && first >= 0) {
      close(i - 1);
      first = -1;
    }
  });
  if (first >= 0) close(samples.length - 1);
  return spans;
}

export const overlaps = (a: Period, b: Period): boolean => a.start <= b.end && b.start <= a.end;

export const requestPeriod = (r: RequestSample): Period => ({ start: r.start, end: r.start + r.ms });

export interface LatencyStats {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyStats(requests: readonly RequestSample[]): LatencyStats {
  const ms = requests.map((r) => r.ms);
  return {
    requests: requests.length,
    errors: requests.filter((r) => r.error).length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms.reduce((a, b) => Math.max(a, b), 0),
  };
}

/** Requests in flight at some point of the period. */
export function requestsDuring(requests: readonly RequestSample[], period: Period): RequestSample[] {
  return requests.filter((r) => overlaps(requestPeriod(r), period));
}

/** Poll interval actually achieved (median gap between polls). */
export function pollInterval(samples: readonly LockSample[]): number {
  const gaps = samples.slice(1).map((s, i) => s.at - (samples[i] as LockSample).at);
  return percentile(gaps, 50);
}
