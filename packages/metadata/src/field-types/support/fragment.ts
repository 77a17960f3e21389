import type { FieldDef } from '../../model/types.ts';
import type { ColumnSpec, JsonSchema } from '../field-type.ts';

/** The `x-atrium` annotation every value-schema fragment carries. */
export interface AtriumFieldAnnotation {
  fieldId: string;
  type: FieldDef['type'];
  /** lookup, masterDetail, manyToMany: the target object's id. */
  target?: string;
}

/** Adds the `x-atrium` annotation ({fieldId, type}) to a value-schema fragment. */
export function annotate(field: FieldDef, schema: JsonSchema): JsonSchema {
  const annotation: AtriumFieldAnnotation = { fieldId: field.id, type: field.type };
  return { ...schema, 'x-atrium': annotation };
}

/** The single column of one-column types (part `value`). */
export function valueColumn(sqlType: string): ColumnSpec[] {
  return [{ part: 'value', sqlType }];
}

/** `numeric(p,s)` / `numeric(p)` / `numeric` from the field's precision and scale. */
export function numericSqlType(precision: number | undefined, scale: number | undefined): string {
  if (precision === undefined) return 'numeric';
  return `numeric(${precision},${scale ?? 0})`;
}

/**
 * Bounds of a `numeric(p,s)` value: |v| < 10^(p-s). Scale is not enforced (PostgreSQL rounds to
 * it on write); the range is, so an out-of-range value is a validation error and not a 500.
 */
export function numericBounds(precision: number | undefined, scale: number | undefined): JsonSchema {
  if (precision === undefined) return {};
  const limit = 10 ** (precision - (scale ?? 0));
  if (!Number.isFinite(limit)) return {};
  return { exclusiveMinimum: -limit, exclusiveMaximum: limit };
}
