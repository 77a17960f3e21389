import { AtriumError } from '@atrium/errors';
import { buildSchema, type GraphQLSchema, isObjectType } from 'graphql';
import type { TenantModel } from '../model/tenant-model.ts';
import { isStaleSchemaError } from '../tenancy/stale-schema.ts';
import { GraphqlExecutor, keepingErrors } from './execution/graphql-executor.ts';
import { type GraphqlContext, rootResolvers } from './execution/root-resolvers.ts';
import { complexityRule } from './limits/complexity-rule.ts';
import { depthRule } from './limits/depth-rule.ts';
import { attachScalars } from './schema/scalars.ts';
import { tenantSdl } from './schema/tenant-sdl.ts';

/** Limits of the public GraphQL API; each refusal is an error with a stable code. */
export const GRAPHQL_LIMITS = { depth: 10, complexity: 20_000, queryCacheSize: 256, maxTokens: 20_000 };

/**
 * One tenant's GraphQL executor at one metadata version (DESIGN.md §6): its own schema in its own
 * encapsulated fastify + mercurius (whose query cache is keyed by query text alone, so tenants
 * never share one), with a small query cache. SQL compiled for an older metadata version is
 * thrown to the caller, which reloads the tenant and retries.
 */
export type TenantGraphql = GraphqlExecutor<GraphqlContext>;

export const TenantGraphql = {
  build: (model: TenantModel): Promise<TenantGraphql> =>
    GraphqlExecutor.build<GraphqlContext>(buildTenantSchema(model), {
      queryCacheSize: GRAPHQL_LIMITS.queryCacheSize,
      maxTokens: GRAPHQL_LIMITS.maxTokens,
      // Depth without introspection (mercurius's queryDepth counts it, refusing GraphQL tools' introspection query).
      validationRules: [depthRule(GRAPHQL_LIMITS.depth), complexityRule(GRAPHQL_LIMITS.complexity)],
      rethrow: isStaleSchemaError,
    }),
};

/** The schema built from the tenant's SDL, with scalars, root resolvers and alias-aware field resolvers. */
export function buildTenantSchema(model: TenantModel): GraphQLSchema {
  const schema = buildSchema(tenantSdl(model));
  const types = schema.getTypeMap();
  attachScalars(types);
  const roots = rootResolvers(model);
  for (const type of Object.values(types)) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = type.getFields();
    const own = type.name === 'Query' ? roots.Query : type.name === 'Mutation' ? roots.Mutation : undefined;
    for (const field of Object.values(fields)) {
      if (own) {
        const resolver = own[field.name];
        if (resolver) field.resolve = keepingErrors(resolver);
        continue;
      }
      // PostgreSQL built the JSON under the response keys (aliases included).
      field.resolve =
        type.name === 'User'
          ? (parent: unknown) => (typeof parent === 'string' ? parent : (parent as { id?: string } | null)?.id)
          : (parent: unknown, _args, _ctx, info) => (parent as Record<string, unknown> | null)?.[info.path.key as string];
    }
  }
  return schema;
}

export { formatError, type GraphqlResponse } from './execution/graphql-executor.ts';
export { AtriumError };
