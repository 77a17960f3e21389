/** Quotes an SQL identifier (always: `case` and other keywords are valid API names). */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error(`invalid SQL identifier "${name}"`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"`. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable suffix for shortened names. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A derived relation or constraint name (`<table>__<column>_<suffix>`) within PostgreSQL's
 * 63-byte limit: shortened with a hash of the full name when too long, so it stays unique
 * and can be recomputed from metadata instead of being stored.
 */
export function derivedName(table: string, column: string, suffix: string): string {
  const full = `${table}__${column}_${suffix}`;
  if (Buffer.byteLength(full) <= 63) return full;
  const hash = fnv1a(full);
  const keep = 63 - hash.length - suffix.length - 2;
  let head = `${table}__${column}`;
  while (Buffer.byteLength(head) > keep) head = head.slice(0, -1);
  return `${head}_${hash}_${suffix}`;
}
