import { AtriumError } from '@atrium/errors';
import { type RawBuilder, sql } from 'kysely';
import { requireComparable, requireFieldRead, requireObjectRead } from '../../access/field-checks.ts';
import { liveRowsSql } from '../../access/row-access.ts';
import type { ObjectModel } from '../../model/tenant-model.ts';
import type { QueryContext } from '../aliases.ts';
import { castType, column, comparableSql } from '../field-sql.ts';
import type { OrderByItem } from '../selection.ts';

/** One sort key: an expression, its direction, where its nulls go, and its SQL type for cursors. */
export interface OrderKey {
  expression: RawBuilder<unknown>;
  descending: boolean;
  nullsFirst: boolean;
  cast: string;
  /** Stable description, part of the cursor's signature. */
  label: string;
}

const MAX_ORDER_KEYS = 5;

/**
 * Sort keys for `orderBy` (several fields, nulls first/last, paths through to-one relations),
 * always ending with `id` so that keyset cursors are unambiguous.
 */
export function orderKeys(ctx: QueryContext, object: ObjectModel, alias: string, orderBy: OrderByItem[] | undefined, path = '/orderBy'): OrderKey[] {
  const items = orderBy ?? [];
  if (!Array.isArray(items)) throw bad(path, 'orderBy is a list of {field, direction, nulls}');
  if (items.length > MAX_ORDER_KEYS) throw bad(path, `at most ${MAX_ORDER_KEYS} sort fields`);
  const keys = items.map((item, i) => orderKey(ctx, object, alias, item, `${path}/${i}`));
  keys.push({ expression: column(alias, 'id'), descending: false, nullsFirst: false, cast: 'uuid', label: 'id' });
  return keys;
}

function orderKey(ctx: QueryContext, object: ObjectModel, alias: string, item: OrderByItem, path: string): OrderKey {
  if (typeof item !== 'object' || item === null || typeof item.field !== 'string') throw bad(path, 'a sort item is {field, direction?, nulls?}');
  const direction = (item.direction ?? 'asc').toLowerCase();
  const nulls = (item.nulls ?? 'last').toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') throw bad(`${path}/direction`, 'direction is ASC or DESC');
  if (nulls !== 'first' && nulls !== 'last') throw bad(`${path}/nulls`, 'nulls is FIRST or LAST');
  const { expression, cast } = sortExpression(ctx, object, alias, item.field.split('.'), `${path}/field`);
  return { expression, cast, descending: direction === 'desc', nullsFirst: nulls === 'first', label: `${item.field}:${direction}:${nulls}` };
}

function sortExpression(ctx: QueryContext, object: ObjectModel, alias: string, path: string[], at: string): { expression: RawBuilder<unknown>; cast: string } {
  const [head, ...rest] = path;
  if (!head) throw bad(at, 'empty sort field');
  if (rest.length === 0) {
    const field = object.fields.get(head);
    const type = field?.def?.type;
    if (!field || type === 'manyToMany' || type === 'address' || type === 'json' || type === 'multiPicklist' || type === 'longText' || type === 'richText') {
      throw bad(at, field ? `"${head}" cannot be sorted by` : `"${object.apiName}" has no field "${head}"`);
    }
    requireComparable(ctx, object, field, at);
    return { expression: comparableSql(ctx, object, field, alias), cast: castType(field) };
  }
  const relation = object.relations.get(head);
  if (relation?.kind !== 'toOne') throw bad(at, `"${head}" is not a lookup of "${object.apiName}"; sort through lookups only`);
  const target = ctx.model.objects.get(relation.target);
  if (!target) throw bad(at, `unknown object behind "${head}"`);
  const lookup = object.fields.get(head);
  if (lookup) requireFieldRead(ctx, object, lookup, at);
  requireObjectRead(ctx, target, at);
  const inner = ctx.aliases.next('s');
  const value = sortExpression(ctx, target, inner, rest, at);
  return {
    cast: value.cast,
    expression: sql`(select ${value.expression} from ${sql.id(ctx.model.schema, target.table)} as ${sql.id(inner)} where ${sql.id(inner, 'id')} = ${column(alias, relation.column)} and ${liveRowsSql(ctx, target, inner)})`,
  };
}

/** `ORDER BY` for the keys, optionally reversed (backward pagination). */
export function orderBySql(keys: OrderKey[], reversed = false): RawBuilder<unknown> {
  return sql.join(
    keys.map((k) => {
      const descending = k.descending !== reversed;
      const nullsFirst = k.nullsFirst !== reversed;
      return sql`${k.expression} ${sql.raw(descending ? 'desc' : 'asc')} nulls ${sql.raw(nullsFirst ? 'first' : 'last')}`;
    }),
  );
}

function bad(path: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', `bad sort at ${path}: ${message}`, [{ path, code: 'INVALID_SORT', message }]);
}
