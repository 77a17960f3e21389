import { type FieldDef, generateId, type Labels, type MetadataOperation, type ObjectChanges, type ObjectDef } from '@atrium/metadata';
import { cleanLabels, toApiName } from '../fields/field-operations.ts';

/** What the object form edits. */
export interface ObjectDraft {
  label: Labels;
  pluralLabel: Labels;
  apiName: string;
  pluralApiName: string;
  description: string;
  /** New objects: the name field's type and label; existing: the name field's API name. */
  nameField: string;
  nameFieldType: 'text' | 'autoNumber';
  nameFieldLabel: Labels;
  displayFormat: string;
  trackHistory: boolean;
  trackedFields: string[];
  searchable: boolean;
}

export function draftOf(object?: ObjectDef): ObjectDraft {
  if (!object) {
    return {
      label: { en: '' },
      pluralLabel: { en: '' },
      apiName: '',
      pluralApiName: '',
      description: '',
      nameField: 'name',
      nameFieldType: 'text',
      nameFieldLabel: { en: 'Name', 'zh-CN': '名称' },
      displayFormat: '{0000}',
      trackHistory: false,
      trackedFields: [],
      searchable: true,
    };
  }
  return {
    label: { ...object.label },
    pluralLabel: { ...object.pluralLabel },
    apiName: object.apiName,
    pluralApiName: object.pluralApiName,
    description: object.description ?? '',
    nameField: object.nameField,
    nameFieldType: 'text',
    nameFieldLabel: { en: 'Name' },
    displayFormat: '',
    trackHistory: object.options?.trackHistory === true,
    trackedFields: object.options?.trackedFields ?? [],
    searchable: object.options?.searchable !== false,
  };
}

/** The plural API name suggested for a singular one (`opportunity` → `opportunities`). */
export function pluralOf(apiName: string): string {
  if (!apiName) return '';
  if (/[^aeiou]y$/.test(apiName)) return `${apiName.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(apiName)) return `${apiName}es`;
  return `${apiName}s`;
}

export { toApiName };

function options(draft: ObjectDraft): ObjectDef['options'] {
  return {
    trackHistory: draft.trackHistory,
    ...(draft.trackHistory && draft.trackedFields.length > 0 ? { trackedFields: draft.trackedFields } : {}),
    searchable: draft.searchable,
  };
}

/** A new object with its name field (a text field, or an auto-number such as `CASE-{0000}`). */
export function newObjectDef(draft: ObjectDraft): ObjectDef {
  const nameField: FieldDef =
    draft.nameFieldType === 'autoNumber'
      ? {
          id: generateId('fld'),
          apiName: draft.nameField,
          type: 'autoNumber',
          label: cleanLabels(draft.nameFieldLabel) ?? { en: 'Number' },
          config: { displayFormat: draft.displayFormat || '{0000}', startAt: 1 },
        }
      : { id: generateId('fld'), apiName: draft.nameField, type: 'text', label: cleanLabels(draft.nameFieldLabel) ?? { en: 'Name' }, required: true };
  return {
    id: generateId('obj'),
    apiName: draft.apiName.trim(),
    pluralApiName: draft.pluralApiName.trim(),
    label: cleanLabels(draft.label) ?? { en: '' },
    pluralLabel: cleanLabels(draft.pluralLabel) ?? { en: '' },
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    nameField: draft.nameField,
    options: options(draft),
    fields: [nameField],
  };
}

/** `createObject` for a new object; `updateObject` with what changed for an existing one (nothing: no operation). */
export function objectOperations(original: ObjectDef | undefined, draft: ObjectDraft): MetadataOperation[] {
  if (!original) return [{ op: 'createObject', object: newObjectDef(draft) }];
  const changes: ObjectChanges = {};
  const label = cleanLabels(draft.label);
  const pluralLabel = cleanLabels(draft.pluralLabel);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (label && !same(label, original.label)) changes.label = label;
  if (pluralLabel && !same(pluralLabel, original.pluralLabel)) changes.pluralLabel = pluralLabel;
  if (draft.apiName.trim() !== original.apiName) changes.apiName = draft.apiName.trim();
  if (draft.pluralApiName.trim() !== original.pluralApiName) changes.pluralApiName = draft.pluralApiName.trim();
  if (draft.description.trim() !== (original.description ?? '')) changes.description = draft.description.trim();
  if (draft.nameField !== original.nameField) changes.nameField = draft.nameField;
  const nextOptions = options(draft);
  const previousOptions = {
    trackHistory: original.options?.trackHistory === true,
    ...(original.options?.trackedFields ? { trackedFields: original.options.trackedFields } : {}),
    searchable: original.options?.searchable !== false,
  };
  if (!same(nextOptions, previousOptions)) changes.options = nextOptions;
  return Object.keys(changes).length > 0 ? [{ op: 'updateObject', object: original.id, changes }] : [];
}
