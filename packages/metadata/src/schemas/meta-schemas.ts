import type { JsonSchema } from '../field-types/field-type.ts';
import { fieldTypes } from '../field-types/field-type-registry.ts';
import { FIELD_TYPES } from '../model/types.ts';
import { apiNameSchema, elementIdSchema, jsonLogicSchema, labelsSchema, messagesSchema, timestampSchema } from './fragments.ts';

/**
 * Meta-schemas (JSON Schema 2020-12) of metadata documents. They check shapes and per-type
 * `config`; names, references and rules are checked by `validateBundle` with dedicated codes.
 */

const physicalNameSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 63 };
const descriptionSchema: JsonSchema = { type: 'string', maxLength: 2000 };

/** `config` per field type: `if type = t then config matches t's configSchema` (and is required when it has required keys). */
function configByType(): JsonSchema[] {
  return FIELD_TYPES.map((type) => {
    const configSchema = fieldTypes[type].configSchema;
    const needsConfig = Array.isArray(configSchema.required) && configSchema.required.length > 0;
    return {
      if: { properties: { type: { const: type } }, required: ['type'] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword
      then: { properties: { config: configSchema }, ...(needsConfig ? { required: ['config'] } : {}) },
    };
  });
}

export const fieldMetaSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'apiName', 'type', 'label'],
  properties: {
    id: elementIdSchema,
    apiName: apiNameSchema,
    type: { enum: [...FIELD_TYPES] },
    label: labelsSchema,
    description: descriptionSchema,
    helpText: messagesSchema,
    required: { type: 'boolean' },
    unique: { type: 'boolean' },
    indexed: { type: 'boolean' },
    default: {},
    config: { type: 'object' },
    columns: { type: 'object', additionalProperties: physicalNameSchema },
    junctionTable: physicalNameSchema,
    state: { enum: ['active', 'building', 'converting', 'deleted'] },
    deletedAt: timestampSchema,
    conversion: {
      type: 'object',
      required: ['fromType', 'toType', 'fromColumns'],
      properties: {
        fromType: { enum: [...FIELD_TYPES] },
        toType: { enum: [...FIELD_TYPES] },
        fromConfig: { type: 'object' },
        fromColumns: { type: 'object', additionalProperties: physicalNameSchema },
        jobId: { type: 'string' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
  allOf: configByType(),
};

export const objectMetaSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'apiName', 'pluralApiName', 'label', 'pluralLabel', 'nameField', 'fields'],
  properties: {
    id: elementIdSchema,
    apiName: apiNameSchema,
    pluralApiName: apiNameSchema,
    label: labelsSchema,
    pluralLabel: labelsSchema,
    description: descriptionSchema,
    nameField: { type: 'string' },
    options: {
      type: 'object',
      properties: {
        trackHistory: { type: 'boolean' },
        trackedFields: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        searchable: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    fields: { type: 'array', items: fieldMetaSchema },
    table: physicalNameSchema,
    state: { enum: ['active', 'deleted'] },
    deletedAt: timestampSchema,
  },
  additionalProperties: false,
};

export const layoutMetaSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'object', 'apiName', 'label', 'sections', 'relatedLists'],
  properties: {
    id: elementIdSchema,
    object: elementIdSchema,
    apiName: apiNameSchema,
    label: labelsSchema,
    sections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'label', 'columns', 'fields'],
        properties: {
          id: elementIdSchema,
          label: labelsSchema,
          columns: { type: 'integer', minimum: 1, maximum: 4 },
          fields: { type: 'array', items: { type: 'string' } },
          collapsed: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    relatedLists: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'object', 'field', 'columns'],
        properties: {
          id: elementIdSchema,
          object: elementIdSchema,
          field: { type: 'string' },
          columns: { type: 'array', items: { type: 'string' } },
          label: labelsSchema,
        },
        additionalProperties: false,
      },
    },
    isDefault: { type: 'boolean' },
  },
  additionalProperties: false,
};

export const pipelineMetaSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'object', 'apiName', 'label', 'field', 'stages'],
  properties: {
    id: elementIdSchema,
    object: elementIdSchema,
    apiName: apiNameSchema,
    label: labelsSchema,
    field: { type: 'string' },
    stages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'value', 'label', 'category', 'probability'],
        properties: {
          id: elementIdSchema,
          value: { type: 'string', minLength: 1 },
          label: labelsSchema,
          category: { enum: ['open', 'won', 'lost'] },
          probability: { type: 'number', minimum: 0, maximum: 100 },
          entryCondition: jsonLogicSchema,
          entryMessage: messagesSchema,
        },
        additionalProperties: false,
      },
    },
    appliesWhen: jsonLogicSchema,
    isDefault: { type: 'boolean' },
  },
  additionalProperties: false,
};

export const validationRuleMetaSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'object', 'apiName', 'condition', 'errorMessage'],
  properties: {
    id: elementIdSchema,
    object: elementIdSchema,
    apiName: apiNameSchema,
    description: descriptionSchema,
    condition: jsonLogicSchema,
    errorMessage: messagesSchema,
    field: { type: 'string' },
    active: { type: 'boolean' },
  },
  additionalProperties: false,
};

export const bundleMetaSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'atrium:meta:bundle',
  title: 'Atrium metadata bundle',
  type: 'object',
  required: ['atrium', 'formatVersion', 'objects', 'layouts', 'pipelines', 'validationRules'],
  properties: {
    atrium: { const: 'metadata-bundle' },
    formatVersion: { const: 1 },
    objects: { type: 'array', items: objectMetaSchema },
    layouts: { type: 'array', items: layoutMetaSchema },
    pipelines: { type: 'array', items: pipelineMetaSchema },
    validationRules: { type: 'array', items: validationRuleMetaSchema },
  },
  additionalProperties: false,
};

/** A standalone meta-schema document for one kind of element. */
function standalone(id: string, title: string, schema: JsonSchema): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: id, title, ...schema };
}

/** The meta-schemas as standalone documents (for docs, editors and the metadata API). */
export const metaSchemas = {
  bundle: bundleMetaSchema,
  object: standalone('atrium:meta:object', 'Atrium object', objectMetaSchema),
  field: standalone('atrium:meta:field', 'Atrium field', fieldMetaSchema),
  layout: standalone('atrium:meta:layout', 'Atrium layout', layoutMetaSchema),
  pipeline: standalone('atrium:meta:pipeline', 'Atrium pipeline', pipelineMetaSchema),
  validationRule: standalone('atrium:meta:validation-rule', 'Atrium validation rule', validationRuleMetaSchema),
} as const;
export type MetaSchemaKind = keyof typeof metaSchemas;
