/**
 * Compiles json-logic rules to PostgreSQL expressions that evaluate exactly as json-logic-js does
 * (DESIGN.md §7): JavaScript's truthiness, coercions and number arithmetic, over a typed subset.
 * Anything whose result would depend on what static types cannot tell is refused with
 * `RuleNotCompilable` instead of computed differently.
 */
import type { JsonLogic } from '@atrium/metadata';
import { type RawBuilder, sql } from 'kysely';
import { add, divide, minMax, multiply, remainder, subtract } from './arithmetic.ts';
import { looseEquals, type RelationalOperator, relational, strictEquals } from './comparisons.ts';
import { dateAdd, dateDiff, now, today } from './date-operations.ts';
import { unrepresentableText } from './js-values.ts';
import { argPath, RuleNotCompilable } from './rule-not-compilable.ts';
import type { Cond, RuleScope, Scalar, SqlType, TypedSql, Value, ValueType } from './rule-types.ts';
import { and, asText, condValue, constant, exact, FALSE, isNull, literalValue, NAN, not, or, PG_TYPE, truthy, typedNull } from './sql-values.ts';
import { cat, inArray, inList, inText, substr } from './text-operations.ts';

/** Operations json-logic-js knows that have no SQL counterpart here. */
const REFUSED: Record<string, string> = {
  map: 'iterates over an array',
  filter: 'iterates over an array',
  reduce: 'iterates over an array',
  all: 'iterates over an array',
  some: 'iterates over an array',
  none: 'iterates over an array',
  merge: 'builds arrays',
  log: 'has a side effect',
  method: 'calls a method',
};

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', 'in']);

type Logic = { [op: string]: JsonLogic };

function isLogic(node: JsonLogic): node is Logic {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

interface Operation {
  op: string;
  args: JsonLogic[];
  paths: string[];
}

function operation(node: Logic, path: string): Operation {
  const op = Object.keys(node)[0] as string;
  const raw = node[op] as JsonLogic;
  // json-logic's "easy syntax": a single argument need not be wrapped in an array.
  if (Array.isArray(raw)) return { op, args: raw, paths: raw.map((_, i) => argPath(path, op, i)) };
  return { op, args: [raw], paths: [argPath(path, op)] };
}

class RuleCompiler {
  constructor(
    private readonly scope: RuleScope,
    /** When given, problems are collected here and compiling goes on (checkRuleCompilable). */
    private readonly problems?: string[],
  ) {}

  /** The rule's value. */
  value(node: JsonLogic, path: string): Value {
    return this.guard(() => this.compileValue(node, path), literalValue(null));
  }

  /** The rule's truthiness. */
  condition(node: JsonLogic, path: string): Cond {
    return this.guard(() => this.compileCondition(node, path), FALSE);
  }

  private guard<T>(compile: () => T, placeholder: T): T {
    if (!this.problems) return compile();
    try {
      return compile();
    } catch (error) {
      if (!(error instanceof RuleNotCompilable)) throw error;
      if (!this.problems.includes(error.message)) this.problems.push(error.message);
      return placeholder;
    }
  }

  private compileValue(node: JsonLogic, path: string): Value {
    if (Array.isArray(node)) return this.arrayLiteral(node, path);
    if (typeof node === 'string' && unrepresentableText(node)) {
      throw new RuleNotCompilable('text with a NUL character or an unpaired surrogate cannot be held by PostgreSQL', path);
    }
    if (node === null || typeof node !== 'object') return literalValue(node as Scalar);
    if (!isLogic(node)) throw new RuleNotCompilable('an object that is not an operation (exactly one key)', path);
    const { op, args, paths } = operation(node, path);
    if (COMPARISONS.has(op) || op === '!' || op === '!!') return condValue(this.compileCondition(node, path));
    const values = () => args.map((arg, i) => this.value(arg, paths[i] as string));
    switch (op) {
      case 'var':
        return this.variable(args, paths, path);
      case 'missing':
        return this.missing(args, paths).value;
      case 'missing_some':
        return this.missingSome(args, paths, path).value;
      case 'if':
      case '?:':
        return this.ifValue(args, paths, path);
      case 'and':
      case 'or':
        return this.andOrValue(op, args, paths, path);
      case '+':
        return add(values(), paths);
      case '*':
        return multiply(values(), paths, path);
      case '-':
        return subtract(values(), paths);
      case '/':
        return divide(values(), paths);
      case '%':
        return remainder(values(), paths);
      case 'min':
      case 'max':
        return minMax(op, values(), paths);
      case 'cat':
        return cat(values(), paths);
      case 'substr':
        return substr(values(), paths, path);
      case 'now':
        values();
        return now(this.scope);
      case 'today':
        values();
        return today(this.scope);
      case 'date_add':
        return dateAdd(values(), paths, path);
      case 'date_diff':
        return dateDiff(values(), paths, path);
      default:
        return this.unsupported(op, path);
    }
  }

  private compileCondition(node: JsonLogic, path: string): Cond {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) this.value(item, `${path}/${i}`);
      return constant(node.length > 0);
    }
    if (!isLogic(node)) return truthy(this.value(node, path));
    const { op, args, paths } = operation(node, path);
    switch (op) {
      case 'and':
        return and(args.map((arg, i) => this.condition(arg, paths[i] as string)));
      case 'or':
        return or(args.map((arg, i) => this.condition(arg, paths[i] as string)));
      case '!':
        return not(args.length === 0 ? FALSE : this.condition(args[0] as JsonLogic, paths[0] as string));
      case '!!':
        return args.length === 0 ? FALSE : this.condition(args[0] as JsonLogic, paths[0] as string);
      case 'if':
      case '?:':
        return this.ifCondition(args, paths);
      case 'missing':
        return this.missing(args, paths).holds;
      case 'missing_some':
        return this.missingSome(args, paths, path).holds;
      case 'in':
        return this.inCondition(args, paths, path);
      case '==':
      case '===':
      case '!=':
      case '!==':
        return this.equality(op, args, paths, path);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.relational(op, args, paths, path);
      default:
        return truthy(this.value(node, path));
    }
  }

  private unsupported(op: string, path: string): never {
    const why = REFUSED[op];
    if (why) throw new RuleNotCompilable(`"${op}" ${why} and cannot be compiled to SQL`, path);
    throw new RuleNotCompilable(`unknown operation "${op}"`, path);
  }

  /** A literal array: only lists of text are values here (`text[]`); `in` reads any list itself. */
  private arrayLiteral(node: JsonLogic[], path: string): Value {
    const items = node.map((item, i) => this.value(item, `${path}/${i}`));
    const bad = items.findIndex((item) => item.type !== 'text' && item.type !== 'null');
    if (bad >= 0) throw new RuleNotCompilable('an array value other than a list of text', `${path}/${bad}`);
    const elements = items.map((item) => (item.type === 'null' ? typedNull('text') : item.sql));
    const array = elements.length === 0 ? sql.raw(`'{}'::text[]`) : sql`array[${sql.join(elements)}]::text[]`;
    return { type: 'array', sql: array, nullable: false };
  }

  private variable(args: JsonLogic[], paths: string[], path: string): Value {
    const [name, fallback] = args;
    if (isLogic(name ?? null)) throw new RuleNotCompilable('a variable whose name is computed', paths[0] as string);
    if (name === undefined || name === null || name === '' || typeof name === 'object' || typeof name === 'boolean') {
      throw new RuleNotCompilable('a variable reading the whole data instead of a field', path);
    }
    const key = String(name);
    const resolved = this.scope.variable(key);
    if (!resolved) throw new RuleNotCompilable(`unknown field "${key}"`, paths[0] as string);
    const cast = sql`(${resolved.sql})::${sql.raw(PG_TYPE[resolved.type])}`;
    // A JSON null inside a jsonb value is json-logic's null too.
    const read = resolved.type === 'json' ? sql`nullif(${cast}, 'null'::jsonb)` : cast;
    const value: Value = { type: resolved.type, sql: read, nullable: resolved.nullable || resolved.type === 'json', variable: true };
    if (fallback !== undefined) {
      const fallbackValue = this.value(fallback, paths[1] as string);
      if (value.nullable && fallbackValue.type !== 'null') {
        throw new RuleNotCompilable(
          `a default for "${key}", which can be null: json-logic uses the default only when the field is absent, not when it is null ` +
            '(write {"if": [{"==": [{"var": field}, null]}, default, {"var": field}]} instead)',
          paths[1] as string,
        );
      }
    }
    return value;
  }

  /** The field names `missing` checks; computed names are refused. */
  private missingKeys(node: JsonLogic[], paths: string[]): Array<{ key: string; path: string }> {
    const [first] = node;
    const list =
      node.length === 1 && Array.isArray(first)
        ? first.map((key, i) => ({ key, path: `${paths[0]}/${i}` }))
        : node.map((key, i) => ({ key, path: paths[i] as string }));
    return list.map(({ key, path }) => {
      if (typeof key === 'string' || typeof key === 'number') return { key: String(key), path };
      throw new RuleNotCompilable('"missing" needs literal field names', path);
    });
  }

  /** Whether a field is missing as json-logic sees it: null or the empty string. */
  private missingField(key: string, path: string): Cond {
    const value = this.variable([key], [path], path);
    if (value.type === 'text') return or([isNull(value), { sql: sql`(${value.sql} = '')`, nullable: true }]);
    if (value.type === 'json') return or([isNull(value), { sql: sql`(${value.sql} = '""'::jsonb)`, nullable: true }]);
    return isNull(value);
  }

  private missingArray(keys: Array<{ key: string }>, misses: Cond[]): RawBuilder<unknown> {
    if (keys.length === 0) return sql.raw(`'{}'::text[]`);
    const items = keys.map(({ key }, i) => sql`case when ${(misses[i] as Cond).sql} then ${key}::text end`);
    return sql`array_remove(array[${sql.join(items)}]::text[], null)`;
  }

  /** `{"missing": [...]}`: the names whose fields are null or empty. */
  private missing(args: JsonLogic[], paths: string[]): { value: Value; holds: Cond } {
    const keys = this.missingKeys(args, paths);
    const misses = keys.map(({ key, path: keyPath }) => this.missingField(key, keyPath));
    return { value: { type: 'array', sql: this.missingArray(keys, misses), nullable: false }, holds: or(misses) };
  }

  /** `{"missing_some": [need, [...]]}`: nothing when at least `need` are present, else the missing ones. */
  private missingSome(args: JsonLogic[], paths: string[], path: string): { value: Value; holds: Cond } {
    const [need, names] = args;
    if (typeof need !== 'number') throw new RuleNotCompilable('"missing_some" needs a literal count', paths[0] ?? path);
    if (!Array.isArray(names)) throw new RuleNotCompilable('"missing_some" needs a literal list of field names', paths[1] ?? path);
    const keys = this.missingKeys([names], [paths[1] as string]);
    const misses = keys.map(({ key, path: keyPath }) => this.missingField(key, keyPath));
    const count =
      keys.length === 0
        ? sql.raw('0')
        : sql`(${sql.join(
            misses.map((m) => sql`(case when ${m.sql} then 1 else 0 end)`),
            sql` + `,
          )})`;
    const enough = sql`(${keys.length} - ${count} >= ${need}::float8)`;
    const value = sql`(case when ${enough} then '{}'::text[] else ${this.missingArray(keys, misses)} end)`;
    return { value: { type: 'array', sql: value, nullable: false }, holds: { sql: sql`(not ${enough} and ${count} > 0)`, nullable: false } };
  }

  /** The values of `if` branches or `and`/`or` operands as one type (JavaScript strings as text). */
  private unify(values: Value[], path: string): { values: Value[]; type: ValueType } {
    const types = [...new Set(values.map((v) => v.type).filter((t) => t !== 'null'))];
    let type: ValueType = types.length === 0 ? 'null' : (types[0] as SqlType);
    let unified = values;
    if (types.length > 1) {
      if (!types.every((t) => t === 'text' || t === 'date' || t === 'datetime')) {
        throw new RuleNotCompilable(`the possible results have different types (${types.join(', ')}); SQL needs one`, path);
      }
      type = 'text';
      unified = values.map((v) => asText(v, path));
    }
    const resultType = type;
    return { values: unified.map((v) => (v.type === 'null' && resultType !== 'null' ? { ...v, type: resultType, sql: typedNull(resultType) } : v)), type };
  }

  private ifValue(args: JsonLogic[], paths: string[], path: string): Value {
    if (args.length === 0) return literalValue(null);
    if (args.length === 1) return this.value(args[0] as JsonLogic, paths[0] as string);
    const conditions: Cond[] = [];
    const branches: Value[] = [];
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      conditions.push(this.condition(args[i] as JsonLogic, paths[i] as string));
      branches.push(this.value(args[i + 1] as JsonLogic, paths[i + 1] as string));
    }
    const otherwise = i < args.length ? this.value(args[i] as JsonLogic, paths[i] as string) : literalValue(null);
    const { values, type } = this.unify([...branches, otherwise], path);
    const whens = conditions.map((cond, k) => sql`when ${cond.sql} then ${(values[k] as Value).sql}`);
    const last = values[values.length - 1] as Value;
    return {
      type,
      sql: sql`(case ${sql.join(whens, sql` `)} else ${last.sql} end)`,
      nullable: values.some((v) => v.nullable),
      special: values.some((v) => v.special === true),
    };
  }

  private ifCondition(args: JsonLogic[], paths: string[]): Cond {
    if (args.length === 0) return FALSE;
    if (args.length === 1) return this.condition(args[0] as JsonLogic, paths[0] as string);
    const whens: RawBuilder<unknown>[] = [];
    let nullable = false;
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      const when = this.condition(args[i] as JsonLogic, paths[i] as string);
      const then = this.condition(args[i + 1] as JsonLogic, paths[i + 1] as string);
      nullable ||= then.nullable;
      whens.push(sql`when ${when.sql} then ${then.sql}`);
    }
    const otherwise = i < args.length ? this.condition(args[i] as JsonLogic, paths[i] as string) : FALSE;
    nullable ||= otherwise.nullable;
    return { sql: sql`(case ${sql.join(whens, sql` `)} else ${otherwise.sql} end)`, nullable };
  }

  /** `and` returns its first falsy operand (else the last), `or` its first truthy one. */
  private andOrValue(op: 'and' | 'or', args: JsonLogic[], paths: string[], path: string): Value {
    if (args.length === 0) throw new RuleNotCompilable(`"${op}" without operands gives undefined`, path);
    const operands = args.map((arg, i) => this.value(arg, paths[i] as string));
    if (operands.length === 1) return operands[0] as Value;
    if (operands.every((v) => v.type === 'boolean' && !v.nullable)) {
      return {
        type: 'boolean',
        sql: sql`(${sql.join(
          operands.map((v) => v.sql),
          sql.raw(` ${op} `),
        )})`,
        nullable: false,
      };
    }
    const { values, type } = this.unify(operands, path);
    const whens = operands.slice(0, -1).map((operand, k) => {
      const holds = exact(truthy(operand));
      return sql`when ${op === 'and' ? sql`not ${holds}` : holds} then ${(values[k] as Value).sql}`;
    });
    const last = values[values.length - 1] as Value;
    return {
      type,
      sql: sql`(case ${sql.join(whens, sql` `)} else ${last.sql} end)`,
      nullable: values.some((v) => v.nullable),
      special: values.some((v) => v.special === true),
    };
  }

  /** Operands json-logic-js evaluates but ignores: compiled only to check them. */
  private extraOperands(args: JsonLogic[], paths: string[], from: number): void {
    for (let k = from; k < args.length; k += 1) this.value(args[k] as JsonLogic, paths[k] as string);
  }

  private twoOperands(op: string, args: JsonLogic[], paths: string[], path: string): [Value, Value] {
    if (args.length < 2) throw new RuleNotCompilable(`"${op}" needs two operands`, path);
    return [this.value(args[0] as JsonLogic, paths[0] as string), this.value(args[1] as JsonLogic, paths[1] as string)];
  }

  private equality(op: '==' | '===' | '!=' | '!==', args: JsonLogic[], paths: string[], path: string): Cond {
    const [a, b] = this.twoOperands(op, args, paths, path);
    this.extraOperands(args, paths, 2);
    const operandPaths: [string, string] = [paths[0] as string, paths[1] as string];
    const equal = op === '==' || op === '!=' ? looseEquals(a, b, path, operandPaths) : strictEquals(a, b, path, operandPaths);
    return op === '==' || op === '===' ? equal : not(equal);
  }

  private relational(op: RelationalOperator, args: JsonLogic[], paths: string[], path: string): Cond {
    const [a, b] = this.twoOperands(op, args, paths, path);
    const third = args[2];
    if (third === undefined || op === '>' || op === '>=') {
      this.extraOperands(args, paths, 2);
      return relational(op, a, b, path, [paths[0] as string, paths[1] as string]);
    }
    // `{"<": [a, b, c]}`: a < b and b < c ("between").
    const c = this.value(third, paths[2] as string);
    return and([relational(op, a, b, path, [paths[0] as string, paths[1] as string]), relational(op, b, c, path, [paths[1] as string, paths[2] as string])]);
  }

  private inCondition(args: JsonLogic[], paths: string[], path: string): Cond {
    const needle = this.value(args[0] ?? null, paths[0] ?? path);
    const haystack = args[1];
    if (haystack === undefined) return FALSE;
    if (Array.isArray(haystack)) {
      const elements = haystack.map((item, i) => this.value(item, `${paths[1]}/${i}`));
      return inList(needle, elements, path);
    }
    const hay = this.value(haystack, paths[1] as string);
    switch (hay.type) {
      case 'array':
        return inArray(needle, hay, path);
      case 'text':
      case 'date':
      case 'datetime':
        return inText(needle, hay, path);
      case 'json':
        throw new RuleNotCompilable('"in" on a JSON value', paths[1] as string);
      default:
        return FALSE; // numbers, booleans and null have no indexOf
    }
  }
}

/** The compiled value as callers use it: non-finite numbers become NULL (JSON has no NaN or Infinity). */
function finish(value: Value): TypedSql {
  if (value.type === 'null') return { sql: typedNull('text'), type: 'text', nullable: true };
  if (value.type === 'number' && value.special) {
    return { sql: sql`nullif(nullif(nullif(${value.sql}, ${NAN}), 'Infinity'::float8), '-Infinity'::float8)`, type: 'number', nullable: true };
  }
  return { sql: value.sql, type: value.type, nullable: value.nullable };
}

/**
 * Compiles a rule to a typed SQL expression with json-logic-js's result. Numbers are
 * `double precision`, as JavaScript computes them; a result that JavaScript gives as NaN or
 * ±Infinity is NULL. Throws `RuleNotCompilable` for anything outside the subset.
 */
export function compileRule(rule: JsonLogic, scope: RuleScope): TypedSql {
  return finish(new RuleCompiler(scope).value(rule, ''));
}

/**
 * Compiles a rule to a SQL condition that holds exactly when json-logic-js finds the rule's value
 * truthy (filters, validation rules, scheduled selections). The condition may yield NULL where the
 * rule is falsy — right for WHERE, AND and OR; use `coalesce(…, false)` (or `IS TRUE`) elsewhere.
 */
export function compileCondition(rule: JsonLogic, scope: RuleScope): RawBuilder<unknown> {
  return new RuleCompiler(scope).condition(rule, '').sql;
}

/**
 * The reasons a rule cannot be compiled for fields of the given types (empty: it can), without
 * building SQL to run: for refusing a rule when it is saved for use in queries.
 */
export function checkRuleCompilable(rule: JsonLogic, variables: Record<string, SqlType>): string[] {
  const problems: string[] = [];
  const scope: RuleScope = {
    timeZone: 'UTC',
    variable: (path) => {
      const type = Object.hasOwn(variables, path) ? variables[path] : undefined;
      return type ? { sql: typedNull(type), type, nullable: true } : undefined;
    },
  };
  const compiler = new RuleCompiler(scope, problems);
  compiler.value(rule, '');
  return problems;
}
