import type { FieldTypeModule } from './field-type.ts';
import { picklistConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { SET_OPERATORS } from './support/operators.ts';
import { checkPicklistField, optionValues } from './support/picklist-checks.ts';

/** Several values out of a list of options, stored as `text[]` (GIN-indexable). */
export const multiPicklistFieldType: FieldTypeModule = {
  type: 'multiPicklist',
  label: { en: 'Multi-select picklist', 'zh-CN': '多选列表' },
  configSchema: picklistConfigSchema,
  columns: () => valueColumn('text[]'),
  valueSchema: (field) => annotate(field, { type: 'array', items: { type: 'string', enum: optionValues(field) }, uniqueItems: true }),
  graphql: () => ({ output: '[String!]', input: '[String!]', filter: 'MultiPicklistFilter' }),
  filterOperators: SET_OPERATORS,
  widget: 'checkboxes',
  readOnly: false,
  supports: { unique: false, indexed: true, default: true, required: true },
  conversions: [
    { to: 'picklist', sql: '{value}[1]', lossy: true, note: 'only the first selected value is kept' },
    { to: 'text', sql: `array_to_string({value}, ';')` },
  ],
  check: checkPicklistField,
};
