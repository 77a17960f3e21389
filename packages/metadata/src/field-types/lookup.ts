import type { FieldTypeModule } from './field-type.ts';
import { relationNameSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { EQUALITY_OPERATORS } from './support/operators.ts';
import { GRAPHQL_TARGET_PLACEHOLDER, ON_DELETE_VALUES, targetSchema, uuidSchema } from './support/relation.ts';

/**
 * A reference to a record of the `target` object (`uuid` column; foreign key added NOT VALID and
 * validated by a job). `onDelete` is carried out by the record service (soft delete, §3).
 * GraphQL output is the target's type: the placeholder `@target`.
 */
export const lookupFieldType: FieldTypeModule = {
  type: 'lookup',
  label: { en: 'Lookup', 'zh-CN': '查找关系' },
  configSchema: {
    type: 'object',
    required: ['target', 'onDelete'],
    properties: { target: targetSchema, onDelete: { enum: [...ON_DELETE_VALUES] }, relationName: relationNameSchema },
    additionalProperties: false,
  },
  columns: () => valueColumn('uuid'),
  valueSchema: (field) => annotate(field, { ...uuidSchema }),
  graphql: () => ({ output: GRAPHQL_TARGET_PLACEHOLDER, input: 'ID', filter: 'IdFilter' }),
  filterOperators: EQUALITY_OPERATORS,
  widget: 'lookup',
  readOnly: false,
  supports: { unique: false, indexed: true, default: false, required: true },
  conversions: [
    {
      to: 'masterDetail',
      sql: '{value}',
      lossy: true,
      note: 'records without a value must get one: a master-detail relation is always required',
    },
  ],
  check(field) {
    if (field.required && field.config?.onDelete === 'setNull') {
      return ['a required lookup cannot use onDelete "setNull"'];
    }
    return [];
  },
};
