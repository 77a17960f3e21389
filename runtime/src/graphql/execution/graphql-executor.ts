import { isAtriumError } from '@atrium/errors';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ExecutionResult, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, parse, type ValidationRule } from 'graphql';
import mercurius from 'mercurius';

export interface GraphqlResponse {
  status: number;
  body: ExecutionResult | { errors: unknown[] };
}

export interface ExecutorOptions {
  /** Parsed and validated queries kept (mercurius's cache, keyed by query text). */
  queryCacheSize: number;
  /** Tokens a query may have before it is refused unparsed. */
  maxTokens: number;
  validationRules: ValidationRule[];
  /** Errors a resolver threw that the caller handles itself rather than answering them (a stale schema). */
  rethrow?: (error: unknown) => boolean;
}

type Thrown = Map<string, unknown>;

/**
 * A GraphQL schema served by its own encapsulated fastify + mercurius (no JIT: graphql-jit compiles
 * input coercion of recursive filter types for seconds, synchronously, and answers coercion errors
 * differently from graphql-js). Answers carry Atrium's stable codes in `extensions.code`; text that
 * is not a GraphQL document is refused before mercurius sees it.
 */
export class GraphqlExecutor<Context extends object> {
  /** Query texts known to parse as GraphQL (mercurius would read other text as a JSON AST). */
  private readonly parsed = new Set<string>();

  private constructor(
    readonly schema: GraphQLSchema,
    private readonly app: FastifyInstance,
    private readonly options: ExecutorOptions,
  ) {}

  static async build<Context extends object>(schema: GraphQLSchema, options: ExecutorOptions): Promise<GraphqlExecutor<Context>> {
    const app = Fastify({ logger: false });
    await app.register(mercurius, {
      schema,
      jit: 0,
      cache: options.queryCacheSize,
      validationRules: options.validationRules,
      graphiql: false,
      routes: false,
    });
    await app.ready();
    return new GraphqlExecutor<Context>(schema, app, options);
  }

  private checkSyntax(query: string): GraphqlResponse | undefined {
    if (this.parsed.has(query)) return undefined;
    try {
      parse(query, { maxTokens: this.options.maxTokens });
    } catch (error) {
      const message = error instanceof GraphQLError ? error.message : 'the query is not a GraphQL document';
      return { status: 400, body: { errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } };
    }
    if (this.parsed.size >= this.options.queryCacheSize) this.parsed.clear();
    this.parsed.add(query);
    return undefined;
  }

  async execute(query: string, variables: Record<string, unknown> | undefined, operationName: string | undefined, context: Context): Promise<GraphqlResponse> {
    const refused = this.checkSyntax(query);
    if (refused) return refused;
    try {
      const thrown: Thrown = new Map();
      const result = (await this.app.graphql(query, { ...context, thrown } as never, variables, operationName)) as ExecutionResult;
      const rethrow = this.options.rethrow;
      if (rethrow) for (const error of thrown.values()) if (rethrow(error)) throw error;
      // graphql-js wraps what a resolver threw; the resolvers kept the original by response path.
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

/** A resolver that remembers what it threw, by response path, for the error's stable code. */
export function keepingErrors<Context>(resolve: GraphQLFieldResolver<unknown, Context>): GraphQLFieldResolver<unknown, Context & { thrown?: Thrown }> {
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
