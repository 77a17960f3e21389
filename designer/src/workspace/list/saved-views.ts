import type { ViewDefinition, ViewSort } from '@atrium/client';
import type { ObjectDef } from '@atrium/metadata';
import {
  type ApiFilter,
  buildFilter,
  type ConditionOperator,
  type FilterCondition,
  type FilterMatch,
  LIST_OPERATORS,
  newConditionId,
  operatorsFor,
  VALUELESS,
} from './filter-model.ts';

/*
 * Saved list views live on the server (`/api/v1/views`): columns, a filter in the API's grammar
 * and sort keys. Here: a view's definition as the list's editable state (conditions the filter
 * panel shows, and whatever part of the filter it cannot show, kept as it is), back again, and
 * the views this browser kept in localStorage before, for a one-time import.
 */

/** The list's state a view sets. */
export interface ViewState {
  columns: string[];
  conditions: FilterCondition[];
  match: FilterMatch;
  /** Parts of the view's filter the filter panel cannot show (nested, through lookups): applied as they are. */
  fixed: ApiFilter[];
  sort: ViewSort[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One `{field: {operator: value}}` as a filter-panel condition, or undefined when the panel cannot show it. */
function conditionOf(object: ObjectDef, filter: unknown): FilterCondition | undefined {
  if (!isPlainObject(filter)) return undefined;
  const keys = Object.keys(filter);
  if (keys.length !== 1) return undefined;
  const name = keys[0] as string;
  const field = object.fields.find((f) => f.apiName === name && f.state !== 'deleted');
  const condition = filter[name];
  if (!field || !isPlainObject(condition)) return undefined;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return undefined;
  const op = ops[0] as string;
  const value = condition[op];
  const operator: ConditionOperator = op === 'isNull' && value === false ? 'isNotNull' : (op as ConditionOperator);
  if (!operatorsFor(field).includes(operator)) return undefined;
  if (VALUELESS.has(operator)) return value === true || value === false ? { id: newConditionId(), field: name, operator } : undefined;
  if (LIST_OPERATORS.has(operator) && !Array.isArray(value)) return undefined;
  if (operator === 'between' && !(Array.isArray(value) && value.length === 2)) return undefined;
  if (operator === 'relative' && typeof value !== 'string') return undefined;
  if (!LIST_OPERATORS.has(operator) && operator !== 'between' && (typeof value === 'object' || value === undefined)) return undefined;
  return { id: newConditionId(), field: name, operator, value };
}

/** The parts of a filter joined by `and`: its `and` list, or its keys one by one. */
function andParts(filter: ApiFilter): unknown[] {
  const keys = Object.keys(filter);
  if (keys.length === 1 && keys[0] === 'and' && Array.isArray(filter.and)) return filter.and;
  return keys.map((key) => ({ [key]: filter[key] }));
}

/**
 * A view's filter as conditions the panel shows (matched all or any) and the rest, kept as it is
 * (ANDed). `{"and": [c1, c2]}` and `{"or": [c1, c2]}` of plain conditions are fully editable.
 */
export function filterState(object: ObjectDef, filter: ApiFilter | null | undefined): Pick<ViewState, 'conditions' | 'match' | 'fixed'> {
  if (!filter || Object.keys(filter).length === 0) return { conditions: [], match: 'all', fixed: [] };
  const orOf = (value: unknown): FilterCondition[] | undefined => {
    if (!isPlainObject(value) || Object.keys(value).length !== 1 || !Array.isArray(value.or) || value.or.length === 0) return undefined;
    const conditions = value.or.map((item) => conditionOf(object, item));
    return conditions.every((c) => c !== undefined) ? (conditions as FilterCondition[]) : undefined;
  };
  const any = orOf(filter);
  if (any) return { conditions: any, match: 'any', fixed: [] };
  const conditions: FilterCondition[] = [];
  const fixed: ApiFilter[] = [];
  for (const part of andParts(filter)) {
    const condition = conditionOf(object, part);
    if (condition) conditions.push(condition);
    else if (isPlainObject(part)) fixed.push(part);
  }
  // `{"and": [<kept>, {"or": [c1, c2]}]}`: what `viewFilter` writes for "any" next to kept parts.
  if (conditions.length === 0) {
    const index = fixed.findIndex((part) => orOf(part) !== undefined);
    if (index >= 0) {
      const [part] = fixed.splice(index, 1);
      return { conditions: orOf(part) ?? [], match: 'any', fixed };
    }
  }
  return { conditions, match: 'all', fixed };
}

/** The filter a view saves: the kept parts and the complete conditions (no quick search). */
export function viewFilter(object: ObjectDef, state: Pick<ViewState, 'conditions' | 'match' | 'fixed'>): ApiFilter | null {
  return combineFilters([...state.fixed, buildFilter(object, state.conditions, state.match)]) ?? null;
}

/** Filters joined by `and` (undefined parts left out); undefined when none is left. */
export function combineFilters(parts: Array<ApiFilter | undefined>): ApiFilter | undefined {
  const present = parts.filter((p): p is ApiFilter => p !== undefined && Object.keys(p).length > 0);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return { and: present };
}

/** A view's definition as the list's state (empty columns: the list's default columns). */
export function viewState(object: ObjectDef, definition: ViewDefinition, defaultColumns: string[]): ViewState {
  return {
    columns: definition.columns.length ? definition.columns : defaultColumns,
    ...filterState(object, definition.filter as ApiFilter | null),
    sort: definition.sort,
  };
}

/** The list's state as a view's definition. */
export function viewDefinition(object: ObjectDef, state: ViewState): ViewDefinition {
  return { columns: state.columns, filter: viewFilter(object, state), sort: state.sort };
}

/** REST's `sort` parameter for sort keys (`-amount`, `name`). */
export function sortParams(sort: readonly ViewSort[]): string[] | undefined {
  return sort.length ? sort.map((s) => (s.direction === 'desc' ? `-${s.field}` : s.field)) : undefined;
}

/** A list view this browser saved before views moved to the server. */
export interface LegacyView {
  id: string;
  name: string;
  columns: string[];
  conditions: FilterCondition[];
  match: FilterMatch;
  sort?: { field: string; direction: 'ascend' | 'descend' };
}

function legacyKey(tenant: string, object: string): string {
  return `atrium.views.${tenant}.${object}`;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The views this browser kept for the object (none once imported). */
export function loadLegacyViews(tenant: string, object: string): LegacyView[] {
  try {
    const raw = storage()?.getItem(legacyKey(tenant, object));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as LegacyView[]).filter((v) => v && typeof v.id === 'string' && typeof v.name === 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps (only) these legacy views in this browser; none: forgets the key. */
export function storeLegacyViews(tenant: string, object: string, views: LegacyView[]): void {
  try {
    if (views.length === 0) storage()?.removeItem(legacyKey(tenant, object));
    else storage()?.setItem(legacyKey(tenant, object), JSON.stringify(views));
  } catch {
    // storage blocked: nothing to keep or forget
  }
}

/** A legacy view as a definition for the server: its complete conditions, columns and sort of fields that still exist. */
export function legacyDefinition(object: ObjectDef, view: LegacyView, readable: (field: string) => boolean): ViewDefinition {
  const exists = (name: string) => object.fields.some((f) => f.apiName === name && f.state !== 'deleted') && readable(name);
  const conditions = Array.isArray(view.conditions) ? view.conditions.filter((c) => c && typeof c.field === 'string' && exists(c.field)) : [];
  const sort =
    view.sort && exists(view.sort.field) ? [{ field: view.sort.field, direction: view.sort.direction === 'descend' ? 'desc' : 'asc' } as ViewSort] : [];
  return {
    columns: (Array.isArray(view.columns) ? view.columns : []).filter((c) => typeof c === 'string' && exists(c)),
    filter: buildFilter(object, conditions, view.match === 'any' ? 'any' : 'all') ?? null,
    sort,
  };
}
