import { AtriumError } from '@atrium/errors';
import { type FieldDef, fieldType } from '@atrium/metadata';
import { type RawBuilder, sql } from 'kysely';
import type { FieldModel, ObjectModel } from '../model/tenant-model.ts';
import type { QueryContext } from './aliases.ts';
import { formulaResultCast, formulaSql } from './formula-sql.ts';

/** A column of the row aliased `alias`. */
export function column(alias: string, name: string): RawBuilder<unknown> {
  return sql.id(alias, name);
}

function physical(field: FieldDef, part = 'value'): string {
  const name = field.columns?.[part];
  if (!name) throw new Error(`field "${field.apiName}" has no column for "${part}"`);
  return name;
}

/** SQL type of a one-column field, for casting parameters compared with it. */
export function castType(field: FieldModel): string {
  if (field.systemType === 'uuid') return 'uuid';
  if (field.systemType === 'datetime') return 'timestamptz';
  if (field.systemType === 'integer') return 'integer';
  const def = field.def;
  if (!def) return 'text';
  switch (def.type) {
    case 'integer':
    case 'autoNumber':
      return 'bigint';
    case 'number':
    case 'percent':
    case 'currency':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'lookup':
    case 'masterDetail':
    case 'user':
      return 'uuid';
    case 'multiPicklist':
      return 'text[]';
    case 'json':
      return 'jsonb';
    case 'formula':
      return formulaResultCast(def);
    default:
      return 'text';
  }
}

/**
 * The expression a filter or sort compares for a one-value field (composites: their main part).
 * A field whose type is being converted reads its new column, falling back to the old one.
 */
export function comparableSql(ctx: QueryContext, object: ObjectModel, field: FieldModel, alias: string): RawBuilder<unknown> {
  if (field.systemColumn) return column(alias, field.systemColumn);
  const def = field.def as FieldDef;
  switch (def.type) {
    case 'formula':
      return formulaSql(ctx, object, def, alias);
    case 'currency':
      return column(alias, physical(def, 'amount'));
    case 'manyToMany':
    case 'address':
      throw new AtriumError('BAD_REQUEST', `field "${def.apiName}" of "${object.apiName}" cannot be compared as one value`);
    default:
      return convertingAware(def, alias);
  }
}

function convertingAware(def: FieldDef, alias: string): RawBuilder<unknown> {
  const current = column(alias, physical(def));
  const from = def.conversion;
  if (!from) return current;
  const old = from.fromColumns.value;
  if (!old) return current;
  const sqlType = fieldType(def.type).columns(def)[0]?.sqlType ?? 'text';
  // Rows the backfill has not reached yet: the old value, converted on the fly.
  const conversion = fieldType(from.fromType).conversions.find((c) => c.to === def.type)?.sql ?? '{value}';
  const [before, after = ''] = conversion.replace(/\{timeZone\}/g, "'UTC'").split('{value}');
  return sql`coalesce(${current}, (${sql.raw(before ?? '')}${column(alias, old)}${sql.raw(after)})::${sql.raw(sqlType)})`;
}

/** The JSON value of a field in API shape (composites as objects, auto-numbers formatted). */
export function valueSql(ctx: QueryContext, object: ObjectModel, field: FieldModel, alias: string): RawBuilder<unknown> {
  if (field.systemColumn) return column(alias, field.systemColumn);
  const def = field.def as FieldDef;
  switch (def.type) {
    case 'currency': {
      const amount = column(alias, physical(def, 'amount'));
      const currency = column(alias, physical(def, 'currency'));
      return sql`case when ${amount} is null then null else json_build_object('amount', ${amount}, 'currency', ${currency}) end`;
    }
    case 'address': {
      const parts = fieldType('address')
        .columns(def)
        .map((c) => c.part);
      const columns = parts.map((p) => column(alias, physical(def, p)));
      const pairs = parts.flatMap((p, i) => [sql.lit(p), columns[i] as RawBuilder<unknown>]);
      return sql`case when ${sql.join(
        columns.map((c) => sql`${c} is null`),
        sql` and `,
      )} then null else json_build_object(${sql.join(pairs)}) end`;
    }
    case 'autoNumber':
      return autoNumberDisplay(def, column(alias, physical(def)));
    case 'formula':
      return formulaSql(ctx, object, def, alias);
    case 'manyToMany':
      throw new Error('many-to-many values are selected as relations');
    default:
      return convertingAware(def, alias);
  }
}

/** `CASE-{0000}` + 42 → `CASE-0042`, computed in SQL so lists and exports need no post-processing. */
export function autoNumberDisplay(def: FieldDef, number: RawBuilder<unknown>): RawBuilder<unknown> {
  const format = def.config?.displayFormat ?? '{0}';
  const match = /\{(0+)\}/.exec(format);
  if (!match) return sql`${number}::text`;
  const prefix = format.slice(0, match.index);
  const suffix = format.slice(match.index + match[0].length);
  return sql`case when ${number} is null then null else ${prefix} || lpad(${number}::text, ${match[1]?.length ?? 1}, '0') || ${suffix} end`;
}
