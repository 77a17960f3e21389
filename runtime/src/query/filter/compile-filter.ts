import { AtriumError, type ErrorDetail } from '@atrium/errors';
import { type FieldDef, type FilterOperator, filterOperatorsOf, parseAutoNumber, RELATIVE_DATE_RANGES } from '@atrium/metadata';
import { type RawBuilder, sql } from 'kysely';
import { requireComparable, requireFieldRead, requireObjectRead } from '../../access/field-checks.ts';
import { liveRowsSql } from '../../access/row-access.ts';
import type { FieldModel, ObjectModel, RelationModel } from '../../model/tenant-model.ts';
import type { QueryContext } from '../aliases.ts';
import { castType, column, comparableSql } from '../field-sql.ts';
import { relativeDateRange } from './relative-dates.ts';

/**
 * Compiles the filter grammar shared by GraphQL and REST (DESIGN.md §5) into a SQL predicate on
 * the row aliased `alias`:
 *   { and: [...], or: [...], not: {...},
 *     <field>: { <operator>: value, ... },              typed operators per field type
 *     <toOneRelation>: { <target filter>, isNull },     through lookups
 *     <toManyRelation>: { some | every | none: {...} }, quantifiers over children / many-to-many }
 * Every value is a bind parameter. Bad filters are VALIDATION_FAILED with the path of the problem.
 */
export function compileFilter(ctx: QueryContext, object: ObjectModel, alias: string, filter: unknown, path = '/filter'): RawBuilder<unknown> {
  if (filter === undefined || filter === null) return sql`true`;
  if (!isPlainObject(filter)) fail(path, 'INVALID_FILTER', 'a filter is an object of field conditions');
  const parts: RawBuilder<unknown>[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const at = `${path}/${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) fail(at, 'INVALID_FILTER', `"${key}" takes a list of filters`);
      const items = value.map((item, i) => compileFilter(ctx, object, alias, item, `${at}/${i}`));
      if (items.length === 0) parts.push(key === 'and' ? sql`true` : sql`false`);
      else parts.push(sql`(${sql.join(items, key === 'and' ? sql` and ` : sql` or `)})`);
      continue;
    }
    if (key === 'not') {
      parts.push(sql`not coalesce(${compileFilter(ctx, object, alias, value, at)}, false)`);
      continue;
    }
    const field = object.fields.get(key);
    const relation = object.relations.get(key);
    // A lookup takes id operators on itself ({"account": {"in": [...]}}) or a filter of its target.
    if (relation?.kind === 'toOne' && !(isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => ID_OPERATORS.has(k)))) {
      if (field) requireFieldRead(ctx, object, field, at);
      parts.push(relationCondition(ctx, alias, relation, value, at));
      continue;
    }
    if (field && !(field.def && field.def.type === 'manyToMany')) {
      parts.push(fieldCondition(ctx, object, alias, field, value, at));
      continue;
    }
    if (relation) {
      if (field) requireFieldRead(ctx, object, field, at);
      parts.push(relationCondition(ctx, alias, relation, value, at));
      continue;
    }
    fail(at, 'UNKNOWN_FIELD', `"${object.apiName}" has no field or relation "${key}"`);
  }
  if (parts.length === 0) return sql`true`;
  return parts.length === 1 ? (parts[0] as RawBuilder<unknown>) : sql`(${sql.join(parts, sql` and `)})`;
}

const ID_OPERATORS = new Set(['eq', 'neq', 'in', 'notIn', 'isNull']);

function relationCondition(ctx: QueryContext, alias: string, relation: RelationModel, value: unknown, at: string): RawBuilder<unknown> {
  const { model } = ctx;
  const target = model.objects.get(relation.target);
  if (!target) fail(at, 'UNKNOWN_OBJECT', `relation "${relation.name}" points to an unknown object`);
  requireObjectRead(ctx, target, at);
  if (!isPlainObject(value)) fail(at, 'INVALID_FILTER', `a filter on "${relation.name}" is an object`);
  const inner = ctx.aliases.next('f');
  const table = sql`${sql.id(model.schema, target.table)} as ${sql.id(inner)}`;
  const alive = liveRowsSql(ctx, target, inner);
  if (relation.kind === 'toOne') {
    const { isNull, ...rest } = value;
    const parts: RawBuilder<unknown>[] = [];
    if (isNull !== undefined) {
      if (typeof isNull !== 'boolean') fail(`${at}/isNull`, 'INVALID_VALUE', 'isNull takes true or false');
      parts.push(isNull ? sql`${column(alias, relation.column)} is null` : sql`${column(alias, relation.column)} is not null`);
    }
    const keys = Object.keys(rest);
    if (keys.length === 1 && keys[0] === 'id') {
      // Only the target's id: compare the lookup column itself, no sub-select.
      const lookupColumn: FieldModel = { apiName: relation.name, type: 'system', systemColumn: relation.column, systemType: 'uuid', readOnly: false };
      parts.push(fieldCondition(ctx, target, alias, lookupColumn, rest.id, `${at}/id`));
    } else if (keys.length > 0) {
      const condition = compileFilter(ctx, target, inner, rest, at);
      parts.push(sql`exists (select 1 from ${table} where ${sql.id(inner, 'id')} = ${column(alias, relation.column)} and ${alive} and ${condition})`);
    }
    return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
  }
  const link =
    relation.kind === 'toMany'
      ? sql`${sql.id(inner, relation.column)} = ${column(alias, 'id')}`
      : sql`exists (select 1 from ${sql.id(model.schema, relation.junction)} as j where j.${sql.id(relation.sourceColumn)} = ${column(alias, 'id')} and j.${sql.id(relation.targetColumn)} = ${sql.id(inner, 'id')})`;
  const parts: RawBuilder<unknown>[] = [];
  for (const [quantifier, condition] of Object.entries(value)) {
    const where = compileFilter(ctx, target, inner, condition, `${at}/${quantifier}`);
    switch (quantifier) {
      case 'some':
        parts.push(sql`exists (select 1 from ${table} where ${link} and ${alive} and ${where})`);
        break;
      case 'none':
        parts.push(sql`not exists (select 1 from ${table} where ${link} and ${alive} and ${where})`);
        break;
      case 'every':
        parts.push(sql`not exists (select 1 from ${table} where ${link} and ${alive} and (${where}) is not true)`);
        break;
      default:
        fail(`${at}/${quantifier}`, 'UNKNOWN_OPERATOR', `"${relation.name}" is a list of records: filter it with some, every or none`);
    }
  }
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function fieldCondition(ctx: QueryContext, object: ObjectModel, alias: string, field: FieldModel, value: unknown, at: string): RawBuilder<unknown> {
  if (field.def || field.apiName !== 'id') requireComparable(ctx, object, field, at);
  if (!isPlainObject(value)) fail(at, 'INVALID_FILTER', `a condition on "${field.apiName}" is an object of operators, e.g. {"eq": ...}`);
  const def = field.def;
  if (def?.type === 'address') return addressCondition(object, alias, def, value, at);
  if (def?.type === 'json') return nullOnly(column(alias, def.columns?.value ?? ''), value, at);
  const operators = new Set<string>(field.systemType ? systemOperators(field) : filterOperatorsOf(def as FieldDef));
  const expression = comparableSql(ctx, object, field, alias);
  const parts: RawBuilder<unknown>[] = [];
  for (const [operator, operand] of Object.entries(value)) {
    const opPath = `${at}/${operator}`;
    if (def?.type === 'currency' && operator === 'currency') {
      const currency = column(alias, def.columns?.currency ?? '');
      parts.push(
        fieldConditionOn(
          currency,
          'text',
          value.currency,
          opPath,
          new Set(['eq', 'neq', 'in', 'notIn', 'contains', 'startsWith', 'endsWith', 'isNull']),
          'text',
        ),
      );
      continue;
    }
    if (!operators.has(operator)) {
      fail(opPath, 'UNKNOWN_OPERATOR', `"${field.apiName}" (${def?.type ?? field.systemType}) takes ${[...operators].join(', ')}; not "${operator}"`);
    }
    const cast = castType(field);
    const kind = def?.type === 'autoNumber' ? 'autoNumber' : cast;
    parts.push(operatorSql(ctx, expression, operator as FilterOperator, coerce(operand, kind, def, opPath, operator), cast, opPath));
  }
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function fieldConditionOn(
  expression: RawBuilder<unknown>,
  cast: string,
  value: unknown,
  at: string,
  operators: Set<string>,
  kind: string,
): RawBuilder<unknown> {
  if (!isPlainObject(value)) fail(at, 'INVALID_FILTER', 'a condition is an object of operators');
  const parts = Object.entries(value).map(([operator, operand]) => {
    if (!operators.has(operator)) fail(`${at}/${operator}`, 'UNKNOWN_OPERATOR', `takes ${[...operators].join(', ')}; not "${operator}"`);
    return operatorSql(
      undefined,
      expression,
      operator as FilterOperator,
      coerce(operand, kind, undefined, `${at}/${operator}`, operator),
      cast,
      `${at}/${operator}`,
    );
  });
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function addressCondition(object: ObjectModel, alias: string, def: FieldDef, value: Record<string, unknown>, at: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  const columns = Object.entries(def.columns ?? {});
  for (const [key, operand] of Object.entries(value)) {
    if (key === 'isNull') {
      if (typeof operand !== 'boolean') fail(`${at}/isNull`, 'INVALID_VALUE', 'isNull takes true or false');
      const allNull = sql.join(
        columns.map(([, c]) => sql`${column(alias, c)} is null`),
        sql` and `,
      );
      parts.push(operand ? sql`(${allNull})` : sql`not (${allNull})`);
      continue;
    }
    const part = def.columns?.[key];
    if (!part) fail(`${at}/${key}`, 'UNKNOWN_FIELD', `address "${def.apiName}" of "${object.apiName}" has no part "${key}"`);
    parts.push(
      fieldConditionOn(
        column(alias, part),
        'text',
        operand,
        `${at}/${key}`,
        new Set(['eq', 'neq', 'in', 'notIn', 'contains', 'startsWith', 'endsWith', 'isNull']),
        'text',
      ),
    );
  }
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function nullOnly(expression: RawBuilder<unknown>, value: Record<string, unknown>, at: string): RawBuilder<unknown> {
  const keys = Object.keys(value);
  if (keys.some((k) => k !== 'isNull') || typeof value.isNull !== 'boolean') fail(at, 'UNKNOWN_OPERATOR', 'this field can only be filtered with isNull');
  return value.isNull ? sql`${expression} is null` : sql`${expression} is not null`;
}

function systemOperators(field: FieldModel): FilterOperator[] {
  if (field.systemType === 'uuid') return ['eq', 'neq', 'in', 'notIn', 'isNull'];
  return ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', ...(field.systemType === 'datetime' ? (['relative'] as const) : [])];
}

type Operand = unknown;

/** Checks and converts an operand for the operator and the field's kind of value. */
function coerce(operand: unknown, kind: string, def: FieldDef | undefined, at: string, operator: string): Operand {
  if (operator === 'isNull') {
    if (typeof operand !== 'boolean') fail(at, 'INVALID_VALUE', 'isNull takes true or false');
    return operand;
  }
  if (operator === 'relative') {
    if (typeof operand !== 'string' || !(RELATIVE_DATE_RANGES as readonly string[]).includes(operand)) {
      fail(at, 'INVALID_VALUE', `relative takes one of ${RELATIVE_DATE_RANGES.join(', ')}`);
    }
    return operand;
  }
  const list = operator === 'in' || operator === 'notIn' || operator === 'containsAny' || operator === 'containsAll' || operator === 'between';
  if (list) {
    if (!Array.isArray(operand)) fail(at, 'INVALID_VALUE', `${operator} takes a list`);
    if (operator === 'between' && operand.length !== 2) fail(at, 'INVALID_VALUE', 'between takes [from, to]');
    if (operand.length > 1000) fail(at, 'INVALID_VALUE', `${operator} takes at most 1000 values`);
    const itemKind = kind === 'text[]' ? 'text' : kind;
    return operand.map((item, i) => scalar(item, itemKind, def, `${at}/${i}`));
  }
  return scalar(operand, kind === 'text[]' ? 'text' : kind, def, at);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function scalar(value: unknown, kind: string, def: FieldDef | undefined, at: string): unknown {
  const bad = (what: string): never => fail(at, 'INVALID_VALUE', `expected ${what}, got ${JSON.stringify(value)?.slice(0, 60)}`);
  if (value === null) bad('a value (use isNull to match empty fields)');
  switch (kind) {
    case 'numeric':
    case 'bigint':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number');
      if (kind !== 'numeric' && !Number.isInteger(value)) bad('a whole number');
      return value;
    case 'autoNumber': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      const n = typeof value === 'string' ? parseAutoNumber(def?.config?.displayFormat ?? '{0}', value) : null;
      return n ?? bad(`a number or a value like ${def?.config?.displayFormat ?? '42'}`);
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : bad('true or false');
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : bad('a date YYYY-MM-DD');
    case 'timestamptz':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : bad('a date-time (RFC 3339)');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value : bad('a record id');
    default:
      return typeof value === 'string' ? value : bad('a string');
  }
}

function operatorSql(
  ctx: QueryContext | undefined,
  expression: RawBuilder<unknown>,
  operator: FilterOperator,
  operand: Operand,
  cast: string,
  at: string,
): RawBuilder<unknown> {
  const type = sql.raw(cast);
  const itemType = sql.raw(cast.endsWith('[]') ? cast : `${cast}[]`);
  const value = sql`${operand}::${type}`;
  switch (operator) {
    case 'eq':
      return sql`${expression} = ${value}`;
    case 'neq':
      // Salesforce-like: "not equal" includes empty values.
      return sql`${expression} is distinct from ${value}`;
    case 'in':
      return sql`${expression} = any(${operand}::${itemType})`;
    case 'notIn':
      return sql`not coalesce(${expression} = any(${operand}::${itemType}), false)`;
    case 'gt':
      return sql`${expression} > ${value}`;
    case 'gte':
      return sql`${expression} >= ${value}`;
    case 'lt':
      return sql`${expression} < ${value}`;
    case 'lte':
      return sql`${expression} <= ${value}`;
    case 'between': {
      const [from, to] = operand as [unknown, unknown];
      return sql`${expression} between ${from}::${type} and ${to}::${type}`;
    }
    case 'contains':
      return sql`strpos(lower(${expression}), lower(${operand}::text)) > 0`;
    case 'startsWith':
      return sql`starts_with(lower(${expression}), lower(${operand}::text))`;
    case 'endsWith':
      return sql`right(lower(${expression}), char_length(${operand}::text)) = lower(${operand}::text)`;
    case 'isNull':
      if (cast === 'text[]') return operand ? sql`coalesce(cardinality(${expression}), 0) = 0` : sql`cardinality(${expression}) > 0`;
      return operand ? sql`${expression} is null` : sql`${expression} is not null`;
    case 'containsAny':
      return sql`${expression} && ${operand}::text[]`;
    case 'containsAll':
      return sql`${expression} @> ${operand}::text[]`;
    case 'relative': {
      if (!ctx) fail(at, 'UNKNOWN_OPERATOR', 'relative applies to dates');
      const range = relativeDateRange(operand as string, ctx.now, ctx.model.timeZone, ctx.model.weekStart);
      if (cast === 'date') return sql`(${expression} >= ${range.from}::date and ${expression} < ${range.to}::date)`;
      const zone = ctx.model.timeZone;
      return sql`(${expression} >= (${range.from}::date)::timestamp at time zone ${zone} and ${expression} < (${range.to}::date)::timestamp at time zone ${zone})`;
    }
    default:
      return fail(at, 'UNKNOWN_OPERATOR', `unknown operator "${operator}"`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, code: string, message: string): never {
  const detail: ErrorDetail = { path, code, message };
  throw new AtriumError('VALIDATION_FAILED', `bad filter at ${path}: ${message}`, [detail]);
}
