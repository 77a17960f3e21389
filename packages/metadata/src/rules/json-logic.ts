import jsonLogicModule from 'json-logic-js';
import type { JsonLogic } from '../model/types.ts';
import { dateAdd, dateDiff, todayIn } from './date-operations.ts';

type JsonLogicApi = typeof jsonLogicModule;
// json-logic-js is a UMD/CommonJS module: its default import is the API object everywhere.
const jsonLogic: JsonLogicApi = (jsonLogicModule as JsonLogicApi & { default?: JsonLogicApi }).default ?? jsonLogicModule;

/** The clock and time zone `now` / `today` read; set for the duration of one evaluation. */
export interface RuleContext {
  /** The evaluation instant (default: the current time). */
  now?: Date;
  /** IANA time zone for `today` (default `UTC`; pass the tenant's). */
  timeZone?: string;
}

let current: Required<RuleContext> | null = null;
function context(): Required<RuleContext> {
  return current ?? { now: new Date(), timeZone: 'UTC' };
}

/** Operations Atrium adds to json-logic; names chosen so the standard set is untouched. */
export const ATRIUM_OPERATIONS = {
  now: () => context().now.toISOString(),
  today: () => todayIn(context().now, context().timeZone),
  date_add: dateAdd,
  date_diff: dateDiff,
} as const;

/** json-logic-js's own operations, including the control operations handled inside `apply`. */
export const STANDARD_OPERATIONS = [
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'log',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
] as const;

/** Every operation a rule may use. */
export const KNOWN_OPERATIONS: ReadonlySet<string> = new Set<string>([...STANDARD_OPERATIONS, ...Object.keys(ATRIUM_OPERATIONS)]);

for (const [name, operation] of Object.entries(ATRIUM_OPERATIONS)) {
  jsonLogic.add_operation(name, operation as (...args: unknown[]) => unknown);
}

/**
 * Evaluates a json-logic rule against data (a record in its API shape) with json-logic-js, the
 * same code in browsers and on the server. Throws on an unknown operation.
 */
export function evaluateRule(rule: JsonLogic, data: unknown, ruleContext: RuleContext = {}): unknown {
  const previous = current;
  current = { now: ruleContext.now ?? new Date(), timeZone: ruleContext.timeZone ?? 'UTC' };
  try {
    return jsonLogic.apply(rule as Parameters<JsonLogicApi['apply']>[0], data);
  } finally {
    current = previous;
  }
}

/** json-logic truthiness (an empty array is false). */
export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
