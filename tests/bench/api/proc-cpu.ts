import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far (ms), from /proc; NaN when unreadable. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: state is the first.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU time so far (ms) per PostgreSQL backend connected to `database` (by process title), and their parallel workers. */
export function postgresCpuSnapshot(database: string): Map<number, number> {
  const snapshot = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return snapshot;
  }
  const workers: Array<{ pid: number; leader: number }> = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!title.startsWith('postgres:')) continue;
    const pid = Number(entry);
    const leader = /parallel worker for PID (\d+)/.exec(title)?.[1];
    if (leader) workers.push({ pid, leader: Number(leader) });
    else if (title.includes(` ${database} `)) snapshot.set(pid, processCpuMs(pid));
  }
  for (const worker of workers) if (snapshot.has(worker.leader)) snapshot.set(worker.pid, processCpuMs(worker.pid));
  return snapshot;
}

/**
 * CPU time (ms) the backends spent between two snapshots: the growth of those in both, all of
 * those that started in between. Backends (and parallel workers) that ended in between are lost:
 * a lower bound.
 */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) {
    const start = before.get(pid) ?? 0;
    if (Number.isFinite(ms) && Number.isFinite(start) && ms >= start) total += ms - start;
  }
  return total;
}
