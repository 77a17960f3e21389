import { fieldType } from '@atrium/metadata';
import { type Kysely, sql } from 'kysely';
import { applySystemChange } from '../../applier/apply-metadata-change.ts';
import type { PlatformTables } from '../../database/platform-tables.ts';
import {
  isEffectivelyRequired,
  plainIndexDdl,
  plainIndexName,
  requiredCheckDdl,
  requiredCheckName,
  uniqueIndexDdl,
  uniqueIndexName,
} from '../../ddl/object-table-ddl.ts';
import { stringLiteral } from '../../ddl/sql-literal.ts';
import { quoteIdent } from '../../ddl/sql-names.ts';
import { loadBundle } from '../../metadata/metadata-store.ts';
import { RESTORE_WINDOW_DAYS } from '../../planner/change-plan.ts';
import { enqueueJobs } from '../enqueue-jobs.ts';
import type { TaskHandler } from '../job-context.ts';
import { jobField } from './field-metadata.ts';

const BATCH = 5000;

/**
 * The backfill and contract steps of a type change (DESIGN.md §3): copy old values into the new
 * column in batches (short row locks, no table rewrite), then swap the field to its new column in
 * a metadata change; the old column stays set aside for the restore window, then is purged.
 */
export const convertField: TaskHandler = async ({ db, payload, tenantId, progress }) => {
  const { schema, table, objectId, fieldId } = payload;
  const bundle = await loadBundle(db, tenantId);
  const { field } = jobField(bundle, objectId, fieldId);
  if (!field?.conversion) return 'nothing to convert (the field changed since)';
  const tenant = await db.selectFrom('atrium.tenant').select('time_zone').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const expression = conversionExpression(
    field.conversion.fromType,
    field.type,
    field.conversion.fromColumns,
    fieldType(field.type).columns(field)[0]?.sqlType ?? 'text',
    tenant.time_zone,
  );
  const target = Object.values(field.columns ?? {})[0];
  if (!target) throw new Error(`field ${field.apiName} has no new column`);
  const copy = sql.raw(`${quoteIdent(target)} = ${expression}`);

  const total = Number((await sql<{ n: number }>`select count(*) as n from ${sql.id(schema, table)}`.execute(db)).rows[0]?.n ?? 0);
  let done = 0;
  let last = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string }>`
      with batch as (select "id" from ${sql.id(schema, table)} where "id" > ${last}::uuid order by "id" limit ${BATCH})
      update ${sql.id(schema, table)} t set ${copy} from batch where t."id" = batch."id" returning t."id"`.execute(db);
    if (rows.length === 0) break;
    done += rows.length;
    for (const row of rows) if (row.id > last) last = row.id; // uuids compare as text in id order
    await progress(done, Math.max(total, done), `converted ${done} of ${total} records`);
  }

  await applySystemChange(db, tenantId, `field ${field.apiName} now ${field.type}`, async (next, tx) => {
    const { object, field: current } = jobField(next, objectId, fieldId);
    if (!object || !current?.conversion) return false;
    // Rows written while the batches ran: catch up under the metadata lock.
    await sql`update ${sql.id(schema, table)} set ${copy} where ${sql.raw(quoteIdent(target))} is distinct from ${sql.raw(expression)}`.execute(tx);
    const oldColumns = Object.values(current.conversion.fromColumns);
    delete current.conversion;
    current.state = 'active';
    const jobs = [];
    if (isEffectivelyRequired(current)) {
      await sql.raw(requiredCheckDdl(schema, table, current, true)).execute(tx);
      jobs.push({
        task: 'validateConstraint' as const,
        description: `check that every record has "${current.apiName}"`,
        payload: { objectId, fieldId, schema, table, name: requiredCheckName(table, current) },
      });
    }
    if (current.unique || current.indexed) {
      if (current.unique) current.state = 'building';
      jobs.push({
        task: 'buildIndex' as const,
        description: `build the index of "${current.apiName}"`,
        payload: {
          objectId,
          fieldId,
          schema,
          table,
          name: current.unique ? uniqueIndexName(table, current) : plainIndexName(table, current),
          ddl: current.unique ? uniqueIndexDdl(schema, table, current, true) : plainIndexDdl(schema, table, current, true),
          unique: current.unique === true,
        },
      });
    }
    jobs.push({
      task: 'purgeField' as const,
      description: `drop the old columns of "${current.apiName}" after the restore window`,
      payload: { objectId, fieldId, schema, table, columns: oldColumns },
      runAt: new Date(Date.now() + RESTORE_WINDOW_DAYS * 86_400_000).toISOString(),
    });
    await enqueueJobs(tx as Kysely<PlatformTables>, tenantId, jobs);
    return true;
  });
  return `converted ${done} records of ${table}`;
};

/** The SQL computing the new column from the old ones, cast to the new column's type. */
export function conversionExpression(fromType: string, toType: string, fromColumns: Record<string, string>, sqlType: string, timeZone: string): string {
  const from = fieldType(fromType as Parameters<typeof fieldType>[0]);
  const conversion = from.conversions.find((c) => c.to === toType);
  // Same type with other column types (e.g. a number's precision): a plain cast.
  const template = conversion?.sql ?? '{value}';
  const expression = template.replace(/\{timeZone\}/g, stringLiteral(timeZone)).replace(/\{([a-zA-Z]+)\}/g, (_, part: string) => {
    const column = fromColumns[part];
    if (!column) throw new Error(`conversion from ${fromType} names unknown part ${part}`);
    return quoteIdent(column);
  });
  return `(${expression})::${sqlType}`;
}
