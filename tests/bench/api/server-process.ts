import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { workspaceRoot } from '@atrium/platform';

/** A server started as its own process, which prints its URL as its first stdout line. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** The last lines it wrote on stderr (for error reports). */
  stderrTail(): string[];
  /** Resident memory of the process (kB), from /proc. */
  rssKb(): number;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Script and arguments after `node --import tsx`. */
  args: string[];
  env: Record<string, string>;
  label: string;
  log: (line: string) => void;
  startTimeoutMs?: number;
}

/** Starts `node --import tsx <args>` in the workspace root and waits for the URL on its stdout. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...options.args], {
    cwd: workspaceRoot(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let reported = 0;
  createInterface({ input: child.stderr as NonNullable<ChildProcess['stderr']> }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (/error|fail|warn/i.test(line) && reported++ < 20) options.log(`  [${options.label}] ${line.slice(0, 400)}`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.label} did not print its URL within ${options.startTimeoutMs ?? 60_000} ms: ${tail.join(' | ')}`)),
      options.startTimeoutMs ?? 60_000,
    );
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    lines.on('line', (line) => {
      if (/^https?:\/\//.test(line.trim())) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited (${code ?? signal}) before it was ready: ${tail.join(' | ')}`));
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url,
    pid: child.pid as number,
    stderrTail: () => [...tail],
    rssKb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      } catch {
        return Number.NaN;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
