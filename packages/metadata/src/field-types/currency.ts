import type { FieldDef } from '../model/types.ts';
import type { FieldTypeModule } from './field-type.ts';
import { precisionSchema, scaleSchema } from './support/config-schemas.ts';
import { annotate, numericBounds, numericSqlType } from './support/fragment.ts';
import { NUMBER_OPERATORS } from './support/operators.ts';

export const DEFAULT_CURRENCY_PRECISION = 18;
export const DEFAULT_CURRENCY_SCALE = 2;
export const CURRENCY_CODE_PATTERN = '^[A-Z]{3}$';

/**
 * A money amount with its ISO 4217 code: columns `amount` (numeric(p,s), default 18,2) and
 * `currency` (text). API value `{amount, currency?}`; a missing `currency` takes the field's
 * `defaultCurrency` (applied by the record service). Filters apply to the amount
 * (`CurrencyFilter` also has `currency: StringFilter`).
 */
export const currencyFieldType: FieldTypeModule = {
  type: 'currency',
  label: { en: 'Currency', 'zh-CN': '货币' },
  configSchema: {
    type: 'object',
    properties: {
      precision: precisionSchema,
      scale: scaleSchema,
      defaultCurrency: { type: 'string', pattern: CURRENCY_CODE_PATTERN },
    },
    additionalProperties: false,
  },
  columns: (field) => {
    const { precision, scale } = currencyPrecision(field);
    return [
      { part: 'amount', sqlType: numericSqlType(precision, scale) },
      { part: 'currency', sqlType: 'text' },
    ];
  },
  valueSchema: (field) => {
    const { precision, scale } = currencyPrecision(field);
    return annotate(field, {
      type: 'object',
      required: ['amount'],
      properties: {
        amount: { type: 'number', ...numericBounds(precision, scale) },
        currency: { type: 'string', pattern: CURRENCY_CODE_PATTERN },
      },
      additionalProperties: false,
    });
  },
  graphql: () => ({ output: 'Currency', input: 'CurrencyInput', filter: 'CurrencyFilter' }),
  filterOperators: NUMBER_OPERATORS,
  widget: 'currency',
  readOnly: false,
  supports: { unique: false, indexed: true, default: true, required: true },
  conversions: [],
  check(field) {
    const { precision, scale } = currencyPrecision(field);
    return scale > precision ? [`scale ${scale} is larger than precision ${precision}`] : [];
  },
};

/** The amount's precision and scale: 18 and 2 unless configured (each independently). */
export function currencyPrecision(field: FieldDef): { precision: number; scale: number } {
  return {
    precision: field.config?.precision ?? DEFAULT_CURRENCY_PRECISION,
    scale: field.config?.scale ?? DEFAULT_CURRENCY_SCALE,
  };
}
