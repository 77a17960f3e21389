import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { atriumHome } from './embedded/atrium-home.ts';
import { startOrJoinEmbedded } from './embedded/embedded-postgres.ts';
import type { PlatformTables } from './platform-tables.ts';

// bigint counts (count(*), sequences) arrive as strings; Atrium's counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it, the embedded PostgreSQL is started or joined. */
  databaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its state (default: ATRIUM_HOME). */
  home?: string;
  /** Name shown in pg_stat_activity; must start with `atrium`. */
  applicationName?: string;
  maxConnections?: number;
  /** Progress and diagnostics (stderr in the CLI). */
  log?: (line: string) => void;
}

/** An open connection to Atrium's database: kysely over a pg pool. */
export interface Database {
  db: Kysely<PlatformTables>;
  pool: pg.Pool;
  url: string;
  /** Whether the embedded PostgreSQL serves this connection. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL` (or `options.databaseUrl`) or, when none is given, to the embedded
 * PostgreSQL under `ATRIUM_HOME`, starting it if no other Atrium process has.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const given = options.databaseUrl ?? process.env.DATABASE_URL?.trim();
  const embedded = given ? undefined : await startOrJoinEmbedded(options.home ?? atriumHome(), options.log);
  const url = given || embedded?.url;
  if (!url) throw new Error('no database: set DATABASE_URL or let Atrium start its embedded PostgreSQL');
  const pool = new pg.Pool({
    connectionString: url,
    // The pid lets the embedded server's last user tell its own connections from other processes'.
    application_name: `${options.applicationName ?? 'atrium'}:${process.pid}`,
    max: options.maxConnections ?? 10,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', (error) => options.log?.(`database connection error: ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => options.log?.(`database connection error: ${error.message}`)));
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    url,
    embedded: embedded !== undefined,
    async close() {
      if (closed) return;
      closed = true;
      // A connection still held (e.g. by a worker stuck in shutdown) must not keep the process up.
      await withTimeout(db.destroy(), 5000);
      await embedded?.release();
    },
  };
}

async function withTimeout(work: Promise<unknown>, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, milliseconds)))]);
  clearTimeout(timer);
}
