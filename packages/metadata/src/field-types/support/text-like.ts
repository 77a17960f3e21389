import type { FieldDef, FieldType, Labels } from '../../model/types.ts';
import type { FieldTypeModule, JsonSchema, TypeConversion } from '../field-type.ts';
import { maxLengthConfigSchema } from './config-schemas.ts';
import { annotate, valueColumn } from './fragment.ts';
import { TEXT_OPERATORS } from './operators.ts';

/**
 * Unique or indexed text needs its longest value to fit a btree entry (~2,700 bytes):
 * 640 characters of up to 4 UTF-8 bytes each.
 */
export const MAX_INDEXED_TEXT_LENGTH = 640;

export interface TextLikeOptions {
  type: FieldType;
  label: Labels;
  /** Used when the field's config gives no `maxLength`. */
  defaultMaxLength: number;
  /** The largest `maxLength` an admin may configure. */
  maxMaxLength: number;
  /** Extra value-schema keywords (`format`, `pattern`). */
  schema?: JsonSchema;
  widget: string;
  indexable: boolean;
  conversions: readonly TypeConversion[];
}

/** The effective maximum length of a text-like field. */
export function maxLengthOf(field: FieldDef, defaultMaxLength: number): number {
  return field.config?.maxLength ?? defaultMaxLength;
}

/** A one-column `text` type whose length is enforced by JSON Schema (text, email, phone, url, longText, richText). */
export function textLikeType(options: TextLikeOptions): FieldTypeModule {
  return {
    type: options.type,
    label: options.label,
    configSchema: maxLengthConfigSchema(options.maxMaxLength),
    columns: () => valueColumn('text'),
    valueSchema: (field) => annotate(field, { type: 'string', ...options.schema, maxLength: maxLengthOf(field, options.defaultMaxLength) }),
    graphql: () => ({ output: 'String', input: 'String', filter: 'StringFilter' }),
    filterOperators: TEXT_OPERATORS,
    widget: options.widget,
    readOnly: false,
    supports: { unique: options.indexable, indexed: options.indexable, default: true, required: true },
    conversions: options.conversions,
    check(field) {
      const max = maxLengthOf(field, options.defaultMaxLength);
      if ((field.unique || field.indexed) && max > MAX_INDEXED_TEXT_LENGTH) {
        return [`a unique or indexed ${options.type} field can hold at most ${MAX_INDEXED_TEXT_LENGTH} characters (maxLength is ${max})`];
      }
      return [];
    },
  };
}
