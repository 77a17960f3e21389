import type { FieldTypeModule } from './field-type.ts';
import { MAX_LENGTH_DEFAULTS } from './support/max-length.ts';
import { textLikeType } from './support/text-like.ts';

/** An e-mail address (JSON Schema `format: email`), at most 254 characters by default (RFC 5321). */
export const emailFieldType: FieldTypeModule = textLikeType({
  type: 'email',
  label: { en: 'Email', 'zh-CN': '电子邮件' },
  defaultMaxLength: MAX_LENGTH_DEFAULTS.email,
  maxMaxLength: 320,
  schema: { format: 'email' },
  widget: 'email',
  indexable: true,
  conversions: [
    { to: 'text', sql: '{value}' },
    { to: 'longText', sql: '{value}' },
  ],
});
