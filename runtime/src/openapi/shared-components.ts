import { errorCodes } from '@atrium/errors';
import { ADDRESS_PARTS, type FilterInputTypeName, type FilterOperator, filterInputTypes, RELATIVE_DATE_RANGES } from '@atrium/metadata';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../query/selection.ts';
import type { ComponentNames } from './component-names.ts';
import { type Json, schemaRef } from './openapi-types.ts';

/** Shared filter operand types (GraphQL names) as JSON Schemas. */
const OPERANDS: Record<string, Json> = {
  String: { type: 'string' },
  Float: { type: 'number' },
  BigInt: { type: 'integer' },
  Boolean: { type: 'boolean' },
  Date: { type: 'string', format: 'date' },
  DateTime: { type: 'string', format: 'date-time' },
  ID: { type: 'string', format: 'uuid' },
  JSON: {},
};

/** What each operator means, for the reference. */
export const OPERATOR_DESCRIPTIONS: Record<FilterOperator, string> = {
  eq: 'equals',
  neq: 'does not equal (empty values included)',
  in: 'is one of the values',
  notIn: 'is none of the values (empty values included)',
  gt: 'greater than',
  gte: 'greater than or equal to',
  lt: 'less than',
  lte: 'less than or equal to',
  between: '[from, to], both included',
  contains: 'contains the text (case-insensitive)',
  startsWith: 'starts with the text (case-insensitive)',
  endsWith: 'ends with the text (case-insensitive)',
  isNull: 'true: the field is empty; false: it is not',
  containsAny: 'has at least one of the values',
  containsAll: 'has all of the values',
  relative: "lies in a named range, in the tenant's time zone and week start",
};

/** Names of the components every tenant's document has, besides the objects' own. */
export const SHARED_SCHEMA_NAMES = ['Problem', 'ProblemDetail', 'RelativeDateRange', ...(Object.keys(filterInputTypes) as FilterInputTypeName[])] as const;

/** The schema of one operator's operand (lists for `in`, a pair for `between`...). */
export function operatorSchema(operator: FilterOperator, operand: Json, names: ComponentNames): Json {
  const description = OPERATOR_DESCRIPTIONS[operator];
  switch (operator) {
    case 'in':
    case 'notIn':
    case 'containsAny':
    case 'containsAll':
      return { description, type: 'array', items: operand, maxItems: 1000 };
    case 'between':
      return { description, type: 'array', items: operand, minItems: 2, maxItems: 2 };
    case 'isNull':
      return { description, type: 'boolean' };
    case 'relative':
      return { description, $ref: `#/components/schemas/${names.sharedName('RelativeDateRange')}` };
    default:
      return { description, ...operand };
  }
}

/** The filter input types shared by fields (`StringFilter`, `NumberFilter`...), as in GraphQL. */
function filterSchemas(names: ComponentNames): Record<string, Json> {
  const schemas: Record<string, Json> = {};
  const stringFilter = schemaRef(names.sharedName('StringFilter'));
  for (const [name, { operand, operators }] of Object.entries(filterInputTypes) as Array<
    [FilterInputTypeName, (typeof filterInputTypes)[FilterInputTypeName]]
  >) {
    const operandSchema =
      name === 'AutoNumberFilter' ? { type: ['string', 'integer'], description: 'a formatted value (`CASE-0042`) or its number' } : (OPERANDS[operand] ?? {});
    const properties: Record<string, Json> = {};
    for (const operator of operators) properties[operator] = operatorSchema(operator, operandSchema, names);
    if (name === 'CurrencyFilter') properties.currency = { ...stringFilter, description: 'conditions on the ISO 4217 currency code' };
    if (name === 'AddressFilter') for (const part of ADDRESS_PARTS) properties[part] = stringFilter;
    schemas[names.sharedName(name)] = {
      type: 'object',
      description: `Operators on a field (${operators.join(', ')}); several operators in one object must all hold.`,
      properties,
      additionalProperties: false,
    };
  }
  return schemas;
}

/** RFC 9457 problem documents with Atrium's stable codes (docs/errors.md). */
function problemSchemas(names: ComponentNames): Record<string, Json> {
  return {
    [names.sharedName('Problem')]: {
      type: 'object',
      description: 'An error (RFC 9457 problem details) with a stable machine code and, for input problems, one entry per problem.',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string', description: 'identifies the code, e.g. https://atrium.dev/errors/NOT_FOUND' },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        code: { type: 'string', enum: Object.keys(errorCodes), description: 'stable machine code (docs/errors.md)' },
        detail: { type: 'string' },
        instance: { type: 'string', description: 'the request path' },
        requestId: { type: 'string', description: 'quote it when reporting a problem; internal errors are logged with it' },
        errors: { type: 'array', items: schemaRef(names.sharedName('ProblemDetail')) },
      },
    },
    [names.sharedName('ProblemDetail')]: {
      type: 'object',
      required: ['path', 'code', 'message'],
      properties: {
        path: { type: 'string', description: 'JSON pointer into the request: `/name`, `/query/filter/amount/gte`, `/operations/0/field/apiName`' },
        code: { type: 'string', description: 'a stable sub-code, e.g. REQUIRED, UNKNOWN_FIELD, STALE_VERSION' },
        message: { type: 'string' },
      },
    },
  };
}

export function sharedSchemas(names: ComponentNames): Record<string, Json> {
  return {
    ...problemSchemas(names),
    [names.sharedName('RelativeDateRange')]: {
      type: 'string',
      enum: [...RELATIVE_DATE_RANGES],
      description: "Named date ranges, in the tenant's time zone and week start.",
    },
    ...filterSchemas(names),
  };
}

const PROBLEM_RESPONSES: Array<[string, string]> = [
  ['BadRequest', 'The request is not valid (VALIDATION_FAILED, BAD_REQUEST); `errors` names each problem.'],
  ['Unauthorized', 'No valid API key (UNAUTHENTICATED).'],
  ['Forbidden', 'The API key may not do this (FORBIDDEN).'],
  ['NotFound', 'No such object, record, field or route (NOT_FOUND).'],
  ['Conflict', 'The data changed since it was read (CONFLICT), or a unique value exists already (ALREADY_EXISTS).'],
  ['Unprocessable', 'The metadata would not be valid (INVALID_METADATA) or the change is unsafe (UNSAFE_CHANGE).'],
  ['Unavailable', 'Busy or not ready (LOCK_TIMEOUT, TENANT_NOT_READY): nothing was changed; retry shortly.'],
];

/** Error responses, all `application/problem+json`. */
export function sharedResponses(names: ComponentNames): Record<string, Json> {
  const content = { 'application/problem+json': { schema: schemaRef(names.sharedName('Problem')) } };
  const responses: Record<string, Json> = {};
  for (const [name, description] of PROBLEM_RESPONSES) responses[name] = { description, content };
  (responses.Unauthorized as Json).headers = { 'WWW-Authenticate': { description: 'Bearer realm="atrium"', schema: { type: 'string' } } };
  return responses;
}

export function sharedParameters(): Record<string, Json> {
  return {
    Limit: {
      name: 'limit',
      in: 'query',
      description: `Records per page (default ${DEFAULT_PAGE_SIZE}).`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    },
    Cursor: { name: 'cursor', in: 'query', description: "The previous page's `nextCursor`.", schema: { type: 'string' } },
    Count: {
      name: 'count',
      in: 'query',
      description: 'With `true`, the page carries `totalCount`: the records matching the filter.',
      schema: { type: 'boolean' },
    },
    RecordId: { name: 'id', in: 'path', required: true, description: 'The record id (a UUID).', schema: { type: 'string', format: 'uuid' } },
    RecordIfMatch: {
      name: 'If-Match',
      in: 'header',
      description: 'The ETag (record version) the change is based on, e.g. `"3"`: a record changed since is refused with 409 CONFLICT.',
      schema: { type: 'string' },
    },
    MetaIfMatch: {
      name: 'If-Match',
      in: 'header',
      description: 'The metadata version the change is based on, e.g. `"12"` (or `baseVersion` in the body); a stale one is refused with 409 CONFLICT.',
      schema: { type: 'string' },
    },
    DryRun: { name: 'dryRun', in: 'query', description: 'With `true`, returns the plan without applying it.', schema: { type: 'boolean' } },
  };
}
