import {
  fieldMetaSchema,
  type JsonSchema,
  layoutMetaSchema,
  metadataChangeRequestSchema,
  objectMetaSchema,
  pipelineMetaSchema,
  validationRuleMetaSchema,
} from '@atrium/metadata';
import type { ComponentNames } from './component-names.ts';
import { type Json, schemaRef } from './openapi-types.ts';

/** Shared components of the metadata API and GraphQL (besides `Problem`). */
export const META_SCHEMA_NAMES = [
  'MetaBundle',
  'MetaObject',
  'MetaField',
  'MetaFieldChanges',
  'MetaLayout',
  'MetaPipeline',
  'MetaValidationRule',
  'MetaChangeRequest',
  'MetaChangeResult',
  'MetaChangePlan',
  'MetaPlannedJob',
  'MetaJob',
  'MetaSetAsideElement',
  'GraphqlRequest',
  'GraphqlResponse',
] as const;

const FIELD_CHANGE_KEYS = ['label', 'description', 'helpText', 'required', 'unique', 'indexed', 'default', 'config'];

const JOB_TASKS = ['validateConstraint', 'buildIndex', 'convertField', 'numberRecords', 'purgeField', 'purgeObject', 'purgeAudit'];

function without(schema: JsonSchema, ...keys: string[]): Json {
  const copy: Json = { ...schema };
  for (const key of keys) delete copy[key];
  return copy;
}

/** The change request's schema with the documents inside its operations typed by their meta-schemas. */
function changeRequestSchema(ref: (name: (typeof META_SCHEMA_NAMES)[number]) => Json): Json {
  const schema = structuredClone(without(metadataChangeRequestSchema as unknown as JsonSchema, '$schema', '$id'));
  const typed: Record<string, [string, Json]> = {
    createObject: ['object', ref('MetaObject')],
    addField: ['field', ref('MetaField')],
    updateObject: [
      'changes',
      {
        type: 'object',
        description: 'A merge patch of apiName, pluralApiName, label, pluralLabel, description, nameField, options (null removes description or options).',
      },
    ],
    updateField: ['changes', ref('MetaFieldChanges')],
    saveLayout: ['layout', ref('MetaLayout')],
    savePipeline: ['pipeline', ref('MetaPipeline')],
    saveValidationRule: ['rule', ref('MetaValidationRule')],
    applyBundle: ['bundle', ref('MetaBundle')],
  };
  const items = (schema.properties as { operations: { items: { oneOf: Json[] } } }).operations.items;
  for (const operation of items.oneOf) {
    const properties = operation.properties as Record<string, Json>;
    const op = (properties.op as { const: string }).const;
    const entry = typed[op];
    if (entry) properties[entry[0]] = entry[1];
  }
  return { ...schema, description: 'Operations applied together, in order, as one revision; objects and fields are named by id or API name.' };
}

export function metaSchemas(names: ComponentNames): Record<string, Json> {
  const ref = (name: (typeof META_SCHEMA_NAMES)[number]) => schemaRef(names.sharedName(name));
  const n = (name: (typeof META_SCHEMA_NAMES)[number]) => names.sharedName(name);
  const fieldProperties = fieldMetaSchema.properties as Record<string, Json>;
  const plannedJob: Json = {
    type: 'object',
    required: ['task', 'description', 'payload'],
    properties: {
      id: { type: 'string', description: 'the job id (enqueued jobs)' },
      task: { type: 'string', enum: JOB_TASKS },
      description: { type: 'string' },
      payload: { type: 'object' },
      runAt: { type: 'string', format: 'date-time' },
    },
  };
  return {
    [n('MetaBundle')]: {
      description: "A tenant's metadata as exported: live objects (with fields), layouts, pipelines and validation rules.",
      type: 'object',
      required: ['atrium', 'formatVersion', 'objects', 'layouts', 'pipelines', 'validationRules'],
      properties: {
        atrium: { const: 'metadata-bundle' },
        formatVersion: { const: 1 },
        objects: { type: 'array', items: ref('MetaObject') },
        layouts: { type: 'array', items: ref('MetaLayout') },
        pipelines: { type: 'array', items: ref('MetaPipeline') },
        validationRules: { type: 'array', items: ref('MetaValidationRule') },
      },
      additionalProperties: false,
    },
    [n('MetaObject')]: {
      ...objectMetaSchema,
      description: 'An object definition.',
      properties: { ...(objectMetaSchema.properties as Json), fields: { type: 'array', items: ref('MetaField') } },
    },
    [n('MetaField')]: { ...fieldMetaSchema, description: 'A field definition; `config` depends on its type.' },
    [n('MetaFieldChanges')]: {
      type: 'object',
      description:
        'Changes to a field as a merge patch: a member replaces the attribute, null removes it (config likewise, key by key). Rename with renameField, change the type with changeFieldType.',
      properties: Object.fromEntries(FIELD_CHANGE_KEYS.map((key) => [key, { anyOf: [fieldProperties[key] ?? {}, { type: 'null' }] }])),
      additionalProperties: false,
    },
    [n('MetaLayout')]: { ...layoutMetaSchema },
    [n('MetaPipeline')]: { ...pipelineMetaSchema },
    [n('MetaValidationRule')]: { ...validationRuleMetaSchema },
    [n('MetaChangeRequest')]: changeRequestSchema(ref),
    [n('MetaChangePlan')]: {
      type: 'object',
      description: 'What a change does (or, for a dry run, would do).',
      required: ['baseVersion', 'version', 'steps', 'ddl', 'jobs', 'destructive', 'rowsAffected', 'summary'],
      properties: {
        baseVersion: { type: 'integer' },
        version: { type: 'integer' },
        steps: {
          type: 'array',
          items: {
            type: 'object',
            required: ['action', 'object', 'description', 'destructive', 'rowsAffected'],
            properties: {
              action: { type: 'string' },
              object: { type: 'string' },
              field: { type: 'string' },
              description: { type: 'string' },
              destructive: { type: 'boolean' },
              rowsAffected: { type: 'integer' },
            },
          },
        },
        ddl: { type: 'array', items: { type: 'string' } },
        jobs: { type: 'array', items: ref('MetaPlannedJob') },
        destructive: { type: 'boolean', description: 'some step sets data aside or may lose data' },
        rowsAffected: { type: 'integer' },
        summary: { type: 'string' },
      },
    },
    [n('MetaPlannedJob')]: plannedJob,
    [n('MetaChangeResult')]: {
      type: 'object',
      required: ['plan', 'applied', 'version', 'jobs'],
      properties: {
        plan: ref('MetaChangePlan'),
        applied: { type: 'boolean', description: 'false for a dry run or a change that changes nothing' },
        version: { type: 'integer', description: "the tenant's metadata version after the call" },
        jobs: { type: 'array', items: ref('MetaPlannedJob'), description: 'follow-up jobs enqueued (GET /api/v1/meta/jobs shows their progress)' },
      },
    },
    [n('MetaJob')]: {
      type: 'object',
      required: ['id', 'task', 'status', 'done', 'total', 'message', 'error', 'attempts', 'runAt', 'createdAt', 'updatedAt'],
      properties: {
        id: { type: 'string' },
        task: { type: 'string', enum: JOB_TASKS },
        status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
        done: { type: 'integer', description: 'work done' },
        total: { type: 'integer', description: 'total work; 0 when unknown' },
        message: { type: ['string', 'null'] },
        error: { type: ['string', 'null'] },
        attempts: { type: 'integer' },
        runAt: { type: 'string', format: 'date-time' },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
    [n('MetaSetAsideElement')]: {
      type: 'object',
      description: 'An object or field set aside by a delete, restorable (restoreObject / restoreField) until purged.',
      required: ['kind', 'objectId', 'objectApiName', 'id', 'apiName', 'label', 'deletedAt', 'restorableUntil'],
      properties: {
        kind: { type: 'string', enum: ['object', 'field'] },
        objectId: { type: 'string', description: 'the object (for a field, the object it belongs to)' },
        objectApiName: { type: 'string' },
        id: { type: 'string' },
        apiName: { type: 'string' },
        label: { type: 'object', additionalProperties: { type: 'string' } },
        deletedAt: { type: 'string', format: 'date-time' },
        restorableUntil: { type: 'string', format: 'date-time', description: 'when the purge job may remove it for good' },
      },
    },
    [n('GraphqlRequest')]: {
      type: 'object',
      required: ['query'],
      properties: {
        query: { type: 'string', maxLength: 100_000 },
        variables: { type: ['object', 'null'] },
        operationName: { type: ['string', 'null'] },
      },
    },
    [n('GraphqlResponse')]: {
      type: 'object',
      properties: {
        data: { type: ['object', 'null'] },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['message'],
            properties: {
              message: { type: 'string' },
              path: { type: 'array', items: { type: ['string', 'integer'] } },
              extensions: {
                type: 'object',
                properties: { code: { type: 'string' }, details: { type: 'array', items: schemaRef(names.sharedName('ProblemDetail')) } },
              },
            },
          },
        },
      },
    },
  };
}
