import type { FieldDef, FieldType, Labels } from '../model/types.ts';

/** A JSON Schema (2020-12) fragment. */
export type JsonSchema = { [keyword: string]: unknown };

/** One physical column a field occupies. */
export interface ColumnSpec {
  /** `value` for one-column types; composites name their parts (`amount`, `currency`, `street`...). */
  part: string;
  /** PostgreSQL type, e.g. `text`, `numeric(18,2)`, `timestamptz`, `uuid`, `text[]`, `jsonb`. */
  sqlType: string;
}

/** Filter operators a field type supports in the API's filter grammar (DESIGN.md §5). */
export type FilterOperator =
  | 'eq'
  | 'neq'
  | 'in'
  | 'notIn'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'between'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'isNull'
  | 'containsAny'
  | 'containsAll'
  | 'relative';

/** The GraphQL shape of a field's values. Names are GraphQL type names (scalars or Atrium's shared types). */
export interface GraphqlTypes {
  /** Output type, e.g. `String`, `Float`, `Currency`, `[String!]`. */
  output: string;
  /** Input type for create/update, e.g. `String`, `CurrencyInput`. `null` for read-only types. */
  input: string | null;
  /** Filter input type, e.g. `StringFilter`, `NumberFilter`. `null` when not filterable. */
  filter: string | null;
}

/** How a field's values convert into another type's columns (expand / backfill / contract). */
export interface TypeConversion {
  to: FieldType;
  /**
   * SQL expression computing the new single column from the old columns, with `{part}`
   * placeholders replaced by quoted old column names by the planner (e.g. `{value}::text`).
   * `{timeZone}` (date ↔ datetime) is replaced by the tenant's time zone as a quoted SQL literal.
   */
  sql: string;
  /**
   * The conversion can lose or reject data (e.g. multiPicklist → picklist keeps the first value,
   * datetime → date drops the time, text → picklist keeps values outside the options): the
   * planner marks it destructive and asks for confirmation.
   */
  lossy?: boolean;
  /** Why the conversion is lossy, for the plan shown to the admin. */
  note?: string;
}

/**
 * A field type: everything the platform, the runtime and the designer need to know about it.
 * One module per type in this folder; `field-type-registry.ts` collects them.
 */
export interface FieldTypeModule {
  type: FieldType;
  label: Labels;
  /** JSON Schema for this type's `config` (type-specific attributes), used by the field meta-schema. */
  configSchema: JsonSchema;
  /** Columns the field occupies on its object's table; empty for formula and manyToMany. */
  columns(field: FieldDef): ColumnSpec[];
  /** JSON Schema fragment for the field's value in a record (before `null` is allowed for optional fields). */
  valueSchema(field: FieldDef): JsonSchema;
  graphql(field: FieldDef): GraphqlTypes;
  filterOperators: readonly FilterOperator[];
  /** Default rjsf widget (`ui:widget`) or field (`ui:field`) name. */
  widget: string;
  /** The field is computed or assigned by the platform; clients never write it. */
  readOnly: boolean;
  /** The type can be `unique` / `indexed` / have a `default`. */
  supports: { unique: boolean; indexed: boolean; default: boolean; required: boolean };
  /** Safe conversions to other types (DESIGN.md §3); absent target types are refused. */
  conversions: readonly TypeConversion[];
  /**
   * Extra problems with a field definition beyond its config schema
   * (e.g. a default that is not one of the options). Returns messages; empty when fine.
   */
  check?(field: FieldDef): string[];
  /**
   * Filter operators of this particular field, when they depend on its config
   * (formula: its `resultType`). Absent: `filterOperators` applies.
   */
  filterOperatorsOf?(field: FieldDef): readonly FilterOperator[];
}
