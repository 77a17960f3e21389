/**
 * Stable codes of metadata problems (clients and the planner match on them):
 *
 * - INVALID_DOCUMENT: the document does not match its meta-schema (shape, types, missing keys).
 * - INVALID_API_NAME: an API name that is not camelCase or too long.
 * - RESERVED_API_NAME: a name reserved for system fields, the filter grammar or the generated APIs.
 * - DUPLICATE_NAME: a name (API name, plural, relation name, stage value, generated GraphQL name) used twice.
 * - DUPLICATE_ID: an element id used twice anywhere in the bundle.
 * - MULTIPLE_DEFAULTS: several default layouts or pipelines for one object.
 * - UNKNOWN_OBJECT: a reference to an object id that does not exist.
 * - UNKNOWN_FIELD: a reference to a field API name (or record path) that does not exist or is deleted.
 * - UNKNOWN_OPTION: a pipeline stage whose value is not an option of its picklist.
 * - WRONG_FIELD_TYPE: a referenced field has the wrong type (name field not text, pipeline field not picklist...).
 * - INVALID_FIELD_CONFIG: a field's settings contradict each other or its type (`required` on a formula...).
 * - INVALID_DEFAULT: a default value that is not a valid value of the field.
 * - TOO_MANY_MASTER_DETAIL: more than two master-detail fields on one object.
 * - TOO_MANY_COLUMNS: an object's fields need more columns than PostgreSQL allows.
 * - CIRCULAR_FORMULA: formulas that refer to each other in a cycle.
 * - INVALID_RULE: a json-logic rule with an unknown operation or a computed variable name.
 * - FIELD_IN_USE: a field still used elsewhere cannot be deleted (planner; see `referencesToField`).
 * - UNSAFE_TYPE_CHANGE: a type change with no safe conversion, or a relation's target changed.
 * - IMMUTABLE_CHANGE: a physical name (table, column) changed after creation.
 */
export const METADATA_PROBLEM_CODES = [
  'INVALID_DOCUMENT',
  'INVALID_API_NAME',
  'RESERVED_API_NAME',
  'DUPLICATE_NAME',
  'DUPLICATE_ID',
  'MULTIPLE_DEFAULTS',
  'UNKNOWN_OBJECT',
  'UNKNOWN_FIELD',
  'UNKNOWN_OPTION',
  'WRONG_FIELD_TYPE',
  'INVALID_FIELD_CONFIG',
  'INVALID_DEFAULT',
  'TOO_MANY_MASTER_DETAIL',
  'TOO_MANY_COLUMNS',
  'CIRCULAR_FORMULA',
  'INVALID_RULE',
  'FIELD_IN_USE',
  'UNSAFE_TYPE_CHANGE',
  'IMMUTABLE_CHANGE',
] as const;
export type MetadataProblemCode = (typeof METADATA_PROBLEM_CODES)[number];

/** One problem with a metadata document. */
export interface MetadataProblem {
  /** JSON pointer into the validated document, e.g. `/objects/2/fields/5/apiName`. */
  path: string;
  code: MetadataProblemCode;
  /** A clear message naming the element, e.g. `field "closeDate" of object "opportunity": ...`. */
  message: string;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from segments. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}
