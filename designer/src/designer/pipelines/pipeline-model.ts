import {
  type FieldDef,
  generateId,
  type JsonLogic,
  type Labels,
  type MetadataOperation,
  type ObjectDef,
  type PicklistOption,
  type PipelineDef,
  type PipelineStage,
  type StageCategory,
} from '@atrium/metadata';
import { cleanLabels, toApiName } from '../fields/field-operations.ts';

/**
 * The pipeline editor's logic, free of React: stages from a picklist, required fields ↔ the
 * stage's entry condition (`{"and": [{"!!": {"var": "amount.amount"}}, ...]}`), reordering, and
 * the operations a save sends (new picklist options first, then savePipeline).
 */

/** The entry condition requiring each path to have a value; undefined when none is required. */
export function entryConditionFor(paths: readonly string[]): JsonLogic | undefined {
  if (paths.length === 0) return undefined;
  return { and: paths.map((path) => ({ '!!': { var: path } })) };
}

function hasValuePath(logic: JsonLogic): string | undefined {
  if (typeof logic !== 'object' || logic === null || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  if (keys.length !== 1 || keys[0] !== '!!') return undefined;
  const raw = logic['!!'] as JsonLogic;
  const arg = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || Object.keys(arg).length !== 1) return undefined;
  const name = (arg as { var?: JsonLogic }).var;
  if (typeof name === 'string' && name) return name;
  if (Array.isArray(name) && name.length === 1 && typeof name[0] === 'string') return name[0];
  return undefined;
}

/**
 * The required paths of an entry condition made only of "has a value" checks (alone or in an
 * `and`); undefined when the condition is anything else (edited as a condition instead).
 */
export function requiredFieldsOf(condition: JsonLogic | undefined): string[] | undefined {
  if (condition === undefined || condition === null || condition === true) return [];
  const single = hasValuePath(condition);
  if (single) return [single];
  if (typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const keys = Object.keys(condition);
  if (keys.length !== 1 || keys[0] !== 'and' || !Array.isArray(condition.and)) return undefined;
  const paths: string[] = [];
  for (const part of condition.and as JsonLogic[]) {
    const path = hasValuePath(part);
    if (!path) return undefined;
    paths.push(path);
  }
  return paths;
}

/** A stage's category guessed from its value (`closedWon` → won). */
export function guessCategory(value: string): StageCategory {
  const lower = value.toLowerCase();
  if (lower.includes('won') || lower.includes('win')) return 'won';
  if (lower.includes('lost') || lower.includes('lose')) return 'lost';
  return 'open';
}

export function stageFromOption(option: PicklistOption, index: number, count: number): PipelineStage {
  const category = guessCategory(option.value);
  const probability = category === 'won' ? 100 : category === 'lost' ? 0 : Math.round((((index + 1) / Math.max(count, 1)) * 90) / 10) * 10;
  return { id: generateId('stg'), value: option.value, label: { ...option.label }, category, probability };
}

export function picklistFields(object: ObjectDef): FieldDef[] {
  return object.fields.filter((f) => f.type === 'picklist' && f.state !== 'deleted');
}

export function stagesForField(field: FieldDef | undefined): PipelineStage[] {
  const options = (field?.config?.options ?? []).filter((o) => !o.inactive);
  return options.map((o, i) => stageFromOption(o, i, options.length));
}

export function newPipeline(object: ObjectDef, existing: readonly PipelineDef[] = []): PipelineDef {
  const field = picklistFields(object)[0];
  const taken = new Set(existing.map((p) => p.apiName));
  let apiName = `${object.apiName}Pipeline`;
  for (let n = 2; taken.has(apiName); n += 1) apiName = `${object.apiName}Pipeline${n}`;
  return {
    id: generateId('pip'),
    object: object.id,
    apiName,
    label: { en: `${object.label.en} pipeline`, ...(object.label['zh-CN'] ? { 'zh-CN': `${object.label['zh-CN']}流程` } : {}) },
    field: field?.apiName ?? '',
    stages: stagesForField(field),
    isDefault: existing.length === 0,
  };
}

export function moveStage(pipeline: PipelineDef, from: number, to: number): PipelineDef {
  if (from < 0 || to < 0 || from >= pipeline.stages.length || to >= pipeline.stages.length) return pipeline;
  const stages = [...pipeline.stages];
  const [stage] = stages.splice(from, 1);
  stages.splice(to, 0, stage as PipelineStage);
  return { ...pipeline, stages };
}

export function updateStage(pipeline: PipelineDef, id: string, patch: Partial<PipelineStage>): PipelineDef {
  return {
    ...pipeline,
    stages: pipeline.stages.map((s) => {
      if (s.id !== id) return s;
      const next = { ...s, ...patch };
      for (const key of ['entryCondition', 'entryMessage'] as const) if (key in patch && patch[key] === undefined) delete next[key];
      return next;
    }),
  };
}

export function setRequiredFields(pipeline: PipelineDef, id: string, paths: readonly string[]): PipelineDef {
  return updateStage(pipeline, id, { entryCondition: entryConditionFor(paths) });
}

export function removeStage(pipeline: PipelineDef, id: string): PipelineDef {
  return { ...pipeline, stages: pipeline.stages.filter((s) => s.id !== id) };
}

/** Adds a stage for a picklist value (an existing option, or a new one the save adds to the picklist). */
export function addStage(pipeline: PipelineDef, value: string, label: Labels): PipelineDef {
  const stage: PipelineStage = { id: generateId('stg'), value, label, category: guessCategory(value), probability: guessCategory(value) === 'won' ? 100 : 0 };
  // A new open stage goes before the closed ones.
  const firstClosed = pipeline.stages.findIndex((s) => s.category !== 'open');
  const stages = [...pipeline.stages];
  if (stage.category === 'open' && firstClosed >= 0) stages.splice(firstClosed, 0, stage);
  else stages.push(stage);
  return { ...pipeline, stages };
}

/** A value for a new stage from its label, unique among the picklist's options. */
export function valueForLabel(label: string, taken: ReadonlySet<string>): string {
  const base = toApiName(label) || 'stage';
  let value = base;
  for (let n = 2; taken.has(value); n += 1) value = `${base}${n}`;
  return value;
}

/** Stage values that are not options of the picklist yet. */
export function newOptionValues(pipeline: PipelineDef, field: FieldDef | undefined): string[] {
  const known = new Set((field?.config?.options ?? []).map((o) => o.value));
  return pipeline.stages.map((s) => s.value).filter((v) => !known.has(v));
}

/** The pipeline as it is saved: labels trimmed, empty translations and messages dropped. */
export function cleanPipeline(pipeline: PipelineDef): PipelineDef {
  return {
    ...pipeline,
    label: cleanLabels(pipeline.label) ?? pipeline.label,
    stages: pipeline.stages.map((stage) => {
      const { entryMessage, ...rest } = stage;
      const message = cleanLabels(entryMessage);
      return { ...rest, label: cleanLabels(stage.label) ?? stage.label, ...(message && stage.entryCondition !== undefined ? { entryMessage: message } : {}) };
    }),
  };
}

/** What saving the pipeline sends: new picklist options (updateField) first, then savePipeline. */
export function pipelineOperations(object: ObjectDef, draft: PipelineDef): MetadataOperation[] {
  const pipeline = cleanPipeline(draft);
  const field = object.fields.find((f) => f.apiName === pipeline.field);
  const operations: MetadataOperation[] = [];
  const added = newOptionValues(pipeline, field);
  if (field && added.length > 0) {
    const options: PicklistOption[] = [
      ...(field.config?.options ?? []),
      ...added.map((value) => {
        const stage = pipeline.stages.find((s) => s.value === value) as PipelineStage;
        return { id: generateId('opt'), value, label: { ...stage.label } };
      }),
    ];
    operations.push({ op: 'updateField', object: object.id, field: field.id, changes: { config: { options } } });
  }
  operations.push({ op: 'savePipeline', pipeline });
  return operations;
}
