import type { FieldDef, FieldType } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, objectDef, picklistField } from '../bench/metadata/field-defs.ts';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';
import { type Json, ok, Physical, q, restOk, sqlRows } from '../support/contract-helpers.ts';

/**
 * An object with 800 fields of mixed types (DESIGN.md §3: wide objects must work; json_build_object
 * takes at most 100 arguments) through both APIs: create with every field, read back, list with a
 * filter on the 799th field, update many fields at once.
 */

const FIELDS = 800;
/** The benchmark's mix (tests/bench/metadata/wide-object.ts) plus percent and datetime. */
const MIX = ['text', 'integer', 'number', 'date', 'boolean', 'picklist', 'currency', 'percent', 'datetime'] as const satisfies readonly FieldType[];
/** A mix with more text-like values (e-mail, URL, phone, JSON, multi-picklist, long text). */
const RICH_MIX = [
  'text',
  'integer',
  'number',
  'date',
  'boolean',
  'picklist',
  'currency',
  'datetime',
  'email',
  'percent',
  'multiPicklist',
  'longText',
  'url',
  'phone',
  'json',
] as const satisfies readonly FieldType[];
const LEVELS = ['low', 'medium', 'high'] as const;

function wideFields(mix: readonly FieldType[], prefix: string): FieldDef[] {
  const defs: FieldDef[] = [field(`${prefix}_0`, 'name', 'text', { required: true })];
  for (let n = 1; n < FIELDS; n++) {
    const type = mix[n % mix.length] as FieldType;
    const id = `${prefix}_${n}`;
    const apiName = `${type}F${n}`;
    if (type === 'picklist' || type === 'multiPicklist') defs.push({ ...picklistField(id, apiName, LEVELS), type });
    else if (type === 'number') defs.push(field(id, apiName, type, { config: { precision: 14, scale: 3 } }));
    else defs.push(field(id, apiName, type));
  }
  return defs;
}

const defs = wideFields(MIX, 'fld_w');
const wideThing = objectDef('obj_wide', 'wideThing', 'wideThings', 'name', defs);
const richDefs = wideFields(RICH_MIX, 'fld_r');
const wideRich = objectDef('obj_wide_rich', 'wideRich', 'wideRiches', 'name', richDefs);
/** The 799th field. */
const target = defs[798] as FieldDef;

/** A value for every field; `r` varies the record. */
function valueFor(def: FieldDef, n: number, r: number): unknown {
  switch (def.type) {
    case 'text':
      return n === 0 ? `Wide ${r}` : `t${r}-${n}`;
    case 'longText':
      return `long ${r}\n${n}`;
    case 'integer':
      return r * 100_000 + n;
    case 'number':
      return Math.round((r + n / 7) * 1000) / 1000;
    case 'percent':
      return (r + n) % 100;
    case 'date':
      return new Date(Date.UTC(2025, 0, 1 + ((r * 31 + n) % 365))).toISOString().slice(0, 10);
    case 'datetime':
      return new Date(Date.UTC(2025, 0, 1, 0, 0, (r * 1000 + n) % 86_400)).toISOString();
    case 'boolean':
      return (r + n) % 2 === 0;
    case 'picklist':
      return LEVELS[(r + n) % LEVELS.length];
    case 'multiPicklist':
      return [LEVELS[(r + n) % LEVELS.length], LEVELS[(r + n + 1) % LEVELS.length]];
    case 'currency':
      return { amount: r * 10 + n + 0.25, currency: ['USD', 'EUR', 'CNY'][(r + n) % 3] };
    case 'email':
      return `r${r}.f${n}@example.com`;
    case 'url':
      return `https://example.com/${r}/${n}`;
    case 'phone':
      return `+1 555 ${String(1000 + n).slice(-4)}`;
    case 'json':
      return { r, n, list: [n, String(r)] };
    default:
      throw new Error(`no value for ${def.type}`);
  }
}

function record(r: number, of: FieldDef[] = defs): Json {
  return Object.fromEntries(of.map((def, n) => [def.apiName, valueFor(def, n, r)]));
}

/** Instants compared as instants. */
function normalized(values: Json): Json {
  const out: Json = {};
  for (const def of defs) {
    const value = values[def.apiName];
    out[def.apiName] = def.type === 'datetime' && typeof value === 'string' ? Date.parse(value) : value;
  }
  return out;
}

/** Every field in a GraphQL selection (composites with their parts). */
const SELECTION = defs.map((def) => (def.type === 'currency' ? `${def.apiName} { amount currency }` : def.apiName)).join(' ');

let harness: ApiHarness;
let t: ApiTenant;
let first: string;

beforeAll(async () => {
  harness = await startApi();
  t = await ApiTenant.create(harness, undefined, 'wide');
  await t.change([
    { op: 'createObject', object: wideThing },
    { op: 'createObject', object: wideRich },
  ]);
}, 120_000);
afterAll(async () => {
  await harness?.close();
});

describe('an object with 800 fields', () => {
  it('has a table with a column per field part', async () => {
    const p = await Physical.of(t);
    const columns =
      (
        await sqlRows<{ n: number }>(t, 'select count(*)::int as n from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped', [
          p.table('wideThing'),
        ])
      )[0]?.n ?? 0;
    const currencies = defs.filter((d) => d.type === 'currency').length;
    expect(columns).toBeGreaterThanOrEqual(FIELDS + currencies);
    expect(defs).toHaveLength(FIELDS);
  });

  it('creates a record with every field through REST and reads it back through REST and GraphQL', async () => {
    const values = record(1);
    const created = await t.rest('POST', '/api/v1/data/wideThing', values);
    const body = restOk<Json>(created, 201);
    first = String(body.id);
    expect(normalized(body)).toEqual(normalized(values));
    const got = restOk<Json>(await t.rest('GET', `/api/v1/data/wideThing/${first}`));
    expect(Object.keys(got)).toHaveLength(FIELDS + 7);
    expect(normalized(got)).toEqual(normalized(values));
    const gql = ok(await t.gql<{ wideThing: Json }>(`query($id: ID!) { wideThing(id: $id) { id version ${SELECTION} } }`, { id: first }));
    expect(normalized(gql.wideThing)).toEqual(normalized(values));
  });

  it('creates through GraphQL with every field in the input', async () => {
    const values = record(2);
    const out = ok(
      await t.gql<{ createWideThing: Json }>(`mutation($input: WideThingInput!) { createWideThing(input: $input) { id ${SELECTION} } }`, { input: values }),
    );
    expect(normalized(out.createWideThing)).toEqual(normalized(values));
  });

  it(`lists with a filter on the 799th field (${target.apiName})`, async () => {
    restOk(await t.rest('POST', '/api/v1/data/wideThing', record(3)), 201);
    const wanted = record(1)[target.apiName] as { amount: number; currency: string };
    expect(target.type).toBe('currency');
    const filter = { [target.apiName]: { eq: wanted.amount, currency: { eq: wanted.currency } } };
    const rest = restOk<{ data: Json[] }>(await t.rest('GET', `/api/v1/data/wideThing?filter=${q(filter)}`));
    expect(rest.data.map((r) => r.id)).toEqual([first]);
    expect(normalized(rest.data[0] as Json)).toEqual(normalized(record(1)));
    const gql = ok(
      await t.gql<{ wideThings: { totalCount: number; nodes: Json[] } }>(
        `{ wideThings(first: 10, filter: {${target.apiName}: {eq: ${wanted.amount}, currency: {eq: "${wanted.currency}"}}}) { totalCount nodes { id ${SELECTION} } } }`,
      ),
    );
    expect(gql.wideThings.totalCount).toBe(1);
    expect(gql.wideThings.nodes.map((n) => n.id)).toEqual([first]);
    expect(normalized(gql.wideThings.nodes[0] as Json)).toEqual(normalized(record(1)));
    // Sorted by the last field too, over all records.
    const sorted = restOk<{ data: Json[] }>(await t.rest('GET', `/api/v1/data/wideThing?sort=-${target.apiName}&fields=id,${target.apiName}`));
    expect(sorted.data).toHaveLength(3);
  });

  // Every field is a column of one heap row (DESIGN.md §3). PostgreSQL keeps a row within one
  // 8 kB page and can only move values longer than ~24 bytes out of line: 800 fields of short
  // e-mails, URLs, phones, JSON and picklist arrays make a row of 8,736 bytes. The insert fails
  // with SQLSTATE 54000 "row is too big: size 8736, maximum size 8160", which write-errors.ts
  // does not map: the client gets 500 INTERNAL (REST) / extensions.code INTERNAL (GraphQL).
  it.fails('stores a full record of an 800-field object with text-like values (e-mail, URL, JSON...)', async () => {
    const values = record(1, richDefs);
    const created = await t.rest('POST', '/api/v1/data/wideRich', values);
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Wide 1');
  });

  // Until rows that large can be stored, the refusal should at least be a 4xx with a clear code.
  it('refuses a record too large for a row with a 4xx, not 500', async () => {
    const created = await t.rest('POST', '/api/v1/data/wideRich', record(1, richDefs));
    expect(created.status).toBeLessThan(500);
  });

  it('updates 400 fields in one PATCH', async () => {
    const changes = Object.fromEntries(defs.filter((_, n) => n % 2 === 1).map((def) => [def.apiName, valueFor(def, defs.indexOf(def), 9)]));
    expect(Object.keys(changes)).toHaveLength(400);
    const patched = restOk<Json>(await t.rest('PATCH', `/api/v1/data/wideThing/${first}`, changes, { 'if-match': '"1"' }));
    expect(patched.version).toBe(2);
    const expected = { ...record(1), ...changes };
    expect(normalized(restOk<Json>(await t.rest('GET', `/api/v1/data/wideThing/${first}`)))).toEqual(normalized(expected));
    const gql = ok(await t.gql<{ wideThing: Json }>(`query($id: ID!) { wideThing(id: $id) { ${SELECTION} } }`, { id: first }));
    expect(normalized(gql.wideThing)).toEqual(normalized(expected));
  });
});
