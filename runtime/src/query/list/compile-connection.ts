import { AtriumError } from '@atrium/errors';
import { type RawBuilder, sql } from 'kysely';
import { requireObjectRead } from '../../access/field-checks.ts';
import { liveRowsSql } from '../../access/row-access.ts';
import type { ObjectModel, RelationModel } from '../../model/tenant-model.ts';
import type { QueryContext } from '../aliases.ts';
import { column } from '../field-sql.ts';
import { compileFilter } from '../filter/compile-filter.ts';
import { afterCursorSql, cursorSql, decodeCursor } from '../order/cursor.ts';
import { type OrderKey, orderBySql, orderKeys } from '../order/order-keys.ts';
import { compileNode, joinLaterals } from '../select/compile-node.ts';
import { jsonObject } from '../select/json-object.ts';
import { type ConnectionSelection, DEFAULT_PAGE_SIZE, type ListArgs, MAX_PAGE_SIZE, type NodeSelection } from '../selection.ts';

/** A nested list: the parent row and the relation leading from it. */
export interface NestedScope {
  parentAlias: string;
  relation: RelationModel;
  depth: number;
}

interface PageShape {
  alias: string;
  keys: OrderKey[];
  backward: boolean;
  size: number;
  /** Conditions of the list without the cursor (also for totalCount). */
  where: (alias: string) => RawBuilder<unknown>;
  cursorWhere: RawBuilder<unknown>[];
  hasAfter: boolean;
  hasBefore: boolean;
}

/** The page size asked for: `first` or `last`, default 50, at most MAX_PAGE_SIZE. */
export function pageSize(args: ListArgs, path = ''): number {
  if (args.first !== undefined && args.last !== undefined) throw bad(`${path}/last`, 'give first or last, not both');
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0) throw bad(`${path}/${args.last !== undefined ? 'last' : 'first'}`, 'a page size is a whole number ≥ 0');
  if (size > MAX_PAGE_SIZE) {
    throw new AtriumError('VALIDATION_FAILED', `a page holds at most ${MAX_PAGE_SIZE} records`, [
      { path: `${path}/${args.last !== undefined ? 'last' : 'first'}`, code: 'PAGE_TOO_LARGE', message: `at most ${MAX_PAGE_SIZE}` },
    ]);
  }
  return size;
}

function pageShape(ctx: QueryContext, object: ObjectModel, args: ListArgs, nested: NestedScope | undefined, path: string): PageShape {
  requireObjectRead(ctx, object, path);
  const alias = ctx.aliases.next('c');
  const keys = orderKeys(ctx, object, alias, args.orderBy, `${path}/orderBy`);
  const size = pageSize(args, path);
  const backward = args.last !== undefined || (args.before !== undefined && args.first === undefined);
  const where = (a: string): RawBuilder<unknown> => {
    const parts = [liveRowsSql(ctx, object, a), compileFilter(ctx, object, a, args.filter, `${path}/filter`)];
    if (nested) parts.push(linkCondition(ctx, nested, a));
    return sql.join(parts, sql` and `);
  };
  const cursorWhere: RawBuilder<unknown>[] = [];
  if (args.after !== undefined && args.after !== null) cursorWhere.push(afterCursorSql(keys, decodeCursor(args.after, keys, `${path}/after`), false));
  if (args.before !== undefined && args.before !== null) cursorWhere.push(afterCursorSql(keys, decodeCursor(args.before, keys, `${path}/before`), true));
  return { alias, keys, backward, size, where, cursorWhere, hasAfter: args.after != null, hasBefore: args.before != null };
}

function linkCondition(ctx: QueryContext, nested: NestedScope, alias: string): RawBuilder<unknown> {
  const { relation, parentAlias } = nested;
  if (relation.kind === 'toMany') return sql`${sql.id(alias, relation.column)} = ${column(parentAlias, 'id')}`;
  if (relation.kind === 'manyToMany') {
    const j = ctx.aliases.next('j');
    return sql`exists (select 1 from ${sql.id(ctx.model.schema, relation.junction)} as ${sql.id(j)} where ${sql.id(j, relation.sourceColumn)} = ${column(parentAlias, 'id')} and ${sql.id(j, relation.targetColumn)} = ${sql.id(alias, 'id')})`;
  }
  throw new Error('a to-one relation is not a list');
}

/**
 * A Relay connection (`edges { cursor node }`, `nodes`, `pageInfo`, `totalCount`) as one SELECT
 * returning one JSON value: the page is a CTE read with keyset conditions and `limit n + 1`
 * (for hasNextPage); `totalCount` counts the same conditions.
 */
export function compileConnection(
  ctx: QueryContext,
  object: ObjectModel,
  args: ListArgs,
  selection: ConnectionSelection,
  nested?: NestedScope,
  path = '',
): RawBuilder<unknown> {
  const shape = pageShape(ctx, object, args, nested, path);
  const { alias, keys, backward, size } = shape;
  const columns: RawBuilder<unknown>[] = [];
  const laterals: RawBuilder<unknown>[] = [];
  const out: Array<[string, RawBuilder<unknown>]> = [];
  const needsCursor = selection.items.some((i) => i.kind === 'pageInfo' || (i.kind === 'edges' && i.cursorKeys.length > 0));
  if (needsCursor) columns.push(sql`${cursorSql(keys)} as cur`);
  const ordered = sql.raw(backward ? 'ord desc' : 'ord');
  const inPage = sql`ord <= ${size}`;
  selection.items.forEach((item, i) => {
    const col = sql.id(`x${i}`);
    switch (item.kind) {
      case 'edges': {
        const pairs: Array<[string, RawBuilder<unknown>]> = item.cursorKeys.map((k) => [k, sql`${cursorSql(keys)}`]);
        for (const node of item.nodeKeys) {
          const compiled = compileNode(ctx, object, alias, node.selection, (nested?.depth ?? 0) + 1);
          laterals.push(...compiled.laterals);
          pairs.push([node.key, compiled.json]);
        }
        for (const t of item.typename ?? []) pairs.push([t.key, sql`${t.value}::text`]);
        columns.push(sql`${jsonObject(pairs)} as ${col}`);
        out.push([item.key, sql`(select coalesce(json_agg(${col} order by ${ordered}), '[]') from page where ${inPage})`]);
        break;
      }
      case 'nodes': {
        const compiled = compileNode(ctx, object, alias, item.selection, (nested?.depth ?? 0) + 1);
        laterals.push(...compiled.laterals);
        columns.push(sql`${compiled.json} as ${col}`);
        out.push([item.key, sql`(select coalesce(json_agg(${col} order by ${ordered}), '[]') from page where ${inPage})`]);
        break;
      }
      case 'pageInfo': {
        const more = sql`((select count(*) from page) > ${size})`;
        const info: Array<[string, RawBuilder<unknown>]> = item.fields.map((f) => {
          switch (f.name) {
            case 'hasNextPage':
              return [f.key, backward ? sql`${shape.hasBefore}::boolean` : more];
            case 'hasPreviousPage':
              return [f.key, backward ? more : sql`${shape.hasAfter}::boolean`];
            case 'startCursor':
              return [f.key, sql`(select cur from page where ${inPage} order by ${ordered} limit 1)`];
            case 'endCursor':
              return [f.key, sql`(select cur from page where ${inPage} order by ${sql.raw(backward ? 'ord' : 'ord desc')} limit 1)`];
            default:
              return [f.key, sql`${f.value ?? 'PageInfo'}::text`];
          }
        });
        out.push([item.key, jsonObject(info)]);
        break;
      }
      case 'totalCount': {
        const t = ctx.aliases.next('n');
        out.push([item.key, sql`(select count(*) from ${sql.id(ctx.model.schema, object.table)} as ${sql.id(t)} where ${shape.where(t)})`]);
        break;
      }
      case 'constant':
        out.push([item.key, sql`${item.value}::text`]);
        break;
    }
  });
  const hasPage = selection.items.some((i) => i.kind !== 'totalCount' && i.kind !== 'constant');
  if (!hasPage) return sql`select ${jsonObject(out)} as v`;
  columns.push(sql`row_number() over (order by ${orderBySql(keys, backward)}) as ord`);
  const where = sql.join([shape.where(alias), ...shape.cursorWhere], sql` and `);
  return sql`with page as (select ${sql.join(columns)} from ${sql.id(ctx.model.schema, object.table)} as ${sql.id(alias)} ${joinLaterals(laterals)} where ${where} order by ${orderBySql(keys, backward)} limit ${size + 1}) select ${jsonObject(out)} as v`;
}

/** A plain JSON array of records (REST `expand` of a to-many relation), with its own limit per parent. */
export function compilePlainList(
  ctx: QueryContext,
  object: ObjectModel,
  args: ListArgs,
  selection: NodeSelection,
  nested?: NestedScope,
  path = '',
): RawBuilder<unknown> {
  const shape = pageShape(ctx, object, args, nested, path);
  const { alias, keys, size } = shape;
  const node = compileNode(ctx, object, alias, selection, (nested?.depth ?? 0) + 1);
  const where = sql.join([shape.where(alias), ...shape.cursorWhere], sql` and `);
  return sql`select coalesce(json_agg(p.v order by p.ord), '[]') as v from (select ${node.json} as v, row_number() over (order by ${orderBySql(keys)}) as ord from ${sql.id(ctx.model.schema, object.table)} as ${sql.id(alias)} ${joinLaterals(node.laterals)} where ${where} order by ${orderBySql(keys)} limit ${size}) as p`;
}

function bad(path: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code: 'INVALID_PAGE', message }]);
}
