import type { FieldTypeModule } from './field-type.ts';
import { checkPrecisionScale, numericConfigSchema } from './support/config-schemas.ts';
import { annotate, numericBounds, numericSqlType, valueColumn } from './support/fragment.ts';
import { NUMBER_OPERATORS } from './support/operators.ts';

/** A decimal number: `numeric(p,s)` when a precision is given, else unconstrained `numeric`. */
export const numberFieldType: FieldTypeModule = {
  type: 'number',
  label: { en: 'Number', 'zh-CN': '数字' },
  configSchema: numericConfigSchema,
  columns: (field) => valueColumn(numericSqlType(field.config?.precision, field.config?.scale)),
  valueSchema: (field) => annotate(field, { type: 'number', ...numericBounds(field.config?.precision, field.config?.scale) }),
  graphql: () => ({ output: 'Float', input: 'Float', filter: 'NumberFilter' }),
  filterOperators: NUMBER_OPERATORS,
  widget: 'updown',
  readOnly: false,
  supports: { unique: true, indexed: true, default: true, required: true },
  conversions: [
    { to: 'text', sql: '{value}::text' },
    { to: 'percent', sql: '{value}' },
    { to: 'integer', sql: 'round({value})::bigint', lossy: true, note: 'decimals are rounded to whole numbers' },
  ],
  check: checkPrecisionScale,
};
