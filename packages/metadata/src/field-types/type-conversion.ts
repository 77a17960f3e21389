import type { FieldDef } from '../model/types.ts';
import { fieldType } from './field-type-registry.ts';
import { defaultMaxLength } from './support/max-length.ts';

/** A type change the planner can carry out (expand, backfill, contract). */
export interface PlannedConversion {
  sql: string;
  lossy: boolean;
  /** Why it is lossy (several reasons joined), for the plan shown to the admin. */
  notes: string[];
}

/**
 * How `from` (the field as it is) converts to `to` (the same field with another type), or null
 * when the change is refused (`UNSAFE_TYPE_CHANGE`). Beyond the type's static conversions, a
 * text-like target whose maximum length is smaller than the source's makes the change lossy.
 */
export function findConversion(from: FieldDef, to: FieldDef): PlannedConversion | null {
  if (from.type === to.type) return null;
  const conversion = fieldType(from.type).conversions.find((c) => c.to === to.type);
  if (!conversion) return null;
  const notes: string[] = conversion.note && conversion.lossy ? [conversion.note] : [];
  let lossy = conversion.lossy === true;
  const fromMax = effectiveMaxLength(from);
  const toMax = effectiveMaxLength(to);
  if (fromMax !== undefined && toMax !== undefined && toMax < fromMax) {
    lossy = true;
    notes.push(`values longer than ${toMax} characters are kept but refused on the next edit`);
  }
  return { sql: conversion.sql, lossy, notes };
}

function effectiveMaxLength(field: FieldDef): number | undefined {
  const fallback = defaultMaxLength(field.type);
  return fallback === undefined ? undefined : (field.config?.maxLength ?? fallback);
}
