import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { DATE_OPERATORS } from './support/operators.ts';

/** An instant (RFC 3339 with offset, column `timestamptz`). */
export const datetimeFieldType: FieldTypeModule = {
  type: 'datetime',
  label: { en: 'Date and time', 'zh-CN': '日期时间' },
  configSchema: emptyConfigSchema,
  columns: () => valueColumn('timestamptz'),
  valueSchema: (field) => annotate(field, { type: 'string', format: 'date-time' }),
  graphql: () => ({ output: 'DateTime', input: 'DateTime', filter: 'DateTimeFilter' }),
  filterOperators: DATE_OPERATORS,
  widget: 'datetime',
  readOnly: false,
  supports: { unique: true, indexed: true, default: true, required: true },
  conversions: [
    {
      to: 'date',
      sql: '({value} AT TIME ZONE {timeZone})::date',
      lossy: true,
      note: "the time of day is dropped (the date is taken in the tenant's time zone)",
    },
  ],
};
