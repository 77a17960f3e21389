/** How the demo generator makes one object's records realistic. */
import { fieldOf, type GeneratedRecord, type RecordContext } from '../context.ts';

export interface Recipe {
  /** Share of records in Chinese when nothing linked decides it (default 0.3). */
  zhShare?: number;
  /** Chance that each lookup (by API name) is filled by the generic linking (default 0.8). */
  linkChance?: Record<string, number>;
  /** Replaces the generic linking of lookups. */
  link?(ctx: RecordContext): void;
  /** Chooses the record's person, company and scratch values before its fields. */
  identity?(ctx: RecordContext): void;
  /** Values of known fields by API name; `undefined` leaves the field unset. */
  fields?: Record<string, (ctx: RecordContext) => unknown>;
  /** Makes the record consistent once every field has a value (stage-dependent fields...). */
  finish?(ctx: RecordContext): void;
}

/** Sets a field when the object has it (`undefined` unsets it). */
export function set(ctx: RecordContext, apiName: string, value: unknown): void {
  if (fieldOf(ctx.object, apiName) === undefined || value === undefined) {
    delete ctx.record[apiName];
  } else {
    ctx.record[apiName] = value;
  }
}

/** Links a lookup to a generated record when the field exists and targets that record's object. */
export function setLink(ctx: RecordContext, apiName: string, target: GeneratedRecord | undefined): void {
  const field = fieldOf(ctx.object, apiName);
  if (target === undefined || field === undefined || field.config?.target !== target.object.id) return;
  ctx.record[apiName] = target.record.id;
}

/** Generated records of the object with this API name. */
export function recordsOf(ctx: RecordContext, apiName: string): GeneratedRecord[] {
  const object = ctx.state.objectByApiName(apiName);
  return object === undefined ? [] : ctx.state.recordsOf(object.id);
}

/** `value` when the dice say so, else `undefined`. */
export function sometimes<T>(ctx: RecordContext, probability: number, value: () => T): T | undefined {
  return ctx.rng.chance(probability) ? value() : undefined;
}

export function text(ctx: RecordContext, en: string, zh: string): string {
  return ctx.locale === 'zh' ? zh : en;
}
