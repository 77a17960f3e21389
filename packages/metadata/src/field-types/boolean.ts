import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { BOOLEAN_OPERATORS } from './support/operators.ts';

/** true / false (null when not set; give a `default` to avoid three states). */
export const booleanFieldType: FieldTypeModule = {
  type: 'boolean',
  label: { en: 'Checkbox', 'zh-CN': '复选框' },
  configSchema: emptyConfigSchema,
  columns: () => valueColumn('boolean'),
  valueSchema: (field) => annotate(field, { type: 'boolean' }),
  graphql: () => ({ output: 'Boolean', input: 'Boolean', filter: 'BooleanFilter' }),
  filterOperators: BOOLEAN_OPERATORS,
  widget: 'checkbox',
  readOnly: false,
  supports: { unique: false, indexed: true, default: true, required: true },
  conversions: [{ to: 'text', sql: '{value}::text' }],
};
