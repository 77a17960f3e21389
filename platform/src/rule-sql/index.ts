/**
 * json-logic rules compiled to PostgreSQL (DESIGN.md §7): formula fields computed inside queries,
 * filters and scheduled selections. The SQL gives json-logic-js's result (as @atrium/metadata's
 * `evaluateRule` runs it), JavaScript semantics included, or the rule is refused.
 *
 * - `compileRule(rule, scope)`: the rule's value as a typed expression (`TypedSql`).
 * - `compileCondition(rule, scope)`: a condition that holds when the value is truthy (WHERE).
 * - `checkRuleCompilable(rule, types)`: the problems, without SQL, for refusing a rule at save time.
 *
 * Values from the rule are always parameters; identifiers come from the caller's `RuleScope`.
 *
 * The subset: literals (text, numbers, booleans, null, lists of text); `var` (known fields; a
 * default only for fields that cannot be null); `==` `===` `!=` `!==` `<` `<=` `>` `>=` (and the
 * three-operand `<`/`<=`); `and` `or` `!` `!!` `if`/`?:` (chains); `+` `-` `*` `/` `%` `min` `max`;
 * `in` (literal lists, text[] fields, substrings); `cat`; `substr`; `missing`/`missing_some` with
 * literal names; Atrium's `now` `today` `date_add` `date_diff` (literal units).
 *
 * Exactly as JavaScript: truthiness (`""`, `0`, NaN, `[]`, null are false); loose equality
 * (numbers, numeric literals and booleans compare as numbers; null equals only null); relational
 * comparisons (two strings by UTF-16 code units, otherwise as numbers with null as 0); numbers
 * are float8 — IEEE doubles like JavaScript's, NaN and ±Infinity included in between (division by
 * zero, `+`/`*` of null through parseFloat) and `%` computed exactly; `String(number)` formatting in
 * `cat`, `in` and `substr`; `substr` counts UTF-16 code units; date-only values are `YYYY-MM-DD`
 * strings to JavaScript and instants `toISOString()` strings (compared as text where JavaScript
 * would, by time where that is the same).
 *
 * Refused (RuleNotCompilable, with the JSON pointer of the part): map/filter/reduce/all/some/none/
 * merge/log/method, unknown operations and fields, computed or whole-data `var`, results mixing
 * types (`{"if": [c, 1, "a"]}`), text from a field converted to a number (JavaScript's Number/
 * parseFloat of arbitrary text), dates used as numbers, arrays/JSON compared, a default for a
 * nullable field (json-logic applies it only to absent fields), date operations on text fields.
 *
 * Divergences (documented, not refusable statically):
 * - A final number that is NaN or ±Infinity is NULL (JSON has neither; formula values are null).
 * - Where json-logic-js throws (a date moved beyond JavaScript's range), SQL gives NULL; `date_add`
 *   amounts beyond about 4,600 years give NULL, and dates outside the years 0001-9999 are not
 *   formatted as JavaScript does (it prints expanded years).
 * - A `substr` cutting a surrogate pair gives NULL (PostgreSQL text cannot hold a lone surrogate),
 *   as does `substr` of a text containing U+FFFF.
 * - float8 overflow/underflow raises a PostgreSQL error where JavaScript gives ±Infinity or 0
 *   (beyond ±1.8e308 or below 4.9e-324); the sign of a zero from `min`/`max` may differ.
 * - Instants compare at the precision the scope gives: values written through the API have
 *   milliseconds, JavaScript's precision; microsecond timestamps (e.g. `now()` defaults) should be
 *   truncated by the scope (`date_trunc('milliseconds', …)`) for exact agreement.
 */
export { checkRuleCompilable, compileCondition, compileRule } from './compile-rule.ts';
export { RuleNotCompilable } from './rule-not-compilable.ts';
export type { RuleScope, SqlType, TypedSql } from './rule-types.ts';
