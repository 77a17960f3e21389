import { Logger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { migratePlatform } from './platform-migrations.ts';

/** Lock key serialising migrations of the whole database across processes. */
const MIGRATION_LOCK = 7_201_001;

/**
 * Brings the platform schema (`atrium`) and the job queue's schema up to date. Idempotent;
 * concurrent callers (several processes starting at once) wait for each other.
 */
export async function migrateDatabase<DB>(db: Kysely<DB>, pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await migratePlatform(db);
      await runJobQueueMigrations({ pgPool: pool, logger: silentLogger });
      return applied;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** graphile-worker logs through Atrium's own logging; migrations have nothing to say. */
export const silentLogger = new Logger(() => () => {});
