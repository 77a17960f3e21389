import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';
import { checkDocumentBasics, hasField } from './documents.ts';
import { checkRule } from './rule-check.ts';

/** Validation rules: the object exists, the condition is a valid rule over it, `field` is one of its fields. */
export function checkValidationRules(ctx: ValidationContext): void {
  const names = new Map<string, Set<string>>();
  ctx.bundle.validationRules.forEach((rule, i) => {
    const path = pointer('validationRules', i);
    const subject = `validation rule "${rule.apiName}" of ${ctx.objectName(rule.object)}`;
    const object = checkDocumentBasics(ctx, rule, path, subject, names);
    if (!object) return;
    checkRule(ctx, rule.condition, object, `${path}/condition`, subject, 'condition');
    if (rule.field !== undefined && !hasField(object, rule.field)) {
      ctx.add(`${path}/field`, 'UNKNOWN_FIELD', subject, `error field "${rule.field}" is not a field of object "${object.apiName}"`);
    }
  });
}
