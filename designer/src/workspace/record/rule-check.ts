import { checkValidationRules, evaluateRule, isTruthy, type Labels, type ObjectDef, type PipelineDef } from '@atrium/metadata';
import type { MetadataIndex } from '../../app/metadata/metadata-index.ts';
import { lookupId } from '../fields/field-values.ts';

/** A rule a record breaks, as the server would report it (`RULE_FAILED` / `STAGE_REQUIREMENTS`). */
export interface RuleProblem {
  /** The field the message belongs to; undefined: the record as a whole. */
  field?: string;
  code: 'RULE_FAILED' | 'STAGE_REQUIREMENTS';
  message: Labels;
}

/** A record in the API's write shape: expanded lookups back to ids (rules compare ids). */
export function writeShape(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string' ? lookupId(value) : value;
  }
  return out;
}

/** The stage a record enters, when its pipeline field changes to a stage with an entry condition it does not meet. */
export function stageProblem(pipeline: PipelineDef, record: Record<string, unknown>, previous: Record<string, unknown> | undefined): RuleProblem | undefined {
  const value = record[pipeline.field];
  if (value === undefined || value === null || (previous && previous[pipeline.field] === value)) return undefined;
  if (pipeline.appliesWhen !== undefined && !safeTruthy(pipeline.appliesWhen, record)) return undefined;
  const stage = pipeline.stages.find((s) => s.value === value);
  if (!stage?.entryCondition) return undefined;
  if (safeTruthy(stage.entryCondition, record)) return undefined;
  return {
    field: pipeline.field,
    code: 'STAGE_REQUIREMENTS',
    message: stage.entryMessage ?? {
      en: `The record does not meet the requirements of stage "${stage.label.en}".`,
      'zh-CN': `记录不满足阶段“${stage.label['zh-CN'] ?? stage.label.en}”的要求。`,
    },
  };
}

function safeTruthy(rule: Parameters<typeof evaluateRule>[0], record: Record<string, unknown>): boolean {
  try {
    return isTruthy(evaluateRule(rule, record));
  } catch {
    return false;
  }
}

/**
 * The object's active validation rules and its pipelines' stage entry conditions, evaluated in
 * the browser with the same json-logic code the server runs (`@atrium/metadata`), on the record
 * as it would be saved (`previous` merged with the change).
 */
export function checkRecordRules(index: MetadataIndex, object: ObjectDef, record: Record<string, unknown>, previous?: Record<string, unknown>): RuleProblem[] {
  const data = writeShape(record);
  const before = previous ? writeShape(previous) : undefined;
  const problems: RuleProblem[] = checkValidationRules(index.validationRules(object), data, { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).map(
    (failure) => ({
      ...(failure.field ? { field: failure.field } : {}),
      code: 'RULE_FAILED' as const,
      message: failure.message,
    }),
  );
  for (const pipeline of index.pipelines(object)) {
    const problem = stageProblem(pipeline, data, before);
    if (problem) problems.push(problem);
  }
  return problems;
}
