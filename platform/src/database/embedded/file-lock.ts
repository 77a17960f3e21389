import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, holding our pid).
 * A lock left by a process that no longer exists is taken over.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive(file)) {
        try {
          unlinkSync(file);
        } catch {
          // Another process removed it first.
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${file}`);
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // Nothing to release.
    }
  }
}

function holderAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return true; // Being written right now.
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
