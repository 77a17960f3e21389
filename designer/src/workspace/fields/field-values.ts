import { type FieldDef, type FieldType, formatAutoNumber, type ObjectDef, type PicklistOption } from '@atrium/metadata';

/** The kind of value a field holds in the API shape (formulas: their result type). */
export type ValueKind =
  | 'text'
  | 'longText'
  | 'number'
  | 'integer'
  | 'percent'
  | 'currency'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'picklist'
  | 'multiPicklist'
  | 'lookup'
  | 'manyToMany'
  | 'user'
  | 'address'
  | 'json';

const KINDS: Record<FieldType, ValueKind> = {
  text: 'text',
  longText: 'longText',
  richText: 'longText',
  email: 'text',
  phone: 'text',
  url: 'text',
  integer: 'integer',
  number: 'number',
  currency: 'currency',
  percent: 'percent',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  picklist: 'picklist',
  multiPicklist: 'multiPicklist',
  lookup: 'lookup',
  masterDetail: 'lookup',
  manyToMany: 'manyToMany',
  user: 'user',
  autoNumber: 'text',
  formula: 'text',
  address: 'address',
  json: 'json',
};

export function valueKind(field: FieldDef): ValueKind {
  if (field.type === 'formula') {
    const result = field.config?.resultType ?? 'text';
    return result === 'text' ? 'text' : (result as ValueKind);
  }
  return KINDS[field.type];
}

/** Written by the platform, never by a form: formulas, auto-numbers. */
export function isReadOnlyType(field: FieldDef): boolean {
  return field.type === 'formula' || field.type === 'autoNumber';
}

/** A lookup's id, whether the API sent the id or (with `expand`) the record. */
export function lookupId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}

/** The name of a record: its object's name field (an auto-number is formatted). */
export function recordName(object: ObjectDef | undefined, record: Record<string, unknown> | null | undefined): string {
  if (!record) return '';
  const nameField = object?.fields.find((f) => f.apiName === object.nameField);
  const value = record[object?.nameField ?? 'name'];
  if (value === null || value === undefined || value === '') return typeof record.id === 'string' ? record.id.slice(0, 8) : '';
  if (nameField?.type === 'autoNumber' && typeof value === 'number' && nameField.config?.displayFormat)
    return formatAutoNumber(nameField.config.displayFormat, value);
  return String(value);
}

export function picklistOptions(field: FieldDef): PicklistOption[] {
  return field.config?.options ?? [];
}

export function optionOf(field: FieldDef, value: unknown): PicklistOption | undefined {
  return picklistOptions(field).find((o) => o.value === value);
}

export interface FormatContext {
  locale: string;
  label(labels: PicklistOption['label'] | undefined, fallback?: string): string;
  yes: string;
  no: string;
  /** Names of related records by id, when known. */
  names?: Map<string, string>;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A value as text for lists, cards and history (empty: ''). */
export function formatValue(field: FieldDef | undefined, value: unknown, ctx: FormatContext): string {
  if (value === null || value === undefined || value === '') return '';
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (valueKind(field)) {
    case 'boolean':
      return value ? ctx.yes : ctx.no;
    case 'integer':
    case 'number':
      return typeof value === 'number' ? numberFormat(ctx.locale, { maximumFractionDigits: 6 }).format(value) : String(value);
    case 'percent':
      return typeof value === 'number' ? `${numberFormat(ctx.locale, { maximumFractionDigits: 4 }).format(value)}%` : String(value);
    case 'currency': {
      const { amount, currency } = (typeof value === 'object' ? value : { amount: value }) as { amount?: number; currency?: string };
      if (typeof amount !== 'number') return '';
      try {
        return numberFormat(ctx.locale, { style: 'currency', currency: currency ?? field.config?.defaultCurrency ?? 'USD', maximumFractionDigits: 2 }).format(
          amount,
        );
      } catch {
        return `${numberFormat(ctx.locale, { maximumFractionDigits: 2 }).format(amount)} ${currency ?? ''}`.trim();
      }
    }
    case 'date':
      return typeof value === 'string' ? formatDate(value, ctx.locale) : String(value);
    case 'datetime':
      return typeof value === 'string' ? formatDateTime(value, ctx.locale) : String(value);
    case 'picklist': {
      const option = optionOf(field, value);
      return option ? ctx.label(option.label, option.value) : String(value);
    }
    case 'multiPicklist':
      return Array.isArray(value) ? value.map((v) => ctx.label(optionOf(field, v)?.label, String(v))).join(', ') : String(value);
    case 'lookup':
    case 'user': {
      if (typeof value === 'object' && value !== null) {
        const record = value as Record<string, unknown>;
        return String(record.name ?? record.displayName ?? record.email ?? record.id ?? '');
      }
      return ctx.names?.get(String(value)) ?? String(value).slice(0, 8);
    }
    case 'manyToMany':
      return Array.isArray(value) ? `${value.length}` : '';
    case 'address': {
      const a = value as Record<string, string | null | undefined>;
      return [a.street, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(', ');
    }
    case 'json':
      return JSON.stringify(value);
    default:
      if (field.type === 'autoNumber' && typeof value === 'number' && field.config?.displayFormat) return formatAutoNumber(field.config.displayFormat, value);
      return String(value);
  }
}

// Building an Intl.DateTimeFormat costs about a millisecond: a list of 50 rows with a date column
// would spend 50 of them on its first paint. One formatter per locale and kind is kept instead.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, kind: 'date' | 'datetime'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, kind === 'date' ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(key, format);
  }
  return format;
}

/** `2025-03-14` in the user's locale, without moving it across time zones. */
export function formatDate(value: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(locale, 'date').format(date);
}

export function formatDateTime(value: string, locale: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(locale, 'datetime').format(date);
}

/** Fields that make sense as list columns (long and structured values do not). */
export function isColumnCandidate(field: FieldDef): boolean {
  return !['longText', 'richText', 'json', 'manyToMany', 'address'].includes(field.type) && field.state !== 'deleted';
}

/** Fields that can be sorted on by the API. */
export function isSortable(field: FieldDef): boolean {
  return !['multiPicklist', 'manyToMany', 'address', 'json', 'longText', 'richText'].includes(field.type);
}
