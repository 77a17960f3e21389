import { sql } from 'kysely';
import { JobRefused, type TaskHandler } from '../job-context.ts';

/** VALIDATE CONSTRAINT takes a lock that lets reads and writes go on while existing rows are checked. */
export const validateConstraint: TaskHandler = async ({ db, payload, progress }) => {
  const { schema, table, name } = payload;
  if (!name) throw new Error('validateConstraint needs a constraint name');
  const exists = await sql<{ convalidated: boolean }>`
    select c.convalidated from pg_constraint c
      join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = ${schema} and t.relname = ${table} and c.conname = ${name}`.execute(db);
  const row = exists.rows[0];
  if (!row) return `constraint ${name} no longer exists (the field changed since)`;
  if (row.convalidated) return `constraint ${name} is valid`;
  await progress(0, 1, `checking existing records against ${name}`);
  try {
    await sql`alter table ${sql.id(schema, table)} validate constraint ${sql.id(name)}`.execute(db);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '23514' || code === '23503') {
      throw new JobRefused(`existing records break ${name}: ${(error as Error).message}; fix them, then save the field again`);
    }
    throw error;
  }
  await progress(1, 1, `constraint ${name} is valid`);
  return `constraint ${name} is valid`;
};
