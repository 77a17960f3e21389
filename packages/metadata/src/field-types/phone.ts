import type { FieldTypeModule } from './field-type.ts';
import { MAX_LENGTH_DEFAULTS } from './support/max-length.ts';
import { textLikeType } from './support/text-like.ts';

/**
 * Phone numbers are stored as typed (no normalization): digits with optional leading `+`,
 * spaces, `( ) . - /` separators and an optional extension (`x123`, `ext. 123`).
 */
export const PHONE_PATTERN = '^\\+?[0-9(][0-9 ().\\-/]*[0-9)]( ?(x|ext\\.?) ?[0-9]{1,6})?$';

export const phoneFieldType: FieldTypeModule = textLikeType({
  type: 'phone',
  label: { en: 'Phone', 'zh-CN': '电话' },
  defaultMaxLength: MAX_LENGTH_DEFAULTS.phone,
  maxMaxLength: 64,
  schema: { pattern: PHONE_PATTERN },
  widget: 'phone',
  indexable: true,
  conversions: [
    { to: 'text', sql: '{value}' },
    { to: 'longText', sql: '{value}' },
  ],
});
