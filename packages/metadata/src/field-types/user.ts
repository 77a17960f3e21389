import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { EQUALITY_OPERATORS } from './support/operators.ts';
import { uuidSchema } from './support/relation.ts';

/** A reference to a user of the tenant (`uuid`); GraphQL output is the runtime's shared `User` type. */
export const userFieldType: FieldTypeModule = {
  type: 'user',
  label: { en: 'User', 'zh-CN': '用户' },
  configSchema: emptyConfigSchema,
  columns: () => valueColumn('uuid'),
  valueSchema: (field) => annotate(field, { ...uuidSchema }),
  graphql: () => ({ output: 'User', input: 'ID', filter: 'IdFilter' }),
  filterOperators: EQUALITY_OPERATORS,
  widget: 'userPicker',
  readOnly: false,
  supports: { unique: false, indexed: true, default: false, required: true },
  conversions: [],
};
