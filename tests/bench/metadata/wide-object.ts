import { type FieldDef, type FieldType, fieldType, type ObjectDef } from '@atrium/metadata';
import { createTenant, insertRecords, loadBundle, quoteIdent } from '@atrium/platform';
import type { BenchContext } from './context.ts';
import { field, objectDef, picklistField, tableOf } from './field-defs.ts';
import { changeMetadata } from './metadata-change.ts';
import type { ScenarioResult } from './report.ts';
import { round, timed } from './stats.ts';

/** The field types the wide object mixes, in turn (currency takes two columns). */
const MIXED_TYPES = ['text', 'integer', 'number', 'date', 'boolean', 'picklist', 'currency'] as const satisfies readonly FieldType[];
const PICKLIST_VALUES = ['low', 'medium', 'high'] as const;
const CURRENCIES = ['USD', 'EUR', 'CNY'] as const;

export interface WideObjectOptions {
  fields: number;
  records: number;
}

export const wideObjectDefaults: WideObjectOptions = { fields: 800, records: 1000 };

/** `wideThing`: a text name field, then `fields - 1` fields of the mixed types in turn. */
export function wideObjectDef(fields: number): ObjectDef {
  const defs: FieldDef[] = [field('fld_b_0', 'name', 'text')];
  for (let n = 1; n < fields; n++) {
    const type = MIXED_TYPES[n % MIXED_TYPES.length] as (typeof MIXED_TYPES)[number];
    const id = `fld_b_${n}`;
    const apiName = `${type}Field${n}`;
    if (type === 'picklist') defs.push(picklistField(id, apiName, PICKLIST_VALUES));
    else if (type === 'number') defs.push(field(id, apiName, type, { config: { precision: 12, scale: 2 } }));
    else defs.push(field(id, apiName, type));
  }
  return objectDef('obj_bench_wide', 'wideThing', 'wideThings', 'name', defs);
}

/** A record in API shape with a value in every field. */
function wideRecord(object: ObjectDef, r: number): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  object.fields.forEach((f, n) => {
    record[f.apiName] = valueFor(f.type, r, n);
  });
  return record;
}

function valueFor(type: FieldType, r: number, n: number): unknown {
  switch (type) {
    case 'text':
      return n === 0 ? `Wide thing ${r}` : `t${r}-${n}`;
    case 'integer':
      return r * 1000 + n;
    case 'number':
      return round(r + n / 100, 2);
    case 'date':
      return new Date(Date.UTC(2025, 0, 1 + ((r + n) % 365))).toISOString().slice(0, 10);
    case 'boolean':
      return (r + n) % 2 === 0;
    case 'picklist':
      return PICKLIST_VALUES[(r + n) % PICKLIST_VALUES.length];
    case 'currency':
      return { amount: round(r * 1.5 + n, 2), currency: CURRENCIES[(r + n) % CURRENCIES.length] };
    default:
      throw new Error(`no sample value for ${type}`);
  }
}

const columnCount = (object: ObjectDef): number => object.fields.reduce((n, f) => n + fieldType(f.type).columns(f).length, 0);

/** Scenario 3: an object with 800 fields: create it, insert 1,000 full records, read them back, add a field. */
export async function benchWideObject(ctx: BenchContext, options: WideObjectOptions = wideObjectDefaults): Promise<Omit<ScenarioResult, 'durationMs'>> {
  const { database } = ctx;
  const tenantKey = ctx.tenantKey('wide');
  const tenant = await createTenant(database.db, { key: tenantKey });
  const definition = wideObjectDef(options.fields);

  const created = await timed(() => changeMetadata(database, tenantKey, [{ op: 'createObject', object: definition }]));
  ctx.log(`  created ${options.fields} fields in ${created.ms.toFixed(0)} ms`);
  const object = (await loadBundle(database.db, tenant.id)).objects.find((o) => o.apiName === definition.apiName);
  if (!object) throw new Error(`${definition.apiName} was not created`);
  const table = `${quoteIdent(tenant.schemaName)}.${quoteIdent(tableOf(object))}`;
  const tableColumns = await database.pool.query<{ n: number }>(
    'select count(*)::int as n from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped',
    [table],
  );

  const records = Array.from({ length: options.records }, (_, r) => wideRecord(object, r + 1));
  const payloadBytes = Buffer.byteLength(JSON.stringify(records));
  const inserted = await timed(() => insertRecords(database.db, tenant.schemaName, object, records));
  ctx.log(`  inserted ${options.records} records in ${inserted.ms.toFixed(0)} ms`);

  const read = await timed(() => database.pool.query(`select * from ${table} order by "id"`));
  const rowBytes = await database.pool.query<{ avg: number }>(`select avg(pg_column_size(t.*))::int as avg from ${table} t`);
  const mismatches = verify(object, read.result.rows as Array<Record<string, unknown>>, inserted.result.ids, records);
  // JSON built by PostgreSQL (as the API will): on the server alone, then shipped and parsed.
  const buildJson = await timed(() => database.pool.query(`select sum(pg_column_size(to_jsonb(t.*)))::bigint as bytes from ${table} t`));
  const readJson = await timed(() => database.pool.query(`select to_jsonb(t.*) as doc from ${table} t`));

  const fileBefore = await relfilenode(ctx, table);
  const extra = field(`fld_b_${options.fields}`, 'addedLater', 'text');
  const added = await timed(() => changeMetadata(database, tenantKey, [{ op: 'addField', object: definition.apiName, field: extra }]));
  const fileAfter = await relfilenode(ctx, table);

  const works = read.result.rows.length === options.records && mismatches.length === 0 && added.result.applied;
  const columns = columnCount(object);
  return {
    id: 'wide-object',
    title: `An object with ${options.fields} fields`,
    goal: 'create, insert, read and extend without error; values round-trip',
    pass: works,
    metrics: [
      { name: 'fields / field columns / table columns', value: `${options.fields} / ${columns} / ${tableColumns.rows[0]?.n ?? '?'}` },
      { name: `createObject (${options.fields} fields)`, value: round(created.ms), unit: 'ms' },
      {
        name: 'DDL of createObject',
        value: `${created.result.plan.ddl.length} statement(s), ${Buffer.byteLength(created.result.plan.ddl.join(';\n')).toLocaleString('en-US')} bytes`,
      },
      { name: `insertRecords (${options.records} records, one jsonb parameter)`, value: round(inserted.ms), unit: 'ms' },
      { name: 'records payload (API shape as JSON)', value: round(payloadBytes / 2 ** 20), unit: 'MiB' },
      { name: 'average row size on disk', value: rowBytes.rows[0]?.avg ?? 0, unit: 'bytes' },
      { name: `select * (${read.result.rows.length} rows × ${read.result.fields.length} columns)`, value: round(read.ms), unit: 'ms' },
      { name: 'to_jsonb(t.*) of all rows, built on the server only', value: round(buildJson.ms), unit: 'ms' },
      { name: 'select to_jsonb(t.*) of all rows (shipped and parsed)', value: round(readJson.ms), unit: 'ms' },
      { name: 'values that did not round-trip', value: mismatches.length, goal: '0', pass: mismatches.length === 0 },
      { name: 'addField on the 800-field object', value: round(added.ms), unit: 'ms', goal: 'works', pass: added.result.applied },
      { name: 'table rewritten by addField', value: fileBefore !== fileAfter, goal: 'no', pass: fileBefore === fileAfter },
    ],
    notes: mismatches.slice(0, 5),
    details: {
      options,
      columns,
      createMs: round(created.ms),
      insertMs: round(inserted.ms),
      selectMs: round(read.ms),
      buildJsonMs: round(buildJson.ms),
      selectJsonMs: round(readJson.ms),
      addFieldMs: round(added.ms),
      payloadBytes,
    },
  };
}

async function relfilenode(ctx: BenchContext, table: string): Promise<number> {
  const { rows } = await ctx.database.pool.query<{ n: number }>('select relfilenode::bigint as n from pg_class where oid = $1::regclass', [table]);
  return Number(rows[0]?.n);
}

/** Compares what was read back with what was inserted; returns the first differences found. */
function verify(object: ObjectDef, rows: Array<Record<string, unknown>>, ids: string[], records: Array<Record<string, unknown>>): string[] {
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  const problems: string[] = [];
  ids.forEach((id, i) => {
    const row = byId.get(id);
    const record = records[i] as Record<string, unknown>;
    if (!row) {
      problems.push(`record ${id} was not read back`);
      return;
    }
    for (const f of object.fields) {
      const expected = record[f.apiName];
      const parts = f.type === 'currency' ? (expected as Record<string, unknown>) : { value: expected };
      for (const [part, value] of Object.entries(parts)) {
        const column = f.columns?.[part] ?? '';
        if (!sameValue(row[column], value))
          problems.push(`${f.apiName}.${part} of record ${i + 1}: wrote ${JSON.stringify(value)}, read ${JSON.stringify(row[column])}`);
      }
    }
  });
  return problems;
}

/** pg returns numeric as string, bigint as number (the platform's parser), date as a local Date. */
function sameValue(read: unknown, written: unknown): boolean {
  if (read instanceof Date) {
    const local = `${read.getFullYear()}-${String(read.getMonth() + 1).padStart(2, '0')}-${String(read.getDate()).padStart(2, '0')}`;
    return local === written;
  }
  if (typeof written === 'number') return Number(read) === written;
  return read === written;
}
