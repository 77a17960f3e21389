import { type FieldDef, fieldType, type MetadataBundle, type ObjectDef } from '@atrium/metadata';

/** A record field as the APIs serve it: a metadata field or a system column. */
export interface FieldModel {
  apiName: string;
  /** The metadata field; absent for system fields. */
  def?: FieldDef;
  type: FieldDef['type'] | 'id' | 'system';
  /** System fields: their single column and kind of value. */
  systemColumn?: string;
  systemType?: 'uuid' | 'datetime' | 'integer';
  readOnly: boolean;
}

export type RelationModel =
  | { kind: 'toOne'; name: string; field: FieldDef; column: string; target: string }
  | { kind: 'toMany'; name: string; target: string; field: FieldDef; column: string }
  | {
      kind: 'manyToMany';
      name: string;
      target: string;
      field: FieldDef;
      junction: string;
      sourceColumn: 'source_id' | 'target_id';
      targetColumn: 'source_id' | 'target_id';
    };

/** An object as the runtime serves it: live fields, system fields, and relations both ways. */
export interface ObjectModel {
  def: ObjectDef;
  apiName: string;
  pluralApiName: string;
  table: string;
  fields: Map<string, FieldModel>;
  relations: Map<string, RelationModel>;
}

/** The runtime's view of one tenant at one metadata version. */
export interface TenantModel {
  tenantId: string;
  tenantKey: string;
  schema: string;
  version: number;
  timeZone: string;
  weekStart: number;
  bundle: MetadataBundle;
  objects: Map<string, ObjectModel>;
  objectsById: Map<string, ObjectModel>;
}

/** System fields every record has, with their columns. */
export const SYSTEM_FIELDS: ReadonlyArray<FieldModel> = [
  { apiName: 'id', type: 'id', systemColumn: 'id', systemType: 'uuid', readOnly: true },
  { apiName: 'ownerId', type: 'system', systemColumn: 'owner_id', systemType: 'uuid', readOnly: false },
  { apiName: 'createdAt', type: 'system', systemColumn: 'created_at', systemType: 'datetime', readOnly: true },
  { apiName: 'createdBy', type: 'system', systemColumn: 'created_by', systemType: 'uuid', readOnly: true },
  { apiName: 'updatedAt', type: 'system', systemColumn: 'updated_at', systemType: 'datetime', readOnly: true },
  { apiName: 'updatedBy', type: 'system', systemColumn: 'updated_by', systemType: 'uuid', readOnly: true },
  { apiName: 'version', type: 'system', systemColumn: 'row_version', systemType: 'integer', readOnly: true },
];

export interface TenantInfo {
  tenantId: string;
  tenantKey: string;
  schema: string;
  version: number;
  timeZone: string;
  weekStart: number;
}

/** Builds the runtime model from a tenant's live metadata (deleted elements already left out). */
export function buildTenantModel(info: TenantInfo, bundle: MetadataBundle): TenantModel {
  const objects = new Map<string, ObjectModel>();
  const objectsById = new Map<string, ObjectModel>();
  for (const def of bundle.objects) {
    if (!def.table) throw new Error(`object ${def.apiName} has no table`);
    const fields = new Map<string, FieldModel>();
    for (const system of SYSTEM_FIELDS) fields.set(system.apiName, system);
    for (const field of def.fields)
      fields.set(field.apiName, { apiName: field.apiName, def: field, type: field.type, readOnly: fieldType(field.type).readOnly });
    const model: ObjectModel = { def, apiName: def.apiName, pluralApiName: def.pluralApiName, table: def.table, fields, relations: new Map() };
    objects.set(def.apiName, model);
    objectsById.set(def.id, model);
  }
  for (const source of objects.values()) {
    for (const field of source.def.fields) {
      const target = field.config?.target ? objectsById.get(field.config.target) : undefined;
      if (!target) continue;
      if (field.type === 'lookup' || field.type === 'masterDetail') {
        const column = field.columns?.value;
        if (!column) continue;
        source.relations.set(field.apiName, { kind: 'toOne', name: field.apiName, field, column, target: target.apiName });
        const reverse = field.config?.relationName;
        if (reverse && !target.fields.has(reverse) && !target.relations.has(reverse)) {
          target.relations.set(reverse, { kind: 'toMany', name: reverse, target: source.apiName, field, column });
        }
      } else if (field.type === 'manyToMany' && field.junctionTable) {
        source.relations.set(field.apiName, {
          kind: 'manyToMany',
          name: field.apiName,
          target: target.apiName,
          field,
          junction: field.junctionTable,
          sourceColumn: 'source_id',
          targetColumn: 'target_id',
        });
        const reverse = field.config?.relationName;
        if (reverse && !target.fields.has(reverse) && !target.relations.has(reverse)) {
          target.relations.set(reverse, {
            kind: 'manyToMany',
            name: reverse,
            target: source.apiName,
            field,
            junction: field.junctionTable,
            sourceColumn: 'target_id',
            targetColumn: 'source_id',
          });
        }
      }
    }
  }
  return { ...info, bundle, objects, objectsById };
}

export function objectOf(model: TenantModel, apiName: string): ObjectModel | undefined {
  return model.objects.get(apiName);
}
