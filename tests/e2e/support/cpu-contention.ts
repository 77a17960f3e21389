import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/*
 * On a shared machine another process's burst (a test run, a build) takes the browser's time and
 * a timing would measure it. Linux counts every process's CPU time (/proc): the share of the
 * machine that processes outside this one's tree (this test process, the server in it, the
 * Chromium it launched) used during a measurement says whether the measurement was contended.
 * Elsewhere (no /proc) nothing is known and every measurement counts.
 */

/** CPU time so far, in clock ticks: the machine's busy time and this process tree's. */
export interface CpuSample {
  machine: number;
  ours: number;
  at: number;
}

function readProcessTimes(): Map<number, { parent: number; ticks: number }> {
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid … utime stime cutime cstime …: the name may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    processes.set(Number(entry), {
      parent: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    });
  }
  return processes;
}

/** A sample now, or undefined where the system does not tell (not Linux). */
export function cpuSample(root = process.pid): CpuSample | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    const machine = [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0);
    const processes = readProcessTimes();
    const tree = new Set([root]);
    // Parents come before children often but not always: repeat until nothing joins.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, info] of processes) {
        if (!tree.has(pid) && tree.has(info.parent)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    let ours = 0;
    for (const pid of tree) ours += processes.get(pid)?.ticks ?? 0;
    return { machine, ours, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** Ticks per second of /proc's counters (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The share of the machine (all cores) that other processes used between two samples: 0 on an
 * otherwise idle machine, 1 when they kept every core busy. Undefined without samples.
 */
export function othersShare(before: CpuSample | undefined, after: CpuSample | undefined): number | undefined {
  if (!before || !after) return undefined;
  const available = ((after.at - before.at) / 1000) * TICKS_PER_SECOND * availableParallelism();
  if (available <= 0) return undefined;
  const others = after.machine - before.machine - (after.ours - before.ours);
  return Math.max(0, others) / available;
}
