import type { FieldConfig, FieldDef, FieldType, LayoutDef, MetadataBundle, ObjectDef, PipelineDef, ValidationRuleDef } from '../model/types.ts';

/**
 * A metadata change as admins and tools request it. Objects and fields are named by id or by
 * API name. A request carries a list of operations applied together, in order, as one revision.
 */
export type MetadataOperation =
  | { op: 'createObject'; object: ObjectDef }
  | { op: 'updateObject'; object: string; changes: ObjectChanges }
  | { op: 'deleteObject'; object: string }
  | { op: 'restoreObject'; object: string }
  | { op: 'addField'; object: string; field: FieldDef }
  | { op: 'updateField'; object: string; field: string; changes: FieldChanges }
  | { op: 'renameField'; object: string; field: string; apiName: string }
  | { op: 'changeFieldType'; object: string; field: string; type: FieldType; config?: FieldConfig }
  | { op: 'deleteField'; object: string; field: string }
  | { op: 'restoreField'; object: string; field: string }
  | { op: 'saveLayout'; layout: LayoutDef }
  | { op: 'deleteLayout'; layout: string }
  | { op: 'savePipeline'; pipeline: PipelineDef }
  | { op: 'deletePipeline'; pipeline: string }
  | { op: 'saveValidationRule'; rule: ValidationRuleDef }
  | { op: 'deleteValidationRule'; rule: string }
  | { op: 'applyBundle'; bundle: MetadataBundle };

/** What `updateObject` changes, as a JSON merge patch (`null` removes an optional attribute). */
export type ObjectChanges = { [K in 'apiName' | 'pluralApiName' | 'label' | 'pluralLabel' | 'description' | 'nameField' | 'options']?: ObjectDef[K] | null };
/**
 * What `updateField` changes, as a JSON merge patch: a member replaces the attribute, `null` removes
 * it (a config member likewise, key by key). Renames, type changes and deletion have operations of
 * their own.
 */
export type FieldChanges = {
  [K in 'label' | 'description' | 'helpText' | 'required' | 'unique' | 'indexed' | 'default']?: FieldDef[K] | null;
} & { config?: { [K in keyof NonNullable<FieldDef['config']>]?: NonNullable<FieldDef['config']>[K] | null } };

export type MetadataOperationName = MetadataOperation['op'];

/** A request to change a tenant's metadata. */
export interface MetadataChangeRequest {
  /** The metadata version the change was based on; a stale one is a CONFLICT. */
  baseVersion: number;
  operations: MetadataOperation[];
  /** Return the plan without applying it. */
  dryRun?: boolean;
}

const ref = { type: 'string', minLength: 1, maxLength: 200 };
const anyObject = { type: 'object' };

function operation(op: MetadataOperationName, properties: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    required: ['op', ...Object.keys(properties)],
    properties: { op: { const: op }, ...properties },
    additionalProperties: false,
  };
}

/**
 * JSON Schema (2020-12) of a change request. The documents inside (objects, fields, layouts...)
 * are checked against their meta-schemas once the operations are applied to the tenant's metadata.
 */
export const metadataChangeRequestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'atrium:metadata-change-request',
  type: 'object',
  required: ['baseVersion', 'operations'],
  additionalProperties: false,
  properties: {
    baseVersion: { type: 'integer', minimum: 0 },
    dryRun: { type: 'boolean' },
    operations: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['op'],
        properties: {
          op: {
            enum: [
              'createObject',
              'updateObject',
              'deleteObject',
              'restoreObject',
              'addField',
              'updateField',
              'renameField',
              'changeFieldType',
              'deleteField',
              'restoreField',
              'saveLayout',
              'deleteLayout',
              'savePipeline',
              'deletePipeline',
              'saveValidationRule',
              'deleteValidationRule',
              'applyBundle',
            ],
          },
        },
        oneOf: [
          operation('createObject', { object: anyObject }),
          operation('updateObject', { object: ref, changes: anyObject }),
          operation('deleteObject', { object: ref }),
          operation('restoreObject', { object: ref }),
          operation('addField', { object: ref, field: anyObject }),
          operation('updateField', { object: ref, field: ref, changes: anyObject }),
          operation('renameField', { object: ref, field: ref, apiName: { type: 'string' } }),
          {
            type: 'object',
            required: ['op', 'object', 'field', 'type'],
            properties: { op: { const: 'changeFieldType' }, object: ref, field: ref, type: { type: 'string' }, config: anyObject },
            additionalProperties: false,
          },
          operation('deleteField', { object: ref, field: ref }),
          operation('restoreField', { object: ref, field: ref }),
          operation('saveLayout', { layout: anyObject }),
          operation('deleteLayout', { layout: ref }),
          operation('savePipeline', { pipeline: anyObject }),
          operation('deletePipeline', { pipeline: ref }),
          operation('saveValidationRule', { rule: anyObject }),
          operation('deleteValidationRule', { rule: ref }),
          operation('applyBundle', { bundle: anyObject }),
        ],
      },
    },
  },
} as const;
