/**
 * The checks a record of a bundle must pass besides its JSON Schema: the object's active
 * validation rules and the entry condition of the pipeline stage it is in. Evaluated by
 * `@atrium/metadata`'s json-logic (json-logic-js plus Atrium's operations), as the record
 * service and the browser do.
 */
import { evaluateRule, isTruthy } from '@atrium/metadata';
import type { JsonLogic, MetadataBundle, ObjectDef, PipelineDef } from '../../crm/model.ts';

export interface RecordProblem {
  /** `rule:<id>` or `stage:<id>`. */
  source: string;
  message: string;
}

/** Whether a rule holds for a record; `now` is what `now` and `today` read (UTC). A rule that throws does not hold. */
export function holds(rule: JsonLogic, record: Record<string, unknown>, now?: Date): boolean {
  try {
    return isTruthy(evaluateRule(rule, record, now === undefined ? {} : { now }));
  } catch {
    return false;
  }
}

/** The pipelines that apply to a record (`appliesWhen` absent or true). */
export function pipelinesFor(bundle: MetadataBundle, object: ObjectDef, record: Record<string, unknown>, now?: Date): PipelineDef[] {
  return bundle.pipelines.filter(
    (pipeline) => pipeline.object === object.id && (pipeline.appliesWhen === undefined || holds(pipeline.appliesWhen, record, now)),
  );
}

/** Problems of one record; empty when it passes every rule and its stages' entry conditions. */
export function recordProblems(bundle: MetadataBundle, object: ObjectDef, record: Record<string, unknown>, now?: Date): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const rule of bundle.validationRules) {
    if (rule.object !== object.id || rule.active === false) continue;
    if (!holds(rule.condition, record, now)) problems.push({ source: `rule:${rule.id}`, message: rule.errorMessage.en });
  }
  for (const pipeline of pipelinesFor(bundle, object, record, now)) {
    const stage = pipeline.stages.find((candidate) => candidate.value === record[pipeline.field]);
    if (stage?.entryCondition === undefined) continue;
    if (!holds(stage.entryCondition, record, now)) {
      problems.push({ source: `stage:${stage.id}`, message: stage.entryMessage?.en ?? `cannot enter stage ${stage.value}` });
    }
  }
  return problems;
}
