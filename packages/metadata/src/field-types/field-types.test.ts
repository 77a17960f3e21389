import { describe, expect, it } from 'vitest';
import type { FieldDef, FieldType } from '../model/types.ts';
import { FIELD_TYPES } from '../model/types.ts';
import { createAjv } from '../schemas/ajv.ts';
import { formatAutoNumber, parseAutoNumber } from './auto-number.ts';
import { fieldType, fieldTypes, filterOperatorsOf } from './field-type-registry.ts';
import { filterInputTypes, sharedGraphqlSdl, sharedGraphqlTypeNames } from './graphql-shared-types.ts';

const f = (type: FieldType, config: FieldDef['config'] = undefined, extra: Partial<FieldDef> = {}): FieldDef => ({
  id: `fld_${type}`,
  apiName: 'x',
  type,
  label: { en: 'X' },
  ...(config ? { config } : {}),
  ...extra,
});

const options = [
  { id: 'o1', value: 'a', label: { en: 'A' } },
  { id: 'o2', value: 'b', label: { en: 'B' }, inactive: true },
];

describe('field-type registry', () => {
  it('has one module per field type, each naming its own type', () => {
    expect(Object.keys(fieldTypes).sort()).toEqual([...FIELD_TYPES].sort());
    for (const type of FIELD_TYPES) expect(fieldType(type).type).toBe(type);
  });

  it('refuses unknown types', () => {
    expect(() => fieldType('nope' as FieldType)).toThrow(/unknown field type "nope"/);
  });

  it('compiles every config schema with Ajv2020 in strict mode', () => {
    const ajv = createAjv();
    for (const type of FIELD_TYPES) expect(() => ajv.compile(fieldTypes[type].configSchema)).not.toThrow();
  });

  it('marks only autoNumber and formula read-only, with no GraphQL input', () => {
    const readOnly = FIELD_TYPES.filter((t) => fieldTypes[t].readOnly);
    expect(readOnly.sort()).toEqual(['autoNumber', 'formula']);
    expect(fieldType('autoNumber').graphql(f('autoNumber')).input).toBeNull();
    expect(fieldType('formula').graphql(f('formula', { resultType: 'date', expression: null })).input).toBeNull();
  });

  it('does not let formula, autoNumber or manyToMany be required', () => {
    for (const type of ['formula', 'autoNumber', 'manyToMany'] as const) expect(fieldTypes[type].supports.required).toBe(false);
  });

  it('uses only shared or built-in GraphQL names (and the @target placeholder)', () => {
    const known = new Set<string>([...sharedGraphqlTypeNames, 'String', 'Int', 'Float', 'Boolean', 'ID']);
    const sample: Record<FieldType, FieldDef> = Object.fromEntries(
      FIELD_TYPES.map((t) => [t, f(t, t === 'formula' ? { resultType: 'integer', expression: 1 } : { target: 'obj_a', options })]),
    ) as Record<FieldType, FieldDef>;
    for (const type of FIELD_TYPES) {
      const g = fieldTypes[type].graphql(sample[type]);
      for (const name of [g.output, g.input, g.filter]) {
        if (name === null) continue;
        const bare = name
          .replace(/[[\]!]/g, '')
          .replace('@targetConnection', 'ID')
          .replace('@target', 'ID');
        expect(known.has(bare), `${type}: ${name}`).toBe(true);
      }
    }
    expect(fieldType('lookup').graphql(sample.lookup).output).toBe('@target');
    expect(fieldType('manyToMany').graphql(sample.manyToMany).output).toBe('@targetConnection');
    expect(fieldType('integer').graphql(sample.integer)).toEqual({ output: 'BigInt', input: 'BigInt', filter: 'IntFilter' });
  });

  it("keeps each type's filter operators equal to its filter input's operators", () => {
    for (const type of FIELD_TYPES) {
      const field = type === 'formula' ? f(type, { resultType: 'date', expression: 1 }) : f(type, { options });
      const filter = fieldTypes[type].graphql(field).filter as keyof typeof filterInputTypes | null;
      if (filter === null) continue;
      expect([...filterOperatorsOf(field)].sort(), type).toEqual([...filterInputTypes[filter].operators].sort());
    }
  });

  it('uses the operator sets of the filter grammar', () => {
    expect(fieldType('text').filterOperators).toEqual(['eq', 'neq', 'in', 'notIn', 'contains', 'startsWith', 'endsWith', 'isNull']);
    expect(fieldType('date').filterOperators).toContain('relative');
    expect(fieldType('number').filterOperators).not.toContain('relative');
    expect(fieldType('boolean').filterOperators).toEqual(['eq', 'neq', 'isNull']);
    expect(fieldType('picklist').filterOperators).toEqual(['eq', 'neq', 'in', 'notIn', 'isNull']);
    expect(fieldType('multiPicklist').filterOperators).toEqual(['containsAny', 'containsAll', 'isNull']);
    expect(fieldType('json').filterOperators).toEqual(['isNull']);
    expect(filterOperatorsOf(f('formula', { resultType: 'text', expression: 1 }))).toContain('contains');
  });

  it('publishes SDL for every shared type except User', () => {
    for (const name of sharedGraphqlTypeNames) {
      if (name === 'User') continue;
      expect(sharedGraphqlSdl, name).toMatch(new RegExp(`(scalar|type|input|enum) ${name}\\b`));
    }
    expect(sharedGraphqlSdl).toContain('input DateFilter {');
    expect(sharedGraphqlSdl).toMatch(/input AddressFilter \{[^}]*city: StringFilter/);
  });
});

describe('columns', () => {
  const cases: Array<[FieldDef, Array<[string, string]>]> = [
    [f('text'), [['value', 'text']]],
    [f('longText'), [['value', 'text']]],
    [f('richText'), [['value', 'text']]],
    [f('email'), [['value', 'text']]],
    [f('phone'), [['value', 'text']]],
    [f('url'), [['value', 'text']]],
    [f('integer'), [['value', 'bigint']]],
    [f('number'), [['value', 'numeric']]],
    [f('number', { precision: 10, scale: 3 }), [['value', 'numeric(10,3)']]],
    [f('number', { precision: 10 }), [['value', 'numeric(10,0)']]],
    [f('percent'), [['value', 'numeric']]],
    [f('percent', { precision: 5, scale: 2 }), [['value', 'numeric(5,2)']]],
    [
      f('currency'),
      [
        ['amount', 'numeric(18,2)'],
        ['currency', 'text'],
      ],
    ],
    [
      f('currency', { precision: 12, scale: 4 }),
      [
        ['amount', 'numeric(12,4)'],
        ['currency', 'text'],
      ],
    ],
    [f('boolean'), [['value', 'boolean']]],
    [f('date'), [['value', 'date']]],
    [f('datetime'), [['value', 'timestamptz']]],
    [f('picklist', { options }), [['value', 'text']]],
    [f('multiPicklist', { options }), [['value', 'text[]']]],
    [f('lookup', { target: 'o', onDelete: 'restrict' }), [['value', 'uuid']]],
    [f('masterDetail', { target: 'o' }), [['value', 'uuid']]],
    [f('manyToMany', { target: 'o' }), []],
    [f('user'), [['value', 'uuid']]],
    [f('autoNumber', { displayFormat: 'A-{00}' }), [['value', 'bigint']]],
    [f('formula', { expression: 1, resultType: 'number' }), []],
    [
      f('address'),
      [
        ['street', 'text'],
        ['city', 'text'],
        ['state', 'text'],
        ['postalCode', 'text'],
        ['country', 'text'],
      ],
    ],
    [f('json'), [['value', 'jsonb']]],
  ];
  it.each(cases)('%o', (field, expected) => {
    expect(
      fieldType(field.type)
        .columns(field)
        .map((c) => [c.part, c.sqlType]),
    ).toEqual(expected);
  });

  it('covers every type', () => {
    expect(new Set(cases.map(([field]) => field.type)).size).toBe(FIELD_TYPES.length);
  });
});

describe('value schemas', () => {
  it('annotates every fragment with x-atrium {fieldId, type}', () => {
    for (const type of FIELD_TYPES) {
      const field = f(type, type === 'formula' ? { expression: 1, resultType: 'text' } : { options, target: 'o' });
      expect(fieldTypes[type].valueSchema(field)['x-atrium']).toEqual({ fieldId: `fld_${type}`, type });
    }
  });

  it('describes values in the API shape', () => {
    expect(fieldType('email').valueSchema(f('email'))).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(fieldType('text').valueSchema(f('text', { maxLength: 80 }))).toMatchObject({ type: 'string', maxLength: 80 });
    expect(fieldType('text').valueSchema(f('text'))).toMatchObject({ maxLength: 255 });
    expect(fieldType('date').valueSchema(f('date'))).toMatchObject({ type: 'string', format: 'date' });
    expect(fieldType('datetime').valueSchema(f('datetime'))).toMatchObject({ type: 'string', format: 'date-time' });
    expect(fieldType('url').valueSchema(f('url'))).toMatchObject({ type: 'string', format: 'uri' });
    expect(fieldType('currency').valueSchema(f('currency'))).toMatchObject({
      type: 'object',
      required: ['amount'],
      properties: { amount: { type: 'number' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
      additionalProperties: false,
    });
    expect(fieldType('picklist').valueSchema(f('picklist', { options }))).toMatchObject({ type: 'string', enum: ['a', 'b'] });
    expect(fieldType('multiPicklist').valueSchema(f('multiPicklist', { options }))).toMatchObject({
      type: 'array',
      items: { type: 'string', enum: ['a', 'b'] },
      uniqueItems: true,
    });
    for (const type of ['lookup', 'masterDetail', 'user'] as const) {
      expect(fieldType(type).valueSchema(f(type, { target: 'o' }))).toMatchObject({ type: 'string', format: 'uuid' });
    }
    expect(fieldType('manyToMany').valueSchema(f('manyToMany', { target: 'o' }))).toMatchObject({
      type: 'array',
      items: { type: 'string', format: 'uuid' },
    });
    expect(fieldType('autoNumber').valueSchema(f('autoNumber'))).toMatchObject({ type: 'string', readOnly: true });
    expect(fieldType('formula').valueSchema(f('formula', { expression: 1, resultType: 'date' }))).toMatchObject({
      type: 'string',
      format: 'date',
      readOnly: true,
    });
    expect(fieldType('formula').valueSchema(f('formula', { expression: 1, resultType: 'boolean' }))).toMatchObject({ type: 'boolean' });
    const json = fieldType('json').valueSchema(f('json'));
    expect(Object.keys(json)).toEqual(['x-atrium']);
    expect(fieldType('integer').valueSchema(f('integer'))).toMatchObject({ type: 'integer', maximum: Number.MAX_SAFE_INTEGER });
  });

  it('bounds numbers by their precision', () => {
    expect(fieldType('number').valueSchema(f('number', { precision: 5, scale: 2 }))).toMatchObject({
      exclusiveMaximum: 1000,
      exclusiveMinimum: -1000,
    });
    expect(fieldType('currency').valueSchema(f('currency')).properties).toMatchObject({ amount: { exclusiveMaximum: 1e16 } });
  });
});

describe('config schemas and checks', () => {
  const ajv = createAjv();
  const valid = (type: FieldType, config: unknown) => ajv.validate(fieldTypes[type].configSchema, config);

  it('accepts good configs and refuses bad ones', () => {
    expect(valid('picklist', { options })).toBe(true);
    expect(valid('picklist', { options: [] })).toBe(false);
    expect(valid('picklist', {})).toBe(false);
    expect(valid('lookup', { target: 'obj_a', onDelete: 'cascade' })).toBe(true);
    expect(valid('lookup', { target: 'obj_a' })).toBe(false);
    expect(valid('lookup', { target: 'obj_a', onDelete: 'explode' })).toBe(false);
    expect(valid('masterDetail', { target: 'obj_a', onDelete: 'setNull' })).toBe(false);
    expect(valid('autoNumber', { displayFormat: 'CASE-{0000}' })).toBe(true);
    expect(valid('autoNumber', { displayFormat: 'CASE-0000' })).toBe(false);
    expect(valid('formula', { expression: { var: 'a' } })).toBe(false);
    expect(valid('formula', { expression: { var: 'a' }, resultType: 'number' })).toBe(true);
    expect(valid('number', { precision: 39 })).toBe(false);
    expect(valid('number', { precision: 0 })).toBe(false);
    expect(valid('number', { scale: 2 })).toBe(false);
    expect(valid('number', { precision: 10, scale: 2 })).toBe(true);
    expect(valid('currency', { defaultCurrency: 'usd' })).toBe(false);
    expect(valid('text', { maxLength: 10 })).toBe(true);
    expect(valid('text', { maxLength: 10, options })).toBe(false);
  });

  it('checks what JSON Schema cannot', () => {
    expect(fieldType('number').check?.(f('number', { precision: 4, scale: 5 }))).toEqual(['scale 5 is larger than precision 4']);
    const dup = [...options, { id: 'o3', value: 'a', label: { en: 'A again' } }];
    expect(fieldType('picklist').check?.(f('picklist', { options: dup }))).toEqual(['option value "a" appears more than once']);
    expect(fieldType('picklist').check?.(f('picklist', { options }, { default: 'zz' }))).toEqual(['default "zz" is not one of the options']);
    expect(fieldType('picklist').check?.(f('picklist', { options }, { default: 'b' }))).toEqual(['default "b" is an inactive option']);
    expect(fieldType('multiPicklist').check?.(f('multiPicklist', { options }, { default: ['a', 'q'] }))).toEqual(['default "q" is not one of the options']);
    expect(fieldType('autoNumber').check?.(f('autoNumber', { displayFormat: '{00}-{00}' }))).toHaveLength(1);
    expect(fieldType('lookup').check?.(f('lookup', { target: 'o', onDelete: 'setNull' }, { required: true }))).toHaveLength(1);
    expect(fieldType('text').check?.(f('text', { maxLength: 5000 }, { unique: true }))).toHaveLength(1);
    expect(fieldType('text').check?.(f('text', { maxLength: 500 }, { unique: true }))).toEqual([]);
  });
});

describe('auto numbers', () => {
  it('formats with the padded token', () => {
    expect(formatAutoNumber('CASE-{0000}', 42)).toBe('CASE-0042');
    expect(formatAutoNumber('CASE-{0000}', 123456)).toBe('CASE-123456');
    expect(formatAutoNumber('{0}', 7n)).toBe('7');
    expect(formatAutoNumber('INV', 5)).toBe('INV5');
  });

  it('parses formatted values back', () => {
    expect(parseAutoNumber('CASE-{0000}', 'CASE-0042')).toBe(42);
    expect(parseAutoNumber('CASE-{0000}', 'CASE-123456')).toBe(123456);
    expect(parseAutoNumber('CASE-{0000}', 'INV-0042')).toBeNull();
    expect(parseAutoNumber('[{000}].x', '[007].x')).toBe(7);
  });
});
