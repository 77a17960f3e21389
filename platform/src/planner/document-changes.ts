import type { MetadataBundle } from '@atrium/metadata';
import type { PlanAction, PlanStep } from './change-plan.ts';
import { sameJson } from './same-json.ts';

type DocumentKind = 'layouts' | 'pipelines' | 'validationRules';
const actions: Record<DocumentKind, { save: PlanAction; remove: PlanAction; noun: string }> = {
  layouts: { save: 'saveLayout', remove: 'deleteLayout', noun: 'layout' },
  pipelines: { save: 'savePipeline', remove: 'deletePipeline', noun: 'pipeline' },
  validationRules: { save: 'saveValidationRule', remove: 'deleteValidationRule', noun: 'validation rule' },
};

/** Steps for layouts, pipelines and validation rules: metadata only, no DDL. */
export function describeMetadataDocumentChanges(current: MetadataBundle, next: MetadataBundle): PlanStep[] {
  const steps: PlanStep[] = [];
  const objectName = (id: string): string => next.objects.find((o) => o.id === id)?.apiName ?? current.objects.find((o) => o.id === id)?.apiName ?? id;
  for (const kind of Object.keys(actions) as DocumentKind[]) {
    const { save, remove, noun } = actions[kind];
    const before = new Map<string, { id: string; apiName: string; object: string }>(current[kind].map((d) => [d.id, d]));
    for (const doc of next[kind]) {
      const old = before.get(doc.id);
      if (old && sameJson(old, doc)) continue;
      steps.push({
        action: save,
        object: objectName(doc.object),
        description: `${old ? 'update' : 'add'} ${noun} "${doc.apiName}" of "${objectName(doc.object)}"`,
        destructive: false,
        rowsAffected: 0,
      });
    }
    const kept = new Set(next[kind].map((d) => d.id));
    for (const old of current[kind]) {
      if (!kept.has(old.id))
        steps.push({
          action: remove,
          object: objectName(old.object),
          description: `delete ${noun} "${old.apiName}" of "${objectName(old.object)}"`,
          destructive: false,
          rowsAffected: 0,
        });
    }
  }
  return steps;
}
