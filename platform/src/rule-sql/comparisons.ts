/**
 * json-logic comparisons with JavaScript's rules: `==` (loose equality), `===` (strict) and the
 * relational operators (strings compare by UTF-16 code units, anything else as numbers, null as 0).
 */
import { type RawBuilder, sql } from 'kysely';
import { isCanonicalDateTimeText, isDateText, jsToNumber, utf16OrderKey } from './js-values.ts';
import { RuleNotCompilable } from './rule-not-compilable.ts';
import type { Cond, Value } from './rule-types.ts';
import { and, constant, dateText, datetimeText, FALSE, isNotNull, isNull, notNaN, or, toNumber, toNumberOrNull, utf16OrderSql } from './sql-values.ts';

export type RelationalOperator = '<' | '<=' | '>' | '>=';
type Kind = 'number' | 'string' | 'boolean' | 'null';

function kindOf(value: Value, path: string): Kind {
  switch (value.type) {
    case 'number':
      return 'number';
    case 'text':
    case 'date':
    case 'datetime':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    default:
      throw new RuleNotCompilable(
        `compares ${value.type === 'array' ? 'an array' : 'a JSON value'} (JavaScript compares arrays and objects by identity or by their text)`,
        path,
      );
  }
}

function bothNull(a: Value, b: Value): Cond {
  return and([isNull(a), isNull(b)]);
}

/** `a = b` for values of one SQL type, JSON null equal to null. */
function sameTypeEquals(a: Value, b: Value): Cond {
  let cond: Cond;
  if (a.nullable && b.nullable) cond = { sql: sql`(${a.sql} is not distinct from ${b.sql})`, nullable: false };
  else cond = { sql: sql`(${a.sql} = ${b.sql})`, nullable: a.nullable || b.nullable };
  return and([cond, notNaN(a), notNaN(b)]);
}

function dateLiteral(text: string): Value {
  return { type: 'date', sql: sql`${text}::date`, nullable: false, literal: { value: text } };
}

function datetimeLiteral(text: string): Value {
  return { type: 'datetime', sql: sql`${text}::timestamptz`, nullable: false, literal: { value: text } };
}

function textOf(value: Value): Value {
  if (value.type === 'date') return { type: 'text', sql: dateText(value.sql), nullable: value.nullable };
  if (value.type === 'datetime') return { type: 'text', sql: datetimeText(value.sql), nullable: value.nullable };
  return value;
}

/** Equality of two JavaScript strings held as text, dates or instants. */
function stringEquals(a: Value, b: Value): Cond {
  if (a.type === b.type) return sameTypeEquals(a, b);
  if (a.type === 'text') return stringEquals(b, a);
  // a is a date or an instant.
  if (b.type === 'text') {
    if (b.literal) {
      const text = b.literal.value as string;
      if (a.type === 'date' && isDateText(text)) return sameTypeEquals(a, dateLiteral(text));
      if (a.type === 'datetime' && isCanonicalDateTimeText(text)) return sameTypeEquals(a, datetimeLiteral(text));
      return FALSE; // no date of a record is spelled that way
    }
    return sameTypeEquals(textOf(a), b);
  }
  // A date (10 characters) never equals an instant (24).
  return bothNull(a, b);
}

/** `===`: same JavaScript type and value; null only equals null. */
export function strictEquals(a: Value, b: Value, path: string, operandPaths: [string, string] = [path, path]): Cond {
  if (a.type === 'null') return isNull(b);
  if (b.type === 'null') return isNull(a);
  const ka = kindOf(a, operandPaths[0]);
  const kb = kindOf(b, operandPaths[1]);
  if (ka !== kb) return bothNull(a, b);
  if (ka === 'string') return stringEquals(a, b);
  return sameTypeEquals(a, b);
}

/** `==`: JavaScript's loose equality (null == null only; numbers, numeric strings and booleans compare as numbers). */
export function looseEquals(a: Value, b: Value, path: string, operandPaths: [string, string] = [path, path]): Cond {
  if (a.type === 'null') return isNull(b);
  if (b.type === 'null') return isNull(a);
  const ka = kindOf(a, operandPaths[0]);
  const kb = kindOf(b, operandPaths[1]);
  if (ka === kb) return strictEquals(a, b, path, operandPaths);
  // Different kinds among number, string and boolean: both become numbers. A date or an instant
  // is NaN as a number and so never equal.
  if (a.type === 'date' || a.type === 'datetime' || b.type === 'date' || b.type === 'datetime') return bothNull(a, b);
  const x = toNumberOrNull(a, operandPaths[0]);
  const y = toNumberOrNull(b, operandPaths[1]);
  return sameTypeEquals(x, y);
}

const COMPARE: Record<RelationalOperator, (x: number, y: number) => boolean> = {
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

function compareSql(op: RelationalOperator, x: RawBuilder<unknown>, y: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(${x} ${sql.raw(op)} ${y})`;
}

/** Numbers (never NULL) compared as JavaScript does: NaN compares false (PostgreSQL sorts it last). */
function compareNumbers(op: RelationalOperator, x: Value, y: Value): Cond {
  const cond: Cond = { sql: compareSql(op, x.sql, y.sql), nullable: false };
  // PostgreSQL: NaN > everything, NaN = NaN. JavaScript: every comparison with NaN is false.
  return and([cond, op === '<' || op === '<=' ? notNaN(y) : notNaN(x)]);
}

/** `0 op ToNumber(s)` for a non-null string value (a date's text is never numeric). */
function zeroAgainst(op: RelationalOperator, other: Value, zeroFirst: boolean, path: string): Cond {
  if (other.type !== 'text') return FALSE;
  if (!other.literal) {
    throw new RuleNotCompilable(
      'compares text that may be null with text from the record: JavaScript then converts the text to a number; compare with a literal or test for null first',
      path,
    );
  }
  const n = jsToNumber(other.literal.value as string);
  return constant(zeroFirst ? COMPARE[op](0, n) : COMPARE[op](n, 0));
}

/** Both values non-null strings: compared by UTF-16 code units (dates and instants by time when both sides allow). */
function compareStrings(op: RelationalOperator, a: Value, b: Value): Cond {
  const asDateLike = (value: Value, other: Value): Value | null => {
    if (value.type === other.type) return value;
    if (value.type === 'text' && value.literal) {
      const text = value.literal.value as string;
      if (other.type === 'date' && isDateText(text)) return dateLiteral(text);
      if (other.type === 'datetime' && isCanonicalDateTimeText(text)) return datetimeLiteral(text);
    }
    return null;
  };
  if (a.type !== 'text' || b.type !== 'text') {
    // ISO dates and canonical instants sort as text in time order.
    const x = asDateLike(a, b);
    const y = asDateLike(b, a);
    if (x && y && x.type !== 'text') return { sql: compareSql(op, x.sql, y.sql), nullable: a.nullable || b.nullable };
  }
  const key = (value: Value): RawBuilder<unknown> => {
    if (value.type === 'date') return dateText(value.sql);
    if (value.type === 'datetime') return datetimeText(value.sql);
    if (value.literal) return sql`${utf16OrderKey(value.literal.value as string)}::text`;
    return utf16OrderSql(value.sql);
  };
  return { sql: sql`(${key(a)} collate "C" ${sql.raw(op)} ${key(b)} collate "C")`, nullable: a.nullable || b.nullable };
}

/** `<`, `<=`, `>`, `>=`: JavaScript's abstract relational comparison. */
export function relational(op: RelationalOperator, a: Value, b: Value, path: string, operandPaths: [string, string] = [path, path]): Cond {
  const ka = kindOf(a, operandPaths[0]);
  const kb = kindOf(b, operandPaths[1]);
  const isDate = (value: Value) => value.type === 'date' || value.type === 'datetime';
  if (ka === 'string' && kb === 'string') {
    // Both strings: compared as strings; when one is null, numerically (null is 0).
    const core = compareStrings(op, a, b);
    const parts: Cond[] = [core];
    if (a.nullable && b.nullable) parts.push(and([isNull(a), isNull(b), constant(COMPARE[op](0, 0))]));
    if (a.nullable) parts.push(and([isNull(a), isNotNull(b), zeroAgainst(op, b, true, path)]));
    if (b.nullable) parts.push(and([isNotNull(a), isNull(b), zeroAgainst(op, a, false, path)]));
    return or(parts);
  }
  if (isDate(a) || isDate(b)) throw new RuleNotCompilable('compares a date with a number, a boolean or null (JavaScript would compare NaN)', path);
  return compareNumbers(op, toNumber(a, operandPaths[0]), toNumber(b, operandPaths[1]));
}
