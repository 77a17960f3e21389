import type { FieldConfig, FieldDef } from '../model/types.ts';
import { jsonLogicSchema } from '../schemas/fragments.ts';
import type { FieldTypeModule, FilterOperator, GraphqlTypes, JsonSchema } from './field-type.ts';
import { annotate } from './support/fragment.ts';
import { BOOLEAN_OPERATORS, DATE_OPERATORS, NUMBER_OPERATORS, TEXT_OPERATORS } from './support/operators.ts';

export type FormulaResultType = NonNullable<FieldConfig['resultType']>;
export const FORMULA_RESULT_TYPES: readonly FormulaResultType[] = ['text', 'number', 'integer', 'boolean', 'date', 'datetime', 'currency', 'percent'];

const VALUE_SCHEMAS: Record<FormulaResultType, JsonSchema> = {
  text: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  // A currency formula yields an amount (a number): json-logic has no money type.
  currency: { type: 'number' },
  percent: { type: 'number' },
};

const GRAPHQL: Record<FormulaResultType, GraphqlTypes> = {
  text: { output: 'String', input: null, filter: 'StringFilter' },
  number: { output: 'Float', input: null, filter: 'NumberFilter' },
  integer: { output: 'BigInt', input: null, filter: 'IntFilter' },
  boolean: { output: 'Boolean', input: null, filter: 'BooleanFilter' },
  date: { output: 'Date', input: null, filter: 'DateFilter' },
  datetime: { output: 'DateTime', input: null, filter: 'DateTimeFilter' },
  currency: { output: 'Float', input: null, filter: 'NumberFilter' },
  percent: { output: 'Float', input: null, filter: 'NumberFilter' },
};

const OPERATORS: Record<FormulaResultType, readonly FilterOperator[]> = {
  text: TEXT_OPERATORS,
  number: NUMBER_OPERATORS,
  integer: NUMBER_OPERATORS,
  boolean: BOOLEAN_OPERATORS,
  date: DATE_OPERATORS,
  datetime: DATE_OPERATORS,
  currency: NUMBER_OPERATORS,
  percent: NUMBER_OPERATORS,
};

function resultTypeOf(field: FieldDef): FormulaResultType {
  return field.config?.resultType ?? 'text';
}

/**
 * A value computed from the record by a json-logic `expression` (no column; evaluated on read,
 * or compiled to SQL when used in filters and lists). Always read-only and nullable.
 * `filterOperators` is the set common to every result type; use `filterOperatorsOf(field)`.
 */
export const formulaFieldType: FieldTypeModule = {
  type: 'formula',
  label: { en: 'Formula', 'zh-CN': '公式' },
  configSchema: {
    type: 'object',
    required: ['expression', 'resultType'],
    properties: { expression: jsonLogicSchema, resultType: { enum: [...FORMULA_RESULT_TYPES] } },
    additionalProperties: false,
  },
  columns: () => [],
  valueSchema: (field) => annotate(field, { ...VALUE_SCHEMAS[resultTypeOf(field)], readOnly: true }),
  graphql: (field) => GRAPHQL[resultTypeOf(field)],
  filterOperators: BOOLEAN_OPERATORS,
  filterOperatorsOf: (field) => OPERATORS[resultTypeOf(field)],
  widget: 'formula',
  readOnly: true,
  supports: { unique: false, indexed: false, default: false, required: false },
  conversions: [],
};
