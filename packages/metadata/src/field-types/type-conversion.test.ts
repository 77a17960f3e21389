import { describe, expect, it } from 'vitest';
import type { FieldDef, FieldType } from '../model/types.ts';
import { FIELD_TYPES } from '../model/types.ts';
import { fieldTypes } from './field-type-registry.ts';
import { findConversion } from './type-conversion.ts';

const f = (type: FieldType, config?: FieldDef['config']): FieldDef => ({
  id: 'fld_x',
  apiName: 'x',
  type,
  label: { en: 'X' },
  ...(config ? { config } : {}),
});

describe('type conversions', () => {
  it('only name existing types, never the type itself, and produce a single column', () => {
    for (const type of FIELD_TYPES) {
      for (const conversion of fieldTypes[type].conversions) {
        expect(FIELD_TYPES).toContain(conversion.to);
        expect(conversion.to).not.toBe(type);
        expect(fieldTypes[conversion.to].columns(f(conversion.to, { options: [], target: 'o' })).length).toBe(1);
        expect(conversion.sql).toMatch(/\{value\}/);
        if (conversion.lossy) expect(conversion.note, `${type} → ${conversion.to}`).toBeTruthy();
      }
    }
  });

  it.each([
    ['text', 'longText', '{value}', false],
    ['longText', 'richText', undefined, false],
    ['email', 'text', '{value}', false],
    ['integer', 'number', '{value}::numeric', false],
    ['integer', 'text', '{value}::text', false],
    ['number', 'percent', '{value}', false],
    ['percent', 'number', '{value}', false],
    ['picklist', 'multiPicklist', 'CASE WHEN {value} IS NULL THEN NULL ELSE ARRAY[{value}] END', false],
    ['multiPicklist', 'picklist', '{value}[1]', true],
    ['date', 'datetime', '({value}::timestamp AT TIME ZONE {timeZone})', false],
    ['datetime', 'date', '({value} AT TIME ZONE {timeZone})::date', true],
    ['text', 'picklist', '{value}', true],
    ['boolean', 'text', '{value}::text', false],
    ['picklist', 'text', '{value}', false],
  ] as const)('%s → %s', (from, to, sql, lossy) => {
    const conversion = findConversion(f(from), f(to));
    expect(conversion).not.toBeNull();
    if (sql) expect(conversion?.sql).toBe(sql);
    expect(conversion?.lossy).toBe(lossy);
  });

  it.each([
    ['longText', 'text'],
    ['richText', 'longText'],
    ['currency', 'number'],
    ['text', 'integer'],
    ['formula', 'text'],
    ['lookup', 'user'],
    ['address', 'text'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(findConversion(f(from), f(to))).toBeNull();
  });

  it('escapes plain text into HTML for richText', () => {
    expect(findConversion(f('text'), f('richText'))?.sql).toContain(`'&lt;'`);
  });

  it('is lossy when the target holds fewer characters', () => {
    const narrowed = findConversion(f('url'), f('text'));
    expect(narrowed?.lossy).toBe(true);
    expect(narrowed?.notes.join()).toMatch(/longer than 255/);
    expect(findConversion(f('url', { maxLength: 200 }), f('text'))?.lossy).toBe(false);
  });
});
