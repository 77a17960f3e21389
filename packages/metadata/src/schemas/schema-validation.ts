import type { ErrorObject, ValidateFunction } from 'ajv';
import type { MetadataBundle } from '../model/types.ts';
import { createAjv } from './ajv.ts';
import { describePointer, pointerSegments } from './element-subject.ts';
import { bundleMetaSchema } from './meta-schemas.ts';
import { type MetadataProblem, pointerSegment } from './metadata-problem.ts';

let compiled: ValidateFunction | null | undefined;

/**
 * The bundle meta-schema's validator, compiled once; null where code generation is forbidden
 * (the web app under its Content-Security-Policy: Ajv compiles with `new Function`). There the
 * shape is left to the server, whose dry run reports it (docs/decisions/0005-designer-ui.md).
 */
function bundleValidator(): ValidateFunction | null {
  if (compiled === undefined) compiled = compileUnlessForbidden(() => createAjv({ logger: SILENT_ERRORS }).compile(bundleMetaSchema));
  return compiled;
}

/** Ajv logs the generated code of a schema it cannot compile before it throws; the throw says enough. */
export const SILENT_ERRORS = { log: console.log, warn: console.warn, error() {} };

/** `compile()`, or null when the runtime forbids generating code (EvalError under a CSP without 'unsafe-eval'). */
export function compileUnlessForbidden<T>(compile: () => T): T | null {
  try {
    return compile();
  } catch (error) {
    if (error instanceof EvalError) return null;
    throw error;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

/** The path an Ajv error is about, and what is wrong there. */
function explain(error: ErrorObject): { path: string; text: string } {
  const params = error.params as Record<string, unknown>;
  const at = (property: unknown) => `${error.instancePath}/${pointerSegment(String(property))}`;
  switch (error.keyword) {
    case 'required':
      return { path: at(params.missingProperty), text: 'is required' };
    case 'additionalProperties':
      return { path: at(params.additionalProperty), text: 'is not a known property' };
    case 'dependentRequired':
      return { path: at(params.property), text: `needs "${String(params.missingProperty)}" too` };
    case 'enum':
      return {
        path: error.instancePath,
        text: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { path: error.instancePath, text: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path: error.instancePath, text: `must be ${describeType(params.type)}` };
    default:
      return { path: error.instancePath, text: error.message ?? `fails "${error.keyword}"` };
  }
}

/** Ajv errors → problems with paths into the bundle and messages naming the element. */
export function problemsFromAjv(errors: readonly ErrorObject[], bundle: MetadataBundle): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the `then` branch's own errors say what is wrong
    const { path, text } = explain(error);
    const { subject, rest } = describePointer(bundle, pointerSegments(path));
    const message = `${subject}: ${rest.length > 0 ? `"${rest.join('/')}" ` : ''}${text}`;
    const key = `${path}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, code: 'INVALID_DOCUMENT', message });
  }
  return problems;
}

/** Checks a bundle against the bundle meta-schema. */
export function validateBundleShape(bundle: unknown): MetadataProblem[] {
  const validate = bundleValidator();
  if (!validate || validate(bundle)) return [];
  const described = (typeof bundle === 'object' && bundle !== null ? bundle : {}) as MetadataBundle;
  return problemsFromAjv(validate.errors ?? [], described);
}
