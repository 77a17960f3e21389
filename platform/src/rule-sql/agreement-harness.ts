/**
 * Test support: evaluates rules with json-logic-js (@atrium/metadata's evaluateRule) and with the
 * compiled SQL on PostgreSQL, variables bound as typed parameters, many expressions per statement.
 */
import { evaluateRule, isTruthy, type JsonLogic } from '@atrium/metadata';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { compileCondition, compileRule } from './compile-rule.ts';
import type { RuleScope, SqlType, TypedSql } from './rule-types.ts';
import { datetimeText } from './sql-values.ts';

/** The clock of every evaluation: 23:30 UTC is already the next day in Shanghai. */
export const NOW = new Date('2024-03-10T23:30:00.123Z');
export const TIME_ZONE = 'Asia/Shanghai';

const PARAMETER_TYPE: Record<SqlType, string> = {
  number: 'numeric',
  text: 'text',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  array: 'text[]',
  json: 'jsonb',
};

/** A record value as a column of the field's type would give it (numbers as `numeric`). */
export function parameter(type: SqlType, value: unknown): RawBuilder<unknown> {
  const cast = sql.raw(PARAMETER_TYPE[type]);
  if (value === null || value === undefined) return sql`null::${cast}`;
  if (type === 'json') return sql`${JSON.stringify(value)}::${cast}`;
  if (type === 'number') return sql`${String(value)}::${cast}`;
  return sql`${value}::${cast}`;
}

/** json-logic's `var` lookup (null when absent). */
export function readPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return null;
    current = (current as Record<string, unknown>)[part];
    if (current === undefined) return null;
  }
  return current;
}

/** A scope over one data row: the given variables only, bound as parameters. */
export function rowScope(types: Record<string, SqlType>, data: unknown, nullable?: (path: string) => boolean): RuleScope {
  return {
    timeZone: TIME_ZONE,
    now: NOW,
    variable(path) {
      const type = Object.hasOwn(types, path) ? types[path] : undefined;
      if (!type) return undefined;
      return { sql: parameter(type, readPath(data, path)), type, nullable: nullable ? nullable(path) : true };
    },
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Results made comparable: JSON has no NaN, ±Infinity or −0 (formula values are null then), and
 * PostgreSQL text cannot hold a lone surrogate (a `substr` cutting an emoji in two gives NULL).
 */
export function normalize(value: unknown): unknown {
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) return value.map(normalize);
  return value === undefined ? null : value;
}

/** json-logic-js's result; a throw is reported as a value. */
export function evaluateJs(rule: JsonLogic, data: unknown): unknown {
  try {
    return normalize(evaluateRule(rule, data, { now: NOW, timeZone: TIME_ZONE }));
  } catch (error) {
    return `threw: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function output(compiled: TypedSql): RawBuilder<unknown> {
  switch (compiled.type) {
    case 'date':
      return sql`to_char(${compiled.sql}, 'YYYY-MM-DD')`;
    case 'datetime':
      return datetimeText(compiled.sql);
    case 'json':
      return sql`(${compiled.sql})::text`;
    default:
      return compiled.sql;
  }
}

/** Runs compiled rules (a few hundred per statement) and returns their normalized results in order. */
export async function evaluateSql(db: Kysely<unknown>, compiled: TypedSql[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let start = 0; start < compiled.length; start += 100) {
    const chunk = compiled.slice(start, start + 100);
    const columns = chunk.map((c, i) => sql`${output(c)} as ${sql.id(`c${i}`)}`);
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(columns)}`.execute(db);
    const row = rows[0] as Record<string, unknown>;
    chunk.forEach((c, i) => {
      const value = row[`c${i}`];
      results.push(normalize(c.type === 'json' && typeof value === 'string' ? JSON.parse(value) : value));
    });
  }
  return results;
}

export interface AgreementCase {
  rule: JsonLogic;
  data: unknown;
  types: Record<string, SqlType>;
  /** Variables that cannot be null (default: all can). */
  required?: readonly string[];
  /** The row as the database holds it, when it differs from what JavaScript reads (e.g. numerics beyond 2^53 as text). */
  stored?: unknown;
}

export interface Disagreement {
  rule: JsonLogic;
  data: unknown;
  /** `value`: compileRule's result; `condition`: compileCondition's against json-logic truthiness. */
  use: 'value' | 'condition';
  js: unknown;
  sql: unknown;
}

/**
 * Compiles and runs every case (all must compile), as a value and as a condition, and returns
 * those where SQL and JavaScript differ. Two documented divergences are accepted: where
 * json-logic-js throws (a date pushed out of JavaScript's range) SQL gives NULL, and a string with
 * a lone surrogate (a `substr` cutting an emoji) is NULL in SQL.
 */
export async function disagreements(db: Kysely<unknown>, cases: readonly AgreementCase[]): Promise<Disagreement[]> {
  const compiled = cases.flatMap((c) => {
    const scope = rowScope(c.types, c.stored ?? c.data, (path) => !c.required?.includes(path));
    const condition: TypedSql = { sql: sql`coalesce(${compileCondition(c.rule, scope)}, false)`, type: 'boolean', nullable: false };
    return [compileRule(c.rule, scope), condition];
  });
  const sqlResults = await evaluateSql(db, compiled);
  const found: Disagreement[] = [];
  cases.forEach((c, i) => {
    const [value, condition] = [sqlResults[2 * i], sqlResults[2 * i + 1]];
    let raw: unknown;
    try {
      raw = evaluateRule(c.rule, c.data, { now: NOW, timeZone: TIME_ZONE });
    } catch (error) {
      if (value !== null || condition !== false) found.push({ rule: c.rule, data: c.data, use: 'value', js: `threw ${String(error)}`, sql: value });
      return;
    }
    const js = normalize(raw);
    if (JSON.stringify(js) !== JSON.stringify(value)) found.push({ rule: c.rule, data: c.data, use: 'value', js, sql: value });
    const unrepresentable = typeof raw === 'string' && js === null;
    if (!unrepresentable && isTruthy(raw) !== condition) found.push({ rule: c.rule, data: c.data, use: 'condition', js: isTruthy(raw), sql: condition });
  });
  return found;
}
