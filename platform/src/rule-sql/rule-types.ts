import type { RawBuilder } from 'kysely';

/** What a rule value is in SQL; json-logic's values as Atrium's fields hold them. */
export type SqlType = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'array' | 'json';

/**
 * A typed SQL expression. `number` is `double precision` in compiled output (variables may be any
 * numeric type), `date` is `date`, `datetime` is `timestamptz`, `array` is `text[]`, `json` is
 * `jsonb`. SQL NULL stands for json-logic's `null`.
 */
export interface TypedSql {
  sql: RawBuilder<unknown>;
  type: SqlType;
  nullable: boolean;
}

/** How a rule's variables and clock map to SQL; supplied by the caller (records, filters, jobs). */
export interface RuleScope {
  /** Resolves a `var` path (e.g. `amount`, `amount.amount`, `account.name`) to a typed SQL expression; returns undefined for unknown paths. */
  variable(path: string): TypedSql | undefined;
  /** Tenant time zone (IANA) for today/now/date operations, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** The instant `now` and `today` read (default: the statement's start, to the millisecond). */
  now?: Date;
}

/** The compile-time type of a value: a `SqlType`, or `null` for the literal `null`. */
export type ValueType = SqlType | 'null';

/** A JSON scalar known at compile time. */
export type Scalar = string | number | boolean | null;

/**
 * A compiled json-logic value. Numbers are `float8` and follow JavaScript arithmetic exactly,
 * including NaN and ±Infinity (`special`); SQL NULL is json-logic's `null` (never NaN).
 */
export interface Value {
  type: ValueType;
  sql: RawBuilder<unknown>;
  nullable: boolean;
  /** number: the value may be NaN or ±Infinity. */
  special?: boolean;
  /** Known at compile time (a literal in the rule). */
  literal?: { value: Scalar };
  /** A `var` reference, possibly defaulted (cheap to repeat in SQL; never −0). */
  variable?: boolean;
}

/** A SQL condition for json-logic truthiness; when `nullable`, NULL may appear and means false. */
export interface Cond {
  sql: RawBuilder<unknown>;
  nullable: boolean;
}
