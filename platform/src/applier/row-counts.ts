import { type QueryExecutorProvider, sql } from 'kysely';

/** Exact below this estimate, the planner's estimate above it (a count of a huge table takes long). */
const EXACT_BELOW = 100_000;

/** Rows per table of the tenant schema, for the plan's "rows affected". */
export async function countRows(tx: QueryExecutorProvider, schema: string, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (tables.length === 0) return counts;
  const { rows } = await sql<{ relname: string; estimate: number }>`
    select c.relname, c.reltuples::bigint as estimate
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${schema} and c.relkind = 'r' and c.relname = any(${tables})`.execute(tx);
  for (const row of rows) {
    const estimate = Number(row.estimate);
    if (estimate >= EXACT_BELOW) {
      counts.set(row.relname, estimate);
      continue;
    }
    const exact = await sql<{ n: number }>`select count(*) as n from ${sql.id(schema, row.relname)}`.execute(tx);
    counts.set(row.relname, Number(exact.rows[0]?.n ?? 0));
  }
  return counts;
}
