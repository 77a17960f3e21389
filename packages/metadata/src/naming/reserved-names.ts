import { graphqlBuiltInScalars, sharedGraphqlTypeNames } from '../field-types/graphql-shared-types.ts';

/**
 * System fields every object has (DESIGN.md §3): `id`, `ownerId` (+ its expansion `owner`),
 * `createdAt`/`createdBy`, `updatedAt`/`updatedBy`, `deletedAt`, `rowVersion` (and `version`,
 * the name the API uses for it: `expectedVersion`).
 */
export const SYSTEM_FIELD_NAMES = ['id', 'ownerId', 'owner', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt', 'rowVersion', 'version'] as const;

/** Physical system columns of every object table; `physicalName` callers put them in `taken`. */
export const SYSTEM_COLUMN_NAMES = ['id', 'owner_id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at', 'row_version'] as const;

/** Keys of the filter grammar that combine conditions: a field with such a name would be ambiguous. */
export const FILTER_KEYWORDS = ['and', 'or', 'not'] as const;

/** Names of the generated Relay connections, their arguments and aggregates. */
export const GRAPHQL_FIELD_NAMES = [
  'node',
  'nodes',
  'edges',
  'pageInfo',
  'totalCount',
  'cursor',
  'aggregate',
  'groupBy',
  'filter',
  'orderBy',
  'first',
  'after',
  'last',
  'before',
  'query',
  'mutation',
  'subscription',
  'meta',
  '_',
] as const;

/**
 * Properties every JavaScript object inherits: records and lookup tables keyed by field name
 * would read them by accident (`record.constructor`).
 */
export const JS_RESERVED_PROPERTY_NAMES = [
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'toLocaleString',
  'valueOf',
] as const;

/** Field API names refused (besides any name starting with `__`). */
export const reservedFieldNames: ReadonlySet<string> = new Set<string>([
  ...SYSTEM_FIELD_NAMES,
  ...FILTER_KEYWORDS,
  ...GRAPHQL_FIELD_NAMES,
  ...JS_RESERVED_PROPERTY_NAMES,
]);

/**
 * Root fields of the generated GraphQL API that are not per-object (Relay `node`/`nodes`, the
 * metadata entry `meta`, the current user `me`/`viewer`, the tenant's users `user`/`users`) and
 * the operation types. Objects are also refused when a type name they generate would redefine a
 * shared type (see `reservedGraphqlTypeNames`: `currency` → `Currency`, `json` → `JsonFilter`,
 * `user` → `User`).
 */
export const ROOT_FIELD_NAMES = ['node', 'nodes', 'meta', 'me', 'viewer', 'user', 'users', 'query', 'mutation', 'subscription'] as const;

/** GraphQL type names no object may generate: built-in scalars, operation types, Relay and shared types. */
export const reservedGraphqlTypeNames: ReadonlySet<string> = new Set<string>([
  ...graphqlBuiltInScalars,
  'Query',
  'Mutation',
  'Subscription',
  'Node',
  'PageInfo',
  'OrderDirection',
  'NullsOrder',
  'DateBucket',
  ...sharedGraphqlTypeNames,
]);

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Object API names refused outright (besides names starting with `__`): the root field names,
 * JavaScript's inherited properties, and the camelCase forms of reserved type names (`currency`,
 * `date`, `string`...). `checkApiName(name, 'object')` also refuses names whose generated types
 * collide (`json` → `JsonFilter`, `id` → `IdFilter`).
 */
export const reservedObjectNames: ReadonlySet<string> = new Set<string>([
  ...ROOT_FIELD_NAMES,
  ...JS_RESERVED_PROPERTY_NAMES,
  ...[...reservedGraphqlTypeNames].map(lowerFirst),
]);
