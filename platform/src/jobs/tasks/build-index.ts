import { sql } from 'kysely';
import { applySystemChange } from '../../applier/apply-metadata-change.ts';
import { JobRefused, type TaskHandler } from '../job-context.ts';
import { jobField } from './field-metadata.ts';

/**
 * CREATE INDEX CONCURRENTLY (outside any transaction). It can leave an invalid index behind:
 * the job checks, drops it and tries again. Duplicates refuse a unique index: the field goes
 * back to not unique and the job reports the problem.
 */
export const buildIndex: TaskHandler = async ({ db, payload, tenantId, progress }) => {
  const { schema, table, name, ddl, objectId, fieldId } = payload;
  if (!name || !ddl) throw new Error('buildIndex needs an index name and its statement');
  await progress(0, 1, `building index ${name}`);
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await sql.raw(ddl).execute(db);
    } catch (error) {
      await dropIndex(db, schema, name);
      if ((error as { code?: string }).code === '23505') {
        await finishField(false);
        throw new JobRefused(`existing records have duplicate values, so the field cannot be unique: ${(error as Error).message}`);
      }
      if (attempt === 3) throw error;
      continue;
    }
    const state = await sql<{ valid: boolean }>`
      select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${schema} and c.relname = ${name}`.execute(db);
    if (state.rows[0]?.valid) {
      await finishField(true);
      await progress(1, 1, `index ${name} is ready`);
      return `index ${name} built on ${table}`;
    }
    await dropIndex(db, schema, name);
  }
  throw new Error(`index ${name} stayed invalid after 3 attempts`);

  async function finishField(built: boolean): Promise<void> {
    await applySystemChange(db, tenantId, built ? `index ${name} ready` : `index ${name} refused by duplicates`, async (bundle) => {
      const { field } = jobField(bundle, objectId, fieldId);
      if (field?.state !== 'building') return false;
      field.state = 'active';
      if (!built) field.unique = false;
      return true;
    });
  }
};

async function dropIndex(db: Parameters<TaskHandler>[0]['db'], schema: string, name: string): Promise<void> {
  await sql`drop index concurrently if exists ${sql.id(schema, name)}`.execute(db);
}
