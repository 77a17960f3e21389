import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';

/** Every element id (objects, fields, options, layouts, sections, related lists, pipelines, stages, rules) is unique in the bundle. */
export function checkElementIds(ctx: ValidationContext): void {
  const seen = new Map<string, string>();
  const visit = (id: string, path: string, subject: string) => {
    const first = seen.get(id);
    if (first !== undefined) {
      ctx.add(`${path}/id`, 'DUPLICATE_ID', subject, `id "${id}" is already used by the element at ${first}`);
    } else {
      seen.set(id, path);
    }
  };
  const { bundle } = ctx;
  bundle.objects.forEach((object, i) => {
    visit(object.id, pointer('objects', i), `object "${object.apiName}"`);
    object.fields.forEach((field, j) => {
      const fieldPath = pointer('objects', i, 'fields', j);
      const subject = `field "${field.apiName}" of object "${object.apiName}"`;
      visit(field.id, fieldPath, subject);
      field.config?.options?.forEach((option, k) => {
        visit(option.id, `${fieldPath}/config/options/${k}`, `option "${option.value}" of ${subject}`);
      });
    });
  });
  bundle.layouts.forEach((layout, i) => {
    const subject = `layout "${layout.apiName}"`;
    visit(layout.id, pointer('layouts', i), subject);
    layout.sections.forEach((section, k) => {
      visit(section.id, pointer('layouts', i, 'sections', k), `section #${k} of ${subject}`);
    });
    layout.relatedLists.forEach((list, k) => {
      visit(list.id, pointer('layouts', i, 'relatedLists', k), `related list #${k} of ${subject}`);
    });
  });
  bundle.pipelines.forEach((pipeline, i) => {
    const subject = `pipeline "${pipeline.apiName}"`;
    visit(pipeline.id, pointer('pipelines', i), subject);
    pipeline.stages.forEach((stage, k) => {
      visit(stage.id, pointer('pipelines', i, 'stages', k), `stage "${stage.value}" of ${subject}`);
    });
  });
  bundle.validationRules.forEach((rule, i) => {
    visit(rule.id, pointer('validationRules', i), `validation rule "${rule.apiName}"`);
  });
}
