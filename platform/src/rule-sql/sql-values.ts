/**
 * SQL for json-logic values and JavaScript's conversions between them (ToNumber, parseFloat,
 * String, truthiness). Constants written here are the compiler's own; every value taken from a
 * rule goes into a parameter.
 */
import { type RawBuilder, sql } from 'kysely';
import { jsParseFloat, jsToNumber, jsTruthy } from './js-values.ts';
import { RuleNotCompilable } from './rule-not-compilable.ts';
import type { Cond, Scalar, SqlType, Value, ValueType } from './rule-types.ts';

/** The PostgreSQL type holding each rule type. */
export const PG_TYPE: Record<SqlType, string> = {
  text: 'text',
  number: 'float8',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  array: 'text[]',
  json: 'jsonb',
};

export const TRUE: Cond = { sql: sql.raw('true'), nullable: false };
export const FALSE: Cond = { sql: sql.raw('false'), nullable: false };
export const NAN = sql.raw(`'NaN'::float8`);

export function constant(holds: boolean): Cond {
  return holds ? TRUE : FALSE;
}

function isConstant(cond: Cond, holds: boolean): boolean {
  return cond === (holds ? TRUE : FALSE);
}

/** The condition as a boolean that is never NULL. */
export function exact(cond: Cond): RawBuilder<unknown> {
  return cond.nullable ? sql`coalesce(${cond.sql}, false)` : cond.sql;
}

export function not(cond: Cond): Cond {
  if (isConstant(cond, true)) return FALSE;
  if (isConstant(cond, false)) return TRUE;
  return { sql: sql`(not ${exact(cond)})`, nullable: false };
}

/** SQL `and`/`or` keep "NULL means false" consistent, so nullable conditions combine as they are. */
export function and(conds: Cond[]): Cond {
  if (conds.some((c) => isConstant(c, false))) return FALSE;
  const rest = conds.filter((c) => !isConstant(c, true));
  if (rest.length === 0) return TRUE;
  if (rest.length === 1) return rest[0] as Cond;
  return {
    sql: sql`(${sql.join(
      rest.map((c) => c.sql),
      sql` and `,
    )})`,
    nullable: rest.some((c) => c.nullable),
  };
}

export function or(conds: Cond[]): Cond {
  if (conds.some((c) => isConstant(c, true))) return TRUE;
  const rest = conds.filter((c) => !isConstant(c, false));
  if (rest.length === 0) return FALSE;
  if (rest.length === 1) return rest[0] as Cond;
  return {
    sql: sql`(${sql.join(
      rest.map((c) => c.sql),
      sql` or `,
    )})`,
    nullable: rest.some((c) => c.nullable),
  };
}

export function typedNull(type: ValueType): RawBuilder<unknown> {
  return sql.raw(`null::${PG_TYPE[type === 'null' ? 'text' : type]}`);
}

/** A value as a boolean condition (a boolean value that may be NULL stays nullable). */
export function asCond(value: Value): Cond {
  return { sql: value.sql, nullable: value.nullable };
}

/** A condition as a boolean value (never NULL). */
export function condValue(cond: Cond): Value {
  return { type: 'boolean', sql: exact(cond), nullable: false };
}

export function numberLiteral(value: number): Value {
  if (Number.isNaN(value)) return { type: 'number', sql: NAN, nullable: false, special: true, literal: { value } };
  if (!Number.isFinite(value)) {
    return { type: 'number', sql: sql.raw(`'${value > 0 ? '' : '-'}Infinity'::float8`), nullable: false, special: true, literal: { value } };
  }
  // String(-0) is "0": keep the sign, which division by zero reveals.
  const text = Object.is(value, -0) ? '-0' : String(value);
  return { type: 'number', sql: sql`${text}::float8`, nullable: false, literal: { value } };
}

export function textLiteral(value: string): Value {
  return { type: 'text', sql: sql`${value}::text`, nullable: false, literal: { value } };
}

export function literalValue(value: Scalar): Value {
  if (value === null) return { type: 'null', sql: typedNull('null'), nullable: true, literal: { value } };
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return textLiteral(value);
  return { type: 'boolean', sql: sql`${value}::boolean`, nullable: false, literal: { value } };
}

export function isNull(value: Value): Cond {
  if (value.type === 'null') return TRUE;
  if (!value.nullable) return FALSE;
  return { sql: sql`(${value.sql} is null)`, nullable: false };
}

export function isNotNull(value: Value): Cond {
  if (value.type === 'null') return FALSE;
  if (!value.nullable) return TRUE;
  return { sql: sql`(${value.sql} is not null)`, nullable: false };
}

/** json-logic truthiness (JavaScript's, except that an empty array is false). */
export function truthy(value: Value): Cond {
  if (value.literal) return constant(jsTruthy(value.literal.value));
  const x = value.sql;
  switch (value.type) {
    case 'null':
      return FALSE;
    case 'boolean':
      return asCond(value);
    case 'number':
      return { sql: value.special ? sql`(${x} <> 0 and ${x} <> ${NAN})` : sql`(${x} <> 0)`, nullable: value.nullable };
    case 'text':
      return { sql: sql`(${x} <> '')`, nullable: value.nullable };
    case 'date':
    case 'datetime':
      return isNotNull(value);
    case 'array':
      return { sql: sql`(cardinality(${x}) > 0)`, nullable: value.nullable };
    case 'json':
      return {
        sql: sql`(case jsonb_typeof(${x}) when 'object' then true when 'array' then jsonb_array_length(${x}) > 0 when 'string' then ${x} <> '""'::jsonb when 'number' then ${x} <> '0'::jsonb when 'boolean' then ${x} = 'true'::jsonb else false end)`,
        nullable: false,
      };
  }
}

/** True when the number is finite and, if `special`, not NaN (PostgreSQL's NaN equals itself and sorts last). */
export function notNaN(value: Value): Cond {
  if (!value.special) return TRUE;
  return { sql: value.nullable ? sql`(${value.sql} is distinct from ${NAN})` : sql`(${value.sql} <> ${NAN})`, nullable: false };
}

function refuseAsNumber(value: Value, path: string, conversion: string): never {
  if (value.type === 'text') {
    throw new RuleNotCompilable(
      `JavaScript converts this text to a number (${conversion}); only a literal can be converted when compiling to SQL (use a number field)`,
      path,
    );
  }
  if (value.type === 'date' || value.type === 'datetime') {
    throw new RuleNotCompilable('a date is used as a number (use date_diff or date_add for date arithmetic)', path);
  }
  throw new RuleNotCompilable(`${value.type === 'array' ? 'an array' : 'a JSON value'} is used as a number`, path);
}

/** JavaScript's ToNumber (`-`, `/`, `%`, `min`, `max`, comparisons): null is 0, booleans 0/1. Never NULL. */
export function toNumber(value: Value, path: string): Value {
  switch (value.type) {
    case 'number':
      return value.nullable ? { ...value, sql: sql`coalesce(${value.sql}, 0::float8)`, nullable: false } : value;
    case 'null':
      return numberLiteral(0);
    case 'boolean':
      if (value.literal) return numberLiteral(value.literal.value ? 1 : 0);
      return { type: 'number', sql: sql`(case when ${value.sql} then 1 else 0 end)::float8`, nullable: false };
    case 'text':
      if (value.literal) return numberLiteral(jsToNumber(value.literal.value as string));
      return refuseAsNumber(value, path, 'Number(text)');
    default:
      return refuseAsNumber(value, path, 'Number(value)');
  }
}

/** ToNumber that keeps NULL as NULL (for loose equality, where null equals only null). */
export function toNumberOrNull(value: Value, path: string): Value {
  if (value.type === 'boolean' && !value.literal) {
    return { type: 'number', sql: sql`(${value.sql})::int::float8`, nullable: value.nullable };
  }
  if (value.type === 'number') return value;
  return toNumber(value, path);
}

/** JavaScript's `parseFloat` (json-logic's `+` and `*`): null and booleans give NaN. Never NULL. */
export function parseFloatOf(value: Value, path: string): Value {
  switch (value.type) {
    case 'number':
      return value.nullable ? { ...value, sql: sql`coalesce(${value.sql}, ${NAN})`, nullable: false, special: true } : value;
    case 'null':
    case 'boolean':
      return numberLiteral(Number.NaN);
    case 'text':
      if (value.literal) return numberLiteral(jsParseFloat(value.literal.value as string));
      return refuseAsNumber(value, path, 'parseFloat(text)');
    default:
      return refuseAsNumber(value, path, 'parseFloat(value)');
  }
}

/** `YYYY-MM-DD` of a date (NULL stays NULL). */
export function dateText(x: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`to_char(${x}, 'YYYY-MM-DD')`;
}

/** `Date.prototype.toISOString()` of an instant (NULL stays NULL). */
export function datetimeText(x: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The count of significant digits in a number's text (digits before any exponent, zeros trimmed). */
function significantDigits(text: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`length(rtrim(ltrim(regexp_replace(regexp_replace(${text}, 'e.*$', ''), '[^0-9]', '', 'g'), '0'), '0'))`;
}

/**
 * Subqueries here bind a value once; `offset 0` keeps PostgreSQL from inlining them into every
 * reference (which multiplies the expression, and its planning time, at each level).
 *
 * JavaScript's `String(number)`: the shortest digits that read back as the same double (the
 * closest such), positional from 1e-7 to 1e21, else `d.ddde±x`, laid out here from PostgreSQL's
 * output. That output is the shortest too (extra_float_digits >= 1, the default), except that
 * it refuses a decimal lying exactly halfway between two doubles: 1.2345e21 prints as
 * 1.2344999999999999e+21. Such short halfway decimals exist only from 2^53 (below, halfway
 * points have too many digits), so there, or when the output does not read back (other
 * settings), the shortest `to_char(x, '9.99…EEEE')` (C's printf, correctly rounded) that reads
 * back is taken instead, unless PostgreSQL's is shorter (printf's nearest rounding misses the
 * shorter decimal on the wide side of a power of two). */
export function numberText(x: RawBuilder<unknown>): RawBuilder<unknown> {
  // Rounding the largest doubles can overflow float8: such candidates are skipped.
  const rounded = sql`(select btrim(rs_k.c)
      from generate_series(1, 17) as rs_g(k)
      cross join lateral (select to_char(rs_x.x, '9' || (case when rs_g.k > 1 then '.' || repeat('9', rs_g.k - 1) else '' end) || 'EEEE') as c) as rs_k
      where case when abs(rs_k.c::numeric) < 1.7976931348623158e308 then rs_k.c::float8 = rs_x.x else false end
      order by rs_g.k
      limit 1)`;
  return sql`(select case
      when rs_m.m is null then rs_m.t
      when rs_m.e >= 21 or rs_m.e <= -7 then rs_m.m[1] || rs_m.m[2] || coalesce('.' || rs_m.m[3], '') || 'e' || (case when rs_m.e < 0 then '-' else '+' end) || abs(rs_m.e)::text
      when rs_m.e < 0 then rs_m.m[1] || '0.' || repeat('0', -rs_m.e - 1) || rs_m.d
      when rs_m.e >= length(rs_m.d) - 1 then rs_m.m[1] || rs_m.d || repeat('0', rs_m.e - length(rs_m.d) + 1)
      else rs_m.m[1] || left(rs_m.d, rs_m.e + 1) || '.' || substr(rs_m.d, rs_m.e + 2)
    end
    from (select (${x} + 0) as x offset 0) as rs_x
    cross join lateral (select rs_x.x::text as t, case when rs_x.x - rs_x.x = 0 and (abs(rs_x.x) >= 4503599627370496 or rs_x.x::text::float8 <> rs_x.x) then ${rounded} end as c offset 0) as rs_c
    cross join lateral (select case when rs_c.c is not null and (${significantDigits(sql`rs_c.c`)} <= ${significantDigits(sql`rs_c.t`)} or rs_c.t::float8 <> rs_x.x) then rs_c.c else rs_c.t end as t offset 0) as rs_t
    cross join lateral (select regexp_match(rs_t.t, '^(-?)(\\d)(?:\\.(\\d+))?e([+-]\\d+)$') as m offset 0) as rs_r
    cross join lateral (select rs_t.t, rs_r.m, rs_r.m[4]::int as e, rs_r.m[2] || coalesce(rs_r.m[3], '') as d offset 0) as rs_m)`;
}

/**
 * JavaScript's `String(value)` as text. `nullAs`: what null becomes — `'null'` (String(null)),
 * `''` (Array.prototype.join), or `keep` (stays NULL).
 */
export function toText(value: Value, nullAs: 'null' | '' | 'keep', path: string): RawBuilder<unknown> {
  const whenNull = nullAs === 'keep' ? sql.raw('null::text') : sql`${nullAs}::text`;
  if (value.literal) {
    const literal = value.literal.value;
    return literal === null ? whenNull : sql`${String(literal)}::text`;
  }
  const x = value.sql;
  let text: RawBuilder<unknown>;
  switch (value.type) {
    case 'null':
      return whenNull;
    case 'text':
      text = x;
      break;
    case 'number':
      text = numberText(x);
      break;
    case 'boolean':
      return value.nullable
        ? sql`(case when ${x} then 'true' when not ${x} then 'false' else ${whenNull} end)`
        : sql`(case when ${x} then 'true' else 'false' end)`;
    case 'date':
      text = dateText(x);
      break;
    case 'datetime':
      text = datetimeText(x);
      break;
    case 'array':
      // Array.prototype.join: elements joined with commas, null elements as empty strings.
      text = sql`array_to_string(${x}, ',', '')`;
      break;
    case 'json':
      throw new RuleNotCompilable('a JSON value is used as text', path);
  }
  return value.nullable && nullAs !== 'keep' ? sql`coalesce(${text}, ${whenNull})` : text;
}

/** A text value of the same JavaScript string (dates and instants in their record form). */
export function asText(value: Value, path: string): Value {
  if (value.type === 'text' || value.type === 'null') return value;
  return { type: 'text', sql: toText(value, 'keep', path), nullable: value.nullable };
}

/** SQL counterpart of `utf16OrderKey`: compare the result with `COLLATE "C"` for JavaScript's string order. */
export function utf16OrderSql(x: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`regexp_replace(${x}, '([\\uE000-\\uFFFF])', chr(1114111) || '\\1', 'g')`;
}
