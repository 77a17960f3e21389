import { fieldType, type ObjectDef } from '@atrium/metadata';
import { type QueryExecutorProvider, sql } from 'kysely';
import { primaryColumn, sequenceName } from '../ddl/object-table-ddl.ts';
import { newId } from '../ids/uuid-v7.ts';
import { recordToColumns } from './record-columns.ts';

export interface InsertedRecords {
  ids: string[];
}

/**
 * Inserts records (API shape) into an object's table in one statement: rows travel as a single
 * jsonb parameter (never thousands of bind parameters) and PostgreSQL maps them onto the
 * table's row type. Auto-numbers come from their sequences. Used by seeds and imports; the
 * record service adds validation, history and the outbox on top.
 */
export async function insertRecords(
  db: QueryExecutorProvider,
  schema: string,
  object: ObjectDef,
  records: Array<Record<string, unknown>>,
  actorId: string | null = null,
): Promise<InsertedRecords> {
  if (records.length === 0) return { ids: [] };
  const table = object.table;
  if (!table) throw new Error(`object "${object.apiName}" has no table`);
  const rows = records.map((record) => ({
    ...recordToColumns(object, record),
    id: typeof record.id === 'string' ? record.id : newId(),
    owner_id: actorId,
    created_by: actorId,
    updated_by: actorId,
  }));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const autoNumbers = object.fields.filter((f) => f.state !== 'deleted' && f.type === 'autoNumber' && fieldType(f.type).columns(f).length > 0);
  const selectList = [...columns.map((c) => sql`r.${sql.id(c)}`), ...autoNumbers.map((f) => sql`nextval(${`${schema}.${sequenceName(table, f)}`}::regclass)`)];
  const targetColumns = [...columns, ...autoNumbers.map((f) => primaryColumn(f) as string)];
  await sql`
    insert into ${sql.id(schema, table)} (${sql.join(targetColumns.map((c) => sql.id(c)))})
    select ${sql.join(selectList)} from jsonb_populate_recordset(null::${sql.id(schema, table)}, ${JSON.stringify(rows)}::jsonb) r`.execute(db);
  return { ids: rows.map((r) => r.id) };
}
