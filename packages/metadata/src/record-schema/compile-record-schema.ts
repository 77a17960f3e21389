import type { JsonSchema } from '../field-types/field-type.ts';
import { fieldType, isRelationType } from '../field-types/field-type-registry.ts';
import type { FieldDef, MetadataBundle, ObjectDef } from '../model/types.ts';
import { systemFieldSchemas } from './system-fields.ts';

export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export interface RecordSchemaOptions {
  /**
   * Include the system fields (`id`, `ownerId`, `createdAt`, `createdBy`, `updatedAt`,
   * `updatedBy`, `version`) as properties: all read-only except `ownerId`. Default true, so a
   * record as the API returns it matches the schema.
   */
  systemFields?: boolean;
  /** Locale of titles and descriptions (falls back to `en`). */
  locale?: string;
}

/** The `x-atrium` annotation at the root of a record schema. */
export interface AtriumObjectAnnotation {
  objectId: string;
  apiName: string;
}

/** Whether a field must be given when a record is created (and may never be null). */
export function isRequiredField(field: FieldDef): boolean {
  const module = fieldType(field.type);
  if (module.readOnly || !module.supports.required) return false;
  return field.type === 'masterDetail' || field.required === true;
}

/** Lets a fragment accept null: `type: t` → `type: [t, 'null']`, null added to an `enum`. */
export function nullable(schema: JsonSchema): JsonSchema {
  const { type } = schema;
  if (type === undefined) return schema; // no type: accepts null already (json)
  const out: JsonSchema = { ...schema, type: Array.isArray(type) ? [...new Set([...type, 'null'])] : [type, 'null'] };
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
  return out;
}

function localized(labels: { en: string; [locale: string]: string | undefined } | undefined, locale: string | undefined) {
  if (!labels) return undefined;
  return (locale ? labels[locale] : undefined) ?? labels.en;
}

/** The property schema of one field: its value schema, title, description, default, readOnly, null when optional. */
export function fieldPropertySchema(field: FieldDef, bundle: MetadataBundle | undefined, locale?: string): JsonSchema {
  const module = fieldType(field.type);
  let schema: JsonSchema = { ...module.valueSchema(field) };
  if (isRelationType(field.type) && field.config?.target) {
    const annotation = schema['x-atrium'] as Record<string, unknown>;
    const target = bundle?.objects.find((o) => o.id === field.config?.target);
    schema['x-atrium'] = { ...annotation, target: field.config.target, ...(target ? { targetApiName: target.apiName } : {}) };
  }
  const title = localized(field.label, locale);
  if (title) schema.title = title;
  const description = localized(field.helpText, locale) ?? field.description;
  if (description) schema.description = description;
  if (module.readOnly) schema.readOnly = true;
  if (field.default !== undefined && field.default !== null && module.supports.default) schema.default = field.default;
  if (!isRequiredField(field)) schema = nullable(schema);
  // A type-less fragment (json) accepts null: a required one must not (its column has a NOT NULL check).
  else if (schema.type === undefined) schema.type = ['object', 'array', 'string', 'number', 'boolean'];
  return schema;
}

/**
 * The JSON Schema (2020-12) of an object's records in the API shape: one property per field
 * that is not deleted (plus system fields), `required` for required writable fields without a
 * default, no other properties. Read-only fields (formula, autoNumber, system) are marked
 * `readOnly`; the record validator refuses writes to them.
 */
export function compileRecordSchema(object: ObjectDef, bundle?: MetadataBundle, options: RecordSchemaOptions = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  if (options.systemFields !== false) Object.assign(properties, systemFieldSchemas());
  for (const field of object.fields) {
    if (field.state === 'deleted') continue;
    properties[field.apiName] = fieldPropertySchema(field, bundle, options.locale);
    if (isRequiredField(field) && (field.default === undefined || field.default === null)) required.push(field.apiName);
  }
  const annotation: AtriumObjectAnnotation = { objectId: object.id, apiName: object.apiName };
  const title = localized(object.label, options.locale);
  return {
    $schema: JSON_SCHEMA_2020_12,
    $id: `atrium:object:${object.apiName}`,
    ...(title ? { title } : {}),
    ...(object.description ? { description: object.description } : {}),
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    'x-atrium': annotation,
  };
}
