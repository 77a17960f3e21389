import { AtriumError } from '@atrium/errors';
import type { FieldDef } from '@atrium/metadata';
import { compileRule, RuleNotCompilable, type SqlType, type TypedSql } from '@atrium/platform';
import { type RawBuilder, sql } from 'kysely';
import { canReadField } from '../access/field-checks.ts';
import { liveRowsSql } from '../access/row-access.ts';
import type { FieldModel, ObjectModel } from '../model/tenant-model.ts';
import type { QueryContext } from './aliases.ts';
import { castType, comparableSql } from './field-sql.ts';

/** A formula field's value computed in SQL from its json-logic (DESIGN.md §7). */
export function formulaSql(ctx: QueryContext, object: ObjectModel, def: FieldDef, alias: string): RawBuilder<unknown> {
  const expression = def.config?.expression;
  if (expression === undefined) return sql`null`;
  try {
    const compiled = compileRule(expression, ruleScope(ctx, object, alias, new Set([def.apiName])));
    return castResult(compiled.sql, def);
  } catch (error) {
    if (error instanceof RuleNotCompilable) {
      throw new AtriumError('BAD_REQUEST', `formula "${def.apiName}" of "${object.apiName}" cannot be computed in a query: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** Numbers come from the rule as doubles: through text, numeric keeps JavaScript's exact value. */
function castResult(value: RawBuilder<unknown>, def: FieldDef): RawBuilder<unknown> {
  const cast = formulaResultCast(def);
  return cast === 'numeric' ? sql`(${value})::text::numeric` : sql`(${value})::${sql.raw(cast)}`;
}

/** The SQL type of a formula's result (its `resultType`). */
export function formulaResultCast(def: FieldDef): string {
  switch (def.config?.resultType) {
    case 'number':
    case 'currency':
    case 'percent':
      return 'numeric';
    case 'integer':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    default:
      return 'text';
  }
}

/** The rule type of a field's comparable value. */
export function sqlTypeOf(field: FieldModel): SqlType {
  const cast = castType(field);
  if (cast === 'numeric' || cast === 'bigint' || cast === 'integer') return 'number';
  if (cast === 'boolean') return 'boolean';
  if (cast === 'date') return 'date';
  if (cast === 'timestamptz') return 'datetime';
  if (cast === 'text[]') return 'array';
  if (cast === 'jsonb') return 'json';
  return 'text';
}

/**
 * Variables of rules evaluated on a record: `amount` (a currency's amount), `amount.currency`,
 * `billingAddress.city`, and fields of looked-up records through to-one relations (`account.industry`).
 */
export function ruleScope(ctx: QueryContext, object: ObjectModel, alias: string, visiting: Set<string> = new Set()) {
  const { model } = ctx;
  return {
    timeZone: model.timeZone,
    variable(path: string): TypedSql | undefined {
      const [head, ...rest] = path.split('.');
      if (!head) return undefined;
      const field = object.fields.get(head);
      if (field?.def?.type === 'formula' && visiting.has(field.apiName)) return undefined; // a cycle
      // A field the caller may not read reads as empty: a formula never reveals what it hides.
      if (field && !canReadField(ctx, object, field)) return { sql: sql`null`, type: sqlTypeOf(field), nullable: true };
      if (field && rest.length === 0) {
        // A currency is an object in JavaScript ({amount, currency}): rules name `amount.amount`.
        if (field.def?.type === 'address' || field.def?.type === 'manyToMany' || field.def?.type === 'currency') return undefined;
        const inner = field.def?.type === 'formula' ? new Set([...visiting, field.apiName]) : visiting;
        const expression = field.def?.type === 'formula' ? formulaWithin(ctx, object, field.def, alias, inner) : comparableSql(ctx, object, field, alias);
        return { sql: expression, type: sqlTypeOf(field), nullable: true };
      }
      if (field?.def && rest.length === 1) {
        const part = rest[0] as string;
        if (field.def.type === 'currency' && (part === 'amount' || part === 'currency')) {
          const columnName = field.def.columns?.[part];
          if (!columnName) return undefined;
          return { sql: sql.id(alias, columnName), type: part === 'amount' ? 'number' : 'text', nullable: true };
        }
        if (field.def.type === 'address') {
          const columnName = field.def.columns?.[part];
          return columnName ? { sql: sql.id(alias, columnName), type: 'text', nullable: true } : undefined;
        }
      }
      const relation = object.relations.get(head);
      if (relation?.kind === 'toOne' && rest.length > 0) {
        const target = model.objects.get(relation.target);
        if (!target) return undefined;
        const inner = ctx.aliases.next('r');
        const value = ruleScope(ctx, target, inner, visiting).variable(rest.join('.'));
        if (!value) return undefined;
        return {
          sql: sql`(select ${value.sql} from ${sql.id(model.schema, target.table)} as ${sql.id(inner)} where ${sql.id(inner, 'id')} = ${sql.id(alias, relation.column)} and ${liveRowsSql(ctx, target, inner)})`,
          type: value.type,
          nullable: true,
        };
      }
      return undefined;
    },
  };
}

function formulaWithin(ctx: QueryContext, object: ObjectModel, def: FieldDef, alias: string, visiting: Set<string>): RawBuilder<unknown> {
  const expression = def.config?.expression;
  if (expression === undefined) return sql`null`;
  const compiled = compileRule(expression, ruleScope(ctx, object, alias, visiting));
  return castResult(compiled.sql, def);
}
