import { AtriumError } from '@atrium/errors';
import type { AccessProfile } from '../access/access-profile.ts';
import { canReadField } from '../access/field-checks.ts';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import { queryContext } from '../query/aliases.ts';
import type { ListArgs, NodeItem, NodeSelection, OrderByItem } from '../query/selection.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../query/selection.ts';

/** Query parameters a REST list accepts. */
const LIST_PARAMS = new Set(['filter', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count']);
const RECORD_PARAMS = new Set(['fields', 'expand']);

/** Records per expanded to-many relation in REST (per parent). */
export const EXPAND_LIMIT = 20;

function bad(path: string, code: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code, message }]);
}

export function checkParams(query: Record<string, unknown>, list: boolean): void {
  const allowed = list ? LIST_PARAMS : RECORD_PARAMS;
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.has(key)) throw bad(`/query/${key}`, 'UNKNOWN_PARAMETER', `unknown parameter "${key}"; this endpoint takes ${[...allowed].join(', ')}`);
    if (typeof value !== 'string') throw bad(`/query/${key}`, 'INVALID_PARAMETER', `"${key}" is given once`);
  }
}

/** `filter` is the same JSON as GraphQL's filter argument. */
export function parseFilter(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw bad('/query/filter', 'INVALID_FILTER', 'filter is not valid JSON (e.g. {"amount":{"gte":1000}})');
  }
}

/** `sort=-amount,account.name` (a leading `-` sorts descending). */
export function parseSort(text: string | undefined): OrderByItem[] | undefined {
  if (!text) return undefined;
  return text.split(',').map((part, i) => {
    const trimmed = part.trim();
    if (!/^-?[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/.test(trimmed))
      throw bad(`/query/sort/${i}`, 'INVALID_SORT', `"${part}" is not a field to sort by`);
    return trimmed.startsWith('-') ? { field: trimmed.slice(1), direction: 'desc' } : { field: trimmed, direction: 'asc' };
  });
}

export function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PAGE_SIZE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw bad('/query/limit', 'INVALID_PAGE', `limit is a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

export function listArgsOf(query: Record<string, string | undefined>): ListArgs {
  const args: ListArgs = { first: parseLimit(query.limit) };
  const filter = parseFilter(query.filter);
  if (filter !== undefined) args.filter = filter;
  const orderBy = parseSort(query.sort);
  if (orderBy) args.orderBy = orderBy;
  if (query.cursor) args.after = query.cursor;
  return args;
}

/**
 * The selection of a REST record: every field (or those in `fields`), lookups as ids and
 * many-to-many as id lists — or, for relations named in `expand`, the related records.
 */
export function restSelection(
  model: TenantModel,
  access: AccessProfile | undefined,
  object: ObjectModel,
  fields: string | undefined,
  expand: string | undefined,
): NodeSelection {
  const expanded = new Set(
    (expand ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const name of expanded) if (!object.relations.has(name)) throw bad('/query/expand', 'UNKNOWN_FIELD', `"${object.apiName}" has no relation "${name}"`);
  // Without `fields`, the fields the caller may read; naming a hidden one is refused by the compiler.
  const ctx = queryContext(model, new Date(), access);
  const wanted = fields
    ? fields
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...object.fields.values()].filter((f) => canReadField(ctx, object, f)).map((f) => f.apiName);
  if (fields)
    for (const name of wanted) if (!object.fields.has(name)) throw bad('/query/fields', 'UNKNOWN_FIELD', `"${object.apiName}" has no field "${name}"`);
  if (!wanted.includes('id')) wanted.unshift('id');
  const items: NodeItem[] = [];
  for (const name of wanted) {
    if (expanded.has(name)) continue;
    items.push({ kind: 'field', key: name, field: name });
  }
  for (const name of expanded) {
    const relation = object.relations.get(name);
    const target = relation ? model.objects.get(relation.target) : undefined;
    if (!relation || !target) continue;
    const selection = restSelection(model, access, target, undefined, undefined);
    if (relation.kind === 'toOne') items.push({ kind: 'toOne', key: name, relation: name, selection });
    else items.push({ kind: 'list', key: name, relation: name, args: { first: EXPAND_LIMIT }, selection });
  }
  return { items };
}
