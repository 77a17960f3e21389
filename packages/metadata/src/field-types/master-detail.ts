import type { FieldTypeModule } from './field-type.ts';
import { relationNameSchema } from './support/config-schemas.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { EQUALITY_OPERATORS } from './support/operators.ts';
import { GRAPHQL_TARGET_PLACEHOLDER, targetSchema, uuidSchema } from './support/relation.ts';

/** At most this many master-detail fields per object. */
export const MAX_MASTER_DETAIL_FIELDS = 2;

/**
 * A child's reference to its master: always required (whatever `required` says), deletes
 * cascade (done and undone by the record service). `onDelete`, when given, must be `cascade`.
 */
export const masterDetailFieldType: FieldTypeModule = {
  type: 'masterDetail',
  label: { en: 'Master-detail', 'zh-CN': '主从关系' },
  configSchema: {
    type: 'object',
    required: ['target'],
    properties: { target: targetSchema, onDelete: { const: 'cascade' }, relationName: relationNameSchema },
    additionalProperties: false,
  },
  columns: () => valueColumn('uuid'),
  valueSchema: (field) => annotate(field, { ...uuidSchema }),
  graphql: () => ({ output: GRAPHQL_TARGET_PLACEHOLDER, input: 'ID', filter: 'IdFilter' }),
  filterOperators: EQUALITY_OPERATORS,
  widget: 'lookup',
  readOnly: false,
  supports: { unique: false, indexed: true, default: false, required: true },
  conversions: [{ to: 'lookup', sql: '{value}' }],
  check(field) {
    return field.required === false ? ['a master-detail field is always required (remove "required": false)'] : [];
  },
};
