import { type Database, type DatabaseOptions, openDatabase } from './database/database.ts';
import { migrateDatabase } from './migrations/migrate.ts';
import { upgradeTenantLayouts } from './tenants/tenant-service.ts';

/**
 * Opens Atrium's database (DATABASE_URL or the embedded PostgreSQL) and brings the platform
 * schema up to date. Everything else takes the returned database.
 */
export async function openPlatform(options: DatabaseOptions = {}): Promise<Database> {
  const database = await openDatabase(options);
  try {
    await migrateDatabase(database.db, database.pool);
    const upgraded = await upgradeTenantLayouts(database.db, options.log);
    if (upgraded.length > 0) options.log?.(`upgraded the system tables of ${upgraded.length} tenants`);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
