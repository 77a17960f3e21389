import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { NULL_OPERATORS } from './support/operators.ts';

/** Any JSON value (`jsonb`). Only `isNull` is filterable. */
export const jsonFieldType: FieldTypeModule = {
  type: 'json',
  label: { en: 'JSON', 'zh-CN': 'JSON' },
  configSchema: emptyConfigSchema,
  columns: () => valueColumn('jsonb'),
  valueSchema: (field) => annotate(field, {}),
  graphql: () => ({ output: 'JSON', input: 'JSON', filter: 'JsonFilter' }),
  filterOperators: NULL_OPERATORS,
  widget: 'json',
  readOnly: false,
  supports: { unique: false, indexed: false, default: true, required: true },
  conversions: [],
};
