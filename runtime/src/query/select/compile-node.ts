import { AtriumError } from '@atrium/errors';
import { type RawBuilder, sql } from 'kysely';
import { requireFieldRead, requireObjectRead } from '../../access/field-checks.ts';
import { liveRowsSql, visibleLookupSql } from '../../access/row-access.ts';
import type { ObjectModel } from '../../model/tenant-model.ts';
import type { QueryContext } from '../aliases.ts';
import { column, valueSql } from '../field-sql.ts';
import { compileConnection, compilePlainList } from '../list/compile-connection.ts';
import type { NodeSelection } from '../selection.ts';
import { jsonObject } from './json-object.ts';

/** A record's JSON and the LATERAL sub-selects it reads from (nested relations). */
export interface CompiledNode {
  json: RawBuilder<unknown>;
  laterals: RawBuilder<unknown>[];
}

/**
 * The JSON of one record of `object` (row alias `alias`) for a selection. Lookups and to-many
 * relations become LATERAL sub-selects joined to the row, each with its own per-parent limit.
 */
export function compileNode(ctx: QueryContext, object: ObjectModel, alias: string, selection: NodeSelection, depth = 0): CompiledNode {
  if (depth > 8) throw new AtriumError('VALIDATION_FAILED', 'the selection nests relations too deeply (at most 8 levels)');
  const pairs: Array<[string, RawBuilder<unknown>]> = [];
  const laterals: RawBuilder<unknown>[] = [];
  for (const item of selection.items) {
    switch (item.kind) {
      case 'field': {
        const field = object.fields.get(item.field);
        if (!field)
          throw new AtriumError('VALIDATION_FAILED', `"${object.apiName}" has no field "${item.field}"`, [
            { path: `/fields/${item.key}`, code: 'UNKNOWN_FIELD', message: `no field "${item.field}"` },
          ]);
        requireFieldRead(ctx, object, field, `/fields/${item.key}`);
        const relation = object.relations.get(item.field);
        // A lookup selected as a plain field is its id; many-to-many as the list of ids.
        if (field.def?.type === 'manyToMany' && relation?.kind === 'manyToMany') {
          const j = ctx.aliases.next('j');
          const target = targetOf(ctx, relation.target);
          const v = ctx.aliases.next('v');
          pairs.push([
            item.key,
            sql`(select coalesce(json_agg(${sql.id(j, relation.targetColumn)} order by ${sql.id(j, 'created_at')}, ${sql.id(j, relation.targetColumn)}), '[]') from ${sql.id(ctx.model.schema, relation.junction)} as ${sql.id(j)} where ${sql.id(j, relation.sourceColumn)} = ${column(alias, 'id')} and exists (select 1 from ${sql.id(ctx.model.schema, target.table)} as ${sql.id(v)} where ${sql.id(v, 'id')} = ${sql.id(j, relation.targetColumn)} and ${liveRowsSql(ctx, target, v)}))`,
          ]);
        } else if (relation?.kind === 'toOne') {
          pairs.push([item.key, visibleLookupSql(ctx, targetOf(ctx, relation.target), column(alias, relation.column))]);
        } else {
          pairs.push([item.key, valueSql(ctx, object, field, alias)]);
        }
        break;
      }
      case 'constant':
        pairs.push([item.key, sql`${item.value}::text`]);
        break;
      case 'toOne': {
        const relation = object.relations.get(item.relation);
        if (relation?.kind !== 'toOne') throw unknownRelation(object, item.relation);
        const target = targetOf(ctx, relation.target);
        requireObjectRead(ctx, target, `/fields/${item.key}`);
        const field = object.fields.get(item.relation);
        if (field) requireFieldRead(ctx, object, field, `/fields/${item.key}`);
        const inner = ctx.aliases.next('t');
        const lateral = ctx.aliases.next('l');
        const node = compileNode(ctx, target, inner, item.selection, depth + 1);
        laterals.push(
          sql`left join lateral (select ${node.json} as v from ${sql.id(ctx.model.schema, target.table)} as ${sql.id(inner)} ${joinLaterals(node.laterals)} where ${sql.id(inner, 'id')} = ${column(alias, relation.column)} and ${liveRowsSql(ctx, target, inner)}) as ${sql.id(lateral)} on true`,
        );
        pairs.push([item.key, sql`${sql.id(lateral, 'v')}`]);
        break;
      }
      case 'connection':
      case 'list': {
        const relation = object.relations.get(item.relation);
        if (!relation || relation.kind === 'toOne') throw unknownRelation(object, item.relation);
        requireObjectRead(ctx, targetOf(ctx, relation.target), `/fields/${item.key}`);
        const own = object.fields.get(item.relation);
        if (own) requireFieldRead(ctx, object, own, `/fields/${item.key}`);
        const lateral = ctx.aliases.next('l');
        const body =
          item.kind === 'connection'
            ? compileConnection(ctx, targetOf(ctx, relation.target), item.args, item.selection, { parentAlias: alias, relation, depth: depth + 1 })
            : compilePlainList(ctx, targetOf(ctx, relation.target), item.args, item.selection, { parentAlias: alias, relation, depth: depth + 1 });
        laterals.push(sql`left join lateral (${body}) as ${sql.id(lateral)}(v) on true`);
        pairs.push([item.key, sql`${sql.id(lateral, 'v')}`]);
        break;
      }
    }
  }
  return { json: jsonObject(pairs), laterals };
}

export function joinLaterals(laterals: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return laterals.length ? sql.join(laterals, sql` `) : sql``;
}

function targetOf(ctx: QueryContext, apiName: string): ObjectModel {
  const target = ctx.model.objects.get(apiName);
  if (!target) throw new Error(`unknown object ${apiName}`);
  return target;
}

function unknownRelation(object: ObjectModel, name: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', `"${object.apiName}" has no relation "${name}"`, [
    { path: `/expand/${name}`, code: 'UNKNOWN_FIELD', message: `no relation "${name}"` },
  ]);
}
