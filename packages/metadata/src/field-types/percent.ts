import type { FieldTypeModule } from './field-type.ts';
import { checkPrecisionScale, numericConfigSchema } from './support/config-schemas.ts';
import { annotate, numericBounds, numericSqlType, valueColumn } from './support/fragment.ts';
import { NUMBER_OPERATORS } from './support/operators.ts';

/**
 * A percentage stored in percentage points: `12.5` means 12.5 % (not 0.125), so number ↔
 * percent conversions copy the value unchanged.
 */
export const percentFieldType: FieldTypeModule = {
  type: 'percent',
  label: { en: 'Percent', 'zh-CN': '百分比' },
  configSchema: numericConfigSchema,
  columns: (field) => valueColumn(numericSqlType(field.config?.precision, field.config?.scale)),
  valueSchema: (field) => annotate(field, { type: 'number', ...numericBounds(field.config?.precision, field.config?.scale) }),
  graphql: () => ({ output: 'Float', input: 'Float', filter: 'NumberFilter' }),
  filterOperators: NUMBER_OPERATORS,
  widget: 'percent',
  readOnly: false,
  supports: { unique: false, indexed: true, default: true, required: true },
  conversions: [
    { to: 'number', sql: '{value}' },
    { to: 'text', sql: '{value}::text' },
  ],
  check: checkPrecisionScale,
};
