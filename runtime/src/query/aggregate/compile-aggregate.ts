import { AtriumError } from '@atrium/errors';
import { type RawBuilder, sql } from 'kysely';
import { canReadField, requireComparable, requireObjectRead } from '../../access/field-checks.ts';
import { liveRowsSql, visibleLookupSql } from '../../access/row-access.ts';
import type { FieldModel, ObjectModel } from '../../model/tenant-model.ts';
import type { QueryContext } from '../aliases.ts';
import { castType, comparableSql } from '../field-sql.ts';
import { compileFilter } from '../filter/compile-filter.ts';
import { jsonObject } from '../select/json-object.ts';

export interface GroupByItem {
  field: string;
  bucket?: 'day' | 'week' | 'month' | 'quarter' | 'year';
}

export interface AggregateRequest {
  filter?: unknown;
  groupBy?: GroupByItem[];
  /** Which measures to compute (GraphQL: the selected fields). */
  measures: { count: boolean; sum: boolean; avg: boolean; min: boolean; max: boolean };
}

const NUMERIC = new Set(['numeric', 'bigint', 'integer']);
const ORDERED = new Set(['numeric', 'bigint', 'integer', 'date', 'timestamptz']);

/**
 * Counts, sums, averages, minimums and maximums, grouped by fields and date buckets (in the
 * tenant's time zone and week start): one statement, one row per group with `group`, `count`,
 * `sum`, `avg`, `min`, `max` as JSON.
 */
export function compileAggregate(ctx: QueryContext, object: ObjectModel, request: AggregateRequest, path = ''): RawBuilder<{ v: Record<string, unknown> }> {
  requireObjectRead(ctx, object, path);
  const alias = ctx.aliases.next('a');
  const groups = (request.groupBy ?? []).map((g, i) => groupExpression(ctx, object, alias, g, `${path}/groupBy/${i}`));
  if (groups.length > 5)
    throw new AtriumError('VALIDATION_FAILED', 'group by at most 5 fields', [{ path: `${path}/groupBy`, code: 'TOO_MANY_GROUPS', message: 'at most 5' }]);
  // Sums and extremes cover the fields the caller may read (hidden ones are left out, never leaked).
  const fields = [...object.fields.values()].filter((f) => f.def && f.def.type !== 'formula' && f.def.type !== 'autoNumber' && canReadField(ctx, object, f));
  const numeric = fields.filter((f) => NUMERIC.has(castType(f)));
  const ordered = fields.filter((f) => ORDERED.has(castType(f)));
  const measure = (fn: string, list: FieldModel[]) => jsonObject(list.map((f) => [f.apiName, sql`${sql.raw(fn)}(${comparableSql(ctx, object, f, alias)})`]));
  const groupColumns = groups.map((_, i) => sql.id(alias, `g${i}`));
  const out: Array<[string, RawBuilder<unknown>]> = [
    ['group', jsonObject(groups.map((g, i) => [g.key, groupColumns[i] as RawBuilder<unknown>]))],
    ['count', sql`count(*)`],
  ];
  if (request.measures.sum) out.push(['sum', measure('sum', numeric)]);
  if (request.measures.avg) out.push(['avg', measure('avg', numeric)]);
  if (request.measures.min) out.push(['min', measure('min', ordered)]);
  if (request.measures.max) out.push(['max', measure('max', ordered)]);
  const where = sql`${liveRowsSql(ctx, object, alias)} and ${compileFilter(ctx, object, alias, request.filter, `${path}/filter`)}`;
  // Group keys are computed once in a sub-select, so GROUP BY names columns, not expressions.
  const keys = groups.map((g, i) => sql`${g.expression} as ${sql.id(`g${i}`)}`);
  const rows = sql`(select ${sql.join([sql`${sql.id(alias)}.*`, ...keys])} from ${sql.id(ctx.model.schema, object.table)} as ${sql.id(alias)} where ${where}) as ${sql.id(alias)}`;
  const groupBy = groups.length ? sql` group by ${sql.join(groupColumns)} order by ${sql.join(groupColumns.map((c) => sql`${c} nulls last`))}` : sql``;
  return sql<{ v: Record<string, unknown> }>`select ${jsonObject(out)} as v from ${rows}${groupBy} limit 10000`;
}

function groupExpression(
  ctx: QueryContext,
  object: ObjectModel,
  alias: string,
  item: GroupByItem,
  at: string,
): { key: string; expression: RawBuilder<unknown> } {
  const field = object.fields.get(item.field);
  const type = field?.def?.type;
  if (!field || type === 'manyToMany' || type === 'address' || type === 'json' || type === 'longText' || type === 'richText') {
    throw new AtriumError('VALIDATION_FAILED', `cannot group "${object.apiName}" by "${item.field}"`, [
      { path: `${at}/field`, code: 'INVALID_GROUP', message: field ? 'this field cannot be grouped by' : 'no such field' },
    ]);
  }
  requireComparable(ctx, object, field, `${at}/field`);
  const relation = object.relations.get(item.field);
  const target = relation?.kind === 'toOne' ? ctx.model.objects.get(relation.target) : undefined;
  // Groups by a lookup are keyed by the ids the caller may see: hidden targets group with "none".
  const expression = target ? visibleLookupSql(ctx, target, comparableSql(ctx, object, field, alias)) : comparableSql(ctx, object, field, alias);
  if (!item.bucket) return { key: item.field, expression };
  if (!['day', 'week', 'month', 'quarter', 'year'].includes(item.bucket)) {
    throw new AtriumError('VALIDATION_FAILED', `unknown date bucket "${item.bucket}"`, [
      { path: `${at}/bucket`, code: 'INVALID_GROUP', message: 'day, week, month, quarter or year' },
    ]);
  }
  const cast = castType(field);
  if (cast !== 'date' && cast !== 'timestamptz') {
    throw new AtriumError('VALIDATION_FAILED', `"${item.field}" is not a date: it has no ${item.bucket} buckets`, [
      { path: `${at}/bucket`, code: 'INVALID_GROUP', message: 'buckets apply to dates' },
    ]);
  }
  const local = cast === 'date' ? sql`${expression}::timestamp` : sql`(${expression} at time zone ${ctx.model.timeZone})`;
  // Weeks start on the tenant's week start (1 = Monday ... 7 = Sunday); PostgreSQL's weeks start on Monday.
  const shift = (ctx.model.weekStart - 1 + 7) % 7;
  const truncated =
    item.bucket === 'week' && shift !== 0
      ? sql`(date_trunc('week', ${local} - make_interval(days => ${sql.lit(shift)})) + make_interval(days => ${sql.lit(shift)}))::date`
      : sql`date_trunc(${sql.lit(item.bucket)}, ${local})::date`;
  return { key: `${item.field}_${item.bucket}`, expression: truncated };
}
