import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root: the nearest folder above this module holding `pnpm-workspace.yaml`. */
export function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Where Atrium keeps local state (the embedded PostgreSQL, its port and password):
 * `ATRIUM_HOME`, else `.atrium/` at the workspace root — whatever the current directory.
 */
export function atriumHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.ATRIUM_HOME?.trim();
  // A relative ATRIUM_HOME means the folder the command was typed in (pnpm runs scripts from the root).
  return fromEnv ? resolve(env.INIT_CWD ?? process.cwd(), fromEnv) : join(workspaceRoot(), '.atrium');
}
