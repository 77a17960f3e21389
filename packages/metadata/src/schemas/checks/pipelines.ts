import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';
import { checkDocumentBasics, checkSingleDefault, fieldNamed } from './documents.ts';
import { checkRule } from './rule-check.ts';

/**
 * Pipelines: the object exists, `field` is a picklist of it, every stage value is one of its
 * options (each once), and entry conditions / `appliesWhen` are valid rules over the object.
 */
export function checkPipelines(ctx: ValidationContext): void {
  const names = new Map<string, Set<string>>();
  const defaults = new Set<string>();
  ctx.bundle.pipelines.forEach((pipeline, i) => {
    const path = pointer('pipelines', i);
    const subject = `pipeline "${pipeline.apiName}" of ${ctx.objectName(pipeline.object)}`;
    const object = checkDocumentBasics(ctx, pipeline, path, subject, names);
    checkSingleDefault(ctx, pipeline, path, subject, defaults, 'pipeline');
    if (!object) return;
    const field = fieldNamed(object, pipeline.field);
    let options: Set<string> | undefined;
    if (!field) {
      ctx.add(`${path}/field`, 'UNKNOWN_FIELD', subject, `stage field "${pipeline.field}" is not a field of object "${object.apiName}"`);
    } else if (field.type !== 'picklist') {
      ctx.add(`${path}/field`, 'WRONG_FIELD_TYPE', subject, `stage field "${pipeline.field}" is a ${field.type} field; it must be a picklist`);
    } else {
      options = new Set((field.config?.options ?? []).map((o) => o.value));
    }
    const seen = new Set<string>();
    pipeline.stages.forEach((stage, k) => {
      const at = `${path}/stages/${k}`;
      const stageSubject = `stage "${stage.value}" of ${subject}`;
      if (options && !options.has(stage.value)) {
        ctx.add(`${at}/value`, 'UNKNOWN_OPTION', stageSubject, `"${stage.value}" is not an option of picklist "${pipeline.field}"`);
      }
      if (seen.has(stage.value)) ctx.add(`${at}/value`, 'DUPLICATE_NAME', stageSubject, `value "${stage.value}" is used by another stage`);
      seen.add(stage.value);
      if (stage.entryCondition !== undefined) checkRule(ctx, stage.entryCondition, object, `${at}/entryCondition`, stageSubject, 'entry condition');
    });
    if (pipeline.appliesWhen !== undefined) checkRule(ctx, pipeline.appliesWhen, object, `${path}/appliesWhen`, subject, 'appliesWhen');
  });
}
