import { GraphQLError, type GraphQLScalarType, Kind, type ValueNode, valueFromASTUntyped } from 'graphql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

interface ScalarBehaviour {
  serialize(value: unknown): unknown;
  parseValue(value: unknown): unknown;
  parseLiteral(ast: ValueNode, variables?: Record<string, unknown> | null): unknown;
}

function invalid(name: string, value: unknown): GraphQLError {
  return new GraphQLError(`${name} cannot represent ${JSON.stringify(value)?.slice(0, 60)}`, { extensions: { code: 'VALIDATION_FAILED' } });
}

function stringScalar(name: string, pattern: RegExp, check: (s: string) => boolean = () => true): ScalarBehaviour {
  const parse = (value: unknown) => {
    if (typeof value !== 'string' || !pattern.test(value) || !check(value)) throw invalid(name, value);
    return value;
  };
  return {
    serialize: (value) => (value instanceof Date ? value.toISOString() : value),
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw invalid(name, valueFromASTUntyped(ast));
      return parse(ast.value);
    },
  };
}

/** Behaviour of the shared scalars (`Date`, `DateTime`, `JSON`, `BigInt`). */
export const scalarBehaviours: Record<string, ScalarBehaviour> = {
  Date: stringScalar('Date', DATE, (s) => !Number.isNaN(Date.parse(s))),
  DateTime: stringScalar('DateTime', DATE_TIME, (s) => !Number.isNaN(Date.parse(s))),
  JSON: {
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
  },
  BigInt: {
    serialize: (value) => (typeof value === 'string' ? Number(value) : value),
    parseValue: (value) => {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid('BigInt', value);
      return value;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.INT) throw invalid('BigInt', valueFromASTUntyped(ast));
      const n = Number(ast.value);
      if (!Number.isSafeInteger(n)) throw invalid('BigInt', ast.value);
      return n;
    },
  },
};

/** Gives the scalars of a schema built from SDL their behaviour. */
export function attachScalars(types: Record<string, unknown>): void {
  for (const [name, behaviour] of Object.entries(scalarBehaviours)) {
    const scalar = types[name] as GraphQLScalarType | undefined;
    if (!scalar) continue;
    Object.assign(scalar, behaviour);
  }
}
