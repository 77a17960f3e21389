import { apiNameProblem } from '../../naming/api-name.ts';
import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';

/** Field API names: camelCase, not reserved, unique among the object's live fields. */
export function checkFieldNames(ctx: ValidationContext): void {
  ctx.bundle.objects.forEach((object, i) => {
    if (object.state === 'deleted') return;
    const seen = new Set<string>();
    object.fields.forEach((field, j) => {
      if (field.state === 'deleted') return;
      const subject = `field "${field.apiName}" of object "${object.apiName}"`;
      const path = pointer('objects', i, 'fields', j, 'apiName');
      const problem = apiNameProblem(field.apiName, 'field');
      if (problem) ctx.add(path, problem.code, subject, problem.message);
      else if (seen.has(field.apiName)) {
        ctx.add(path, 'DUPLICATE_NAME', subject, `another field of object "${object.apiName}" has API name "${field.apiName}"`);
      }
      seen.add(field.apiName);
    });
  });
}
