import type { FieldTypeModule } from './field-type.ts';
import { picklistConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { EQUALITY_OPERATORS } from './support/operators.ts';
import { checkPicklistField, optionValues } from './support/picklist-checks.ts';

/**
 * One value out of a list of options, stored as `text` (never a PostgreSQL enum: options change
 * without DDL). The value schema's `enum` lists every option, inactive ones too, so existing
 * records stay valid; offering only active options for new input is the form's job.
 */
export const picklistFieldType: FieldTypeModule = {
  type: 'picklist',
  label: { en: 'Picklist', 'zh-CN': '选项列表' },
  configSchema: picklistConfigSchema,
  columns: () => valueColumn('text'),
  valueSchema: (field) => annotate(field, { type: 'string', enum: optionValues(field) }),
  graphql: () => ({ output: 'String', input: 'String', filter: 'PicklistFilter' }),
  filterOperators: EQUALITY_OPERATORS,
  widget: 'select',
  readOnly: false,
  supports: { unique: false, indexed: true, default: true, required: true },
  conversions: [
    { to: 'multiPicklist', sql: 'CASE WHEN {value} IS NULL THEN NULL ELSE ARRAY[{value}] END' },
    { to: 'text', sql: '{value}' },
  ],
  check: checkPicklistField,
};
