/**
 * json-logic arithmetic in `float8`, which is JavaScript's number: the same IEEE 754 doubles and
 * rounding, NaN and ±Infinity included (PostgreSQL raises errors where JavaScript returns them,
 * so those cases are computed explicitly). `+` and `*` read their operands with `parseFloat`
 * (null → NaN), the others with ToNumber (null → 0), as json-logic-js does.
 */
import { sql } from 'kysely';
import { RuleNotCompilable } from './rule-not-compilable.ts';
import type { Value } from './rule-types.ts';
import { NAN, numberLiteral, parseFloatOf, toNumber } from './sql-values.ts';

function numberValue(sqlText: Value['sql'], special: boolean): Value {
  return { type: 'number', sql: sqlText, nullable: false, special };
}

/** `{"+": [...]}`: the sum of `parseFloat` of each argument, from 0. */
export function add(args: Value[], paths: string[]): Value {
  const terms = args.map((arg, i) => parseFloatOf(arg, paths[i] as string));
  if (terms.length === 0) return numberLiteral(0);
  return numberValue(
    sql`(0::float8 + ${sql.join(
      terms.map((t) => t.sql),
      sql` + `,
    )})`,
    terms.some((t) => t.special === true),
  );
}

/** A product operand as `parseFloat` reads it: `parseFloat(String(-0))` is 0. */
function productOperand(arg: Value, path: string): Value {
  const operand = parseFloatOf(arg, path);
  if (operand.literal) return Object.is(operand.literal.value, -0) ? numberLiteral(0) : operand;
  if (arg.type === 'number' && !arg.variable) return { ...operand, sql: sql`(${operand.sql} + 0)` };
  return operand;
}

/** `{"*": [...]}`: a reduce without initial value — one argument is returned as it is, none throws. */
export function multiply(args: Value[], paths: string[], path: string): Value {
  if (args.length === 0) throw new RuleNotCompilable('"*" needs at least one argument (json-logic-js throws on none)', path);
  if (args.length === 1) return args[0] as Value;
  let product = productOperand(args[0] as Value, paths[0] as string);
  for (let i = 1; i < args.length; i += 1) {
    const operand = productOperand(args[i] as Value, paths[i] as string);
    const left = i === 1 ? product.sql : sql`(${product.sql} + 0)`;
    product = numberValue(sql`(${left} * ${operand.sql})`, product.special === true || operand.special === true);
  }
  return product;
}

/** `{"-": [a, b]}` is a − b, `{"-": [a]}` is −a (ToNumber; extra arguments are ignored). */
export function subtract(args: Value[], paths: string[]): Value {
  if (args.length === 0) return numberLiteral(Number.NaN);
  const a = toNumber(args[0] as Value, paths[0] as string);
  if (args.length === 1) return numberValue(sql`(- ${a.sql})`, a.special === true);
  const b = toNumber(args[1] as Value, paths[1] as string);
  return numberValue(sql`(${a.sql} - ${b.sql})`, a.special === true || b.special === true);
}

/** The sign bit of a float8 (tells −0 from 0). */
function negativeSign(x: Value['sql']): Value['sql'] {
  return sql`(get_byte(float8send(${x}), 0) >= 128)`;
}

/** `{"/": [a, b]}`: division by zero gives ±Infinity or NaN as in JavaScript. */
export function divide(args: Value[], paths: string[]): Value {
  if (args.length < 2) return numberLiteral(Number.NaN);
  const a = toNumber(args[0] as Value, paths[0] as string);
  const b = toNumber(args[1] as Value, paths[1] as string);
  const divisor = b.literal?.value as number | undefined;
  if (divisor !== undefined && divisor !== 0 && Number.isFinite(divisor)) {
    return numberValue(sql`(${a.sql} / ${b.sql})`, a.special === true);
  }
  const quotient = (x: Value['sql'], y: Value['sql']) =>
    sql`(case when ${y} = 0 then (case when ${x} = 0 or ${x} = ${NAN} then ${NAN} when (${x} > 0) = (not ${negativeSign(y)}) then 'Infinity'::float8 else '-Infinity'::float8 end) else ${x} / ${y} end)`;
  const cheap = (v: Value) => v.literal !== undefined || v.variable === true;
  if (cheap(a) && cheap(b)) return numberValue(quotient(a.sql, b.sql), true);
  // Computed operands are bound once (offset 0 keeps PostgreSQL from inlining them back).
  return numberValue(sql`(select ${quotient(sql.raw('rs_q.a'), sql.raw('rs_q.b'))} from (select ${a.sql} as a, ${b.sql} as b offset 0) as rs_q)`, true);
}

/**
 * `{"%": [a, b]}`: JavaScript's remainder (C's fmod: exact, with the sign of a). Finite operands
 * are decoded from their IEEE bits into integer mantissas on a common binary exponent, so the
 * remainder is computed exactly in `numeric`; the result is always a representable double.
 * (`offset 0` keeps PostgreSQL from inlining the bound operands into every reference.)
 */
export function remainder(args: Value[], paths: string[]): Value {
  if (args.length < 2) return numberLiteral(Number.NaN);
  const a = toNumber(args[0] as Value, paths[0] as string);
  const b = toNumber(args[1] as Value, paths[1] as string);
  const divisor = b.literal?.value as number | undefined;
  const special = a.special === true || divisor === undefined || divisor === 0 || !Number.isFinite(divisor);
  const bits = (x: string) => sql.raw(`('x' || encode(float8send(${x}), 'hex'))::bit(64)::bigint`);
  const mantissa = (bitsOf: string) => sql.raw(`((${bitsOf} & 4503599627370495) + case when (${bitsOf} >> 52) & 2047 > 0 then 4503599627370496 else 0 end)`);
  const exponent = (bitsOf: string) => sql.raw(`(greatest((${bitsOf} >> 52) & 2047, 1) - 1075)`);
  const finite = sql`(select (case when rs_r.a < 0 then -1 else 1 end)::float8
        * mod(rs_d.ma * 2::numeric ^ (rs_d.ea - rs_d.e), rs_d.mb * 2::numeric ^ (rs_d.eb - rs_d.e))::float8
        * power(2::float8, rs_d.e)
      from (select rs_e.ma, rs_e.mb, rs_e.ea, rs_e.eb, least(rs_e.ea, rs_e.eb) as e
        from (select ${mantissa('rs_b.ba')} as ma, ${mantissa('rs_b.bb')} as mb, ${exponent('rs_b.ba')} as ea, ${exponent('rs_b.bb')} as eb
          from (select ${bits('rs_r.a')} as ba, ${bits('rs_r.b')} as bb offset 0) as rs_b offset 0) as rs_e offset 0) as rs_d)`;
  const result = sql`(select case
      when rs_r.b = 0 or rs_r.a - rs_r.a <> 0 or rs_r.b = ${NAN} then ${NAN}
      when rs_r.b - rs_r.b <> 0 or rs_r.a = 0 then rs_r.a
      else ${finite}
    end
    from (select ${a.sql} as a, ${b.sql} as b offset 0) as rs_r)`;
  return numberValue(result, special);
}

/** `min` / `max`: Math.min / Math.max of ToNumber of each argument (NaN wins; none gives ±Infinity). */
export function minMax(op: 'min' | 'max', args: Value[], paths: string[]): Value {
  if (args.length === 0) return numberLiteral(op === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
  const numbers = args.map((arg, i) => toNumber(arg, paths[i] as string));
  if (numbers.length === 1) return numbers[0] as Value;
  const list = sql.join(numbers.map((n) => n.sql));
  const special = numbers.some((n) => n.special === true);
  if (op === 'max') return numberValue(sql`greatest(${list})`, special); // PostgreSQL's NaN is greater than every number
  const nanPossible = numbers.filter((n) => n.special);
  if (nanPossible.length === 0) return numberValue(sql`least(${list})`, false);
  const anyNaN = sql.join(
    nanPossible.map((n) => sql`${n.sql} = ${NAN}`),
    sql` or `,
  );
  return numberValue(sql`(case when ${anyNaN} then ${NAN} else least(${list}) end)`, true);
}
