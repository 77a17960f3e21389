import type { ObjectDef } from '@atrium/metadata';
import { createTenant, type Database, loadBundle, quoteIdent } from '@atrium/platform';
import { columnOf, field, objectDef, picklistField, tableOf } from './field-defs.ts';
import { changeMetadata } from './metadata-change.ts';
import { timed } from './stats.ts';

export const STAGES = ['prospecting', 'qualification', 'negotiation', 'closedWon', 'closedLost'] as const;

/** `bigDeal`: a handful of typical fields. */
export function bigDealDef(): ObjectDef {
  return objectDef('obj_bench_big_deal', 'bigDeal', 'bigDeals', 'name', [
    field('fld_bench_big_name', 'name', 'text', { required: true }),
    field('fld_bench_big_amount', 'amount', 'number', { config: { precision: 18, scale: 2 } }),
    picklistField('fld_bench_big_stage', 'stage', STAGES),
    field('fld_bench_big_close_date', 'closeDate', 'date'),
  ]);
}

/** The physical names the load and the checks use. */
export interface BigTable {
  tenantKey: string;
  tenantId: string;
  schema: string;
  table: string;
  /** `schema`.`table`, quoted. */
  qualified: string;
  columns: { name: string; amount: string; stage: string; closeDate: string };
  oid: number;
}

export interface BigTableLoad {
  table: BigTable;
  rows: number;
  createMs: number;
  loadMs: number;
  vacuumMs: number;
  sizeBytes: number;
}

/**
 * A tenant with `bigDeal` holding `rows` rows, inserted by one `insert … select` over
 * generate_series. Ids are uuid v7-shaped (time-ordered, as the platform's are), which also
 * keeps the primary key's inserts sequential. VACUUM ANALYZE afterwards: statistics are
 * current and autovacuum has no pending work to collide with the benchmark's DDL.
 */
export async function createBigTable(database: Database, tenantKey: string, rows: number): Promise<BigTableLoad> {
  const created = await timed(async () => {
    const tenant = await createTenant(database.db, { key: tenantKey });
    await changeMetadata(database, tenantKey, [{ op: 'createObject', object: bigDealDef() }]);
    return tenant;
  });
  const tenant = created.result;
  const object = (await loadBundle(database.db, tenant.id)).objects.find((o) => o.apiName === 'bigDeal');
  if (!object) throw new Error('bigDeal was not created');
  const schema = tenant.schemaName;
  const table = tableOf(object);
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const columns = {
    name: columnOf(object, 'name'),
    amount: columnOf(object, 'amount'),
    stage: columnOf(object, 'stage'),
    closeDate: columnOf(object, 'closeDate'),
  };
  const q = quoteIdent;
  const stages = `array[${STAGES.map((s) => `'${s}'`).join(', ')}]`;
  const loaded = await timed(() =>
    database.pool.query(
      `insert into ${qualified} ("id", ${q(columns.name)}, ${q(columns.amount)}, ${q(columns.stage)}, ${q(columns.closeDate)})
       select (lpad(to_hex($2::bigint + g), 12, '0') || '7' || substr(m, 1, 3) || '8' || substr(m, 4, 15))::uuid,
              'Deal ' || g, round((g % 100000) * 12.34, 2), (${stages})[1 + g % ${STAGES.length}], date '2024-01-01' + (g % 730)
         from generate_series(1, $1::int) g, lateral (select md5(g::text) as m) h`,
      [rows, Date.now() - rows],
    ),
  );
  const vacuumed = await timed(() => database.pool.query(`vacuum (analyze) ${qualified}`));
  const info = await database.pool.query<{ oid: number; size: number }>(
    'select $1::regclass::oid::int as oid, pg_total_relation_size($1::regclass)::bigint as size',
    [qualified],
  );
  return {
    table: { tenantKey, tenantId: tenant.id, schema, table, qualified, columns, oid: Number(info.rows[0]?.oid) },
    rows,
    createMs: created.ms,
    loadMs: loaded.ms,
    vacuumMs: vacuumed.ms,
    sizeBytes: Number(info.rows[0]?.size),
  };
}

/** Ids spread over the table, for the readers' and writers' random picks. */
export async function sampleIds(database: Database, table: BigTable, count: number): Promise<string[]> {
  const { rows } = await database.pool.query<{ id: string }>(`select "id" from ${table.qualified} tablesample system (1) limit $1`, [count]);
  return rows.map((r) => r.id);
}

export async function relfilenode(database: Database, table: BigTable): Promise<number> {
  const { rows } = await database.pool.query<{ relfilenode: number }>('select relfilenode::bigint as relfilenode from pg_class where oid = $1', [table.oid]);
  return Number(rows[0]?.relfilenode);
}
