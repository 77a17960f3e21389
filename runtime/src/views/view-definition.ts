import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import { canReadField } from '../access/field-checks.ts';
import type { FieldModel, ObjectModel, RelationModel, TenantModel } from '../model/tenant-model.ts';
import type { QueryContext } from '../query/aliases.ts';
import { compileFilter } from '../query/filter/compile-filter.ts';
import { orderKeys } from '../query/order/order-keys.ts';

/*
 * A saved view's definition: its columns, its filter (the API's filter grammar, the same JSON as
 * REST's `filter` and GraphQL's `filter`) and its sort. The API speaks API names; the table
 * stores stable metadata ids instead (`fld:<field id>`, `sys:<system field>`, `rev:<field id>`
 * for a reverse relation named by another object's lookup), so a field rename keeps every view.
 * On the way out the ids become today's API names, and whatever the caller cannot use — a
 * deleted field, a field it may not read, a condition its type no longer takes — is left out
 * (and counted in `omitted`) rather than failing the whole view.
 */

export interface SortItem {
  /** A field API name, or a path through lookups (`account.name`). */
  field: string;
  direction: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** A view's definition as the API reads and writes it. */
export interface ViewDefinition {
  columns: string[];
  filter: Record<string, unknown> | null;
  sort: SortItem[];
}

/** A view's definition as stored: references by stable id. */
export interface StoredDefinition {
  v: 1;
  columns: string[];
  filter: Record<string, unknown> | null;
  sort: Array<{ path: string[]; direction: 'asc' | 'desc'; nulls?: 'first' | 'last' }>;
}

export type OmittedPart = 'columns' | 'filter' | 'sort';
/** Why part of a view was left out for the caller. */
export type OmittedReason = 'deleted' | 'hidden' | 'invalid';
export interface Omission {
  part: OmittedPart;
  reason: OmittedReason;
}

const ID_OPERATORS = new Set(['eq', 'neq', 'in', 'notIn', 'isNull']);
const QUANTIFIERS = new Set(['some', 'every', 'none']);
/** How many conditions may be left out of one filter before the whole filter is. */
const MAX_PRUNES = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fieldsById = new WeakMap<ObjectModel, Map<string, FieldModel>>();

function fieldById(object: ObjectModel, id: string): FieldModel | undefined {
  let byId = fieldsById.get(object);
  if (!byId) {
    byId = new Map();
    for (const field of object.fields.values()) if (field.def) byId.set(field.def.id, field);
    fieldsById.set(object, byId);
  }
  return byId.get(id);
}

/** The stable reference of a field of the object (by API name), or undefined. */
export function fieldRef(object: ObjectModel, apiName: string): string | undefined {
  const field = object.fields.get(apiName);
  if (!field) return undefined;
  return field.def ? `fld:${field.def.id}` : `sys:${apiName}`;
}

/** The field a stored reference names today, or undefined when it is gone. */
export function resolveFieldRef(object: ObjectModel, ref: string): FieldModel | undefined {
  if (ref.startsWith('sys:')) {
    const field = object.fields.get(ref.slice(4));
    return field && !field.def ? field : undefined;
  }
  if (ref.startsWith('fld:')) return fieldById(object, ref.slice(4));
  return undefined;
}

/** A reverse relation (another object's lookup or many-to-many, seen from this side) by its field id. */
function reverseRelation(object: ObjectModel, fieldId: string): RelationModel | undefined {
  for (const relation of object.relations.values()) {
    if (relation.kind !== 'toOne' && relation.field.id === fieldId && !object.fields.has(relation.name)) return relation;
  }
  return undefined;
}

/** A filter key (API name) as a stored reference, with the relation it names, if any. */
function keyToRef(object: ObjectModel, key: string): { ref: string; relation: RelationModel | undefined } {
  if (key === 'and' || key === 'or' || key === 'not') return { ref: key, relation: undefined };
  const relation = object.relations.get(key);
  const ref = fieldRef(object, key) ?? (relation ? `rev:${relation.field.id}` : key);
  return { ref, relation };
}

/** A stored filter key as today's API name, with the relation it names; the key itself when gone. */
function refToKey(object: ObjectModel, ref: string): { key: string; relation: RelationModel | undefined } {
  if (ref === 'and' || ref === 'or' || ref === 'not') return { key: ref, relation: undefined };
  if (ref.startsWith('rev:')) {
    const relation = reverseRelation(object, ref.slice(4));
    return relation ? { key: relation.name, relation } : { key: ref, relation: undefined };
  }
  const field = resolveFieldRef(object, ref);
  if (!field) return { key: ref, relation: undefined };
  return { key: field.apiName, relation: object.relations.get(field.apiName) };
}

type KeyMapper = (object: ObjectModel, key: string) => { key: string; relation: RelationModel | undefined };

/** Rewrites a filter's field keys (both ways: API names ↔ references), through lookups and related lists. */
function mapFilter(model: TenantModel, object: ObjectModel, filter: unknown, mapKey: KeyMapper): unknown {
  if (!isPlainObject(filter)) return filter;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and' || key === 'or') {
      out[key] = Array.isArray(value) ? value.map((item) => mapFilter(model, object, item, mapKey)) : value;
      continue;
    }
    if (key === 'not') {
      out[key] = mapFilter(model, object, value, mapKey);
      continue;
    }
    const mapped = mapKey(object, key);
    out[mapped.key] = mapCondition(model, mapped.relation, value, mapKey);
  }
  return out;
}

function mapCondition(model: TenantModel, relation: RelationModel | undefined, value: unknown, mapKey: KeyMapper): unknown {
  if (!relation || !isPlainObject(value)) return value;
  const target = model.objects.get(relation.target);
  if (!target) return value;
  if (relation.kind === 'toOne') {
    const keys = Object.keys(value);
    // Id operators on the lookup itself ({"account": {"in": [...]}}): no field names inside.
    if (keys.length > 0 && keys.every((k) => ID_OPERATORS.has(k))) return value;
    const { isNull, ...rest } = value;
    return { ...(isNull !== undefined ? { isNull } : {}), ...(mapFilter(model, target, rest, mapKey) as Record<string, unknown>) };
  }
  return Object.fromEntries(Object.entries(value).map(([quantifier, inner]) => [quantifier, mapFilter(model, target, inner, mapKey)]));
}

const toRefs: KeyMapper = (object, key) => {
  const { ref, relation } = keyToRef(object, key);
  return { key: ref, relation };
};

/** A sort field path (`account.name`) as references, or undefined when a part is not there. */
function sortPathRefs(model: TenantModel, object: ObjectModel, field: string): string[] | undefined {
  const refs: string[] = [];
  let current: ObjectModel | undefined = object;
  const parts = field.split('.');
  for (const [i, part] of parts.entries()) {
    if (!current) return undefined;
    const ref = fieldRef(current, part);
    if (!ref) return undefined;
    refs.push(ref);
    if (i < parts.length - 1) {
      const relation = current.relations.get(part);
      current = relation?.kind === 'toOne' ? model.objects.get(relation.target) : undefined;
    }
  }
  return refs;
}

/** A stored sort path as today's `account.name`, or undefined when a part is gone. */
function sortPathField(model: TenantModel, object: ObjectModel, refs: string[]): string | undefined {
  const names: string[] = [];
  let current: ObjectModel | undefined = object;
  for (const [i, ref] of refs.entries()) {
    if (!current) return undefined;
    const field = resolveFieldRef(current, ref);
    if (!field) return undefined;
    names.push(field.apiName);
    if (i < refs.length - 1) {
      const relation = current.relations.get(field.apiName);
      current = relation?.kind === 'toOne' ? model.objects.get(relation.target) : undefined;
    }
  }
  return names.join('.');
}

/** FORBIDDEN from the compilers (a hidden field) is, in a saved view, a problem of the input. */
function asValidation(error: unknown): never {
  if (isAtriumError(error) && error.code === 'FORBIDDEN') throw new AtriumError('VALIDATION_FAILED', error.message, error.details);
  throw error;
}

function invalid(path: string, code: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code, message }]);
}

/**
 * Checks a definition against the object as the caller sees it, with the compilers the list API
 * uses: unknown or unreadable columns, filters and sorts are VALIDATION_FAILED with their path.
 */
export function validateDefinition(ctx: QueryContext, object: ObjectModel, definition: ViewDefinition, path = '/definition'): void {
  const problems: ErrorDetail[] = [];
  for (const [i, name] of definition.columns.entries()) {
    const field = object.fields.get(name);
    if (!field) problems.push({ path: `${path}/columns/${i}`, code: 'UNKNOWN_FIELD', message: `"${object.apiName}" has no field "${name}"` });
    else if (!canReadField(ctx, object, field))
      problems.push({ path: `${path}/columns/${i}`, code: 'FIELD_NOT_READABLE', message: `"${name}" is not readable` });
  }
  if (problems.length) throw new AtriumError('VALIDATION_FAILED', `bad columns: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  try {
    if (definition.filter !== null) compileFilter(ctx, object, 'v', definition.filter, `${path}/filter`);
    orderKeys(ctx, object, 'v', definition.sort, `${path}/sort`);
  } catch (error) {
    asValidation(error);
  }
}

/** The definition as stored (after `validateDefinition`): references by stable id. */
export function encodeDefinition(model: TenantModel, object: ObjectModel, definition: ViewDefinition, path = '/definition'): StoredDefinition {
  return {
    v: 1,
    columns: definition.columns.map((name, i) => {
      const ref = fieldRef(object, name);
      if (!ref) throw invalid(`${path}/columns/${i}`, 'UNKNOWN_FIELD', `"${object.apiName}" has no field "${name}"`);
      return ref;
    }),
    filter: definition.filter === null ? null : (mapFilter(model, object, definition.filter, toRefs) as Record<string, unknown>),
    sort: definition.sort.map((item, i) => {
      const refs = sortPathRefs(model, object, item.field);
      if (!refs) throw invalid(`${path}/sort/${i}/field`, 'INVALID_SORT', `"${item.field}" is not a field to sort by`);
      return { path: refs, direction: item.direction, ...(item.nulls ? { nulls: item.nulls } : {}) };
    }),
  };
}

/**
 * Stored columns the caller cannot read, kept in place when the caller replaces the columns (it
 * never saw them): a shared view edited by someone with fewer field rights keeps them.
 */
export function keepHiddenColumns(ctx: QueryContext, object: ObjectModel, stored: string[], next: string[]): string[] {
  const result = [...next];
  for (const [i, ref] of stored.entries()) {
    const field = resolveFieldRef(object, ref);
    if (field && !canReadField(ctx, object, field) && !result.includes(ref)) result.splice(Math.min(i, result.length), 0, ref);
  }
  return result;
}

/** Parses a JSON pointer (`/definition/filter/and/0`) into its segments. */
function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Removes from the filter the condition a compiler error points at (the field key on the path),
 * and every container that became empty by it. Returns false when the path leads nowhere.
 */
function removeAt(model: TenantModel, object: ObjectModel, root: Record<string, unknown>, path: string[]): boolean {
  // Containers from the root down: each with where it sits in its parent.
  const stack: Array<{ container: Record<string, unknown> | unknown[]; parent?: Record<string, unknown> | unknown[]; key?: string | number }> = [
    { container: root },
  ];
  let current: Record<string, unknown> = root;
  let currentObject = object;
  let i = 0;
  for (;;) {
    const key = path[i];
    if (key === undefined || !(key in current)) return false;
    if ((key === 'and' || key === 'or') && Array.isArray(current[key])) {
      const list = current[key] as unknown[];
      const index = Number(path[i + 1]);
      const item = list[index];
      if (!isPlainObject(item)) {
        delete current[key];
        break;
      }
      stack.push({ container: list, parent: current, key });
      stack.push({ container: item, parent: list, key: index });
      current = item;
      i += 2;
      continue;
    }
    if (key === 'not' && isPlainObject(current.not)) {
      stack.push({ container: current.not, parent: current, key });
      current = current.not;
      i += 1;
      continue;
    }
    // A field or relation key: descend into a relation's inner filter when the path goes on there.
    const value = current[key];
    const relation = currentObject.relations.get(key);
    const target = relation ? model.objects.get(relation.target) : undefined;
    const next = path[i + 1];
    if (relation && target && isPlainObject(value) && next !== undefined) {
      if (relation.kind === 'toOne' && next !== 'isNull' && !Object.keys(value).every((k) => ID_OPERATORS.has(k))) {
        stack.push({ container: value, parent: current, key });
        current = value;
        currentObject = target;
        i += 1;
        continue;
      }
      if (relation.kind !== 'toOne' && QUANTIFIERS.has(next) && path.length > i + 2 && isPlainObject(value[next])) {
        stack.push({ container: value, parent: current, key });
        stack.push({ container: value[next] as Record<string, unknown>, parent: value, key: next });
        current = value[next] as Record<string, unknown>;
        currentObject = target;
        i += 2;
        continue;
      }
    }
    delete current[key];
    break;
  }
  // Containers left empty go too (an emptied `and`, a `not` of nothing, a lookup condition of nothing).
  for (let level = stack.length - 1; level > 0; level--) {
    const { container, parent, key } = stack[level] as (typeof stack)[number];
    const empty = Array.isArray(container) ? container.length === 0 : Object.keys(container).length === 0;
    if (!empty || parent === undefined || key === undefined) break;
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  }
  return true;
}

function reasonOf(error: unknown, removedKey: string | undefined): OmittedReason {
  if (removedKey && /^(fld|sys|rev):/.test(removedKey)) return 'deleted';
  if (isAtriumError(error) && error.code === 'FORBIDDEN') return 'hidden';
  return 'invalid';
}

/** The last field key on a compiler error's path (what `removeAt` removes), for the reason. */
function keyOnPath(path: string[]): string | undefined {
  return [...path].reverse().find((s) => /^(fld|sys|rev):/.test(s)) ?? path.find((s) => !['and', 'or', 'not'].includes(s) && !/^\d+$/.test(s));
}

/**
 * The stored definition as the caller may use it: API names of today, without what is gone or
 * hidden from the caller or no longer valid; what was left out is listed in `omitted`.
 */
export function decodeDefinition(
  ctx: QueryContext,
  object: ObjectModel,
  stored: Partial<StoredDefinition>,
): { definition: ViewDefinition; omitted: Omission[] } {
  const { model } = ctx;
  const omitted: Omission[] = [];
  const columns: string[] = [];
  for (const ref of stored.columns ?? []) {
    const field = resolveFieldRef(object, ref);
    if (!field) omitted.push({ part: 'columns', reason: 'deleted' });
    else if (!canReadField(ctx, object, field)) omitted.push({ part: 'columns', reason: 'hidden' });
    else if (!columns.includes(field.apiName)) columns.push(field.apiName);
  }

  let filter: Record<string, unknown> | null = null;
  if (isPlainObject(stored.filter)) {
    const candidate = mapFilter(model, object, stored.filter, refToKey) as Record<string, unknown>;
    for (let attempt = 0; ; attempt++) {
      try {
        compileFilter(ctx, object, 'v', candidate, '');
        filter = Object.keys(candidate).length ? candidate : null;
        break;
      } catch (error) {
        const at = isAtriumError(error) ? error.details[0]?.path : undefined;
        const path = at === undefined ? undefined : segments(at);
        if (attempt >= MAX_PRUNES || !path || !removeAt(model, object, candidate, path)) {
          omitted.push({ part: 'filter', reason: reasonOf(error, undefined) });
          filter = null;
          break;
        }
        omitted.push({ part: 'filter', reason: reasonOf(error, keyOnPath(path)) });
      }
    }
  }

  const sort: SortItem[] = [];
  for (const item of stored.sort ?? []) {
    const field = sortPathField(model, object, item.path ?? []);
    if (!field) {
      omitted.push({ part: 'sort', reason: 'deleted' });
      continue;
    }
    const next: SortItem = { field, direction: item.direction, ...(item.nulls ? { nulls: item.nulls } : {}) };
    try {
      orderKeys(ctx, object, 'v', [next]);
      sort.push(next);
    } catch (error) {
      omitted.push({ part: 'sort', reason: isAtriumError(error) && error.code === 'FORBIDDEN' ? 'hidden' : 'invalid' });
    }
  }
  return { definition: { columns, filter, sort }, omitted };
}
