import type { FieldDef } from '../../model/types.ts';
import { checkPicklistOptions } from './config-schemas.ts';

/** Option uniqueness, and a default that names active options only. */
export function checkPicklistField(field: FieldDef): string[] {
  const problems = checkPicklistOptions(field);
  if (field.default === undefined || field.default === null) return problems;
  const options = new Map((field.config?.options ?? []).map((option) => [option.value, option]));
  const defaults = field.type === 'multiPicklist' && Array.isArray(field.default) ? field.default : [field.default];
  for (const value of defaults) {
    if (typeof value !== 'string') continue; // the value schema reports wrong shapes
    const option = options.get(value);
    if (!option) problems.push(`default "${value}" is not one of the options`);
    else if (option.inactive) problems.push(`default "${value}" is an inactive option`);
  }
  return problems;
}

/** All option values, inactive ones included (existing records may hold them). */
export function optionValues(field: FieldDef): string[] {
  return (field.config?.options ?? []).map((option) => option.value);
}
