import type { JsonLogic, ObjectDef } from '../../model/types.ts';
import { KNOWN_OPERATIONS } from '../../rules/json-logic.ts';
import { analyzeRule } from '../../rules/rule-analysis.ts';
import { resolveRecordPath } from '../record-paths.ts';
import type { ValidationContext } from '../validation-context.ts';

/**
 * Checks a json-logic rule used on an object: known operations only (INVALID_RULE), literal
 * variable names (INVALID_RULE), every `var` resolves to a field path (UNKNOWN_FIELD).
 * `what` names the rule in messages (`formula`, `condition`, `entry condition`).
 */
export function checkRule(ctx: ValidationContext, rule: JsonLogic, object: ObjectDef, path: string, subject: string, what: string): void {
  const analysis = analyzeRule(rule);
  for (const op of analysis.operations) {
    if (!KNOWN_OPERATIONS.has(op)) ctx.add(path, 'INVALID_RULE', subject, `${what} uses unknown operation "${op}"`);
  }
  if (analysis.dynamicVariables) {
    ctx.add(path, 'INVALID_RULE', subject, `${what} computes a variable name; name fields literally, e.g. {"var": "amount"}`);
  }
  for (const variable of analysis.variables) {
    const resolution = resolveRecordPath(ctx.bundle, object, variable);
    if (!resolution.ok) ctx.add(path, 'UNKNOWN_FIELD', subject, `${what} refers to ${resolution.message}`);
  }
}
