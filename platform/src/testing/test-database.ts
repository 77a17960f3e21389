import { inject } from 'vitest';
import { type Database, openDatabase } from '../database/database.ts';

/** A connection to the run's test database (see global-setup.ts), already migrated. */
export async function openTestDatabase(maxConnections = 5): Promise<Database> {
  return openDatabase({ databaseUrl: inject('databaseUrl'), applicationName: 'atrium-test', maxConnections });
}

let counter = 0;
/** A tenant key unique within the run (test files run in parallel on one database). */
export function uniqueTenantKey(prefix = 't'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.toLowerCase().slice(0, 40);
}
