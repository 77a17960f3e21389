import { AtriumError } from '@atrium/errors';
import { type RawBuilder, sql } from 'kysely';
import type { OrderKey } from './order-keys.ts';

/**
 * Keyset cursors: the sort-key values of a row and its id, with a signature of the sort, as
 * base64url JSON. PostgreSQL builds them (so nested connections get cursors too); the compiler
 * turns one back into a "rows after this one" predicate.
 */
export function cursorSignature(keys: OrderKey[]): string {
  let hash = 0x811c9dc5;
  for (const ch of keys.map((k) => k.label).join('|')) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** SQL building the cursor of the current row. */
export function cursorSql(keys: OrderKey[]): RawBuilder<unknown> {
  const values = [sql.lit(cursorSignature(keys)), ...keys.map((k) => k.expression)];
  return sql`translate(encode(convert_to(json_build_array(${sql.join(values)})::text, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

/** The values a cursor carries, checked against the sort it must belong to. */
export function decodeCursor(cursor: unknown, keys: OrderKey[], path: string): unknown[] {
  const bad = (why: string): never => {
    throw new AtriumError('VALIDATION_FAILED', `bad cursor at ${path}: ${why}`, [{ path, code: 'INVALID_CURSOR', message: why }]);
  };
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 4096) return bad('not a cursor from this list');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return bad('not a cursor from this list');
  }
  if (!Array.isArray(parsed) || parsed.length !== keys.length + 1) return bad('not a cursor from this list');
  if (parsed[0] !== cursorSignature(keys)) return bad('the cursor belongs to another sort order');
  const values = parsed.slice(1);
  // Values are checked against their sort keys' types: a tampered cursor is a 400, never a SQL error.
  keys.forEach((key, i) => {
    if (!fitsCast(values[i], key.cast)) bad('not a cursor from this list');
  });
  return values;
}

/**
 * Rows strictly after (or, `backward`, before) the cursor row in the keys' order: a lexicographic
 * comparison that places nulls where the sort puts them.
 */
export function afterCursorSql(keys: OrderKey[], values: unknown[], backward = false): RawBuilder<unknown> {
  const alternatives: RawBuilder<unknown>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equalBefore = keys.slice(0, i).map((k, j) => equalSql(k, values[j]));
    const key = keys[i] as OrderKey;
    const beyond = beyondSql(key, values[i], backward);
    if (!beyond) continue;
    alternatives.push(equalBefore.length ? sql`(${sql.join([...equalBefore, beyond], sql` and `)})` : beyond);
  }
  return alternatives.length ? sql`(${sql.join(alternatives, sql` or `)})` : sql`false`;
}

function typed(key: OrderKey, value: unknown): RawBuilder<unknown> {
  return sql`${value}::${sql.raw(key.cast)}`;
}

function equalSql(key: OrderKey, value: unknown): RawBuilder<unknown> {
  return value === null ? sql`${key.expression} is null` : sql`${key.expression} = ${typed(key, value)}`;
}

function beyondSql(key: OrderKey, value: unknown, backward: boolean): RawBuilder<unknown> | undefined {
  const descending = key.descending !== backward;
  const nullsFirst = key.nullsFirst !== backward;
  if (value === null) {
    // Past a null: the non-null values, when nulls come first.
    return nullsFirst ? sql`${key.expression} is not null` : undefined;
  }
  const comparison = descending ? sql`${key.expression} < ${typed(key, value)}` : sql`${key.expression} > ${typed(key, value)}`;
  return nullsFirst ? comparison : sql`(${comparison} or ${key.expression} is null)`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_LIMIT = 9_223_372_036_854_775_807n;

function fitsCast(value: unknown, cast: string): boolean {
  if (value === null) return true;
  switch (cast) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bigint':
    case 'integer':
      return (
        typeof value === 'number' && Number.isSafeInteger(value) && BigInt(value) <= INTEGER_LIMIT && (cast === 'bigint' || Math.abs(value) <= 2_147_483_647)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
    case 'timestamptz':
      return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
    default:
      return typeof value === 'string' && value.length <= 10_000;
  }
}
