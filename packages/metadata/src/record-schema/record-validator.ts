import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../field-types/field-type.ts';
import { type Ajv2020, createAjv } from '../schemas/ajv.ts';

/** `create`: required fields enforced, defaults applied. `update`: a partial record (a patch); required fields may be absent but not null. */
export type RecordValidationMode = 'create' | 'update';

export type RecordErrorCode =
  | 'INVALID_RECORD'
  | 'REQUIRED'
  | 'UNKNOWN_FIELD'
  | 'READ_ONLY'
  | 'INVALID_TYPE'
  | 'INVALID_FORMAT'
  | 'INVALID_VALUE'
  | 'TOO_LONG'
  | 'TOO_SHORT'
  | 'OUT_OF_RANGE'
  | 'DUPLICATE_VALUE';

/** One problem with one field of a record. */
export interface RecordFieldError {
  /** The field's API name (`''` for the record as a whole). */
  field: string;
  code: RecordErrorCode;
  message: string;
  /** JSON pointer of the offending value (`/price/amount`). */
  path: string;
}

export interface RecordValidationResult {
  valid: boolean;
  errors: RecordFieldError[];
  /** A copy of the input; in create mode with the fields' defaults filled in. */
  record: Record<string, unknown>;
}

export interface RecordValidator {
  schema: JsonSchema;
  validate(record: unknown, mode: RecordValidationMode): RecordValidationResult;
}

let createAjvInstance: Ajv2020 | undefined;
let updateAjvInstance: Ajv2020 | undefined;

/** Compiles without registering the `$id` (tenants share object names) or keeping Ajv's cache entry. */
function compile(ajv: Ajv2020, schema: JsonSchema): ValidateFunction {
  const { $id: _id, ...anonymous } = schema;
  const validate = ajv.compile(anonymous);
  ajv.removeSchema(anonymous);
  return validate;
}

const FORMAT_NAMES: Record<string, string> = {
  email: 'e-mail address',
  uri: 'URL with a scheme (https://...)',
  date: 'date (YYYY-MM-DD)',
  'date-time': 'date and time with a time zone (RFC 3339)',
  uuid: 'UUID',
};

function describeType(type: unknown): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
    null: 'null',
  };
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types
    .filter((t) => t !== 'null')
    .map((t) => names[String(t)] ?? String(t))
    .join(' or ');
}

function fieldError(error: ErrorObject, schema: JsonSchema, data: Record<string, unknown>): RecordFieldError {
  const params = error.params as Record<string, unknown>;
  const segments = error.instancePath.split('/').slice(1);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  if (segments.length === 0 && error.keyword === 'required') {
    const field = String(params.missingProperty);
    return { field, code: 'REQUIRED', message: 'is required', path: `/${field}` };
  }
  if (segments.length === 0 && error.keyword === 'additionalProperties') {
    const field = String(params.additionalProperty);
    return { field, code: 'UNKNOWN_FIELD', message: `"${field}" is not a field of this object`, path: `/${field}` };
  }
  if (segments.length === 0) {
    return { field: '', code: 'INVALID_RECORD', message: `the record ${error.message ?? 'is not valid'}`, path: '' };
  }
  const field = segments[0] as string;
  const inner = segments.slice(1).join('.');
  const prefix = inner ? `${inner}: ` : '';
  const result = (code: RecordErrorCode, message: string): RecordFieldError => ({
    field,
    code,
    message: `${prefix}${message}`,
    path: error.instancePath,
  });
  switch (error.keyword) {
    case 'type':
      if (segments.length === 1 && data[field] === null && (required.has(field) || !isNullable(properties[field]))) {
        return result('REQUIRED', 'is required and cannot be null');
      }
      return result('INVALID_TYPE', `must be ${describeType(params.type)}`);
    case 'format':
      return result('INVALID_FORMAT', `must be a valid ${FORMAT_NAMES[String(params.format)] ?? String(params.format)}`);
    case 'pattern':
      return result('INVALID_FORMAT', `does not have the expected format (${String(params.pattern)})`);
    case 'enum':
      return result(
        'INVALID_VALUE',
        `must be one of ${(params.allowedValues as unknown[])
          .filter((v) => v !== null)
          .map((v) => JSON.stringify(v))
          .join(', ')}`,
      );
    case 'maxLength':
      return result('TOO_LONG', `must be at most ${String(params.limit)} characters`);
    case 'minLength':
      return result('TOO_SHORT', `must be at least ${String(params.limit)} characters`);
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return result('OUT_OF_RANGE', `must be ${String(params.comparison)} ${String(params.limit)}`);
    case 'uniqueItems':
      return result('DUPLICATE_VALUE', 'must not contain the same value twice');
    case 'required':
      return result('REQUIRED', `"${String(params.missingProperty)}" is required`);
    case 'additionalProperties':
      return result('INVALID_VALUE', `"${String(params.additionalProperty)}" is not a known part`);
    default:
      return result('INVALID_VALUE', error.message ?? 'is not valid');
  }
}

function isNullable(schema: JsonSchema | undefined): boolean {
  if (!schema) return true;
  const type = schema.type;
  return type === undefined || (Array.isArray(type) && type.includes('null'));
}

/**
 * A validator of records against a record schema (from `compileRecordSchema`), with Ajv2020,
 * ajv-formats and the `x-atrium` keyword. Returns at most one error per field.
 */
export function createRecordValidator(schema: JsonSchema): RecordValidator {
  createAjvInstance ??= createAjv({ useDefaults: true });
  updateAjvInstance ??= createAjv();
  const { required: _required, ...partial } = schema;
  const validators: Record<RecordValidationMode, ValidateFunction> = {
    create: compile(createAjvInstance, schema),
    update: compile(updateAjvInstance, partial),
  };
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;

  return {
    schema,
    validate(input, mode) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return {
          valid: false,
          errors: [{ field: '', code: 'INVALID_RECORD', message: 'the record must be a JSON object', path: '' }],
          record: {},
        };
      }
      const record = structuredClone(input) as Record<string, unknown>;
      const errors: RecordFieldError[] = [];
      const seen = new Set<string>();
      for (const key of Object.keys(record)) {
        if (properties[key]?.readOnly === true) {
          errors.push({ field: key, code: 'READ_ONLY', message: 'is read-only and cannot be written', path: `/${key}` });
          seen.add(key);
          delete record[key];
        }
      }
      const validate = validators[mode];
      if (!validate(record)) {
        for (const error of validate.errors ?? []) {
          const detail = fieldError(error, schema, record);
          if (seen.has(detail.field)) continue;
          seen.add(detail.field);
          errors.push(detail);
        }
      }
      return { valid: errors.length === 0, errors, record };
    },
  };
}
