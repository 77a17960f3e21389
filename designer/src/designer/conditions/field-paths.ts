import { type FieldDef, type FieldType, isReferenceType, type Labels, type MetadataBundle, type ObjectDef, type PicklistOption } from '@atrium/metadata';

/**
 * The record paths a rule can read (`amount.amount`, `billingAddress.city`, `account.name`), each
 * with the kind of value found there: the condition builder offers operators and value inputs
 * by kind.
 */

export type ValueKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'picklist' | 'multi' | 'id' | 'json';

export interface FieldPath {
  /** The json-logic `var` path. */
  path: string;
  /** Label parts (field, then part or target field) for display. */
  labels: Labels[];
  kind: ValueKind;
  fieldType: FieldType;
  /** picklist / multiPicklist options. */
  options?: PicklistOption[];
  /** The field the path starts with. */
  field: FieldDef;
}

const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'country'] as const;
const ADDRESS_LABELS: Record<(typeof ADDRESS_PARTS)[number], Labels> = {
  street: { en: 'Street', 'zh-CN': '街道' },
  city: { en: 'City', 'zh-CN': '城市' },
  state: { en: 'State', 'zh-CN': '省/州' },
  postalCode: { en: 'Postal code', 'zh-CN': '邮编' },
  country: { en: 'Country', 'zh-CN': '国家' },
};

/** The value kind of a one-value field type (formulas by their result type). */
export function kindOfField(field: FieldDef): ValueKind {
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'richText':
    case 'email':
    case 'phone':
    case 'url':
    case 'autoNumber':
      return 'text';
    case 'integer':
    case 'number':
    case 'percent':
    case 'currency':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'boolean':
      return 'boolean';
    case 'picklist':
      return 'picklist';
    case 'multiPicklist':
      return 'multi';
    case 'lookup':
    case 'masterDetail':
    case 'user':
      return 'id';
    case 'manyToMany':
      return 'multi';
    case 'formula': {
      const result = field.config?.resultType ?? 'text';
      if (result === 'text') return 'text';
      if (result === 'boolean') return 'boolean';
      if (result === 'date') return 'date';
      if (result === 'datetime') return 'datetime';
      return 'number';
    }
    case 'address':
    case 'json':
      return 'json';
  }
}

function pathsOfField(field: FieldDef, prefix: string, prefixLabels: Labels[]): FieldPath[] {
  const base = { fieldType: field.type, field };
  const path = `${prefix}${field.apiName}`;
  const labels = [...prefixLabels, field.label];
  if (field.type === 'currency') {
    return [
      { ...base, path: `${path}.amount`, labels: [...labels, { en: 'amount', 'zh-CN': '金额' }], kind: 'number' },
      { ...base, path: `${path}.currency`, labels: [...labels, { en: 'currency', 'zh-CN': '币种' }], kind: 'text' },
    ];
  }
  if (field.type === 'address') {
    return [
      { ...base, path, labels, kind: 'json' },
      ...ADDRESS_PARTS.map((part) => ({ ...base, path: `${path}.${part}`, labels: [...labels, ADDRESS_LABELS[part]], kind: 'text' as const })),
    ];
  }
  const options = field.config?.options;
  return [{ ...base, path, labels, kind: kindOfField(field), ...(options ? { options } : {}) }];
}

/**
 * Every path a rule on `object` can read: its live fields (composites by part) and, one level
 * through each lookup or master-detail, the target's fields (`account.name`).
 */
export function fieldPaths(object: ObjectDef, bundle: MetadataBundle | undefined, options: { throughLookups?: boolean } = {}): FieldPath[] {
  const paths: FieldPath[] = [];
  const live = object.fields.filter((f) => f.state !== 'deleted');
  for (const field of live) paths.push(...pathsOfField(field, '', []));
  if (options.throughLookups !== false && bundle) {
    for (const field of live) {
      if (!isReferenceType(field.type) || !field.config?.target) continue;
      const target = bundle.objects.find((o) => o.id === field.config?.target);
      if (!target) continue;
      for (const targetField of target.fields) {
        if (targetField.state === 'deleted' || isReferenceType(targetField.type) || targetField.type === 'manyToMany') continue;
        paths.push(...pathsOfField(targetField, `${field.apiName}.`, [field.label]));
      }
    }
  }
  return paths;
}

/** The path of a field's "has a value" check: currency fields are checked on their amount. */
export function valuePathOf(field: FieldDef): string {
  return field.type === 'currency' ? `${field.apiName}.amount` : field.apiName;
}
