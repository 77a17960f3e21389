import { type RawBuilder, sql } from 'kysely';
import { requireObjectRead } from '../../access/field-checks.ts';
import { liveRowsSql } from '../../access/row-access.ts';
import type { ObjectModel } from '../../model/tenant-model.ts';
import type { QueryContext } from '../aliases.ts';
import { compileNode, joinLaterals } from '../select/compile-node.ts';
import type { NodeSelection } from '../selection.ts';

/** One live record by id as JSON (`v`), nested relations included: one statement. */
export function compileGet(ctx: QueryContext, object: ObjectModel, id: string, selection: NodeSelection): RawBuilder<{ v: Record<string, unknown> }> {
  requireObjectRead(ctx, object);
  const alias = ctx.aliases.next('r');
  const node = compileNode(ctx, object, alias, selection);
  return sql<{
    v: Record<string, unknown>;
  }>`select ${node.json} as v from ${sql.id(ctx.model.schema, object.table)} as ${sql.id(alias)} ${joinLaterals(node.laterals)} where ${sql.id(alias, 'id')} = ${id}::uuid and ${liveRowsSql(ctx, object, alias)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else cannot name a record (and is answered like a missing one). */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
