import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { NUMBER_OPERATORS } from './support/operators.ts';

/**
 * A whole number in a `bigint` column. API values are JSON numbers limited to the safe integer
 * range ±(2^53 − 1), so JavaScript clients never lose digits. GraphQL uses the shared `BigInt`
 * scalar (a JSON number in that range), not `Int`: `Int` is 32-bit and would refuse values the
 * column holds.
 */
export const integerFieldType: FieldTypeModule = {
  type: 'integer',
  label: { en: 'Integer', 'zh-CN': '整数' },
  configSchema: emptyConfigSchema,
  columns: () => valueColumn('bigint'),
  valueSchema: (field) => annotate(field, { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
  graphql: () => ({ output: 'BigInt', input: 'BigInt', filter: 'IntFilter' }),
  filterOperators: NUMBER_OPERATORS,
  widget: 'updown',
  readOnly: false,
  supports: { unique: true, indexed: true, default: true, required: true },
  conversions: [
    { to: 'number', sql: '{value}::numeric' },
    { to: 'text', sql: '{value}::text' },
  ],
};
