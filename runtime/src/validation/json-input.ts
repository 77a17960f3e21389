import { AtriumError, type ErrorDetail } from '@atrium/errors';
import { createAjv } from '@atrium/metadata';
import type { ErrorObject } from 'ajv';

/*
 * Inputs checked against JSON Schemas (ajv) — REST bodies and query strings, GraphQL inputs —
 * answered as VALIDATION_FAILED with a JSON pointer and a stable detail code per problem
 * (docs/errors.md). Query parameters are strings; their schemas are applied with type coercion
 * ("20" → 20), and a parameter given twice is refused.
 */

const bodies = createAjv({ allErrors: true });
const queries = createAjv({ allErrors: true, coerceTypes: true });

const CODES: Record<string, string> = {
  required: 'REQUIRED',
  additionalProperties: 'UNKNOWN_MEMBER',
  type: 'INVALID_TYPE',
  enum: 'INVALID_VALUE',
  const: 'INVALID_VALUE',
  pattern: 'INVALID_VALUE',
  format: 'INVALID_VALUE',
  minLength: 'REQUIRED',
  maxLength: 'TOO_LONG',
  minimum: 'OUT_OF_RANGE',
  maximum: 'OUT_OF_RANGE',
  minItems: 'REQUIRED',
  maxItems: 'TOO_MANY',
  uniqueItems: 'DUPLICATE',
};

/** Patterns with a meaning of their own: a non-blank text, an id. */
const NOT_BLANK = '\\S';
const ID_PATTERN = /^\^\[0-9a-fA-F\]\{8\}/;

/** One ajv error as a problem detail, its path under `prefix` (`/query`, `/input`, or '' for a body). */
export function detailOf(error: ErrorObject, prefix = '', unknownCode = 'UNKNOWN_MEMBER'): ErrorDetail {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[]; format?: string; pattern?: string };
  const member = params.missingProperty ?? params.additionalProperty;
  const path = `${prefix}${member !== undefined ? `${error.instancePath}/${member}` : error.instancePath}` || '/';
  let code = CODES[error.keyword] ?? 'INVALID_VALUE';
  let message = error.message ?? 'invalid';
  if (error.keyword === 'additionalProperties') {
    code = unknownCode;
    message = `unknown ${unknownCode === 'UNKNOWN_PARAMETER' ? 'parameter' : 'member'} "${member}"`;
  } else if (error.keyword === 'required') message = `"${member}" is required`;
  else if (error.keyword === 'enum') message = `one of ${(params.allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  else if (error.keyword === 'format' && params.format === 'email') {
    code = 'INVALID_EMAIL';
    message = 'use an email address such as ada@example.com';
  } else if (error.keyword === 'pattern' && params.pattern === NOT_BLANK) {
    code = 'REQUIRED';
    message = 'must not be blank';
  } else if (error.keyword === 'pattern' && ID_PATTERN.test(params.pattern ?? ''))
    message = /parentId\//.test(error.schemaPath) ? 'a role id (uuid)' : 'an id (uuid)';
  return { path, code, message };
}

function failed(what: string, details: ErrorDetail[]): AtriumError {
  return new AtriumError('VALIDATION_FAILED', `${what} is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}

/**
 * An input check: the JSON object the schema describes, or VALIDATION_FAILED with paths under
 * `prefix` ('' for a REST body, `/input` for a GraphQL argument); `describe` names it in messages.
 */
export function inputValidator<T>(schema: object): (input: unknown, options?: { prefix?: string; describe?: string }) => T {
  const validate = bodies.compile(schema);
  return (input, { prefix = '', describe = 'the body' } = {}) => {
    const value = input ?? {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw failed(describe, [{ path: prefix || '/', code: 'INVALID_TYPE', message: `${describe} is a JSON object` }]);
    if (!validate(value))
      throw failed(
        describe,
        (validate.errors ?? []).map((e) => detailOf(e, prefix)),
      );
    return value as T;
  };
}

/** A REST body check: the JSON object the schema describes, or VALIDATION_FAILED (paths into the body). */
export function bodyValidator<T>(schema: object): (body: unknown) => T {
  const check = inputValidator<T>(schema);
  return (body) => check(body);
}

/** A query-string check (paths under `/query`): parameters given once, values coerced to the schema's types. */
export function queryValidator<T>(schema: object): (query: unknown) => T {
  const validate = queries.compile(schema);
  return (query) => {
    const value = { ...((query ?? {}) as Record<string, unknown>) };
    const repeated = Object.keys(value).filter((key) => Array.isArray(value[key]));
    if (repeated.length)
      throw failed(
        'the query',
        repeated.map((key) => ({ path: `/query/${key}`, code: 'INVALID_PARAMETER', message: `"${key}" is given once` })),
      );
    if (!validate(value))
      throw failed(
        'the query',
        (validate.errors ?? []).map((e) => detailOf(e, '/query', 'UNKNOWN_PARAMETER')),
      );
    return value as T;
  };
}

export const UUID_SCHEMA = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } as const;
