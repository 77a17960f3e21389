import type { FilterOperator } from '../field-type.ts';

/** Filter operator sets shared by several field types (DESIGN.md §5 filter grammar). */

export const TEXT_OPERATORS = ['eq', 'neq', 'in', 'notIn', 'contains', 'startsWith', 'endsWith', 'isNull'] as const satisfies readonly FilterOperator[];

export const NUMBER_OPERATORS = ['eq', 'neq', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull'] as const satisfies readonly FilterOperator[];

/** Dates and date-times also take `relative` (a named range in the tenant's time zone: `thisWeek`...). */
export const DATE_OPERATORS = [...NUMBER_OPERATORS, 'relative'] as const satisfies readonly FilterOperator[];

export const BOOLEAN_OPERATORS = ['eq', 'neq', 'isNull'] as const satisfies readonly FilterOperator[];

/** Picklists, lookups, users: equality and membership only. */
export const EQUALITY_OPERATORS = ['eq', 'neq', 'in', 'notIn', 'isNull'] as const satisfies readonly FilterOperator[];

/** Multi-valued fields (multiPicklist, manyToMany). */
export const SET_OPERATORS = ['containsAny', 'containsAll', 'isNull'] as const satisfies readonly FilterOperator[];

export const NULL_OPERATORS = ['isNull'] as const satisfies readonly FilterOperator[];
