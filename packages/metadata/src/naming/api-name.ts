import { graphqlTypeName, OBJECT_TYPE_SUFFIXES } from './graphql-names.ts';
import { JS_RESERVED_PROPERTY_NAMES, reservedFieldNames, reservedGraphqlTypeNames, reservedObjectNames, SYSTEM_FIELD_NAMES } from './reserved-names.ts';

/** camelCase: a lower-case letter, then letters and digits; at most 63 characters. */
export const API_NAME_PATTERN = /^[a-z][a-zA-Z0-9]{0,62}$/;
export const API_NAME_MAX_LENGTH = 63;

/** What an API name names: objects (singular and plural) and fields have reserved names of their own. */
export type ApiNameKind = 'object' | 'pluralObject' | 'field' | 'relation' | 'element';

export type ApiNameProblemCode = 'INVALID_API_NAME' | 'RESERVED_API_NAME';

export interface ApiNameProblem {
  code: ApiNameProblemCode;
  message: string;
}

export function isValidApiName(name: unknown): name is string {
  return typeof name === 'string' && API_NAME_PATTERN.test(name);
}

/** Whether a (syntactically valid) name is reserved for this kind of element. */
export function isReservedApiName(name: string, kind: ApiNameKind): boolean {
  if (name.startsWith('__')) return true;
  switch (kind) {
    case 'object':
      return reservedObjectNames.has(name) || collidesWithSharedType(name);
    case 'pluralObject':
      return reservedObjectNames.has(name);
    case 'field':
    case 'relation':
      return reservedFieldNames.has(name);
    case 'element':
      return false;
  }
}

/** The problem with an API name, with a stable code, or null when it is fine. */
export function apiNameProblem(name: unknown, kind: ApiNameKind): ApiNameProblem | null {
  if (typeof name !== 'string' || name.length === 0) {
    return { code: 'INVALID_API_NAME', message: 'API name is missing' };
  }
  if (name.startsWith('__')) {
    return { code: 'RESERVED_API_NAME', message: `API name "${name}" is reserved (names starting with "__" belong to GraphQL)` };
  }
  if (name.length > API_NAME_MAX_LENGTH) {
    return { code: 'INVALID_API_NAME', message: `API name "${name}" is longer than ${API_NAME_MAX_LENGTH} characters` };
  }
  if (!API_NAME_PATTERN.test(name)) {
    return {
      code: 'INVALID_API_NAME',
      message: `API name "${name}" is not camelCase (letters and digits, starting with a lower-case letter)`,
    };
  }
  if (isReservedApiName(name, kind)) {
    const what = kind === 'field' || kind === 'relation' ? 'a field' : 'an object';
    return {
      code: 'RESERVED_API_NAME',
      message: `API name "${name}" is reserved and cannot be used for ${what} (${reservationReason(name, kind)})`,
    };
  }
  return null;
}

/** A human message for what is wrong with an API name, or null when it is fine. */
export function checkApiName(name: unknown, kind: ApiNameKind): string | null {
  return apiNameProblem(name, kind)?.message ?? null;
}

/** The object's generated GraphQL type names (`Currency`, `CurrencyFilter`...) would redefine a shared type. */
function collidesWithSharedType(name: string): boolean {
  const type = graphqlTypeName(name);
  return OBJECT_TYPE_SUFFIXES.some((suffix) => reservedGraphqlTypeNames.has(`${type}${suffix}`));
}

function reservationReason(name: string, kind: ApiNameKind): string {
  if (kind === 'object' || kind === 'pluralObject') return 'it collides with a name of the generated GraphQL API';
  if (['and', 'or', 'not'].includes(name)) return 'it is a filter keyword';
  if (SYSTEM_FIELD_SET.has(name)) return 'it is a system field';
  if (JS_NAME_SET.has(name)) return 'it is a built-in JavaScript property';
  return 'it is used by the generated APIs';
}

const SYSTEM_FIELD_SET = new Set<string>(SYSTEM_FIELD_NAMES);
const JS_NAME_SET = new Set<string>(JS_RESERVED_PROPERTY_NAMES);
