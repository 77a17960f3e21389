import type { FieldDef } from '../../model/types.ts';
import { elementIdSchema, labelsSchema } from '../../schemas/fragments.ts';
import type { JsonSchema } from '../field-type.ts';

/** Config-schema building blocks shared by several field types. */

/** A config with no keys. */
export const emptyConfigSchema: JsonSchema = { type: 'object', properties: {}, additionalProperties: false };

export function maxLengthConfigSchema(maximum: number): JsonSchema {
  return {
    type: 'object',
    properties: { maxLength: { type: 'integer', minimum: 1, maximum } },
    additionalProperties: false,
  };
}

export const precisionSchema: JsonSchema = { type: 'integer', minimum: 1, maximum: 38 };
export const scaleSchema: JsonSchema = { type: 'integer', minimum: 0, maximum: 38 };

/** number, percent: precision 1..38, scale 0..precision (scale needs precision). */
export const numericConfigSchema: JsonSchema = {
  type: 'object',
  properties: { precision: precisionSchema, scale: scaleSchema },
  dependentRequired: { scale: ['precision'] },
  additionalProperties: false,
};

export const picklistOptionSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'value', 'label'],
  properties: {
    id: elementIdSchema,
    value: { type: 'string', minLength: 1, maxLength: 255 },
    label: labelsSchema,
    color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    inactive: { type: 'boolean' },
  },
  additionalProperties: false,
};

export const picklistConfigSchema: JsonSchema = {
  type: 'object',
  required: ['options'],
  properties: { options: { type: 'array', minItems: 1, maxItems: 1000, items: picklistOptionSchema } },
  additionalProperties: false,
};

export const relationNameSchema: JsonSchema = { type: 'string' };

/** Problems with `scale` > `precision` (JSON Schema cannot compare two values). */
export function checkPrecisionScale(field: FieldDef): string[] {
  const { precision, scale } = field.config ?? {};
  if (precision !== undefined && scale !== undefined && scale > precision) {
    return [`scale ${scale} is larger than precision ${precision}`];
  }
  return [];
}

/** Picklist option values and ids must be unique within the field. */
export function checkPicklistOptions(field: FieldDef): string[] {
  const problems: string[] = [];
  const values = new Set<string>();
  const ids = new Set<string>();
  for (const option of field.config?.options ?? []) {
    if (values.has(option.value)) problems.push(`option value "${option.value}" appears more than once`);
    values.add(option.value);
    if (ids.has(option.id)) problems.push(`option id "${option.id}" appears more than once`);
    ids.add(option.id);
  }
  return problems;
}
