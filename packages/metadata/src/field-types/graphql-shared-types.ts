import { ADDRESS_PARTS } from './address.ts';
import type { FilterOperator } from './field-type.ts';
import { BOOLEAN_OPERATORS, DATE_OPERATORS, EQUALITY_OPERATORS, NULL_OPERATORS, NUMBER_OPERATORS, SET_OPERATORS, TEXT_OPERATORS } from './support/operators.ts';

/** GraphQL's built-in scalars. */
export const graphqlBuiltInScalars = ['String', 'Int', 'Float', 'Boolean', 'ID'] as const;

/**
 * Named ranges of the `relative` date filter, computed in the tenant's time zone and week start
 * (`{"closeDate": {"relative": "thisQuarter"}}`).
 */
export const RELATIVE_DATE_RANGES = [
  'today',
  'yesterday',
  'tomorrow',
  'thisWeek',
  'lastWeek',
  'nextWeek',
  'thisMonth',
  'lastMonth',
  'nextMonth',
  'thisQuarter',
  'lastQuarter',
  'nextQuarter',
  'thisYear',
  'lastYear',
  'nextYear',
  'last7Days',
  'last30Days',
  'last90Days',
  'next7Days',
  'next30Days',
  'next90Days',
] as const;
export type RelativeDateRange = (typeof RELATIVE_DATE_RANGES)[number];

/**
 * Filter input types: the operators each accepts and the GraphQL type of one operand.
 * `in`/`notIn`/`containsAny`/`containsAll` take a list of it, `between` a list of two,
 * `isNull` a Boolean, `relative` a `RelativeDateRange`.
 */
export const filterInputTypes = {
  StringFilter: { operand: 'String', operators: TEXT_OPERATORS },
  NumberFilter: { operand: 'Float', operators: NUMBER_OPERATORS },
  IntFilter: { operand: 'BigInt', operators: NUMBER_OPERATORS },
  BooleanFilter: { operand: 'Boolean', operators: BOOLEAN_OPERATORS },
  DateFilter: { operand: 'Date', operators: DATE_OPERATORS },
  DateTimeFilter: { operand: 'DateTime', operators: DATE_OPERATORS },
  PicklistFilter: { operand: 'String', operators: EQUALITY_OPERATORS },
  MultiPicklistFilter: { operand: 'String', operators: SET_OPERATORS },
  IdFilter: { operand: 'ID', operators: EQUALITY_OPERATORS },
  IdListFilter: { operand: 'ID', operators: SET_OPERATORS },
  CurrencyFilter: { operand: 'Float', operators: NUMBER_OPERATORS },
  AddressFilter: { operand: 'String', operators: NULL_OPERATORS },
  JsonFilter: { operand: 'JSON', operators: NULL_OPERATORS },
  AutoNumberFilter: { operand: 'String', operators: NUMBER_OPERATORS },
} as const satisfies Record<string, { operand: string; operators: readonly FilterOperator[] }>;
export type FilterInputTypeName = keyof typeof filterInputTypes;

/**
 * Type names Atrium's generated GraphQL schemas share (defined once per schema by the runtime,
 * `sharedGraphqlSdl` below; `User` is the runtime's own user type). An object whose generated
 * type name would equal one of these is refused (`reservedObjectNames`).
 */
export const sharedGraphqlTypeNames = [
  'Date',
  'DateTime',
  'JSON',
  'BigInt',
  'Currency',
  'CurrencyInput',
  'Address',
  'AddressInput',
  'User',
  'RelativeDateRange',
  ...(Object.keys(filterInputTypes) as FilterInputTypeName[]),
] as const;

function operatorLine(op: FilterOperator, operand: string): string {
  switch (op) {
    case 'in':
    case 'notIn':
    case 'containsAny':
    case 'containsAll':
      return `  ${op}: [${operand}!]`;
    case 'between':
      return `  "[from, to], both included"\n  between: [${operand}!]`;
    case 'isNull':
      return '  isNull: Boolean';
    case 'relative':
      return '  relative: RelativeDateRange';
    default:
      return `  ${op}: ${operand}`;
  }
}

function filterSdl(name: FilterInputTypeName): string {
  const { operand, operators } = filterInputTypes[name];
  const lines: string[] = operators.map((op) => operatorLine(op, operand));
  if (name === 'CurrencyFilter') lines.push('  currency: StringFilter');
  if (name === 'AddressFilter') for (const part of ADDRESS_PARTS) lines.push(`  ${part}: StringFilter`);
  return `input ${name} {\n${lines.join('\n')}\n}`;
}

const addressFields = ADDRESS_PARTS.map((part) => `  ${part}: String`).join('\n');

/** SDL of the shared scalars, composite types and filter inputs (without `User`). */
export const sharedGraphqlSdl = [
  '"A calendar date, YYYY-MM-DD."\nscalar Date',
  '"An instant, RFC 3339 with a time-zone offset."\nscalar DateTime',
  '"Any JSON value."\nscalar JSON',
  '"A whole number within ±(2^53 − 1), serialized as a JSON number."\nscalar BigInt',
  'type Currency {\n  amount: Float\n  "ISO 4217 code"\n  currency: String\n}',
  'input CurrencyInput {\n  amount: Float!\n  "ISO 4217 code; the field\'s default currency when absent"\n  currency: String\n}',
  `type Address {\n${addressFields}\n}`,
  `input AddressInput {\n${addressFields}\n}`,
  `enum RelativeDateRange {\n${RELATIVE_DATE_RANGES.map((r) => `  ${r}`).join('\n')}\n}`,
  ...(Object.keys(filterInputTypes) as FilterInputTypeName[]).map(filterSdl),
].join('\n\n');
