import { type FieldDef, fieldType, type MetadataBundle, type ObjectDef, physicalName } from '@atrium/metadata';
import { systemColumnNames } from '../ddl/object-table-ddl.ts';

/** Tables already named in the tenant (live or set aside) and the junction tables. */
function takenTables(bundle: MetadataBundle): Set<string> {
  const taken = new Set<string>();
  for (const object of bundle.objects) {
    if (object.table) taken.add(object.table);
    for (const field of object.fields) if (field.junctionTable) taken.add(field.junctionTable);
  }
  return taken;
}

/** Columns already used on an object's table, including set-aside fields and conversions. */
function takenColumns(object: ObjectDef): Set<string> {
  const taken = new Set<string>(systemColumnNames);
  for (const field of object.fields) {
    for (const column of Object.values(field.columns ?? {})) taken.add(column);
    for (const column of Object.values(field.conversion?.fromColumns ?? {})) taken.add(column);
  }
  return taken;
}

/** Chooses the object's table name once, at creation (never changed by a rename). */
export function assignTable(bundle: MetadataBundle, object: ObjectDef): void {
  if (!object.table) object.table = physicalName(object.apiName, takenTables(bundle));
}

/** Chooses physical columns (and a junction table) for a field that has none yet. */
export function assignColumns(bundle: MetadataBundle, object: ObjectDef, field: FieldDef): void {
  const specs = fieldType(field.type).columns(field);
  if (!field.columns || specs.some((s) => !field.columns?.[s.part]))
    field.columns = newColumns(
      object,
      field,
      specs.map((s) => s.part),
    );
  if (field.type === 'manyToMany' && !field.junctionTable) {
    field.junctionTable = physicalName(`${object.table ?? object.apiName}_${field.apiName}`, takenTables(bundle));
  }
}

/** Fresh columns for the field's parts (used at creation and for a type change's new columns). */
export function newColumns(object: ObjectDef, field: FieldDef, parts: string[]): Record<string, string> {
  const taken = takenColumns(object);
  const columns: Record<string, string> = {};
  for (const part of parts) {
    const name = physicalName(part === 'value' ? field.apiName : `${field.apiName}_${part}`, taken);
    taken.add(name);
    columns[part] = name;
  }
  return columns;
}
