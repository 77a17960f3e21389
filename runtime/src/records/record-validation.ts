import { AtriumError, type ErrorDetail } from '@atrium/errors';
import { checkValidationRules, compileRecordSchema, createRecordValidator, evaluateRule, isTruthy, type PipelineDef } from '@atrium/metadata';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';

type Validator = ReturnType<typeof createRecordValidator>;
const validators = new WeakMap<ObjectModel, Validator>();

/** The object's record validator: its JSON Schema 2020-12 document compiled once per metadata version. */
function validatorOf(model: TenantModel, object: ObjectModel): Validator {
  let validator = validators.get(object);
  if (!validator) {
    validator = createRecordValidator(compileRecordSchema(object.def, model.bundle, { systemFields: false }));
    validators.set(object, validator);
  }
  return validator;
}

/**
 * Checks a write against the record schema (types, formats, required, read-only) and returns the
 * record with defaults applied (create). Errors are per field, at `/input/<field>`.
 */
export function validateInput(
  model: TenantModel,
  object: ObjectModel,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
  path = '/input',
): Record<string, unknown> {
  const { ownerId, ...fields } = input;
  const result = validatorOf(model, object).validate(fields, mode);
  if (!result.valid) {
    const details: ErrorDetail[] = result.errors.map((e) => ({ path: `${path}/${e.field || ''}`.replace(/\/$/, ''), code: e.code, message: e.message }));
    throw new AtriumError('VALIDATION_FAILED', `the ${object.apiName} is not valid: ${details.map((d) => d.message).join('; ')}`, details);
  }
  const record = result.record as Record<string, unknown>;
  return ownerId === undefined ? record : { ...record, ownerId };
}

/** The object's active validation rules and the entry conditions of the stage a record moves into. */
export function checkRules(
  model: TenantModel,
  object: ObjectModel,
  record: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  path = '/input',
): void {
  const rules = model.bundle.validationRules.filter((r) => r.object === object.def.id && r.active !== false);
  const details: ErrorDetail[] = checkValidationRules(rules, record, { timeZone: model.timeZone }).map((failure) => ({
    path: failure.field ? `${path}/${failure.field}` : path,
    code: 'RULE_FAILED',
    message: failure.message.en,
  }));
  for (const pipeline of model.bundle.pipelines.filter((p) => p.object === object.def.id)) {
    const detail = stageEntry(pipeline, record, previous, path);
    if (detail) details.push(detail);
  }
  if (details.length > 0) throw new AtriumError('VALIDATION_FAILED', details.map((d) => d.message).join('; '), details);
}

function stageEntry(
  pipeline: PipelineDef,
  record: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  path: string,
): ErrorDetail | undefined {
  const value = record[pipeline.field];
  if (value === undefined || value === null || (previous && previous[pipeline.field] === value)) return undefined;
  if (pipeline.appliesWhen !== undefined && !isTruthy(evaluateRule(pipeline.appliesWhen, record))) return undefined;
  const stage = pipeline.stages.find((s) => s.value === value);
  if (!stage?.entryCondition) return undefined;
  if (isTruthy(evaluateRule(stage.entryCondition, record))) return undefined;
  return {
    path: `${path}/${pipeline.field}`,
    code: 'STAGE_REQUIREMENTS',
    message: stage.entryMessage?.en ?? `the record does not meet the requirements of stage "${stage.label.en}"`,
  };
}
