/**
 * Atrium's date operations (`now`, `today`, `date_add`, `date_diff`; see @atrium/metadata's
 * date-operations.ts) in SQL. Dates are `date`, instants `timestamptz`; arithmetic on instants is
 * done in UTC; months and years clamp to the month's end like PostgreSQL's intervals, which is
 * what the JavaScript implementation does.
 */
import { DATE_UNITS, type DateUnit } from '@atrium/metadata';
import { type RawBuilder, sql } from 'kysely';
import { jsToNumber, parseDateOperand } from './js-values.ts';
import { RuleNotCompilable } from './rule-not-compilable.ts';
import type { RuleScope, Value } from './rule-types.ts';
import { typedNull } from './sql-values.ts';

/** `{"now": []}`: the evaluation instant, to the millisecond (JavaScript dates have no finer unit). */
export function now(scope: RuleScope): Value {
  const instant = scope.now ? sql`${scope.now.toISOString()}::timestamptz` : sql.raw(`date_trunc('milliseconds', statement_timestamp())`);
  return { type: 'datetime', sql: instant, nullable: false };
}

/** `{"today": []}`: the date in the tenant's time zone. */
export function today(scope: RuleScope): Value {
  return { type: 'date', sql: sql`(${now(scope).sql} at time zone ${scope.timeZone}::text)::date`, nullable: false };
}

type DateOperand = { kind: 'date' | 'datetime'; value: Value } | { kind: 'null' };

const YEAR_RANGE = /^(000[1-9]|00[1-9]\d|0[1-9]\d\d|[1-9]\d{3})-/;

/** How `parse` in date-operations.ts reads an argument: a string or nothing (null result). */
function dateOperand(value: Value, path: string): DateOperand {
  switch (value.type) {
    case 'date':
    case 'datetime':
      return { kind: value.type, value };
    case 'text': {
      if (!value.literal) {
        throw new RuleNotCompilable('a date operation on text: JavaScript parses the text as a date; use a date or date-time field', path);
      }
      const parsed = parseDateOperand(value.literal.value as string);
      if (parsed === null) return { kind: 'null' };
      const text = 'date' in parsed ? parsed.date : parsed.datetime;
      if (!YEAR_RANGE.test(text)) throw new RuleNotCompilable('a date outside the years 0001 to 9999', path);
      return 'date' in parsed
        ? { kind: 'date', value: { type: 'date', sql: sql`${text}::date`, nullable: false } }
        : { kind: 'datetime', value: { type: 'datetime', sql: sql`${text}::timestamptz`, nullable: false } };
    }
    case 'json':
      throw new RuleNotCompilable('a date operation on a JSON value', path);
    default:
      return { kind: 'null' }; // not a string
  }
}

/** The unit: a literal; anything else than a known unit makes the result null. */
function unitOperand(value: Value | undefined, path: string): DateUnit | null {
  if (value === undefined) return null;
  if (!value.literal) throw new RuleNotCompilable('the unit of a date operation must be a literal ("day", "month"...)', path);
  const unit = value.literal.value;
  return typeof unit === 'string' && (DATE_UNITS as readonly string[]).includes(unit) ? (unit as DateUnit) : null;
}

const UNIT_SECONDS: Record<'week' | 'day' | 'hour' | 'minute' | 'second', number> = { week: 604_800, day: 86_400, hour: 3600, minute: 60, second: 1 };

/**
 * Amounts beyond these (about 4,600 years) are not computed: from a date in the years 0001-9999
 * the result could leave PostgreSQL's range (4713 BC) and JavaScript prints such years
 * differently anyway. The SQL result is then NULL.
 */
const AMOUNT_LIMIT: Record<DateUnit, number> = {
  year: 4600,
  month: 55_000,
  week: 240_000,
  day: 1_680_000,
  hour: 40_000_000,
  minute: 2_400_000_000,
  second: 145_000_000_000,
};

/** `{"date_add": [date, amount, unit]}`: a date stays a date for year/month/week/day; null on bad input. */
export function dateAdd(args: Value[], paths: string[], path: string): Value {
  const [valueArg, amountArg, unitArg] = args;
  const unit = unitOperand(unitArg, paths[2] ?? path);
  const operand = valueArg === undefined ? ({ kind: 'null' } as const) : dateOperand(valueArg, paths[0] as string);
  const resultType = operand.kind === 'date' && (unit === 'year' || unit === 'month' || unit === 'week' || unit === 'day') ? 'date' : 'datetime';
  const nullResult: Value = {
    type: operand.kind === 'null' ? 'null' : resultType,
    sql: typedNull(operand.kind === 'null' ? 'null' : resultType),
    nullable: true,
  };
  if (operand.kind === 'null' || unit === null || amountArg === undefined) return nullResult;

  // `typeof amount === 'string' ? Number(amount) : amount`, then an integer or nothing.
  let amount: RawBuilder<unknown>;
  let checked = false;
  if (amountArg.type === 'number' && !amountArg.literal) {
    amount = amountArg.sql;
  } else if (amountArg.literal && (typeof amountArg.literal.value === 'number' || typeof amountArg.literal.value === 'string')) {
    const n = typeof amountArg.literal.value === 'string' ? jsToNumber(amountArg.literal.value) : amountArg.literal.value;
    if (!Number.isInteger(n)) return nullResult;
    if (Math.abs(n) > AMOUNT_LIMIT[unit]) throw new RuleNotCompilable(`a "date_add" amount beyond ${AMOUNT_LIMIT[unit]} ${unit}s`, paths[1] as string);
    amount = sql`${String(n)}::float8`;
    checked = true;
  } else if (amountArg.type === 'text') {
    throw new RuleNotCompilable('a "date_add" amount given as text from the record (JavaScript converts it with Number)', paths[1] as string);
  } else if (amountArg.type === 'json') {
    throw new RuleNotCompilable('a "date_add" amount given as a JSON value', paths[1] as string);
  } else {
    return nullResult; // booleans, null, dates: not a number
  }

  const x = operand.value.sql;
  let result: RawBuilder<unknown>;
  if (unit === 'year' || unit === 'month') {
    const months = sql`make_interval(months => (${amount} * ${sql.raw(unit === 'year' ? '12' : '1')})::int)`;
    result = operand.kind === 'date' ? sql`(${x} + ${months})::date` : sql`((${x} at time zone 'UTC') + ${months}) at time zone 'UTC'`;
  } else if (operand.kind === 'date' && (unit === 'week' || unit === 'day')) {
    result = sql`(${x} + (${amount} * ${sql.raw(unit === 'week' ? '7' : '1')})::int)`;
  } else {
    const interval = sql`make_interval(secs => ${amount} * ${sql.raw(String(UNIT_SECONDS[unit]))})`;
    result = operand.kind === 'date' ? sql`((${x}::timestamp at time zone 'UTC') + ${interval})` : sql`(${x} + ${interval})`;
  }
  if (!checked) {
    const limit = sql.raw(String(AMOUNT_LIMIT[unit]));
    result = sql`(case when ${amount} - ${amount} = 0 and ${amount} = trunc(${amount}) and abs(${amount}) <= ${limit} then ${result} end)`;
  }
  return { type: resultType, sql: result, nullable: !checked || operand.value.nullable || amountArg.nullable };
}

/** Wall-clock UTC `timestamp` of a date or an instant. */
function utcTimestamp(operand: { kind: 'date' | 'datetime'; value: Value }): RawBuilder<unknown> {
  return operand.kind === 'date' ? sql`(${operand.value.sql})::timestamp` : sql`(${operand.value.sql} at time zone 'UTC')`;
}

/** `{"date_diff": [from, to, unit]}`: whole units from `from` to `to`, negative when `to` is earlier. */
export function dateDiff(args: Value[], paths: string[], path: string): Value {
  const [fromArg, toArg, unitArg] = args;
  const unit = unitOperand(unitArg, paths[2] ?? path);
  const from = fromArg === undefined ? ({ kind: 'null' } as const) : dateOperand(fromArg, paths[0] as string);
  const to = toArg === undefined ? ({ kind: 'null' } as const) : dateOperand(toArg, paths[1] as string);
  if (from.kind === 'null' || to.kind === 'null' || unit === null) return { type: 'number', sql: typedNull('number'), nullable: true };
  const nullable = from.value.nullable || to.value.nullable;

  if (unit === 'year' || unit === 'month') {
    // Whole months from the earlier to the later, as date_add counts them (clamped month ends).
    const whole = unit === 'year' ? sql.raw('trunc(rs_q.months / 12)') : sql.raw('rs_q.months');
    // least/greatest skip NULLs: test for them first.
    const result = sql`(select (case when rs_m.a <= rs_m.b then 1 when rs_m.a > rs_m.b then -1 end * ${whole})::float8
      from (select ${utcTimestamp(from)} as a, ${utcTimestamp(to)} as b offset 0) as rs_m
      cross join lateral (select least(rs_m.a, rs_m.b) as lo, greatest(rs_m.a, rs_m.b) as hi offset 0) as rs_o
      cross join lateral (select (extract(year from rs_o.hi) - extract(year from rs_o.lo)) * 12 + extract(month from rs_o.hi) - extract(month from rs_o.lo) as m0 offset 0) as rs_p
      cross join lateral (select rs_p.m0 - (case when rs_o.lo + make_interval(months => rs_p.m0::int) > rs_o.hi then 1 else 0 end) as months offset 0) as rs_q)`;
    return { type: 'number', sql: result, nullable };
  }
  if (from.kind === 'date' && to.kind === 'date') {
    // Whole days between dates; other units scale them (no remainder to truncate but for weeks).
    const days = sql`(${to.value.sql} - ${from.value.sql})::bigint`;
    const scaled = {
      week: sql`(${days} / 7)`,
      day: days,
      hour: sql`(${days} * 24)`,
      minute: sql`(${days} * 1440)`,
      second: sql`(${days} * 86400)`,
    }[unit];
    return { type: 'number', sql: sql`(${scaled})::float8`, nullable };
  }
  const epochMs = (operand: { kind: 'date' | 'datetime'; value: Value }) => sql`(extract(epoch from ${operand.value.sql}) * 1000)`;
  const result = sql`trunc((${epochMs(to)} - ${epochMs(from)}) / ${sql.raw(String(UNIT_SECONDS[unit] * 1000))})::float8`;
  return { type: 'number', sql: result, nullable };
}
