import { resolve } from 'node:path';

/** Results go to stdout, one per line; nothing else ever does (DESIGN.md §5). */
export function printResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Logs and progress go to stderr. */
export function logLine(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** File arguments resolve against the folder the command was typed in, not the workspace root. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
