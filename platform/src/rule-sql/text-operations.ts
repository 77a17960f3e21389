/**
 * `cat`, `substr` and `in`. JavaScript strings are UTF-16: `substr` counts code units, so
 * characters outside the Basic Multilingual Plane (emoji) count twice, as in the browser.
 */
import { type RawBuilder, sql } from 'kysely';
import { strictEquals } from './comparisons.ts';
import { RuleNotCompilable } from './rule-not-compilable.ts';
import type { Cond, Value } from './rule-types.ts';
import { and, isNull, NAN, notNaN, or, toNumber, toText } from './sql-values.ts';

/** `{"cat": [...]}`: the arguments joined as `Array.prototype.join("")` does (null is empty). */
export function cat(args: Value[], paths: string[]): Value {
  if (args.length === 0) return { type: 'text', sql: sql.raw(`''::text`), nullable: false };
  const parts = args.map((arg, i) => toText(arg, '', paths[i] as string));
  return { type: 'text', sql: sql`(${sql.join(parts, sql` || `)})`, nullable: false };
}

/** ToIntegerOrInfinity of a number that is never NULL. */
function toInteger(value: Value): RawBuilder<unknown> {
  if (value.literal && Number.isInteger(value.literal.value)) return value.sql;
  return value.special ? sql`(case when ${value.sql} = ${NAN} then 0 else trunc(${value.sql}) end)` : sql`trunc(${value.sql})`;
}

/**
 * `{"substr": [source, start, length]}`: `String(source).substr(start, length)`, a negative length
 * dropping characters from the end (json-logic's PHP-like extension). Counted in UTF-16 code units:
 * each supplementary character is followed by a U+FFFF marker while cutting. A cut through a
 * surrogate pair gives a lone surrogate, which PostgreSQL text cannot hold: the result is then NULL
 * (as it is for a source containing U+FFFF itself, a noncharacter).
 */
export function substr(args: Value[], paths: string[], path: string): Value {
  const source = args[0];
  if (source === undefined) throw new RuleNotCompilable('"substr" needs a string', path);
  const text = toText(source, 'null', paths[0] as string);
  const start = args[1] === undefined ? undefined : toNumber(args[1], paths[1] as string);
  const lengthArg = args[2];
  let length: Value | undefined;
  if (lengthArg !== undefined) {
    if (lengthArg.type === 'text' && lengthArg.literal && Number(lengthArg.literal.value) < 0) {
      // JavaScript would then add the text to a number: string concatenation.
      throw new RuleNotCompilable('a negative "substr" length given as text', paths[2] as string);
    }
    length = toNumber(lengthArg, paths[2] as string);
  }
  const startSql = start === undefined ? sql.raw('0') : toInteger(start);
  // rs_c.st: the start in code units, clamped to the string.
  const st = sql`(case when rs_b.p < 0 then greatest(rs_b.n + rs_b.p, 0) else least(rs_b.p, rs_b.n) end)`;
  let cut: RawBuilder<unknown>;
  if (length === undefined) {
    cut = sql`substring(rs_b.x from (rs_c.st + 1)::int)`;
  } else {
    const normal = sql`greatest(least(${toInteger(length)}, rs_b.n - rs_c.st), 0)`;
    const fromEnd = sql`greatest(least(trunc(rs_b.n - rs_c.st + ${length.sql}), rs_b.n - rs_c.st), 0)`;
    const literalLength = length.literal?.value as number | undefined;
    let count: RawBuilder<unknown>;
    if (literalLength !== undefined) count = literalLength < 0 ? fromEnd : normal;
    else count = sql`(case when ${length.sql} < 0 then ${fromEnd} else ${normal} end)`;
    cut = sql`substring(rs_b.x from (rs_c.st + 1)::int for (${count})::int)`;
  }
  const result = sql`(select case
        when rs_d.r ~ '^\\uFFFF|[\\U00010000-\\U0010FFFF]$' or strpos(rs_a.s, chr(65535)) > 0 then null
        else replace(rs_d.r, chr(65535), '')
      end
    from (select ${text} as s offset 0) as rs_a
    cross join lateral (select rs_e.x, length(rs_e.x) as n, (${startSql})::float8 as p
      from (select regexp_replace(rs_a.s, '([\\U00010000-\\U0010FFFF])', '\\1' || chr(65535), 'g') as x offset 0) as rs_e offset 0) as rs_b
    cross join lateral (select ${st} as st offset 0) as rs_c
    cross join lateral (select ${cut} as r offset 0) as rs_d)`;
  return { type: 'text', sql: result, nullable: true };
}

/** `{"in": [needle, [a, b, ...]]}`: strict equality with any element. */
export function inList(needle: Value, elements: Value[], path: string): Cond {
  const literals = elements.map((e) => e.literal?.value);
  if (needle.type === 'text' && literals.length > 0 && literals.every((v) => typeof v === 'string')) {
    return { sql: sql`(${needle.sql} = any(${literals}::text[]))`, nullable: needle.nullable };
  }
  if (needle.type === 'number' && literals.length > 0 && literals.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const numbers = (literals as number[]).map((n) => String(n));
    return and([{ sql: sql`(${needle.sql} = any(${numbers}::float8[]))`, nullable: needle.nullable }, notNaN(needle)]);
  }
  return or(elements.map((element) => strictEquals(needle, element, path)));
}

/** `{"in": [needle, array]}` for a `text[]` value (Array.prototype.indexOf: strict equality). */
export function inArray(needle: Value, array: Value, path: string): Cond {
  const nullInArray: Cond = { sql: sql`(array_position(${array.sql}, null) is not null)`, nullable: true };
  switch (needle.type) {
    case 'null':
      return nullInArray;
    case 'text':
    case 'date':
    case 'datetime': {
      const text = toText(needle, 'keep', path);
      return or([{ sql: sql`(${text} = any(${array.sql}))`, nullable: true }, and([isNull(needle), nullInArray])]);
    }
    case 'number':
    case 'boolean':
      // The elements are strings: only a null needle can match (a null element).
      return and([isNull(needle), nullInArray]);
    default:
      throw new RuleNotCompilable('looks for an array or JSON value in an array (JavaScript compares them by identity)', path);
  }
}

/** `{"in": [needle, text]}`: `text.indexOf(String(needle)) !== -1`, false for an empty or null text. */
export function inText(needle: Value, haystack: Value, path: string): Cond {
  const hay = toText(haystack, 'keep', path);
  const part = toText(needle, 'null', path);
  const found: Cond = { sql: sql`(strpos(${hay}, ${part}) > 0)`, nullable: haystack.nullable };
  if (haystack.type !== 'text') return found; // dates and instants are never empty
  return and([{ sql: sql`(${hay} <> '')`, nullable: haystack.nullable }, found]);
}
