import type { FieldType } from '../../model/types.ts';

/** Default maximum lengths of the text-like types (their `config.maxLength` overrides them). */
export const MAX_LENGTH_DEFAULTS = {
  text: 255,
  longText: 131_072,
  richText: 131_072,
  email: 254,
  phone: 40,
  url: 2048,
} as const satisfies Partial<Record<FieldType, number>>;

/** The default maximum length of a text-like type; undefined for other types. */
export function defaultMaxLength(type: FieldType): number | undefined {
  return (MAX_LENGTH_DEFAULTS as Partial<Record<FieldType, number>>)[type];
}
