import type { FieldTypeModule } from './field-type.ts';
import { MAX_LENGTH_DEFAULTS } from './support/max-length.ts';
import { textLikeType } from './support/text-like.ts';

/**
 * HTML text (131,072 characters unless `maxLength` says otherwise). Sanitizing the HTML is the
 * record service's job. No conversions: turning HTML into plain text would keep the markup.
 */
export const richTextFieldType: FieldTypeModule = textLikeType({
  type: 'richText',
  label: { en: 'Rich text', 'zh-CN': '富文本' },
  defaultMaxLength: MAX_LENGTH_DEFAULTS.richText,
  maxMaxLength: 1_048_576,
  widget: 'richText',
  indexable: false,
  conversions: [],
});
