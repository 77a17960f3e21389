import {
  type FieldChanges,
  type FieldConfig,
  type FieldDef,
  type FieldType,
  fieldType,
  findConversion,
  generateId,
  type Labels,
  type MetadataOperation,
  type ObjectDef,
} from '@atrium/metadata';

/**
 * The field editor's logic, free of React: a draft for each type, the operations a draft turns
 * into (addField, or renameField / changeFieldType / updateField for an existing field), the
 * safe type changes the registry offers.
 */

export const FIELD_TYPE_GROUPS: Array<{ key: 'text' | 'number' | 'date' | 'choice' | 'relation' | 'computed' | 'other'; types: FieldType[] }> = [
  { key: 'text', types: ['text', 'longText', 'richText', 'email', 'phone', 'url'] },
  { key: 'number', types: ['integer', 'number', 'currency', 'percent'] },
  { key: 'date', types: ['date', 'datetime'] },
  { key: 'choice', types: ['boolean', 'picklist', 'multiPicklist'] },
  { key: 'relation', types: ['lookup', 'masterDetail', 'manyToMany', 'user'] },
  { key: 'computed', types: ['autoNumber', 'formula'] },
  { key: 'other', types: ['address', 'json'] },
];

/** camelCase API name from a label: "Close date" → `closeDate`, "2nd phone" → `f2ndPhone`. */
export function toApiName(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return '';
  const name = words.map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  const safe = /^[a-z]/.test(name) ? name : `f${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  return safe.slice(0, 63);
}

/** The config a new field of `type` starts with (its required settings filled in where a default makes sense). */
export function initialConfig(type: FieldType, object?: ObjectDef): FieldConfig | undefined {
  switch (type) {
    case 'picklist':
    case 'multiPicklist':
      return { options: [] };
    case 'lookup':
      return { target: object?.id ?? '', onDelete: 'setNull' };
    case 'masterDetail':
    case 'manyToMany':
      return { target: '' };
    case 'formula':
      return { expression: null, resultType: 'text' };
    case 'autoNumber':
      return { displayFormat: '{0000}', startAt: 1 };
    default:
      return undefined;
  }
}

export function newFieldDraft(type: FieldType = 'text', object?: ObjectDef): FieldDef {
  const config = initialConfig(type, object);
  return { id: generateId('fld'), apiName: '', type, label: { en: '' }, ...(config ? { config } : {}) };
}

/** The keys a type's configSchema allows. */
export function configKeys(type: FieldType): string[] {
  const properties = fieldType(type).configSchema.properties as Record<string, unknown> | undefined;
  return properties ? Object.keys(properties) : [];
}

/** The config kept when a draft switches to another type: keys the new type knows, plus its starting settings. */
export function configForType(type: FieldType, previous: FieldConfig | undefined, object?: ObjectDef): FieldConfig | undefined {
  const keys = new Set(configKeys(type));
  const kept = Object.fromEntries(Object.entries(previous ?? {}).filter(([key, value]) => keys.has(key) && value !== undefined)) as FieldConfig;
  const merged = { ...(initialConfig(type, object) ?? {}), ...kept };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** The draft with another type (config adapted, attributes the type cannot have dropped). */
export function withType(draft: FieldDef, type: FieldType, object?: ObjectDef): FieldDef {
  const module = fieldType(type);
  const next: FieldDef = { ...draft, type };
  const config = configForType(type, draft.config, object);
  if (config) next.config = config;
  else delete next.config;
  if (!module.supports.required) delete next.required;
  if (!module.supports.unique) delete next.unique;
  if (!module.supports.indexed) delete next.indexed;
  if (!module.supports.default) delete next.default;
  return next;
}

export interface TypeChoice {
  type: FieldType;
  lossy: boolean;
  notes: string[];
}

/** The types an existing field can change to (the registry's safe conversions), with lossy ones flagged. */
export function typeChangesOf(field: FieldDef): TypeChoice[] {
  return fieldType(field.type).conversions.map((conversion) => {
    const planned = findConversion(field, { ...field, type: conversion.to, config: configForType(conversion.to, field.config) });
    return { type: conversion.to, lossy: planned?.lossy ?? conversion.lossy === true, notes: planned?.notes ?? (conversion.note ? [conversion.note] : []) };
  });
}

/** Labels without empty locales (`zh-CN: ""` is dropped); undefined when even `en` is empty. */
export function cleanLabels(labels: Labels | undefined): Labels | undefined {
  if (!labels) return undefined;
  const out: Labels = { en: labels.en?.trim() ?? '' };
  for (const [locale, text] of Object.entries(labels)) {
    if (locale !== 'en' && typeof text === 'string' && text.trim()) out[locale] = text.trim();
  }
  return out.en || Object.keys(out).length > 1 ? out : undefined;
}

/** A draft as it is sent: empty texts dropped, labels trimmed, attributes left unset rather than false. */
export function cleanField(draft: FieldDef): FieldDef {
  const field: FieldDef = { id: draft.id, apiName: draft.apiName.trim(), type: draft.type, label: cleanLabels(draft.label) ?? { en: '' } };
  if (draft.description?.trim()) field.description = draft.description.trim();
  const help = cleanLabels(draft.helpText);
  if (help?.en) field.helpText = help;
  if (draft.required) field.required = true;
  if (draft.unique) field.unique = true;
  if (draft.indexed) field.indexed = true;
  if (draft.default !== undefined && draft.default !== null && draft.default !== '') field.default = draft.default;
  if (draft.config) {
    const config = Object.fromEntries(Object.entries(draft.config).filter(([, value]) => value !== undefined && value !== '')) as FieldConfig;
    if (config.options) config.options = config.options.map((o) => ({ ...o, label: cleanLabels(o.label) ?? { en: o.value } }));
    if (Object.keys(config).length > 0) field.config = config;
  }
  return field;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The operations that turn `original` into `draft` on `object` (both named by id, so a rename in
 * the same change does not matter): `addField` for a new field; otherwise `renameField`,
 * `changeFieldType` (with the new type's config) and `updateField` with what changed.
 */
export function fieldOperations(object: ObjectDef, original: FieldDef | undefined, draft: FieldDef): MetadataOperation[] {
  const next = cleanField(draft);
  if (!original) return [{ op: 'addField', object: object.id, field: next }];
  const operations: MetadataOperation[] = [];
  if (next.apiName !== original.apiName) operations.push({ op: 'renameField', object: object.id, field: original.id, apiName: next.apiName });
  const typeChanged = next.type !== original.type;
  if (typeChanged) {
    operations.push({ op: 'changeFieldType', object: object.id, field: original.id, type: next.type, ...(next.config ? { config: next.config } : {}) });
  }
  const changes: FieldChanges = {};
  if (!same(next.label, original.label)) changes.label = next.label;
  if ((next.description ?? '') !== (original.description ?? '')) changes.description = next.description ?? '';
  // A null member removes the attribute (updateField is a merge patch).
  if (!same(next.helpText, original.helpText)) changes.helpText = next.helpText ?? null;
  for (const flag of ['required', 'unique', 'indexed'] as const) {
    if (Boolean(next[flag]) !== Boolean(original[flag])) changes[flag] = Boolean(next[flag]);
  }
  if (!same(next.default, original.default)) changes.default = next.default ?? null;
  if (!typeChanged && !same(next.config, original.config)) {
    // Config changes merge key by key: send only the keys that changed, null for those removed.
    const before = (original.config ?? {}) as Record<string, unknown>;
    const after = (next.config ?? {}) as Record<string, unknown>;
    const changed = Object.fromEntries([
      ...Object.entries(after).filter(([key, value]) => !same(value, before[key])),
      ...Object.keys(before)
        .filter((key) => after[key] === undefined)
        .map((key) => [key, null]),
    ]);
    if (Object.keys(changed).length > 0) changes.config = changed as FieldConfig;
  }
  if (Object.keys(changes).length > 0) operations.push({ op: 'updateField', object: object.id, field: original.id, changes });
  return operations;
}
