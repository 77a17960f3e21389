import { type OutputUnit, type Schema, Validator } from '@cfworker/json-schema';
import {
  type CustomValidator,
  createErrorHandler,
  type ErrorTransformer,
  getDefaultFormState,
  type RJSFSchema,
  type RJSFValidationError,
  toErrorSchema,
  type UiSchema,
  unwrapErrorHandler,
  type ValidationData,
  type ValidatorType,
  validationDataMerge,
} from '@rjsf/utils';

/**
 * rjsf's validator without code generation. Ajv compiles each schema into a JavaScript function
 * (`new Function`), which a Content-Security-Policy without 'unsafe-eval' forbids; record schemas
 * change with the tenant's metadata, so they cannot be precompiled at build time either. This
 * validator interprets the schema with @cfworker/json-schema (JSON Schema 2020-12, no eval) and
 * reports errors the way rjsf's Ajv validator does, with messages in the interface's language.
 */

export type ValidationMessage = (keyword: string, params: Record<string, unknown>) => string;

const STRUCTURAL = new Set([
  'properties',
  'items',
  'prefixItems',
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
  'additionalProperties',
  'false',
  'unevaluatedProperties',
  'dependentSchemas',
  'if',
  'then',
  'else',
  'not',
  'contains',
]);

/** The English messages (the server's wording); the app passes translated ones. */
export const englishMessages: ValidationMessage = (keyword, params) => {
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${String(params.type)}`;
    case 'format':
      return `must be a valid ${String(params.format)}`;
    case 'pattern':
      return 'does not have the expected format';
    case 'enum':
    case 'const':
      return 'is not one of the options';
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'minLength':
      return `must be at least ${String(params.limit)} characters`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return 'is out of range';
    case 'uniqueItems':
      return 'must not contain the same value twice';
    default:
      return 'is not valid';
  }
};

function schemaAt(schema: unknown, pointer: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

/** `#/amount/amount` → `.amount.amount` (rjsf's property path). */
function property(instanceLocation: string, extra?: string): string {
  const parts = instanceLocation
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.map((p) => `.${p}`).join('');
}

/** Leaf errors of cfworker's output as rjsf validation errors (one per property at most). */
export function toRjsfErrors(rootSchema: unknown, units: OutputUnit[], message: ValidationMessage): RJSFValidationError[] {
  const errors: RJSFValidationError[] = [];
  const seen = new Set<string>();
  for (const unit of units) {
    if (STRUCTURAL.has(unit.keyword)) continue;
    const keywordSchema = schemaAt(rootSchema, unit.keywordLocation.replace(/\/[^/]*$/, ''));
    let params: Record<string, unknown> = {};
    let at = property(unit.instanceLocation);
    if (unit.keyword === 'required') {
      const missing = /property "([^"]+)"/.exec(unit.error)?.[1];
      if (!missing) continue;
      params = { missingProperty: missing };
      at = property(unit.instanceLocation, missing);
    } else if (unit.keyword === 'type') {
      const type = keywordSchema?.type;
      params = { type: (Array.isArray(type) ? type : [type]).filter((t) => t !== 'null').join(' or ') };
    } else if (unit.keyword === 'format') {
      params = { format: keywordSchema?.format };
    } else if (unit.keyword in (keywordSchema ?? {})) {
      params = { limit: keywordSchema?.[unit.keyword] };
    }
    if (seen.has(at)) continue;
    seen.add(at);
    const text = message(unit.keyword, params);
    const title = typeof keywordSchema?.title === 'string' ? keywordSchema.title : '';
    errors.push({
      name: unit.keyword,
      property: at,
      message: text,
      params,
      stack: `${title || at.slice(1)} ${text}`.trim(),
      schemaPath: unit.keywordLocation,
      title,
    });
  }
  return errors;
}

/** Drops read-only values (computed by the server) before validating what the user can change. */
function writable(schema: RJSFSchema, data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const properties = (schema.properties ?? {}) as Record<string, { readOnly?: boolean }>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (properties[key]?.readOnly) continue;
    // rjsf leaves cleared inputs undefined: the same as absent.
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export class CspSafeValidator<T = unknown> implements ValidatorType<T, RJSFSchema> {
  private readonly compiled = new WeakMap<object, Validator>();

  constructor(private readonly message: ValidationMessage = englishMessages) {}

  private validatorFor(schema: RJSFSchema): Validator {
    let validator = this.compiled.get(schema);
    if (!validator) {
      // The record schema's `$id` is an URN; cfworker resolves ids as URLs, so validate it anonymously.
      const { $id: _id, ...anonymous } = schema as Record<string, unknown>;
      validator = new Validator(anonymous as Schema, '2020-12', false);
      this.compiled.set(schema, validator);
    }
    return validator;
  }

  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: T): { errors?: Result[]; validationError?: Error } {
    try {
      const result = this.validatorFor(schema).validate(writable(schema, formData ?? {}));
      return { errors: toRjsfErrors(schema, result.errors, this.message) as Result[] };
    } catch (error) {
      return { validationError: error as Error };
    }
  }

  validateFormData(
    formData: T | undefined,
    schema: RJSFSchema,
    customValidate?: CustomValidator<T, RJSFSchema>,
    transformErrors?: ErrorTransformer<T, RJSFSchema>,
    uiSchema?: UiSchema<T, RJSFSchema>,
  ): ValidationData<T> {
    const raw = this.rawValidation<RJSFValidationError>(schema, formData);
    let errors: RJSFValidationError[] = raw.errors ?? [];
    if (raw.validationError) errors = [...errors, { stack: raw.validationError.message }];
    if (typeof transformErrors === 'function') errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema<T>(errors);
    if (typeof customValidate !== 'function') return { errors, errorSchema };
    const withDefaults = getDefaultFormState<T, RJSFSchema>(this, schema, formData, schema, true) as T;
    const handler = customValidate(withDefaults, createErrorHandler<T>(withDefaults), uiSchema, errorSchema);
    return validationDataMerge<T>({ errors, errorSchema }, unwrapErrorHandler<T>(handler));
  }

  isValid(schema: RJSFSchema, formData: T | undefined, _rootSchema: RJSFSchema): boolean {
    try {
      return this.validatorFor(schema).validate(formData).valid;
    } catch {
      return false;
    }
  }
}
