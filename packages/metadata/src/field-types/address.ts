import type { FieldTypeModule } from './field-type.ts';
import { emptyConfigSchema } from './support/config-schemas.ts';
import { annotate } from './support/fragment.ts';
import { NULL_OPERATORS } from './support/operators.ts';

/** The parts of an address, in display order; each is a `text` column. */
export const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'country'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

const PART_MAX_LENGTH: Record<AddressPart, number> = {
  street: 1000,
  city: 255,
  state: 255,
  postalCode: 40,
  country: 255,
};

/**
 * A postal address in five text columns. Filters: `AddressFilter` has `isNull` and a
 * `StringFilter` per part (`{"billingAddress": {"city": {"eq": "Paris"}}}`).
 */
export const addressFieldType: FieldTypeModule = {
  type: 'address',
  label: { en: 'Address', 'zh-CN': '地址' },
  configSchema: emptyConfigSchema,
  columns: () => ADDRESS_PARTS.map((part) => ({ part, sqlType: 'text' })),
  valueSchema: (field) =>
    annotate(field, {
      type: 'object',
      properties: Object.fromEntries(ADDRESS_PARTS.map((part) => [part, { type: ['string', 'null'], maxLength: PART_MAX_LENGTH[part] }])),
      additionalProperties: false,
    }),
  graphql: () => ({ output: 'Address', input: 'AddressInput', filter: 'AddressFilter' }),
  filterOperators: NULL_OPERATORS,
  widget: 'address',
  readOnly: false,
  supports: { unique: false, indexed: false, default: false, required: true },
  conversions: [],
};
