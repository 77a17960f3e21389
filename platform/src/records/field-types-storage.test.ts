/**
 * Every field type end to end: the planner's columns, a record written through `insertRecords`,
 * the value read back with SQL, and the same value checked by the record schema the APIs and the
 * designer's forms validate with (`compileRecordSchema` + `createRecordValidator`).
 */
import {
  compileRecordSchema,
  createRecordValidator,
  evaluateRule,
  FIELD_TYPES,
  type FieldConfig,
  type FieldDef,
  type FieldType,
  fieldType,
  formatAutoNumber,
  type JsonSchema,
  type MetadataBundle,
  type ObjectDef,
  type RecordErrorCode,
} from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { insertRecords } from './insert-records.ts';

const USER_ID = '0190d6f2-7c1a-7b3e-8f00-123456789abc';

interface TypeCase {
  config?: FieldConfig;
  required?: boolean;
  /** A valid API value (written unless the type is read-only). */
  value: unknown;
  /** Physical columns of the field named `sample` and their PostgreSQL types. */
  columns: Record<string, string>;
  /** A value the validator must refuse, and the code it gives. */
  wrong: unknown;
  wrongCode: RecordErrorCode;
}

const options = (...values: string[]) => ({ options: values.map((value) => ({ id: `opt_${value}`, value, label: { en: value } })) });

/** Target records get their ids at run time; `@company` stands for the first one. */
const COMPANY = '@company';

/** One case per field type: the Record type makes a missing type a compile error, the test a run-time one. */
const cases: Record<FieldType, TypeCase> = {
  text: { config: { maxLength: 20 }, value: 'Hello 你好', columns: { sample: 'text' }, wrong: 42, wrongCode: 'INVALID_TYPE' },
  longText: { value: 'line 1\nline 2', columns: { sample: 'text' }, wrong: false, wrongCode: 'INVALID_TYPE' },
  richText: { value: '<p>Hi <b>there</b></p>', columns: { sample: 'text' }, wrong: 42, wrongCode: 'INVALID_TYPE' },
  email: { value: 'ada@example.com', columns: { sample: 'text' }, wrong: 'ada at example', wrongCode: 'INVALID_FORMAT' },
  phone: { value: '+1 (555) 010-2030', columns: { sample: 'text' }, wrong: 5550100, wrongCode: 'INVALID_TYPE' },
  url: { value: 'https://example.com/a?b=c', columns: { sample: 'text' }, wrong: 'example.com', wrongCode: 'INVALID_FORMAT' },
  integer: { value: 9_007_199_254_740_991, columns: { sample: 'bigint' }, wrong: 2.5, wrongCode: 'INVALID_TYPE' },
  number: { config: { precision: 10, scale: 2 }, value: 12_345.67, columns: { sample: 'numeric(10,2)' }, wrong: '12.5', wrongCode: 'INVALID_TYPE' },
  currency: {
    config: { precision: 14, scale: 2 },
    value: { amount: 1234.5, currency: 'EUR' },
    columns: { sample_amount: 'numeric(14,2)', sample_currency: 'text' },
    wrong: 1234.5,
    wrongCode: 'INVALID_TYPE',
  },
  percent: { value: 12.5, columns: { sample: 'numeric' }, wrong: '12.5%', wrongCode: 'INVALID_TYPE' },
  boolean: { value: true, columns: { sample: 'boolean' }, wrong: 'yes', wrongCode: 'INVALID_TYPE' },
  date: { value: '2024-02-29', columns: { sample: 'date' }, wrong: '2024-02-30', wrongCode: 'INVALID_FORMAT' },
  datetime: { value: '2024-03-01T10:00:00.250+01:00', columns: { sample: 'timestamp with time zone' }, wrong: 1_709_283_600_000, wrongCode: 'INVALID_TYPE' },
  picklist: { config: options('new', 'won'), value: 'won', columns: { sample: 'text' }, wrong: 'lost', wrongCode: 'INVALID_VALUE' },
  multiPicklist: { config: options('hot', 'cold'), value: ['hot', 'cold'], columns: { sample: 'text[]' }, wrong: 'hot', wrongCode: 'INVALID_TYPE' },
  lookup: { config: { target: 'obj_company', onDelete: 'setNull' }, value: COMPANY, columns: { sample: 'uuid' }, wrong: 42, wrongCode: 'INVALID_TYPE' },
  masterDetail: { config: { target: 'obj_company' }, value: COMPANY, columns: { sample: 'uuid' }, wrong: 'acme', wrongCode: 'INVALID_FORMAT' },
  manyToMany: { config: { target: 'obj_company' }, value: [COMPANY], columns: {}, wrong: COMPANY, wrongCode: 'INVALID_TYPE' },
  user: { value: USER_ID, columns: { sample: 'uuid' }, wrong: 42, wrongCode: 'INVALID_TYPE' },
  autoNumber: { config: { displayFormat: 'P-{0000}', startAt: 7 }, value: 'P-0007', columns: { sample: 'bigint' }, wrong: 7, wrongCode: 'INVALID_TYPE' },
  formula: {
    config: { expression: { cat: [{ var: 'name' }, '!'] }, resultType: 'text' },
    value: 'Probe formula!',
    columns: {},
    wrong: 1,
    wrongCode: 'INVALID_TYPE',
  },
  address: {
    value: { street: '1 Main St', city: '上海', state: null, postalCode: '200000', country: 'CN' },
    columns: { sample_street: 'text', sample_city: 'text', sample_state: 'text', sample_postal_code: 'text', sample_country: 'text' },
    wrong: '1 Main St, Springfield',
    wrongCode: 'INVALID_TYPE',
  },
  // Any JSON value is valid: the refusal a json field can give is null when it is required.
  json: { required: true, value: { nested: [1, 'two', null, { deep: true }] }, columns: { sample: 'jsonb' }, wrong: null, wrongCode: 'REQUIRED' },
};

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function probeObject(type: FieldType): ObjectDef {
  const c = cases[type];
  const apiName = `probe${upperFirst(type)}`;
  const sample: FieldDef = {
    id: `fld_${type}_sample`,
    apiName: 'sample',
    type,
    label: { en: `Sample ${type}` },
    ...(c.required ? { required: true } : {}),
    ...(c.config ? { config: { ...c.config, ...(c.config.target ? { relationName: `${apiName}Samples` } : {}) } } : {}),
  };
  return {
    id: `obj_${type}`,
    apiName,
    pluralApiName: `${apiName}s`,
    label: { en: `Probe ${type}` },
    pluralLabel: { en: `Probes ${type}` },
    nameField: 'name',
    fields: [{ id: `fld_${type}_name`, apiName: 'name', type: 'text', label: { en: 'Name' } }, sample],
  };
}

const companyObject: ObjectDef = {
  id: 'obj_company',
  apiName: 'company',
  pluralApiName: 'companies',
  label: { en: 'Company' },
  pluralLabel: { en: 'Companies' },
  nameField: 'name',
  fields: [{ id: 'fld_company_name', apiName: 'name', type: 'text', label: { en: 'Name' } }],
};

let database: Database;
let t: TenantFixture;
let bundle: MetadataBundle;
let companyId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  t = await TenantFixture.create(database, 'types');
  await t.change([{ op: 'createObject', object: companyObject }, ...FIELD_TYPES.map((type) => ({ op: 'createObject' as const, object: probeObject(type) }))]);
  bundle = await t.bundle();
  const { ids } = await insertRecords(database.db, t.schema, await t.object('company'), [{ name: 'Acme' }]);
  companyId = ids[0] as string;
});
afterAll(async () => {
  await database.close();
});

const resolve = (value: unknown): unknown => (value === COMPANY ? companyId : Array.isArray(value) ? value.map(resolve) : value);

/** The stored value in API shape: one column as is, composites as objects of their parts (all via jsonb). */
async function readBack(object: ObjectDef, field: FieldDef, id: string): Promise<unknown> {
  const parts = fieldType(field.type).columns(field);
  const select = parts.map((p, i) => `to_jsonb("${field.columns?.[p.part]}") as "p${i}"`).join(', ');
  const [row] = await t.query<Record<string, unknown>>(`select ${select} from "${t.schema}"."${object.table}" where "id" = $1`, [id]);
  if (!row) throw new Error('record not found');
  if (parts.length === 1) return row.p0;
  return Object.fromEntries(parts.map((p, i) => [p.part, row[`p${i}`]]));
}

/** The validator of a read-only field's values as a client reads them (writes to it are refused). */
function readValidator(schema: JsonSchema, apiName: string) {
  const properties = schema.properties as Record<string, JsonSchema>;
  const { readOnly: _readOnly, ...property } = properties[apiName] as JsonSchema;
  return createRecordValidator({ ...schema, properties: { ...properties, [apiName]: property } });
}

describe('every field type: columns, storage and record schema agree', () => {
  it('has a case for every type in FIELD_TYPES', () => {
    expect(Object.keys(cases).sort()).toEqual([...FIELD_TYPES].sort());
  });

  for (const type of FIELD_TYPES) {
    it(type, async () => {
      const c = cases[type];
      const object = bundle.objects.find((o) => o.id === `obj_${type}`) as ObjectDef;
      const field = object.fields.find((f) => f.apiName === 'sample') as FieldDef;
      const module = fieldType(type);
      const value = resolve(c.value);

      // Columns: exactly the registry's, with the expected PostgreSQL types.
      const {
        id: _id,
        owner_id,
        created_at,
        created_by,
        updated_at,
        updated_by,
        deleted_at,
        row_version,
        name,
        ...columns
      } = await t.columns(object.table as string);
      expect({ owner_id, created_at, created_by, updated_at, updated_by, deleted_at, row_version, name }).toEqual({
        owner_id: 'uuid',
        created_at: 'timestamp with time zone',
        created_by: 'uuid',
        updated_at: 'timestamp with time zone',
        updated_by: 'uuid',
        deleted_at: 'timestamp with time zone',
        row_version: 'integer',
        name: 'text',
      });
      expect(columns).toEqual(c.columns);

      const validator = createRecordValidator(compileRecordSchema(object, bundle));
      const record = { name: `Probe ${type}`, ...(module.readOnly ? {} : { sample: value }) };
      expect(validator.validate(record, 'create').errors).toEqual([]);

      const { ids } = await insertRecords(database.db, t.schema, object, [record]);
      const id = ids[0] as string;
      let stored: unknown;
      if (type === 'manyToMany') {
        // The value lives in the junction table, one row per linked record.
        const junction = field.junctionTable as string;
        expect(await t.columns(junction)).toMatchObject({ source_id: 'uuid', target_id: 'uuid' });
        for (const target of value as string[]) {
          await t.query(`insert into "${t.schema}"."${junction}" ("source_id", "target_id") values ($1, $2)`, [id, target]);
        }
        const [row] = await t.query<{ v: unknown }>(
          `select coalesce(jsonb_agg("target_id"), '[]') as v from "${t.schema}"."${junction}" where "source_id" = $1`,
          [id],
        );
        stored = row?.v;
      } else if (type === 'formula') {
        // Computed on read from the stored record.
        stored = evaluateRule(field.config?.expression ?? null, { name: `Probe ${type}` });
      } else if (type === 'autoNumber') {
        // The number comes from the field's sequence on insert; the API shows it formatted.
        const number = await readBack(object, field, id);
        expect(number).toBe(c.config?.startAt);
        stored = formatAutoNumber(field.config?.displayFormat ?? '', number as number);
      } else {
        stored = await readBack(object, field, id);
      }

      if (type === 'datetime') {
        expect(new Date(stored as string).getTime()).toBe(new Date(value as string).getTime());
      } else {
        expect(stored).toEqual(value);
      }

      if (module.readOnly) {
        // Writes are refused; the value as read matches the schema, a wrong-typed one does not.
        expect(validator.validate({ sample: stored }, 'update').errors).toEqual([expect.objectContaining({ field: 'sample', code: 'READ_ONLY' })]);
        const reading = readValidator(validator.schema, 'sample');
        expect(reading.validate({ sample: stored }, 'update').errors).toEqual([]);
        expect(reading.validate({ sample: c.wrong }, 'update').errors).toEqual([expect.objectContaining({ field: 'sample', code: c.wrongCode })]);
      } else {
        expect(validator.validate({ sample: stored }, 'update').errors).toEqual([]);
        expect(validator.validate({ sample: resolve(c.wrong) }, 'update').errors).toEqual([expect.objectContaining({ field: 'sample', code: c.wrongCode })]);
      }
      if (c.required) {
        // What the validator refuses, the table's NOT NULL check refuses too.
        expect(validator.validate({ name: 'x', sample: null }, 'create').errors).toEqual([expect.objectContaining({ field: 'sample', code: 'REQUIRED' })]);
        await expect(insertRecords(database.db, t.schema, object, [{ name: 'x', sample: null }])).rejects.toMatchObject({ code: '23514' });
      }
    });
  }
});
