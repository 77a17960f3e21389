import type { FieldTypeModule } from './field-type.ts';
import { MAX_LENGTH_DEFAULTS } from './support/max-length.ts';
import { textLikeType } from './support/text-like.ts';

/** An absolute URI with a scheme (`https://example.com`), JSON Schema `format: uri`. */
export const urlFieldType: FieldTypeModule = textLikeType({
  type: 'url',
  label: { en: 'URL', 'zh-CN': '网址' },
  defaultMaxLength: MAX_LENGTH_DEFAULTS.url,
  maxMaxLength: 8192,
  schema: { format: 'uri' },
  widget: 'uri',
  indexable: true,
  conversions: [
    { to: 'text', sql: '{value}' },
    { to: 'longText', sql: '{value}' },
  ],
});
