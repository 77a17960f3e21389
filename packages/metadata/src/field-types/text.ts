import type { FieldTypeModule } from './field-type.ts';
import { PLAIN_TEXT_TO_HTML_SQL } from './support/conversion-sql.ts';
import { MAX_LENGTH_DEFAULTS } from './support/max-length.ts';
import { textLikeType } from './support/text-like.ts';

/** Single-line text; 255 characters unless `maxLength` says otherwise (at most 10,000). */
export const textFieldType: FieldTypeModule = textLikeType({
  type: 'text',
  label: { en: 'Text', 'zh-CN': '文本' },
  defaultMaxLength: MAX_LENGTH_DEFAULTS.text,
  maxMaxLength: 10_000,
  widget: 'text',
  indexable: true,
  conversions: [
    { to: 'longText', sql: '{value}' },
    { to: 'richText', sql: PLAIN_TEXT_TO_HTML_SQL },
    {
      to: 'picklist',
      sql: '{value}',
      lossy: true,
      note: 'values that are not options of the picklist stay stored but are refused on the next edit',
    },
  ],
});
