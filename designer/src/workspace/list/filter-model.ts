import { type FieldDef, type FilterOperator, filterOperatorsOf, type ObjectDef } from '@atrium/metadata';
import { valueKind } from '../fields/field-values.ts';

/**
 * The list view's filters: conditions a user builds (field, operator, value), turned into the
 * API's filter grammar — the same JSON GraphQL's `filter` argument and REST's `filter` parameter
 * take (docs/api.md): `{"and": [{"amount": {"gte": 1000}}, {"stage": {"in": ["proposal"]}}]}`.
 */

/** The API's operators plus `isNotNull` (sent as `{"isNull": false}`). */
export type ConditionOperator = FilterOperator | 'isNotNull';

export interface FilterCondition {
  /** A stable key for the row in the editor. */
  id: string;
  field: string;
  operator: ConditionOperator;
  value?: unknown;
}

export type FilterMatch = 'all' | 'any';

export type ApiFilter = Record<string, unknown>;

/** Operators that take no value. */
export const VALUELESS: ReadonlySet<ConditionOperator> = new Set(['isNull', 'isNotNull']);
/** Operators that take a list of values. */
export const LIST_OPERATORS: ReadonlySet<ConditionOperator> = new Set(['in', 'notIn', 'containsAny', 'containsAll']);

/** Fields a user may filter on: every live field with at least one operator. */
export function filterableFields(object: ObjectDef, readable: (field: string) => boolean = () => true): FieldDef[] {
  return object.fields.filter((f) => f.state !== 'deleted' && readable(f.apiName) && operatorsFor(f).length > 0);
}

/** The operators offered for a field: its type's filter operators, with `isNotNull` after `isNull`. */
export function operatorsFor(field: FieldDef): ConditionOperator[] {
  const operators: ConditionOperator[] = [];
  for (const op of filterOperatorsOf(field)) {
    operators.push(op);
    if (op === 'isNull') operators.push('isNotNull');
  }
  return operators;
}

/** The operator a new condition on this field starts with. */
export function defaultOperator(field: FieldDef): ConditionOperator {
  const operators = operatorsFor(field);
  const kind = valueKind(field);
  if ((kind === 'text' || kind === 'longText') && operators.includes('contains')) return 'contains';
  if (kind === 'picklist' && operators.includes('in')) return 'in';
  if (kind === 'multiPicklist' && operators.includes('containsAny')) return 'containsAny';
  return operators[0] ?? 'isNull';
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A value in the type the API expects for the field (numbers as numbers, booleans as booleans). */
function coerce(field: FieldDef, value: unknown): unknown {
  const kind = valueKind(field);
  if (kind === 'number' || kind === 'integer' || kind === 'percent' || kind === 'currency') {
    if (typeof value === 'number') return value;
    const n = Number(String(value).trim());
    return Number.isFinite(n) && String(value).trim() !== '' ? n : undefined;
  }
  if (kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return undefined;
  }
  if (typeof value === 'string') return value.trim();
  return value;
}

/**
 * One condition as a filter (`{"amount": {"gte": 1000}}`), or undefined while it is incomplete
 * (no value yet, an unknown field, an operator the field does not take).
 */
export function conditionFilter(object: ObjectDef, condition: FilterCondition): ApiFilter | undefined {
  const field = object.fields.find((f) => f.apiName === condition.field && f.state !== 'deleted');
  if (!field) return undefined;
  const { operator } = condition;
  if (!operatorsFor(field).includes(operator)) return undefined;
  if (operator === 'isNull') return { [field.apiName]: { isNull: true } };
  if (operator === 'isNotNull') return { [field.apiName]: { isNull: false } };
  if (operator === 'relative') {
    return typeof condition.value === 'string' && condition.value ? { [field.apiName]: { relative: condition.value } } : undefined;
  }
  if (LIST_OPERATORS.has(operator)) {
    const values = (Array.isArray(condition.value) ? condition.value : isBlank(condition.value) ? [] : [condition.value])
      .map((v) => coerce(field, v))
      .filter((v) => !isBlank(v));
    return values.length ? { [field.apiName]: { [operator]: values } } : undefined;
  }
  if (operator === 'between') {
    const [from, to] = Array.isArray(condition.value) ? condition.value : [];
    const a = coerce(field, from);
    const b = coerce(field, to);
    if (isBlank(a) || isBlank(b)) return undefined;
    return { [field.apiName]: { between: [a, b] } };
  }
  const value = coerce(field, condition.value);
  if (isBlank(value)) return undefined;
  return { [field.apiName]: { [operator]: value } };
}

/** Quick search on the name field: `contains` for text names, `eq` for auto-numbers. */
export function quickSearchFilter(object: ObjectDef, text: string): ApiFilter | undefined {
  const query = text.trim();
  if (!query) return undefined;
  const field = object.fields.find((f) => f.apiName === object.nameField);
  if (!field) return undefined;
  const operators = filterOperatorsOf(field);
  if (operators.includes('contains')) return { [field.apiName]: { contains: query } };
  if (operators.includes('eq')) return { [field.apiName]: { eq: query } };
  return undefined;
}

/**
 * The complete filter of a list: the complete conditions joined by `and` (match all) or `or`
 * (match any), and the quick search, which always narrows. Undefined when nothing filters.
 */
export function buildFilter(object: ObjectDef, conditions: readonly FilterCondition[], match: FilterMatch = 'all', search = ''): ApiFilter | undefined {
  const parts = conditions.map((c) => conditionFilter(object, c)).filter((f): f is ApiFilter => f !== undefined);
  const searchFilter = quickSearchFilter(object, search);
  let combined: ApiFilter | undefined;
  if (parts.length === 1) combined = parts[0];
  else if (parts.length > 1) combined = match === 'all' ? { and: parts } : { or: parts };
  if (!searchFilter) return combined;
  if (!combined) return searchFilter;
  return { and: [searchFilter, combined] };
}

/** How many conditions are complete (the badge on the Filters button). */
export function completeConditions(object: ObjectDef, conditions: readonly FilterCondition[]): number {
  return conditions.filter((c) => conditionFilter(object, c) !== undefined).length;
}

/** The REST `sort` parameter for one column (`-amount`), always ending with the API's id tie-breaker. */
export function sortParam(field: string | undefined, direction: 'ascend' | 'descend' | null | undefined): string[] | undefined {
  if (!field || !direction) return undefined;
  return [direction === 'descend' ? `-${field}` : field];
}

let counter = 0;
export function newConditionId(): string {
  counter += 1;
  return `c${Date.now().toString(36)}${counter}`;
}
