import { sql } from 'kysely';
import { primaryColumn, sequenceName } from '../../ddl/object-table-ddl.ts';
import { loadBundle } from '../../metadata/metadata-store.ts';
import type { TaskHandler } from '../job-context.ts';
import { jobField } from './field-metadata.ts';

const BATCH = 5000;

/** Gives existing records their auto-number, oldest first, in batches. */
export const numberRecords: TaskHandler = async ({ db, payload, tenantId, progress }) => {
  const { schema, table, objectId, fieldId } = payload;
  const { field } = jobField(await loadBundle(db, tenantId), objectId, fieldId);
  const column = field && field.state !== 'deleted' ? primaryColumn(field) : undefined;
  if (!field || !column) return 'the field no longer exists';
  const sequence = sequenceName(table, field);
  const total = Number(
    (await sql<{ n: number }>`select count(*) as n from ${sql.id(schema, table)} where ${sql.id(column)} is null`.execute(db)).rows[0]?.n ?? 0,
  );
  let done = 0;
  for (;;) {
    // nextval in the outer select follows the inner ORDER BY: oldest records get the lowest numbers.
    const result = await sql`
      with numbered as (
        select s."id", nextval(${`${schema}.${sequence}`}::regclass) as n
          from (select "id" from ${sql.id(schema, table)} where ${sql.id(column)} is null order by "created_at", "id" limit ${BATCH}) s
      )
      update ${sql.id(schema, table)} t set ${sql.id(column)} = numbered.n from numbered where t."id" = numbered."id"`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    if (n === 0) break;
    done += n;
    await progress(done, Math.max(total, done), `numbered ${done} of ${total} records`);
  }
  return `numbered ${done} records`;
};
