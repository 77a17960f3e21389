import type { FieldTypeModule } from './field-type.ts';
import { relationNameSchema } from './support/config-schemas.ts';
import { annotate } from './support/fragment.ts';
import { SET_OPERATORS } from './support/operators.ts';
import { GRAPHQL_TARGET_PLACEHOLDER, targetSchema, uuidSchema } from './support/relation.ts';

/**
 * Links to many records of the `target` object through a junction table (no column on the
 * object's table). API value: the linked ids. GraphQL output is a connection of the target
 * (`@targetConnection`, e.g. `ContactConnection`); input the full list of ids.
 */
export const manyToManyFieldType: FieldTypeModule = {
  type: 'manyToMany',
  label: { en: 'Many-to-many', 'zh-CN': '多对多关系' },
  configSchema: {
    type: 'object',
    required: ['target'],
    properties: { target: targetSchema, relationName: relationNameSchema },
    additionalProperties: false,
  },
  columns: () => [],
  valueSchema: (field) => annotate(field, { type: 'array', items: { ...uuidSchema }, uniqueItems: true }),
  graphql: () => ({ output: `${GRAPHQL_TARGET_PLACEHOLDER}Connection`, input: '[ID!]', filter: 'IdListFilter' }),
  filterOperators: SET_OPERATORS,
  widget: 'lookup',
  readOnly: false,
  supports: { unique: false, indexed: false, default: false, required: false },
  conversions: [],
};
