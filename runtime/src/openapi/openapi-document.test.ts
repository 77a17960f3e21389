import { createAjv } from '@atrium/metadata';
import { crmBundle } from '@atrium/seeds';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountObject, dealObject } from '../../../platform/src/testing/sample-objects.ts';
import type { OpenApiDocument } from './openapi-types.ts';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from './testing/api-test-server.ts';

let server: TestServer;
let crm: TestTenant;
let every: TestTenant;
let empty: TestTenant;
let clashing: TestTenant;

beforeAll(async () => {
  server = await startTestServer();
  crm = await createTestTenant(server, 'oacrm', { bundle: crmBundle });
  every = await createTestTenant(server, 'oaall', {
    operations: [
      { op: 'createObject', object: accountObject() },
      { op: 'createObject', object: dealObject() },
    ],
  });
  empty = await createTestTenant(server, 'oaempty');
  // `problem` and `accountConditions` take names the document would otherwise use itself.
  const named = (id: string, apiName: string, pluralApiName: string) => ({
    ...accountObject(),
    id,
    apiName,
    pluralApiName,
    fields: [{ ...accountObject().fields[0]!, id: `fld_${id}` }],
  });
  clashing = await createTestTenant(server, 'oaclash', {
    operations: [
      { op: 'createObject', object: accountObject() },
      { op: 'createObject', object: named('obj_problem', 'problem', 'problems') },
      { op: 'createObject', object: named('obj_conditions', 'accountConditions', 'accountConditionSets') },
    ],
  });
});
afterAll(async () => {
  await server?.close();
});

async function documentOf(tenant: TestTenant): Promise<OpenApiDocument> {
  const response = await tenant.request('GET', '/api/v1/openapi.json');
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as OpenApiDocument;
}

/** Every component schema compiled by a strict JSON Schema 2020-12 validator (refs resolved). */
function schemaValidator(document: OpenApiDocument) {
  const ajv = createAjv({ allErrors: false });
  const defs = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('#/components/schemas/', 'urn:atrium:openapi#/$defs/'));
  ajv.addSchema({ $id: 'urn:atrium:openapi', $defs: defs });
  return (name: string) => {
    const validate = ajv.getSchema(`urn:atrium:openapi#/$defs/${name}`);
    if (!validate) throw new Error(`no schema ${name}`);
    return (value: unknown) => {
      const valid = validate(value) as boolean;
      return { valid, errors: validate.errors };
    };
  };
}

describe.each([
  ['the CRM seed', () => crm],
  ['a tenant with one field of every type', () => every],
  ['a tenant without objects', () => empty],
  ['a tenant whose object names clash with component names', () => clashing],
])('the OpenAPI document of %s', (_name, tenant) => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await documentOf(tenant());
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('has strict, compilable JSON Schema 2020-12 components whose references all resolve', async () => {
    const document = await documentOf(tenant());
    const schema = schemaValidator(document);
    for (const name of Object.keys(document.components.schemas)) expect(() => schema(name), name).not.toThrow();
    const text = JSON.stringify(document);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/(\w+\/[^"]+)"/g)) {
      const [kind, name] = (ref as string).split('/') as [keyof OpenApiDocument['components'], string];
      expect(document.components[kind][name], ref).toBeDefined();
    }
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$id"');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('requires an API key', async () => {
    const response = await crm.request('GET', '/api/v1/openapi.json', { role: null });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("describes the caller's tenant at its metadata version, for integration keys too", async () => {
    const version = await crm.fixture.version();
    const response = await crm.request('GET', '/api/v1/openapi.json', { role: 'integration' });
    const document = response.json() as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: `${crm.key} — Atrium API`, version: String(version) });
    expect(document.servers).toEqual([{ url: '/' }]);
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const object of crmBundle.objects) {
      const type = object.apiName.charAt(0).toUpperCase() + object.apiName.slice(1);
      for (const suffix of ['', 'Input', 'UpdateInput', 'List', 'Filter'])
        expect(document.components.schemas[`${type}${suffix}`], `${type}${suffix}`).toBeDefined();
      const base = `/api/v1/data/${object.apiName}`;
      expect(Object.keys(document.paths[base] ?? {})).toEqual(['get', 'post']);
      expect(Object.keys(document.paths[`${base}/bulk`] ?? {})).toEqual(['post']);
      expect(Object.keys(document.paths[`${base}/{id}`] ?? {})).toEqual(['parameters', 'get', 'patch', 'delete']);
      expect(Object.keys(document.paths[`${base}/{id}/restore`] ?? {})).toEqual(['parameters', 'post']);
    }
    for (const path of ['/api/v1/meta', '/api/v1/meta/objects', '/api/v1/meta/objects/{object}', '/api/v1/meta/changes', '/api/v1/meta/jobs', '/graphql']) {
      expect(document.paths[path], path).toBeDefined();
    }
    const list = (
      document.paths['/api/v1/data/opportunity'] as {
        get: { parameters: Array<{ name?: string; content?: unknown; $ref?: string }>; responses: Record<string, { content?: object }> };
      }
    ).get;
    expect(list.parameters.find((p) => p.name === 'filter')?.content).toMatchObject({
      'application/json': { schema: { $ref: '#/components/schemas/OpportunityFilter' } },
    });
    expect(Object.keys(list.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv']);
    expect(list.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(document.components.responses.BadRequest).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => ((op as { operationId?: string }).operationId ? [(op as { operationId: string }).operationId] : [])),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("keeps objects' own names when they clash with the document's", async () => {
    const document = await documentOf(clashing);
    expect(document.components.schemas.Problem).toMatchObject({ 'x-atrium': { apiName: 'problem' } });
    expect(document.components.responses.NotFound).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem_2' } } },
    });
    expect(document.components.schemas.AccountConditions).toMatchObject({ 'x-atrium': { apiName: 'accountConditions' } });
    expect(document.components.schemas.AccountFilter).toMatchObject({ allOf: [{ $ref: '#/components/schemas/AccountConditions_2' }] });
  });

  it('is built once per metadata version and rebuilt after a change', async () => {
    const tenant = await createTestTenant(server, 'oacache', { operations: [{ op: 'createObject', object: accountObject() }] });
    const first = await tenant.request('GET', '/api/v1/openapi.json');
    const runtime = await server.registry.get(tenant.key, tenant.fixture.tenant.id);
    const cached = runtime.derived.get('openapi');
    expect(cached).toMatchObject({ openapi: '3.1.0' });
    const again = await tenant.request('GET', '/api/v1/openapi.json', { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await tenant.request('GET', '/api/v1/openapi.json')).body).toBe(first.body);
    expect(runtime.derived.get('openapi')).toBe(cached);
    await tenant.fixture.change([
      { op: 'addField', object: 'account', field: { id: 'fld_account_rating', apiName: 'rating', type: 'integer', label: { en: 'Rating' } } },
    ]);
    server.registry.announce(tenant.fixture.tenant.id, await tenant.fixture.version());
    const after = (await tenant.request('GET', '/api/v1/openapi.json')).json() as OpenApiDocument;
    expect(after.info.version).toBe(String(await tenant.fixture.version()));
    expect((after.components.schemas.Account as { properties: object }).properties).toHaveProperty('rating');
  });
});

describe('the schemas agree with the live API', () => {
  let document: OpenApiDocument;
  let schema: ReturnType<typeof schemaValidator>;
  let accountId: string;
  let dealId: string;

  beforeAll(async () => {
    document = await documentOf(every);
    schema = schemaValidator(document);
    const account = await every.request('POST', '/api/v1/data/account', { body: { name: 'Acme' } });
    accountId = account.json().id;
    const deal = await every.request('POST', '/api/v1/data/deal', {
      body: {
        name: 'Big deal',
        notes: 'Line 1\nLine 2',
        body: '<p>hi</p>',
        email: 'deal@example.com',
        phone: '+1 555 0100',
        site: 'https://example.com',
        quantity: 3,
        weight: 1.5,
        amount: { amount: 1200.5, currency: 'EUR' },
        discount: 12.5,
        won: false,
        closeDate: '2025-03-31',
        lastSeenAt: '2025-01-02T03:04:05Z',
        stage: 'won',
        tags: ['hot'],
        account: accountId,
        parentAccount: accountId,
        partners: [accountId],
        shippingAddress: { street: '1 Main St', city: 'Springfield', state: null, postalCode: '12345', country: 'US' },
        extra: { any: ['json', 1] },
      },
    });
    expect(deal.statusCode, deal.body).toBe(201);
    dealId = deal.json().id;
  });

  it('a created record matches the input schema it was sent as and the record schema it comes back as', async () => {
    const response = await every.request('GET', `/api/v1/data/deal/${dealId}`);
    const result = schema('Deal')(response.json());
    expect(result.errors).toBeNull();
    expect(response.json()).toMatchObject({ number: 'DEAL-0001', total: 6, partners: [accountId] });
  });

  it('expanded relations, lists with counts and bulk results match too', async () => {
    const expanded = await every.request('GET', `/api/v1/data/deal/${dealId}?expand=account,partners,parentAccount`);
    expect(expanded.json().account).toMatchObject({ id: accountId, name: 'Acme' });
    expect(schema('Deal')(expanded.json()).errors).toBeNull();
    const account = await every.request('GET', `/api/v1/data/account/${accountId}?expand=deals,partnerDeals`);
    expect(account.json().deals).toHaveLength(1);
    expect(schema('Account')(account.json()).errors).toBeNull();
    const list = await every.request('GET', '/api/v1/data/deal?count=true&limit=1');
    expect(list.json()).toMatchObject({ totalCount: 1, hasMore: false });
    expect(schema('DealList')(list.json()).errors).toBeNull();
    const sparse = await every.request('GET', '/api/v1/data/deal?fields=name');
    expect(schema('DealList')(sparse.json()).errors).toBeNull();
    const bulk = await every.request('POST', '/api/v1/data/account/bulk', { body: { records: [{ name: 'B1' }, { name: 'B2' }] } });
    expect(bulk.statusCode).toBe(200);
    for (const record of bulk.json().data) expect(schema('Account')(record).errors).toBeNull();
  });

  it('input schemas accept what the API accepts and refuse read-only fields', () => {
    expect(schema('DealInput')({ name: 'x', parentAccount: accountId, amount: { amount: 5 } }).errors).toBeNull();
    expect(schema('DealInput')({ name: 'x' }).valid).toBe(false); // parentAccount is required
    expect(schema('DealInput')({ name: 'x', parentAccount: accountId, number: 'DEAL-9' }).valid).toBe(false);
    expect(schema('DealUpdateInput')({ notes: null }).errors).toBeNull();
    expect(schema('DealUpdateInput')({ id: dealId }).valid).toBe(false);
  });

  it('errors match Problem', async () => {
    const invalid = await every.request('POST', '/api/v1/data/deal', { body: { name: 5 } });
    expect(invalid.statusCode).toBe(400);
    expect(schema('Problem')(invalid.json()).errors).toBeNull();
    const missing = await every.request('GET', '/api/v1/data/deal/0190d6f2-7c1a-7b3e-8f00-123456789abc');
    expect(missing.statusCode).toBe(404);
    expect(schema('Problem')(missing.json()).errors).toBeNull();
  });

  it('metadata responses match their schemas', async () => {
    const meta = (await every.request('GET', '/api/v1/meta')).json();
    expect(schema('MetaBundle')(meta.bundle).errors).toBeNull();
    const field = { id: 'fld_deal_code', apiName: 'code', type: 'text', label: { en: 'Code' }, unique: true };
    const request = { baseVersion: meta.version, dryRun: true, operations: [{ op: 'addField', object: 'deal', field }] };
    expect(schema('MetaChangeRequest')(request).errors).toBeNull();
    expect(schema('MetaChangeRequest')({ ...request, operations: [{ op: 'addField', object: 'deal', field: { ...field, type: 'nope' } }] }).valid).toBe(false);
    const planned = await every.request('POST', '/api/v1/meta/changes', { body: request });
    expect(planned.statusCode).toBe(200);
    expect(schema('MetaChangeResult')(planned.json()).errors).toBeNull();
    const applied = await every.request('POST', '/api/v1/meta/objects/deal/fields', { body: { baseVersion: meta.version, field } });
    expect(applied.statusCode).toBe(201);
    expect(schema('MetaChangeResult')(applied.json()).errors).toBeNull();
    for (const job of (await every.request('GET', '/api/v1/meta/jobs')).json().data) expect(schema('MetaJob')(job).errors).toBeNull();
  });

  it('the filter schema accepts exactly the filters the server accepts', async () => {
    const filters: Array<[unknown, boolean]> = [
      [{ name: { contains: 'big' } }, true],
      [{ and: [{ quantity: { gte: 1 } }, { or: [{ stage: { in: ['won', 'new'] } }, { not: { won: { eq: true } } }] }] }, true],
      [{ amount: { gte: 1000, currency: { eq: 'EUR' } } }, true],
      [{ closeDate: { relative: 'thisYear' } }, true],
      [{ closeDate: { between: ['2025-01-01', '2025-12-31'] } }, true],
      [{ tags: { containsAny: ['hot'] } }, true],
      [{ number: { gte: 'DEAL-0001' } }, true],
      [{ total: { gt: 1 } }, true],
      [{ shippingAddress: { city: { startsWith: 'Spring' } } }, true],
      [{ extra: { isNull: false } }, true],
      [{ account: { eq: accountId } }, true],
      [{ account: { in: [accountId], isNull: false } }, true],
      [{ account: { name: { eq: 'Acme' } } }, true],
      [{ parentAccount: { isNull: false, deals: { some: { won: { eq: false } } } } }, true],
      [{ account: { eq: accountId, name: { eq: 'Acme' } } }, false],
      [{ partners: { some: { name: { contains: 'ac' } } } }, true],
      [{ version: { gte: 1 }, createdAt: { relative: 'today' } }, true],
      [{ nope: { eq: 1 } }, false],
      [{ name: { gt: 'x' } }, false],
      [{ account: { nope: { eq: 1 } } }, false],
      [{ partners: { any: {} } }, false],
      [{ closeDate: { relative: 'someday' } }, false],
      [{ and: { name: { eq: 'x' } } }, false],
    ];
    const example = (document.components.schemas.DealFilter as { examples: unknown[] }).examples[0];
    filters.push([example, true]);
    for (const [filter, ok] of filters) {
      const response = await every.request('GET', `/api/v1/data/deal?filter=${encodeURIComponent(JSON.stringify(filter))}`);
      expect(response.statusCode, `${JSON.stringify(filter)}: ${response.body}`).toBe(ok ? 200 : 400);
      expect(schema('DealFilter')(filter).valid, JSON.stringify(filter)).toBe(ok);
    }
    expect(schema('DealFilter')({ account: { eq: 'not-a-uuid' } }).valid).toBe(false);
    const accountFilter = { deals: { every: { won: { eq: false } } }, partnerDeals: { none: { name: { eq: 'x' } } } };
    expect((await every.request('GET', `/api/v1/data/account?filter=${encodeURIComponent(JSON.stringify(accountFilter))}`)).statusCode).toBe(200);
    expect(schema('AccountFilter')(accountFilter).errors).toBeNull();
  });
});
