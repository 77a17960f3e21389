/**
 * Whether two metadata documents are equal regardless of key order. Stored documents come back
 * from `jsonb` with their keys reordered, so `JSON.stringify` comparisons saw changes where there
 * were none (re-saving a layout or re-applying a bundle produced a revision of phantom updates).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with every object's keys sorted. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
