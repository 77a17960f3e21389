import Fastify, { type FastifyInstance } from 'fastify';
import {
  buildSchema,
  type ExecutionResult,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLScalarType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  parse,
  valueFromASTUntyped,
} from 'graphql';
import mercurius from 'mercurius';
import { depthRule } from '../limits/depth-rule.ts';
import { attachScalars } from '../schema/scalars.ts';
import { formatError, GRAPHQL_LIMITS, type GraphqlResponse } from '../tenant-graphql.ts';
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

type Thrown = Map<string, unknown>;

/**
 * A resolver that remembers what it threw, by response path: mercurius reports resolver errors
 * without their original, which carries the stable code and details.
 */
function keepingErrors(resolve: GraphQLFieldResolver<unknown, MetaContext>): GraphQLFieldResolver<unknown, MetaContext & { thrown?: Thrown }> {
  return async (parent, args, context, info) => {
    try {
      return await resolve(parent, args, context, info);
    } catch (error) {
      context.thrown?.set(pathKey(info.path), error);
      throw error;
    }
  };
}

function pathKey(path: { prev: unknown; key: string | number } | undefined): string {
  const keys: Array<string | number> = [];
  for (let at = path; at; at = at.prev as typeof path) keys.unshift(at.key);
  return keys.join('.');
}

/**
 * The executor of `/graphql/meta`. Its schema is the same for every tenant, so one executor (one
 * encapsulated fastify + mercurius, whose query cache is keyed by query text) serves every tenant:
 * a query valid for one tenant is valid for all, and what the cache keeps (the parsed and
 * validated document) holds no tenant's data. The tenant comes from each request's credential,
 * through the context, and every resolver works on that tenant only.
 */
export class MetaGraphql {
  /** Query texts known to parse as GraphQL (mercurius would read other text as a JSON AST). */
  private readonly parsed = new Set<string>();

  private constructor(
    readonly schema: GraphQLSchema,
    private readonly app: FastifyInstance,
  ) {}

  static async build(): Promise<MetaGraphql> {
    const schema = buildMetaSchema();
    const app = Fastify({ logger: false });
    await app.register(mercurius, {
      schema,
      jit: 0,
      cache: META_GRAPHQL_LIMITS.queryCacheSize,
      validationRules: [depthRule(META_GRAPHQL_LIMITS.depth), metaCostRule(META_GRAPHQL_LIMITS.complexity)],
      graphiql: false,
      routes: false,
    });
    await app.ready();
    return new MetaGraphql(schema, app);
  }

  private checkSyntax(query: string): GraphqlResponse | undefined {
    if (this.parsed.has(query)) return undefined;
    try {
      parse(query, { maxTokens: META_GRAPHQL_LIMITS.maxTokens });
    } catch (error) {
      const message = error instanceof GraphQLError ? error.message : 'the query is not a GraphQL document';
      return { status: 400, body: { errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } };
    }
    if (this.parsed.size >= META_GRAPHQL_LIMITS.queryCacheSize) this.parsed.clear();
    this.parsed.add(query);
    return undefined;
  }

  async execute(
    query: string,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: MetaContext,
  ): Promise<GraphqlResponse> {
    const refused = this.checkSyntax(query);
    if (refused) return refused;
    try {
      const thrown: Thrown = new Map();
      const result = (await this.app.graphql(query, { ...context, thrown } as never, variables, operationName)) as ExecutionResult;
      const withOriginal = (e: GraphQLError) => (e.originalError || !e.path ? e : Object.assign(e, { originalError: thrown.get(e.path.join('.')) }));
      return { status: 200, body: result.errors ? { ...result, errors: result.errors.map((e) => formatError(withOriginal(e))) } : result };
    } catch (error) {
      const errors = (error as { errors?: GraphQLError[] }).errors;
      if (Array.isArray(errors)) return { status: 400, body: { errors: errors.map((e) => formatError(e, 'GRAPHQL_VALIDATION_FAILED')) } };
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
