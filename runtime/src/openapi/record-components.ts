import { compileRecordSchema, type JsonSchema } from '@atrium/metadata';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import type { ComponentNames } from './component-names.ts';
import { type Json, schemaRef } from './openapi-types.ts';

/** Keywords of a standalone JSON Schema document that do not belong in a component. */
function asComponent(schema: JsonSchema): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** A property's annotations (title, description, x-atrium...) apart from its value schema. */
function splitAnnotations(property: Json): { annotations: Json; value: Json } {
  const { title, description, 'x-atrium': atrium, readOnly, default: dflt, ...value } = property;
  const annotations: Json = {};
  if (title !== undefined) annotations.title = title;
  if (description !== undefined) annotations.description = description;
  if (atrium !== undefined) annotations['x-atrium'] = atrium;
  if (readOnly !== undefined) annotations.readOnly = readOnly;
  if (dflt !== undefined) annotations.default = dflt;
  return { annotations, value };
}

/**
 * The record as the REST API returns it: the object's JSON Schema (`compileRecordSchema`, system
 * fields included) with relations expandable: a lookup is its target's id, or with `expand` the
 * target record; a many-to-many field the ids or the records; a relation from other objects
 * appears only when expanded. Every field is present unless `fields` narrows the selection,
 * so only `id` is required.
 */
export function recordSchema(model: TenantModel, object: ObjectModel, names: ComponentNames): Json {
  const compiled = asComponent(compileRecordSchema(object.def, model.bundle));
  const properties = { ...(compiled.properties as Record<string, Json>) };
  for (const relation of object.relations.values()) {
    const target = model.objects.get(relation.target);
    if (!target) continue;
    const targetRef = schemaRef(names.of(target.apiName).type);
    const existing = properties[relation.name];
    if (relation.kind === 'toOne' && existing) {
      const { annotations, value } = splitAnnotations(existing);
      properties[relation.name] = { ...annotations, anyOf: [value, targetRef] };
    } else if (relation.kind === 'manyToMany' && existing) {
      const { annotations, value } = splitAnnotations(existing);
      properties[relation.name] = { ...annotations, anyOf: [value, { type: 'array', items: targetRef }] };
    } else if (!existing) {
      properties[relation.name] = {
        description: `The related ${target.pluralApiName} (up to 20); present only with expand=${relation.name}.`,
        readOnly: true,
        type: 'array',
        items: targetRef,
        'x-atrium': { relation: relation.kind, targetApiName: target.apiName },
      };
    }
  }
  const { required: _required, ...rest } = compiled;
  return {
    ...rest,
    description: `${object.def.description ?? object.def.label.en}. Lookups are ids unless expanded; empty values are null.`,
    properties,
    required: ['id'],
  };
}

/**
 * Defaults in input schemas go to the description: the server applies them on create, and
 * client generators read a `default` as "always present" (openapi-typescript makes it required).
 */
function withoutDefault(property: Json): Json {
  if (property.default === undefined) return property;
  const { default: dflt, ...rest } = property;
  const note = `Default: ${JSON.stringify(dflt)} (on create).`;
  return { ...rest, description: typeof rest.description === 'string' ? `${rest.description} ${note}` : note };
}

/** The writable fields: `Input` for a create (with its required fields), `UpdateInput` for a patch. */
export function inputSchemas(model: TenantModel, object: ObjectModel): { input: Json; updateInput: Json } {
  const full = asComponent(compileRecordSchema(object.def, model.bundle));
  const properties: Record<string, Json> = {};
  for (const [name, property] of Object.entries(full.properties as Record<string, Json>)) {
    if (property.readOnly === true) continue;
    properties[name] = withoutDefault(property);
  }
  const required = (full.required as string[] | undefined) ?? [];
  const base = { type: 'object', properties, additionalProperties: false, 'x-atrium': full['x-atrium'] };
  return {
    input: {
      ...base,
      title: `New ${object.def.label.en}`,
      description: 'Fields of a new record; `ownerId` defaults to the caller.',
      ...(required.length ? { required } : {}),
    },
    updateInput: { ...base, title: `${object.def.label.en} changes`, description: 'The fields to change; null clears an optional field.' },
  };
}

export function listSchema(object: ObjectModel, names: ComponentNames): Json {
  return {
    type: 'object',
    description: `A page of ${object.pluralApiName}.`,
    required: ['data', 'hasMore', 'nextCursor'],
    properties: {
      data: { type: 'array', items: schemaRef(names.of(object.apiName).type) },
      hasMore: { type: 'boolean', description: 'More records follow: ask again with `cursor=nextCursor`.' },
      nextCursor: { type: ['string', 'null'] },
      totalCount: { type: 'integer', minimum: 0, description: 'Records matching the filter; only with `count=true`.' },
    },
    additionalProperties: false,
  };
}
