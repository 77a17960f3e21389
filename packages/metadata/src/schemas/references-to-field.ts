import type { JsonLogic, MetadataBundle, ObjectDef } from '../model/types.ts';
import { ruleVariables } from '../rules/rule-analysis.ts';
import { resolveRecordPath } from './record-paths.ts';

/** Whether a rule on `object` reads field `apiName` of object `targetId` (directly or through lookups). */
function ruleReads(bundle: MetadataBundle, object: ObjectDef, rule: JsonLogic | undefined, targetId: string, apiName: string): boolean {
  if (rule === undefined) return false;
  return ruleVariables(rule).some((variable) =>
    resolveRecordPath(bundle, object, variable).touched.some((t) => t.objectId === targetId && t.field === apiName),
  );
}

/**
 * What still uses a field, as human descriptions (`layout "default" of object "account"`):
 * the object's name field and tracked fields, formulas (also through lookups from other objects),
 * layouts (sections and related lists), pipelines (stage field, entry conditions, appliesWhen)
 * and validation rules (condition, error field). The planner refuses to delete a field in use.
 */
export function referencesToField(bundle: MetadataBundle, objectId: string, fieldApiName: string): string[] {
  const out: string[] = [];
  const live = bundle.objects.filter((o) => o.state !== 'deleted');
  const owner = live.find((o) => o.id === objectId);
  if (!owner) return out;
  const objectName = (id: string) => `object "${live.find((o) => o.id === id)?.apiName ?? id}"`;

  if (owner.nameField === fieldApiName) out.push(`object "${owner.apiName}" (its name field)`);
  if (owner.options?.trackedFields?.includes(fieldApiName)) out.push(`object "${owner.apiName}" (its tracked fields)`);

  for (const object of live) {
    for (const field of object.fields) {
      if (field.state === 'deleted' || field.type !== 'formula') continue;
      if (object.id === objectId && field.apiName === fieldApiName) continue;
      if (ruleReads(bundle, object, field.config?.expression, objectId, fieldApiName)) {
        out.push(`formula field "${field.apiName}" of object "${object.apiName}"`);
      }
    }
  }

  for (const layout of bundle.layouts) {
    const subject = `layout "${layout.apiName}" of ${objectName(layout.object)}`;
    if (layout.object === objectId && layout.sections.some((s) => s.fields.includes(fieldApiName))) out.push(subject);
    for (const list of layout.relatedLists) {
      if (list.object === objectId && (list.field === fieldApiName || list.columns.includes(fieldApiName))) {
        out.push(`related list of ${subject}`);
      }
    }
  }

  for (const pipeline of bundle.pipelines) {
    const object = live.find((o) => o.id === pipeline.object);
    if (!object) continue;
    const uses =
      (pipeline.object === objectId && pipeline.field === fieldApiName) ||
      ruleReads(bundle, object, pipeline.appliesWhen, objectId, fieldApiName) ||
      pipeline.stages.some((stage) => ruleReads(bundle, object, stage.entryCondition, objectId, fieldApiName));
    if (uses) out.push(`pipeline "${pipeline.apiName}" of object "${object.apiName}"`);
  }

  for (const rule of bundle.validationRules) {
    const object = live.find((o) => o.id === rule.object);
    if (!object) continue;
    const uses = (rule.object === objectId && rule.field === fieldApiName) || ruleReads(bundle, object, rule.condition, objectId, fieldApiName);
    if (uses) out.push(`validation rule "${rule.apiName}" of object "${object.apiName}"`);
  }
  return out;
}
