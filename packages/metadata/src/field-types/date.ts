import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { DATE_OPERATORS } from './support/operators.ts';

/** A calendar date (`YYYY-MM-DD`, column `date`). → datetime takes midnight in the tenant's time zone. */
export const dateFieldType: FieldTypeModule = {
  type: 'date',
  label: { en: 'Date', 'zh-CN': '日期' },
  configSchema: emptyConfigSchema,
  columns: () => valueColumn('date'),
  valueSchema: (field) => annotate(field, { type: 'string', format: 'date' }),
  graphql: () => ({ output: 'Date', input: 'Date', filter: 'DateFilter' }),
  filterOperators: DATE_OPERATORS,
  widget: 'date',
  readOnly: false,
  supports: { unique: true, indexed: true, default: true, required: true },
  conversions: [
    { to: 'datetime', sql: '({value}::timestamp AT TIME ZONE {timeZone})' },
    { to: 'text', sql: `to_char({value}, 'YYYY-MM-DD')` },
  ],
};
