import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, deleteTenant, listTenants, openPlatform } from '@atrium/platform';
import pg from 'pg';
import type { ServerInfo } from './report.ts';

/** The machine's own PostgreSQL, used when DATABASE_URL is not set. */
export const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface BenchServer {
  database: Database;
  info: ServerInfo;
  /** Removes what the run created (its database, or its tenants on a given server) and closes. */
  dispose(): Promise<void>;
}

export interface BenchServerOptions {
  /** Prefix of every tenant key the run creates (removed at the end on a DATABASE_URL server). */
  tenantPrefix: string;
  /** Skip DATABASE_URL and the local server: use the embedded PostgreSQL. */
  forceEmbedded?: boolean;
  log: (line: string) => void;
}

const platformOptions = (log: (line: string) => void) => ({ applicationName: 'atrium-bench', maxConnections: 6, log });

/**
 * Where the benchmark runs: `DATABASE_URL` if set (tenants removed afterwards), else a fresh
 * database on the machine's PostgreSQL (dropped afterwards), else the embedded PostgreSQL in a
 * temporary ATRIUM_HOME (deleted afterwards).
 */
export async function openBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const given = process.env.DATABASE_URL?.trim();
  if (given && !options.forceEmbedded) return openGiven(given, options);
  if (!options.forceEmbedded) {
    const local = await openLocal(options);
    if (local) return local;
  }
  return openEmbedded(options);
}

async function openGiven(url: string, options: BenchServerOptions): Promise<BenchServer> {
  const database = await openPlatform({ databaseUrl: url, ...platformOptions(options.log) });
  return {
    database,
    info: await describeServer(database, 'DATABASE_URL'),
    async dispose() {
      for (const tenant of await listTenants(database.db)) {
        if (tenant.key.startsWith(options.tenantPrefix)) await deleteTenant(database.db, tenant.key);
      }
      await database.close();
    },
  };
}

async function openLocal(options: BenchServerOptions): Promise<BenchServer | null> {
  const admin = new pg.Client({ connectionString: `${LOCAL_SERVER}/postgres`, connectionTimeoutMillis: 3000, application_name: 'atrium-bench-admin' });
  try {
    await admin.connect();
  } catch (error) {
    options.log(`no PostgreSQL at ${LOCAL_SERVER} (${(error as Error).message}): using the embedded one`);
    await admin.end().catch(() => {});
    return null;
  }
  const name = `atrium_bench_${Date.now()}`;
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const dropDatabase = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: `${LOCAL_SERVER}/postgres`, application_name: 'atrium-bench-admin' });
    await client.connect();
    try {
      await client.query(`drop database if exists "${name}" with (force)`);
    } finally {
      await client.end();
    }
  };
  let database: Database;
  try {
    database = await openPlatform({ databaseUrl: `${LOCAL_SERVER}/${name}`, ...platformOptions(options.log) });
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  return {
    database,
    info: await describeServer(database, 'local'),
    async dispose() {
      await database.close();
      await dropDatabase();
    },
  };
}

async function openEmbedded(options: BenchServerOptions): Promise<BenchServer> {
  const home = mkdtempSync(join(tmpdir(), 'atrium-bench-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(home, 0o755);
  let database: Database;
  try {
    database = await openPlatform({ home, ...platformOptions(options.log) });
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  return {
    database,
    info: await describeServer(database, 'embedded'),
    async dispose() {
      await database.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function describeServer(database: Database, kind: ServerInfo['kind']): Promise<ServerInfo> {
  const { rows } = await database.pool.query<{ version: string; database: string }>('select version() as version, current_database() as database');
  return { kind, url: withoutPassword(database.url), version: rows[0]?.version ?? 'unknown', database: rows[0]?.database ?? 'unknown' };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
