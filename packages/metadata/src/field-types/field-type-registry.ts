import type { FieldDef, FieldType } from '../model/types.ts';
import { FIELD_TYPES } from '../model/types.ts';
import { addressFieldType } from './address.ts';
import { autoNumberFieldType } from './auto-number.ts';
import { booleanFieldType } from './boolean.ts';
import { currencyFieldType } from './currency.ts';
import { dateFieldType } from './date.ts';
import { datetimeFieldType } from './datetime.ts';
import { emailFieldType } from './email.ts';
import type { FieldTypeModule, FilterOperator } from './field-type.ts';
import { formulaFieldType } from './formula.ts';
import { integerFieldType } from './integer.ts';
import { jsonFieldType } from './json.ts';
import { longTextFieldType } from './long-text.ts';
import { lookupFieldType } from './lookup.ts';
import { manyToManyFieldType } from './many-to-many.ts';
import { masterDetailFieldType } from './master-detail.ts';
import { multiPicklistFieldType } from './multi-picklist.ts';
import { numberFieldType } from './number.ts';
import { percentFieldType } from './percent.ts';
import { phoneFieldType } from './phone.ts';
import { picklistFieldType } from './picklist.ts';
import { richTextFieldType } from './rich-text.ts';
import { textFieldType } from './text.ts';
import { urlFieldType } from './url.ts';
import { userFieldType } from './user.ts';

/** Every field type's module, by type. */
export const fieldTypes: Record<FieldType, FieldTypeModule> = {
  text: textFieldType,
  longText: longTextFieldType,
  richText: richTextFieldType,
  email: emailFieldType,
  phone: phoneFieldType,
  url: urlFieldType,
  integer: integerFieldType,
  number: numberFieldType,
  currency: currencyFieldType,
  percent: percentFieldType,
  boolean: booleanFieldType,
  date: dateFieldType,
  datetime: datetimeFieldType,
  picklist: picklistFieldType,
  multiPicklist: multiPicklistFieldType,
  lookup: lookupFieldType,
  masterDetail: masterDetailFieldType,
  manyToMany: manyToManyFieldType,
  user: userFieldType,
  autoNumber: autoNumberFieldType,
  formula: formulaFieldType,
  address: addressFieldType,
  json: jsonFieldType,
};

export function isFieldType(type: unknown): type is FieldType {
  return typeof type === 'string' && (FIELD_TYPES as readonly string[]).includes(type);
}

/** The module of a field type; throws on an unknown type (metadata is validated before use). */
export function fieldType(type: FieldType): FieldTypeModule {
  const module = isFieldType(type) ? fieldTypes[type] : undefined;
  if (!module) throw new Error(`unknown field type "${String(type)}"`);
  return module;
}

/** The filter operators of one field (formula fields depend on their result type). */
export function filterOperatorsOf(field: FieldDef): readonly FilterOperator[] {
  const module = fieldType(field.type);
  return module.filterOperatorsOf?.(field) ?? module.filterOperators;
}

/** Relation types: their config names a `target` object. */
export const RELATION_TYPES = ['lookup', 'masterDetail', 'manyToMany'] as const satisfies readonly FieldType[];
export function isRelationType(type: FieldType): type is (typeof RELATION_TYPES)[number] {
  return (RELATION_TYPES as readonly FieldType[]).includes(type);
}

/** Types holding one reference (a `uuid` column) that rule paths can follow (`account.name`). */
export function isReferenceType(type: FieldType): boolean {
  return type === 'lookup' || type === 'masterDetail';
}
