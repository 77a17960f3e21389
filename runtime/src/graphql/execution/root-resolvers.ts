import { AtriumError } from '@atrium/errors';
import { objectGraphqlNames } from '@atrium/metadata';
import type { Database } from '@atrium/platform';
import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import { sql } from 'kysely';
import type { AccessProfile } from '../../access/access-profile.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ObjectModel, TenantModel } from '../../model/tenant-model.ts';
import { compileAggregate, type GroupByItem } from '../../query/aggregate/compile-aggregate.ts';
import { queryContext } from '../../query/aliases.ts';
import { compileGet, isRecordId } from '../../query/get/compile-get.ts';
import { compileConnection } from '../../query/list/compile-connection.ts';
import { RecordService } from '../../records/record-service.ts';
import { connectionSelection, listArgs, nodeSelection, rootWalk } from './selection-from-info.ts';

/** What every resolver of a tenant's schema gets. */
export interface GraphqlContext {
  database: Database;
  model: TenantModel;
  principal: Principal;
  access: AccessProfile;
}

type Resolver = GraphQLFieldResolver<unknown, GraphqlContext>;

/** Reads one record with the selection of the field being resolved (one statement). */
async function readRecord(context: GraphqlContext, object: ObjectModel, id: string, info: GraphQLResolveInfo): Promise<Record<string, unknown> | null> {
  const { walk, set } = rootWalk(context.model, info);
  const statement = compileGet(queryContext(context.model, new Date(), context.access), object, id, nodeSelection(walk, object, set));
  const result = await statement.execute(context.database.db);
  return result.rows[0]?.v ?? null;
}

/**
 * Compiles the mutation's selection before it writes: a selection the caller may not read (a
 * hidden field) is refused with nothing written.
 */
function checkSelection(context: GraphqlContext, object: ObjectModel, info: GraphQLResolveInfo): void {
  const { walk, set } = rootWalk(context.model, info);
  compileGet(queryContext(context.model, new Date(), context.access), object, '00000000-0000-0000-0000-000000000000', nodeSelection(walk, object, set));
}

/** Query and Mutation resolvers for every object of the tenant. */
export function rootResolvers(model: TenantModel): { Query: Record<string, Resolver>; Mutation: Record<string, Resolver> } {
  const Query: Record<string, Resolver> = {};
  const Mutation: Record<string, Resolver> = {};
  for (const object of model.objects.values()) {
    const n = objectGraphqlNames(object);
    Query[n.queries.one] = async (_root, args, context, info) => {
      const id = (args as { id: unknown }).id;
      return isRecordId(id) ? readRecord(context, object, id, info) : null;
    };
    Query[n.queries.many] = async (_root, args, context, info) => {
      const { walk, set } = rootWalk(context.model, info);
      const statement = compileConnection(
        queryContext(context.model, new Date(), context.access),
        object,
        listArgs(args as Record<string, unknown>),
        connectionSelection(walk, object, set),
      );
      const result = await sql<{ v: unknown }>`${statement}`.execute(context.database.db);
      return result.rows[0]?.v;
    };
    Query[n.queries.aggregate] = async (_root, args, context, info) => {
      const { filter, groupBy } = args as { filter?: unknown; groupBy?: GroupByItem[] };
      const selected = new Set(info.fieldNodes.flatMap((f) => f.selectionSet?.selections ?? []).map((s) => (s.kind === 'Field' ? s.name.value : '')));
      const statement = compileAggregate(queryContext(context.model, new Date(), context.access), object, {
        filter,
        ...(groupBy ? { groupBy } : {}),
        measures: { count: true, sum: selected.has('sum'), avg: selected.has('avg'), min: selected.has('min'), max: selected.has('max') },
      });
      const result = await statement.execute(context.database.db);
      return result.rows.map((r) => r.v);
    };
    const service = (context: GraphqlContext) => new RecordService(context.database, context.model, context.principal, context.access);
    Mutation[n.mutations.create] = async (_root, args, context, info) => {
      checkSelection(context, object, info);
      const id = await service(context).create(object, (args as { input: Record<string, unknown> }).input);
      return readRecord(context, object, id, info);
    };
    Mutation[n.mutations.createMany] = async (_root, args, context, info) => {
      checkSelection(context, object, info);
      const { inputs, upsertBy } = args as { inputs: Record<string, unknown>[]; upsertBy?: string };
      const ids = await service(context).createMany(object, inputs, upsertBy ?? undefined);
      const records = [];
      for (const id of ids) records.push(await readRecord(context, object, id, info));
      return records;
    };
    Mutation[n.mutations.update] = async (_root, args, context, info) => {
      const { id, input, expectedVersion } = args as { id: string; input: Record<string, unknown>; expectedVersion?: number };
      if (!isRecordId(id)) throw notFound(object, id);
      checkSelection(context, object, info);
      await service(context).update(object, id, input, expectedVersion ?? undefined);
      return readRecord(context, object, id, info);
    };
    Mutation[n.mutations.delete] = async (_root, args, context, info) => {
      const { id } = args as { id: string };
      if (!isRecordId(id)) throw notFound(object, id);
      // The record as it was, read before it disappears from live reads.
      const before = await readRecord(context, object, id, info);
      await service(context).delete(object, id);
      return before;
    };
    Mutation[n.mutations.restore] = async (_root, args, context, info) => {
      const { id } = args as { id: string };
      if (!isRecordId(id)) throw notFound(object, id);
      checkSelection(context, object, info);
      await service(context).restore(object, id);
      return readRecord(context, object, id, info);
    };
  }
  return { Query, Mutation };
}

function notFound(object: ObjectModel, id: unknown): AtriumError {
  return new AtriumError('NOT_FOUND', `no ${object.apiName} with id ${String(id)}`);
}
