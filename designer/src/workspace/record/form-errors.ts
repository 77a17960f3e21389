import type { ProblemDetail } from '@atrium/client';
import type { ErrorSchema } from '@rjsf/utils';

/**
 * Where a problem detail of the API belongs in the form: its JSON pointer without the request's
 * prefix (`/input/amount/amount` from GraphQL, `/amount` from REST) → `['amount', 'amount']`.
 */
export function problemPath(path: string): string[] {
  const parts = path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'input' || parts[0] === 'body') parts.shift();
  if (parts[0] === 'records' && /^\d+$/.test(parts[1] ?? '')) parts.splice(0, 2);
  return parts.filter(Boolean);
}

/**
 * The API's field problems (VALIDATION_FAILED details) as rjsf `extraErrors`: each message at
 * its field (a part of a composite at its part), so it shows under the input. Problems about no
 * known field are returned apart, for a message above the form.
 */
export function extraErrorsFrom(details: readonly ProblemDetail[], fields: readonly string[]): { errorSchema: ErrorSchema; general: string[] } {
  const errorSchema: Record<string, unknown> = {};
  const general: string[] = [];
  for (const detail of details) {
    const path = problemPath(detail.path);
    const field = path[0];
    if (!field || !fields.includes(field)) {
      general.push(detail.message);
      continue;
    }
    // A part of a composite field: show it at the field (its inputs are one widget).
    const node = (errorSchema[field] ?? {}) as { __errors?: string[] };
    errorSchema[field] = node;
    const errors = node.__errors ?? [];
    node.__errors = errors;
    if (!errors.includes(detail.message)) errors.push(detail.message);
  }
  return { errorSchema: errorSchema as ErrorSchema, general };
}

/** Drops the errors of fields whose values changed (a stale server message must not linger). */
export function withoutFields(errorSchema: ErrorSchema, changed: readonly string[]): ErrorSchema {
  if (changed.length === 0) return errorSchema;
  const next = { ...(errorSchema as Record<string, unknown>) };
  for (const name of changed) delete next[name];
  return next as ErrorSchema;
}

/** Keys whose values differ between two form states. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

/**
 * The write a form sends: for a new record every value given; for an existing one only what
 * changed, a cleared value as `null` (PATCH is partial; an absent field is left alone).
 */
export function recordWrite(
  mode: 'create' | 'edit',
  original: Record<string, unknown>,
  edited: Record<string, unknown>,
  editable: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of editable) {
    const value = edited[name];
    if (mode === 'create') {
      if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) out[name] = value;
      continue;
    }
    const before = original[name] ?? null;
    const after = value === undefined ? null : value;
    if (JSON.stringify(before) !== JSON.stringify(after)) out[name] = after;
  }
  return out;
}
