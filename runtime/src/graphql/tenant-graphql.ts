import { AtriumError, isAtriumError } from '@atrium/errors';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildSchema, type ExecutionResult, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, isObjectType, parse } from 'graphql';
import mercurius from 'mercurius';
import type { TenantModel } from '../model/tenant-model.ts';
import { isStaleSchemaError } from '../tenancy/stale-schema.ts';
import { type GraphqlContext, rootResolvers } from './execution/root-resolvers.ts';
import { complexityRule } from './limits/complexity-rule.ts';
import { depthRule } from './limits/depth-rule.ts';
import { attachScalars } from './schema/scalars.ts';
import { tenantSdl } from './schema/tenant-sdl.ts';

/** Limits of the public GraphQL API; each refusal is an error with a stable code. */
export const GRAPHQL_LIMITS = { depth: 10, complexity: 20_000, queryCacheSize: 256 };

export interface GraphqlResponse {
  status: number;
  body: ExecutionResult | { errors: unknown[] };
}

/**
 * One tenant's GraphQL executor at one metadata version (DESIGN.md §6): its own schema in its own
 * encapsulated fastify + mercurius (whose query cache is keyed by query text alone, so tenants
 * never share one), with a small query cache and JIT compilation of repeated queries.
 */
export class TenantGraphql {
  /** Query texts known to parse as GraphQL (mercurius would read other text as a JSON AST). */
  private readonly parsed = new Set<string>();

  private constructor(
    readonly schema: GraphQLSchema,
    private readonly app: FastifyInstance,
  ) {}

  /** Refuses text that is not a GraphQL document before mercurius sees it. */
  private checkSyntax(query: string): GraphqlResponse | undefined {
    if (this.parsed.has(query)) return undefined;
    try {
      parse(query, { maxTokens: 20_000 });
    } catch (error) {
      const message = error instanceof GraphQLError ? error.message : 'the query is not a GraphQL document';
      return { status: 400, body: { errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } };
    }
    if (this.parsed.size >= GRAPHQL_LIMITS.queryCacheSize) this.parsed.clear();
    this.parsed.add(query);
    return undefined;
  }

  static async build(model: TenantModel): Promise<TenantGraphql> {
    const schema = buildTenantSchema(model);
    const app = Fastify({ logger: false });
    await app.register(mercurius, {
      schema,
      // No JIT: graphql-jit compiles input coercion of the recursive filter types for seconds,
      // synchronously, and answers coercion errors differently from graphql-js.
      jit: 0,
      cache: GRAPHQL_LIMITS.queryCacheSize,
      // Depth without introspection (mercurius's queryDepth counts it, refusing GraphQL tools' introspection query).
      validationRules: [depthRule(GRAPHQL_LIMITS.depth), complexityRule(GRAPHQL_LIMITS.complexity)],
      graphiql: false,
      routes: false,
    });
    await app.ready();
    return new TenantGraphql(schema, app);
  }

  async execute(
    query: string,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: GraphqlContext,
  ): Promise<GraphqlResponse> {
    const refused = this.checkSyntax(query);
    if (refused) return refused;
    try {
      const thrown = new Map<string, unknown>();
      const result = (await this.app.graphql(query, { ...context, thrown } as never, variables, operationName)) as ExecutionResult;
      // Compiled (JIT) queries report errors without their original: the resolvers kept them by path.
      // SQL compiled for an older metadata version: let the caller reload the tenant and retry.
      for (const error of thrown.values()) if (isStaleSchemaError(error)) throw error;
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

/** Root resolvers remember what they threw, by response path, for the error's stable code. */
function keepingErrors(
  resolver: GraphQLFieldResolver<unknown, GraphqlContext>,
): GraphQLFieldResolver<unknown, GraphqlContext & { thrown?: Map<string, unknown> }> {
  return async (root, args, context, info) => {
    try {
      return await resolver(root, args, context, info);
    } catch (error) {
      context.thrown?.set(String(info.path.key), error);
      throw error;
    }
  };
}

/** A GraphQL error with Atrium's stable code in `extensions.code`; unexpected errors are masked. */
export function formatError(error: GraphQLError, fallbackCode = 'INTERNAL'): Record<string, unknown> {
  const original = (error as { originalError?: unknown }).originalError;
  const base = { message: error.message, ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
  if (isAtriumError(original))
    return { ...base, message: original.message, extensions: { code: original.code, ...(original.details.length ? { details: original.details } : {}) } };
  const code = (error.extensions as { code?: string } | undefined)?.code;
  const variable = variableProblem(error.message);
  if (variable) return { ...base, extensions: { code: 'VALIDATION_FAILED', details: [variable] } };
  if (code && code !== 'INTERNAL_SERVER_ERROR') return { ...base, extensions: { code } };
  if (original && !(original as { errors?: unknown }).errors && fallbackCode === 'INTERNAL') {
    // Unexpected: masked for the client, logged whole for the operator.
    process.stderr.write(`graphql internal error at ${error.path?.join('.') ?? '?'}: ${(original as Error).stack ?? String(original)}\n`);
    return { ...base, message: 'internal error', extensions: { code: 'INTERNAL' } };
  }
  return { ...base, extensions: { code: fallbackCode === 'INTERNAL' && !original ? 'BAD_REQUEST' : fallbackCode } };
}

/**
 * A variable graphql-js refused while coercing it (`Variable "$input" got invalid value "yes" at
 * "input.won"; ...`): VALIDATION_FAILED with the path into the variables, like REST's field errors.
 */
function variableProblem(message: string): { path: string; code: string; message: string } | undefined {
  const match = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value|of required type|of non-null type)/.exec(message);
  if (!match) return undefined;
  const at = /at "([^"]+)"/.exec(message)?.[1] ?? match[1] ?? '';
  const field = /Field "([^"]+)" is not defined/.exec(message)?.[1];
  const path = `/variables/${at.replaceAll('.', '/')}${field ? `/${field}` : ''}`;
  return { path, code: 'INVALID_VALUE', message };
}

export { AtriumError };
