import type { FieldConfig, FieldDef, FieldType, ObjectDef } from '@atrium/metadata';

/** Builders of the metadata the benchmark creates (ids are readable and unique per run). */

export function field(id: string, apiName: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return { id, apiName, type, label: { en: labelOf(apiName) }, ...extra };
}

export function picklistField(id: string, apiName: string, values: readonly string[], extra: Partial<FieldDef> = {}): FieldDef {
  const config: FieldConfig = { options: values.map((value, i) => ({ id: `${id}_opt${i}`, value, label: { en: labelOf(value) } })) };
  return field(id, apiName, 'picklist', { ...extra, config });
}

export function objectDef(id: string, apiName: string, pluralApiName: string, nameField: string, fields: FieldDef[]): ObjectDef {
  return { id, apiName, pluralApiName, label: { en: labelOf(apiName) }, pluralLabel: { en: labelOf(pluralApiName) }, nameField, fields };
}

/** `closeDate` → `Close date`. */
function labelOf(apiName: string): string {
  const words = apiName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The physical column of a one-column field (after the platform assigned it). */
export function columnOf(object: ObjectDef, apiName: string, part = 'value'): string {
  const column = object.fields.find((f) => f.apiName === apiName)?.columns?.[part];
  if (!column) throw new Error(`field ${object.apiName}.${apiName} has no column "${part}"`);
  return column;
}

export function tableOf(object: ObjectDef): string {
  if (!object.table) throw new Error(`object ${object.apiName} has no table`);
  return object.table;
}
