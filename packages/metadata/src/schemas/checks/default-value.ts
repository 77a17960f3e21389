import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../../field-types/field-type.ts';
import { type Ajv2020, createAjv } from '../ajv.ts';
import { compileUnlessForbidden, SILENT_ERRORS } from '../schema-validation.ts';

let ajv: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;
/** Set where code generation is forbidden (the web app's CSP): defaults are then checked by the server only. */
let forbidden = false;

/** Validates a value against a field's value schema; returns the first error's message or null. */
export function valueProblem(schema: JsonSchema, value: unknown): string | null {
  if (forbidden) return null;
  ajv ??= createAjv({ allErrors: false, logger: SILENT_ERRORS });
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    const fresh = compileUnlessForbidden(() => (ajv as Ajv2020).compile(schema));
    ajv.removeSchema(schema); // keep Ajv's own cache from growing with every bundle
    if (!fresh) {
      forbidden = true;
      return null;
    }
    validate = fresh;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, validate);
  }
  if (validate(value)) return null;
  return describe(validate.errors?.[0]);
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'is not valid';
  const where = error.instancePath ? `"${error.instancePath.slice(1)}" ` : '';
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `${where}must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}${error.message ?? 'is not valid'}`;
}
