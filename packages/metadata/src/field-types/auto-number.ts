import type { FieldTypeModule } from './field-type.ts';
import { annotate, valueColumn } from './support/fragment.ts';
import { NUMBER_OPERATORS } from './support/operators.ts';

/** The number token of a display format: `{0000}` pads to four digits. */
const TOKEN = /\{0+\}/g;

/**
 * `CASE-{0000}` + 42 → `CASE-0042`. The number is padded to the token's width and never cut
 * (`{00}` + 123 → `123`). A format without a token gets the number appended.
 */
export function formatAutoNumber(displayFormat: string, n: number | bigint): string {
  const digits = (typeof n === 'bigint' ? n : BigInt(Math.trunc(n))).toString();
  let replaced = false;
  const out = displayFormat.replace(TOKEN, (token) => {
    if (replaced) return token;
    replaced = true;
    return digits.padStart(token.length - 2, '0');
  });
  return replaced ? out : `${displayFormat}${digits}`;
}

/** The number in a formatted value (`CASE-0042` → 42), or null when it does not match the format. */
export function parseAutoNumber(displayFormat: string, formatted: string): number | null {
  const match = /\{0+\}/.exec(displayFormat);
  if (!match) return null;
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefix = escapeRegExp(displayFormat.slice(0, match.index));
  const suffix = escapeRegExp(displayFormat.slice(match.index + match[0].length));
  const found = new RegExp(`^${prefix}([0-9]+)${suffix}$`).exec(formatted);
  if (!found?.[1]) return null;
  const n = Number(found[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A sequential number assigned on insert (a `bigint` column filled from a per-field sequence by
 * the record service: never a `DEFAULT nextval()` added to a populated table). The API value is
 * the formatted string (`CASE-0042`); filters (`AutoNumberFilter`: comparisons and ranges) take
 * formatted values, which the runtime turns into numbers with `parseAutoNumber`; sorting uses the number.
 */
export const autoNumberFieldType: FieldTypeModule = {
  type: 'autoNumber',
  label: { en: 'Auto number', 'zh-CN': '自动编号' },
  configSchema: {
    type: 'object',
    required: ['displayFormat'],
    properties: {
      displayFormat: { type: 'string', minLength: 3, maxLength: 64, pattern: '\\{0+\\}' },
      startAt: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    },
    additionalProperties: false,
  },
  columns: () => valueColumn('bigint'),
  valueSchema: (field) => annotate(field, { type: 'string', readOnly: true }),
  graphql: () => ({ output: 'String', input: null, filter: 'AutoNumberFilter' }),
  filterOperators: NUMBER_OPERATORS,
  widget: 'autoNumber',
  readOnly: true,
  supports: { unique: true, indexed: true, default: false, required: false },
  conversions: [],
  check(field) {
    const format = field.config?.displayFormat ?? '';
    const tokens = format.match(TOKEN) ?? [];
    return tokens.length > 1 ? [`display format "${format}" has ${tokens.length} number tokens; use exactly one`] : [];
  },
};
