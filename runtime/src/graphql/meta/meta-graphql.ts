import { buildSchema, GraphQLError, type GraphQLScalarType, type GraphQLSchema, isObjectType, Kind, valueFromASTUntyped } from 'graphql';
import { GraphqlExecutor, keepingErrors } from '../execution/graphql-executor.ts';
import { depthRule } from '../limits/depth-rule.ts';
import { attachScalars } from '../schema/scalars.ts';
import { GRAPHQL_LIMITS } from '../tenant-graphql.ts';
import { metaCostRule } from './meta-cost-rule.ts';
import { type MetaContext, metaResolvers } from './meta-resolvers.ts';
import { META_SDL } from './meta-sdl.ts';

/** Limits of `/graphql/meta`: the depth and size of `/graphql`, a cost estimate that reads the schema. */
export const META_GRAPHQL_LIMITS = { depth: GRAPHQL_LIMITS.depth, complexity: 50_000, queryCacheSize: 256, maxTokens: 20_000 };

/** `Labels`: a JSON object of locale → text. */
function labelsValue(value: unknown): Record<string, string> {
  const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((text) => typeof text === 'string');
  if (!ok)
    throw new GraphQLError(`Labels are an object of locale → text, e.g. {"en": "Account"}; got ${JSON.stringify(value)?.slice(0, 60)}`, {
      extensions: { code: 'VALIDATION_FAILED' },
    });
  return value as Record<string, string>;
}

/** The meta schema with its scalars and resolvers. */
export function buildMetaSchema(): GraphQLSchema {
  const schema = buildSchema(META_SDL);
  const types = schema.getTypeMap();
  attachScalars(types);
  Object.assign(types.Labels as GraphQLScalarType, {
    serialize: (value: unknown) => value,
    parseValue: labelsValue,
    parseLiteral: (ast: Parameters<typeof valueFromASTUntyped>[0], variables?: Record<string, unknown> | null) =>
      labelsValue(ast.kind === Kind.OBJECT ? valueFromASTUntyped(ast, variables ?? undefined) : valueFromASTUntyped(ast)),
  });
  for (const [typeName, resolvers] of Object.entries(metaResolvers)) {
    const type = types[typeName];
    if (!isObjectType(type)) throw new Error(`the meta schema has no type ${typeName}`);
    const fields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(resolvers)) {
      const field = fields[fieldName];
      if (!field) throw new Error(`the meta schema has no field ${typeName}.${fieldName}`);
      field.resolve = keepingErrors(resolve);
    }
  }
  return schema;
}

/**
 * The executor of `/graphql/meta`. Its schema is the same for every tenant, so one executor (one
 * encapsulated fastify + mercurius, whose query cache is keyed by query text) serves every tenant:
 * a query valid for one tenant is valid for all, and what the cache keeps (the parsed and
 * validated document) holds no tenant's data. The tenant comes from each request's credential,
 * through the context, and every resolver works on that tenant only.
 */
export type MetaGraphql = GraphqlExecutor<MetaContext>;

export const MetaGraphql = {
  build: (): Promise<MetaGraphql> =>
    GraphqlExecutor.build<MetaContext>(buildMetaSchema(), {
      queryCacheSize: META_GRAPHQL_LIMITS.queryCacheSize,
      maxTokens: META_GRAPHQL_LIMITS.maxTokens,
      validationRules: [depthRule(META_GRAPHQL_LIMITS.depth), metaCostRule(META_GRAPHQL_LIMITS.complexity)],
    }),
};
