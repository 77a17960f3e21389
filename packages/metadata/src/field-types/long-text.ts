import type { FieldTypeModule } from './field-type.ts';
import { PLAIN_TEXT_TO_HTML_SQL } from './support/conversion-sql.ts';
import { MAX_LENGTH_DEFAULTS } from './support/max-length.ts';
import { textLikeType } from './support/text-like.ts';

/**
 * Multi-line plain text (131,072 characters unless `maxLength` says otherwise). Not indexable.
 * longText → text is refused: text is capped (255 by default) and values could exceed it.
 */
export const longTextFieldType: FieldTypeModule = textLikeType({
  type: 'longText',
  label: { en: 'Long text', 'zh-CN': '长文本' },
  defaultMaxLength: MAX_LENGTH_DEFAULTS.longText,
  maxMaxLength: 1_048_576,
  widget: 'textarea',
  indexable: false,
  conversions: [{ to: 'richText', sql: PLAIN_TEXT_TO_HTML_SQL }],
});
