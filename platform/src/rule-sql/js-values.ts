/**
 * Compile-time JavaScript semantics for literals: the conversions json-logic-js applies to a
 * value the rule spells out, done here exactly (by JavaScript itself) instead of in SQL.
 */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const CANONICAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** JavaScript's `ToNumber` of a string (`Number("1")`). */
export function jsToNumber(value: string): number {
  return Number(value);
}

/** JavaScript's `parseFloat`, as json-logic's `+` and `*` apply it. */
export function jsParseFloat(value: string): number {
  return Number.parseFloat(value);
}

/** A string PostgreSQL `text` cannot hold exactly: a NUL character or an unpaired UTF-16 surrogate. */
export function unrepresentableText(value: string): boolean {
  return value.includes('\u0000') || LONE_SURROGATE.test(value);
}

/** `YYYY-MM-DD` naming a real day (the form date fields take in records), years 0001 to 9999. */
export function isDateText(value: string): boolean {
  if (!DATE_ONLY.test(value) || value.startsWith('0000')) return false;
  const time = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(time.getTime()) && time.toISOString().slice(0, 10) === value;
}

/** `Date.prototype.toISOString()` form (`2024-03-01T10:00:00.000Z`), years 0001 to 9999. */
export function isCanonicalDateTimeText(value: string): boolean {
  if (!CANONICAL_DATETIME.test(value) || value.startsWith('0000')) return false;
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toISOString() === value;
}

/**
 * How Atrium's date operations read a string: `YYYY-MM-DD` is a date, anything else `Date` parses is
 * an instant (returned in canonical form); null when unparsable (see metadata's date-operations).
 */
export function parseDateOperand(value: string): { date: string } | { datetime: string } | null {
  if (DATE_ONLY.test(value)) {
    const time = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(time.getTime())) return null;
    // `2024-02-30` rolls over to March 1st in JavaScript; keep the day it denotes.
    return { date: time.toISOString().slice(0, 10) };
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return null;
  return { datetime: time.toISOString() };
}

/**
 * A key whose code-point order (PostgreSQL's `COLLATE "C"` on UTF-8) is JavaScript's UTF-16
 * code-unit order: characters U+E000..U+FFFF sort after the supplementary planes in UTF-16, so
 * each is prefixed with U+10FFFF. Mirrors `utf16OrderSql`.
 */
export function utf16OrderKey(value: string): string {
  return value.replace(/[\uE000-\uFFFF]/g, (char) => `\u{10FFFF}${char}`);
}

/** json-logic truthiness of a literal. */
export function jsTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}
