import type { Labels, ValidationRuleDef } from '../model/types.ts';
import { evaluateRule, isTruthy, type RuleContext } from './json-logic.ts';

/** A validation rule a record does not satisfy. */
export interface RuleFailure {
  ruleId: string;
  rule: string;
  /** The field the error attaches to; absent: the record as a whole. */
  field?: string;
  message: Labels;
}

/**
 * Runs an object's active validation rules against a record (API shape, after the write is
 * merged into the stored record). A rule whose evaluation throws counts as failed.
 */
export function checkValidationRules(rules: readonly ValidationRuleDef[], record: Record<string, unknown>, ruleContext: RuleContext = {}): RuleFailure[] {
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    if (rule.active === false) continue;
    let ok: boolean;
    try {
      ok = isTruthy(evaluateRule(rule.condition, record, ruleContext));
    } catch {
      ok = false;
    }
    if (!ok) {
      failures.push({
        ruleId: rule.id,
        rule: rule.apiName,
        ...(rule.field ? { field: rule.field } : {}),
        message: rule.errorMessage,
      });
    }
  }
  return failures;
}
