import { fieldMetaSchema, objectMetaSchema } from '@atrium/metadata';
import { addMembership, BUILT_IN, createApiKey, createUser } from '@atrium/platform';
import { uniqueTenantKey } from '@atrium/platform/testing';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '@atrium/runtime/testing';
import { crmBundle } from '@atrium/seeds';
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/callers.ts';

/*
 * The metadata and administration GraphQL API, `POST /graphql/meta` (DESIGN.md §5, issue 4), over
 * HTTP: every query and mutation, who may do what, tenant isolation, dry runs and stale versions,
 * and the same answers as the REST API for the same operation.
 *
 * Tenants a and b both have the CRM bundle; a's credentials: an admin key, an integration key
 * (no permission set), a signed-in admin and a signed-in member (sessions, with CSRF tokens).
 */

let server: TestServer;
let a: TestTenant;
let b: TestTenant;
const PASSWORD = 'correct horse battery';

interface Session {
  cookie: string;
  csrf: string;
}
/** Who calls: an API key (bearer token) or a browser session. */
type Who = string | Session;
let adminSession: Session;
let memberSession: Session;
let memberId: string;

interface GqlAnswer<T = Record<string, unknown>> {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read ad hoc
  data?: T & Record<string, any>;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; details?: Array<{ path: string; code: string; message: string }> } }>;
  text: string;
}

function headersOf(who: Who, method: 'GET' | 'POST', csrf = true): Record<string, string> {
  if (typeof who === 'string') return { authorization: `Bearer ${who}` };
  return { cookie: who.cookie, ...(csrf && method === 'POST' ? { 'x-csrf-token': who.csrf } : {}) };
}

async function gql(
  who: Who,
  query: string,
  variables?: Record<string, unknown>,
  options: { csrf?: boolean; headers?: Record<string, string> } = {},
): Promise<GqlAnswer> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/graphql/meta',
    headers: { ...headersOf(who, 'POST', options.csrf ?? true), 'content-type': 'application/json', ...options.headers },
    payload: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: response.statusCode, ...(JSON.parse(response.body) as object), text: response.body };
}

async function gqlGet(who: Who, query: string, operationName?: string): Promise<GqlAnswer> {
  const params = new URLSearchParams({ query, ...(operationName ? { operationName } : {}) });
  const response = await server.app.inject({ method: 'GET', url: `/graphql/meta?${params}`, headers: headersOf(who, 'GET') });
  return { status: response.statusCode, ...(JSON.parse(response.body) as object), text: response.body };
}

async function rest(
  tenant: TestTenant,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  role: 'admin' | 'integration' = 'admin',
) {
  const response = await tenant.request(method as 'GET', url, { role, ...(body !== undefined ? { body } : {}) });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

/** The data of an answer without errors. */
// biome-ignore lint/suspicious/noExplicitAny: answers are read ad hoc
function ok(answer: GqlAnswer): Record<string, any> {
  expect(answer.errors, answer.text).toBeUndefined();
  expect(answer.status).toBe(200);
  return answer.data as Record<string, unknown>;
}

/** The code and detail paths of an answer's first error. */
function refusal(answer: GqlAnswer): { code: string | undefined; paths: string[]; details: string[] } {
  const error = answer.errors?.[0];
  expect(error, answer.text).toBeDefined();
  return {
    code: error?.extensions?.code,
    paths: (error?.extensions?.details ?? []).map((d) => d.path),
    details: (error?.extensions?.details ?? []).map((d) => d.code),
  };
}

async function signIn(email: string, tenant: string): Promise<Session> {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: PASSWORD, tenant } });
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: String(response.headers['set-cookie']).split(';')[0] as string, csrf: response.json().csrfToken };
}

async function version(tenant: TestTenant): Promise<number> {
  return tenant.fixture.version();
}

/** A fresh integration key of tenant a: its id (the principal) and token. */
async function integrationKey(tenant: TestTenant = a): Promise<{ id: string; token: string }> {
  const key = await createApiKey(server.database.db, tenant.key, { role: 'integration' });
  return { id: key.id, token: key.token };
}

/** Ids, times and schema names out of the way, for comparing answers of two tenants or two APIs. */
function normalized(value: unknown, tenant?: TestTenant): string {
  let text = JSON.stringify(value);
  if (tenant) text = text.replaceAll(tenant.fixture.schema, '<schema>');
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>')
    .replace(/t_[a-z0-9_]+/g, '<schema>');
}

beforeAll(async () => {
  server = await startTestServer();
  a = await createTestTenant(server, 'gqma', { bundle: crmBundle });
  b = await createTestTenant(server, 'gqmb', { bundle: crmBundle });
  const admin = `${uniqueTenantKey('gqadmin')}@example.com`;
  const member = `${uniqueTenantKey('gqmember')}@example.com`;
  await createUser(server.database.db, { email: admin, password: PASSWORD });
  memberId = (await createUser(server.database.db, { email: member, password: PASSWORD })).id;
  await addMembership(server.database.db, admin, a.key, 'admin');
  await addMembership(server.database.db, member, a.key, 'member');
  adminSession = await signIn(admin, a.key);
  memberSession = await signIn(member, a.key);
});
afterAll(async () => {
  await server?.close();
});

describe('the endpoint', () => {
  it('needs a credential of the tenant it acts on', async () => {
    const anonymous = await server.app.inject({ method: 'POST', url: '/graphql/meta', payload: { query: '{ metadata { version } }' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="atrium"');
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const revoked = await gql('atr_notakeyatall', '{ metadata { version } }');
    expect(revoked.status).toBe(401);
    const otherTenant = await gql(a.tokens.admin, '{ metadata { version } }', undefined, { headers: { 'x-atrium-tenant': b.key } });
    expect(otherTenant.status).toBe(403);
  });

  it('takes browser sessions: queries without a token, mutations only with the CSRF token', async () => {
    expect(ok(await gqlGet(adminSession, '{ metadata { version } }')).metadata.version).toBe(await version(a));
    expect(ok(await gqlGet(adminSession, '{ roles { name } }')).roles).toContainEqual({ name: 'Company' });
    // POST needs the token whatever it carries (a query too), as on /graphql.
    expect((await gql(adminSession, '{ metadata { version } }', undefined, { csrf: false })).status).toBe(403);
    expect(ok(await gql(adminSession, '{ metadata { version } }')).metadata.version).toBe(await version(a));
    const before = await version(a);
    const mutation = `mutation($v: Int!) { addField(baseVersion: $v, object: "lead", field: {apiName: "csrfProbe", type: text, label: {en: "x"}}) { applied } }`;
    const noToken = await gql(adminSession, mutation, { v: before }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.text)).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect(await version(a)).toBe(before);
    expect(ok(await gql(adminSession, mutation, { v: before })).addField.applied).toBe(true);
  });

  it('never runs a mutation over GET, however the document is written (here and on /graphql)', async () => {
    const before = await version(a);
    const create = 'mutation { createRole(input: {name: "Over GET"}) { id } }';
    for (const [query, operationName] of [
      [create, undefined],
      [`# a comment first\n${create}`, undefined],
      [`query Q { roles { id } } mutation M { createRole(input: {name: "Over GET"}) { id } }`, 'M'],
    ] as const) {
      const answer = await gqlGet(adminSession, query, operationName);
      expect(answer.status, query).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(ok(await gqlGet(adminSession, 'query Q { roles { id } } mutation M { createRole(input: {name: "x"}) { id } }', 'Q')).roles.length).toBe(1);
    expect(ok(await gql(a.tokens.admin, '{ roles { name } }')).roles).toEqual([{ name: 'Company' }]);
    expect(await version(a)).toBe(before);
    // The tenant API: a leading comment no longer slips a mutation through GET.
    const record = `# note\nmutation { createAccount(input: {name: "Over GET"}) { id } }`;
    const data = await server.app.inject({
      method: 'GET',
      url: `/graphql?${new URLSearchParams({ query: record })}`,
      headers: { cookie: adminSession.cookie },
    });
    expect(data.statusCode).toBe(400);
    expect((await rest(a, 'GET', `/api/v1/data/account?filter=${encodeURIComponent('{"name":{"eq":"Over GET"}}')}`)).body.data).toEqual([]);
  });

  it('answers bad requests with 4xx and a stable code, never 500', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'BAD_REQUEST'],
      [{ query: 42 }, 400, 'BAD_REQUEST'],
      [{ query: '{ metadata { version } }', variables: [1] }, 400, 'BAD_REQUEST'],
      [{ query: '{ metadata { version }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: '{ nope }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: '{"kind": "Document"}' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: 'query($id: ID!) { role(id: $id) { id } }', variables: {} }, 400, 'VALIDATION_FAILED'],
      [{ query: 'mutation { setOrgWideDefault(object: "account", sharing: everyone) { sharing } }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
      [
        {
          query: 'mutation($l: Labels!) { addField(baseVersion: 1, object: "lead", field: {apiName: "x", type: text, label: $l}) { applied } }',
          variables: { l: 'x' },
        },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, status, code] of cases) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/graphql/meta',
        headers: { authorization: `Bearer ${a.tokens.admin}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      const answer = response.json();
      expect(answer.code ?? answer.errors?.[0]?.extensions?.code, response.body).toBe(code);
    }
    // Ids that are not uuids are unknown ids, not database errors.
    expect(ok(await gql(a.tokens.admin, '{ role(id: "x") { id } permissionSet(id: "1") { id } job(id: "y") { id } principal(id: "z") { id } }'))).toEqual({
      role: null,
      permissionSet: null,
      job: null,
      principal: null,
    });
    expect(refusal(await gql(a.tokens.admin, 'mutation { deleteRole(id: "x") }')).code).toBe('NOT_FOUND');
  });

  it('limits depth and estimated cost like /graphql', async () => {
    let nested = '{ name }';
    for (let i = 0; i < 12; i++) nested = `{ parent ${nested} }`;
    const deep = await gql(a.tokens.admin, `{ roleTree ${nested} }`);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.message).toMatch(/depth \(14\) exceeds the query depth limit of 10/);
    expect(refusal(deep).code).toBe('GRAPHQL_VALIDATION_FAILED');
    const wide = await gql(
      a.tokens.admin,
      `{ ${Array.from({ length: 50 }, (_, i) => `o${i}: metadata { objects { fields { apiName label } layouts { sections { fields } } } }`).join(' ')} }`,
    );
    expect(wide.status).toBe(400);
    expect(refusal(wide).code).toBe('QUERY_TOO_COMPLEX');
    // What the designer asks for in one go fits.
    ok(
      await gql(
        a.tokens.admin,
        `{ metadata { version objects { id apiName label pluralLabel nameField options { trackHistory searchable }
            fields { id apiName type label required unique indexed config state options { value label } target }
            relations { name kind target } layouts { id sections { label columns fields } relatedLists { object columns } }
            pipelines { id stages { value label category probability } } validationRules { id apiName condition } } } }`,
      ),
    );
  });

  it('introspects; the schema is the same for every tenant and snapshotted (a change shows in review)', async () => {
    const introspection = (answer: GqlAnswer) => ok(answer) as Parameters<typeof buildClientSchema>[0];
    const sdl = printSchema(buildClientSchema(introspection(await gql(a.tokens.integration, getIntrospectionQuery()))));
    expect(printSchema(buildClientSchema(introspection(await gql(b.tokens.admin, getIntrospectionQuery()))))).toBe(sdl);
    await expect(sdl).toMatchFileSnapshot('./__snapshots__/graphql-meta.graphql');
  });
});

describe('the typed inputs and outputs follow the meta-schemas', () => {
  it('ObjectInput, FieldInput and FieldChangesInput take every attribute a bundle may set; MetaObject and MetaField show them', async () => {
    const members = async (type: string, kind: 'inputFields' | 'fields') => {
      const data = ok(await gql(a.tokens.admin, `{ __type(name: "${type}") { ${kind} { name } } }`));
      return (data.__type[kind] as Array<{ name: string }>).map((f) => f.name).sort();
    };
    const platformOnly = new Set(['table', 'state', 'deletedAt', 'columns', 'junctionTable', 'conversion']);
    const bundleAttributes = (schema: { properties?: Record<string, unknown> }) =>
      Object.keys(schema.properties ?? {})
        .filter((k) => !platformOnly.has(k))
        .sort();
    expect(await members('ObjectInput', 'inputFields')).toEqual(bundleAttributes(objectMetaSchema));
    expect(await members('FieldInput', 'inputFields')).toEqual(bundleAttributes(fieldMetaSchema));
    // updateField changes what has no operation of its own (renameField, changeFieldType).
    expect(await members('FieldChangesInput', 'inputFields')).toEqual(bundleAttributes(fieldMetaSchema).filter((k) => !['id', 'apiName', 'type'].includes(k)));
    for (const attribute of bundleAttributes(objectMetaSchema)) expect(await members('MetaObject', 'fields')).toContain(attribute);
    for (const attribute of bundleAttributes(fieldMetaSchema)) expect(await members('MetaField', 'fields')).toContain(attribute);
  });
});

describe('metadata', () => {
  it('reads the version, the bundle REST serves, and typed objects with fields, relations, layouts, pipelines and rules', async () => {
    const data = ok(
      await gql(
        a.tokens.integration,
        `{ metadata { version bundle
            objects { id apiName pluralApiName nameField fields { apiName } }
            account: object(name: "account") { id label options { trackHistory trackedFields searchable }
              name: field(name: "name") { type required label state }
              industry: field(name: "industry") { type options { value label inactive } config }
              parentAccount: field(name: "parentAccount") { type target config }
              relations { name kind target field fieldObject onDelete } layouts { apiName isDefault sections { fields } } }
            byId: object(name: "obj_opportunity") { apiName pipelines { apiName field isDefault stages { value category probability } } validationRules { apiName active condition errorMessage } }
            nope: object(name: "nope") { id } } }`,
      ),
    );
    const restMeta = await rest(a, 'GET', '/api/v1/meta');
    expect(data.metadata.version).toBe(restMeta.body.version);
    expect(data.metadata.bundle).toEqual(restMeta.body.bundle);
    expect(data.metadata.objects.map((o: { apiName: string }) => o.apiName)).toEqual(restMeta.body.bundle.objects.map((o: { apiName: string }) => o.apiName));
    const account = data.metadata.account;
    expect(account.name).toMatchObject({ type: 'text', required: true, label: { en: 'Account name' }, state: 'active' });
    expect(account.industry.options.length).toBeGreaterThan(3);
    expect(account.parentAccount).toMatchObject({ type: 'lookup', target: 'account' });
    expect(account.relations).toContainEqual({
      name: 'contacts',
      kind: 'toMany',
      target: 'contact',
      field: 'account',
      fieldObject: 'contact',
      onDelete: expect.any(String),
    });
    expect(account.relations).toContainEqual(expect.objectContaining({ name: 'parentAccount', kind: 'toOne', target: 'account', fieldObject: 'account' }));
    expect(account.layouts[0].sections[0].fields).toContain('name');
    expect(data.metadata.byId.apiName).toBe('opportunity');
    expect(data.metadata.byId.pipelines[0].stages.map((s: { category: string }) => s.category)).toContain('won');
    expect(data.metadata.nope).toBeNull();
    // Members read metadata too (the workspace renders from it).
    expect(ok(await gql(memberSession, '{ metadata { version } }')).metadata.version).toBe(data.metadata.version);
  });

  it('a dry run returns the plan REST returns and changes nothing', async () => {
    const before = await version(a);
    const field = { apiName: 'dryRating', type: 'integer', label: { en: 'Dry rating' }, indexed: true };
    const answer = ok(
      await gql(
        a.tokens.admin,
        `mutation($v: Int!, $f: FieldInput!) { addField(baseVersion: $v, object: "account", field: $f, dryRun: true) {
          applied version jobs { id } plan { baseVersion version ddl destructive rowsAffected summary steps { action object field description destructive rowsAffected } jobs { id task description payload } } } }`,
        { v: before, f: field },
      ),
    );
    expect(answer.addField).toMatchObject({ applied: false, version: before, jobs: [] });
    const viaRest = await rest(a, 'POST', '/api/v1/meta/objects/account/fields?dryRun=true', { baseVersion: before, field });
    expect(viaRest.status).toBe(200);
    const { jobs: restJobs, ...restPlan } = viaRest.body.plan;
    const { jobs: gqlJobs, steps, ...gqlPlan } = answer.addField.plan;
    const given = (entry: Record<string, unknown>) => Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null));
    expect({ ...gqlPlan, steps: steps.map(given) }).toEqual(restPlan);
    expect(gqlJobs.map(({ id, ...job }: Record<string, unknown>) => ({ id, ...job }))).toEqual(
      restJobs.map((job: Record<string, unknown>) => ({ id: null, task: job.task, description: job.description, payload: job.payload })),
    );
    // Same for applyMetadataChanges.
    const many = ok(
      await gql(
        a.tokens.admin,
        'mutation($v: Int!, $ops: [JSON!]!) { applyMetadataChanges(baseVersion: $v, operations: $ops, dryRun: true) { applied plan { ddl } } }',
        {
          v: before,
          ops: [{ op: 'addField', object: 'account', field }],
        },
      ),
    );
    expect(many.applyMetadataChanges).toEqual({ applied: false, plan: { ddl: answer.addField.plan.ddl } });
    expect(await version(a)).toBe(before);
    const columns = await server.database.pool.query(`select 1 from information_schema.columns where table_schema = $1 and column_name = 'dry_rating'`, [
      a.fixture.schema,
    ]);
    expect(columns.rowCount).toBe(0);
    expect((await a.fixture.object('account')).fields.map((f) => f.apiName)).not.toContain('dryRating');
  });

  it('a stale base version is a CONFLICT and changes nothing', async () => {
    const current = await version(a);
    const stale = await gql(a.tokens.admin, 'mutation { deleteField(baseVersion: 0, object: "account", field: "website") { applied } }');
    expect(stale.status).toBe(200);
    expect(refusal(stale)).toMatchObject({ code: 'CONFLICT', paths: ['/baseVersion'], details: ['STALE_VERSION'] });
    const staleMany = await gql(a.tokens.admin, 'mutation($ops: [JSON!]!) { applyMetadataChanges(baseVersion: 0, operations: $ops) { applied } }', {
      ops: [{ op: 'deleteField', object: 'account', field: 'website' }],
    });
    expect(refusal(staleMany).code).toBe('CONFLICT');
    expect(await version(a)).toBe(current);
  });

  it('creates an object, adds, updates and deletes a field, each one revision; problems name their paths', async () => {
    let v = await version(a);
    const created = ok(
      await gql(
        a.tokens.admin,
        `mutation($v: Int!, $o: ObjectInput!) { createObject(baseVersion: $v, object: $o) { applied version plan { steps { action object } } } }`,
        {
          v,
          o: {
            apiName: 'invoice',
            pluralApiName: 'invoices',
            label: { en: 'Invoice', 'zh-CN': '发票' },
            pluralLabel: { en: 'Invoices' },
            nameField: 'number',
            description: null,
            options: { trackHistory: true, trackedFields: null },
            fields: [
              { apiName: 'number', type: 'text', label: { en: 'Number' }, required: true, default: null },
              { apiName: 'total', type: 'currency', label: { en: 'Total' }, config: { defaultCurrency: 'EUR' } },
            ],
          },
        },
      ),
    );
    expect(created.createObject).toMatchObject({ applied: true, version: v + 1, plan: { steps: [{ action: 'createObject', object: 'invoice' }] } });
    v += 1;
    const added = ok(
      await gql(
        a.tokens.admin,
        `mutation($v: Int!) { addField(baseVersion: $v, object: "invoice", field: {apiName: "paid", type: boolean, label: {en: "Paid"}, helpText: {en: "Settled?"}}) { version } }`,
        { v },
      ),
    );
    expect(added.addField.version).toBe(++v);
    const updated = ok(
      await gql(
        a.tokens.admin,
        `mutation($v: Int!) { updateField(baseVersion: $v, object: "invoice", field: "paid", changes: {label: {en: "Paid?"}, helpText: null, indexed: true}) { version } }`,
        { v },
      ),
    );
    expect(updated.updateField.version).toBe(++v);
    const field = ok(
      await gql(a.tokens.admin, '{ metadata { object(name: "invoice") { label options { trackHistory } field(name: "paid") { label helpText indexed } } } }'),
    );
    expect(field.metadata.object).toEqual({
      label: { en: 'Invoice', 'zh-CN': '发票' },
      options: { trackHistory: true },
      field: { label: { en: 'Paid?' }, helpText: null, indexed: true },
    });
    // REST sees the same metadata.
    const restObject = (await rest(a, 'GET', '/api/v1/meta/objects/invoice')).body.object;
    expect(restObject.fields.find((f: { apiName: string }) => f.apiName === 'paid')).toMatchObject({ label: { en: 'Paid?' }, indexed: true });
    expect(restObject.fields.find((f: { apiName: string }) => f.apiName === 'paid')).not.toHaveProperty('helpText');

    const invalid = await gql(
      a.tokens.admin,
      `mutation($v: Int!) { addField(baseVersion: $v, object: "invoice", field: {apiName: "Bad Name", type: text, label: {en: "x"}}) { version } }`,
      { v },
    );
    expect(refusal(invalid)).toMatchObject({ code: 'INVALID_METADATA', paths: ['/field/apiName'] });
    const unknownObject = await gql(a.tokens.admin, `mutation($v: Int!) { deleteField(baseVersion: $v, object: "nope", field: "x") { version } }`, { v });
    expect(refusal(unknownObject)).toMatchObject({ code: 'NOT_FOUND', paths: ['/object'] });
    const notPatchable = await gql(
      a.tokens.admin,
      `mutation($v: Int!, $c: FieldChangesInput!) { updateField(baseVersion: $v, object: "invoice", field: "paid", changes: $c) { version } }`,
      {
        v,
        c: { apiName: 'x' },
      },
    );
    expect(refusal(notPatchable).code).toBe('VALIDATION_FAILED');

    const deleted = ok(
      await gql(a.tokens.admin, `mutation($v: Int!) { deleteField(baseVersion: $v, object: "invoice", field: "paid") { applied plan { destructive } } }`, {
        v,
      }),
    );
    expect(deleted.deleteField).toEqual({ applied: true, plan: { destructive: true } });
    expect(ok(await gql(a.tokens.admin, '{ metadata { object(name: "invoice") { field(name: "paid") { id } } } }')).metadata.object.field).toBeNull();
  });

  it('applies several operations as one revision, and lists revisions and jobs (with progress)', async () => {
    await rest(a, 'POST', '/api/v1/data/lead', { name: 'Ada', company: 'Analytical Engines' });
    const v = await version(a);
    const result = ok(
      await gql(
        a.tokens.admin,
        `mutation($v: Int!, $ops: [JSON!]!) { applyMetadataChanges(baseVersion: $v, operations: $ops) { applied version jobs { id task description runAt payload } } }`,
        {
          v,
          ops: [
            { op: 'addField', object: 'lead', field: { apiName: 'leadCode', type: 'text', label: { en: 'Code' }, indexed: true } },
            { op: 'updateField', object: 'lead', field: 'company', changes: { description: 'The employer' } },
          ],
        },
      ),
    );
    expect(result.applyMetadataChanges).toMatchObject({ applied: true, version: v + 1 });
    const [job] = result.applyMetadataChanges.jobs;
    expect(job).toMatchObject({ task: 'buildIndex', id: expect.any(String) });
    const read = ok(
      await gql(
        a.tokens.admin,
        `query($id: ID!) { jobs { id task status done total progress } queued: jobs(status: queued, first: 5) { id } job(id: $id) { id task status progress attempts runAt createdAt }
          revisions(first: 2) { version actor summary createdAt operations plan { version steps { action } } }
          revision(version: ${v + 1}) { version actor } }`,
        { id: job.id },
      ),
    );
    expect(read.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
    expect(read.job).toMatchObject({ id: job.id, task: 'buildIndex' });
    expect(read.job.progress === null || typeof read.job.progress === 'number').toBe(true);
    expect(read.revisions[0]).toMatchObject({ version: v + 1, operations: expect.any(Array), plan: { version: v + 1 } });
    expect(read.revisions[0].actor).toMatch(/^apiKey:/);
    expect(read.revisions).toHaveLength(2);
    expect(read.revision).toMatchObject({ version: v + 1 });
    // The jobs REST lists are the same.
    const restJobs = (await rest(a, 'GET', '/api/v1/meta/jobs')).body.data;
    expect(read.jobs.map((j: { id: string }) => j.id)).toEqual(restJobs.map((j: { id: string }) => j.id));
    const badFirst = await gql(a.tokens.admin, '{ jobs(first: 0) { id } }');
    expect(refusal(badFirst)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/first'] });
  });

  it('revisions need viewAudit; metadata changes need manageMetadata', async () => {
    expect(refusal(await gql(a.tokens.integration, '{ revisions { version } }')).code).toBe('FORBIDDEN');
    expect(refusal(await gql(memberSession, '{ revision(version: 1) { version } }')).code).toBe('FORBIDDEN');
    const v = await version(a);
    const mutations = [
      'mutation($v: Int!) { applyMetadataChanges(baseVersion: $v, operations: [{op: "deleteField", object: "lead", field: "title"}]) { applied } }',
      'mutation($v: Int!) { createObject(baseVersion: $v, object: {apiName: "nope", pluralApiName: "nopes", label: {en: "N"}, pluralLabel: {en: "Ns"}, nameField: "name", fields: []}) { applied } }',
      'mutation($v: Int!) { addField(baseVersion: $v, object: "lead", field: {apiName: "nope", type: text, label: {en: "N"}}) { applied } }',
      'mutation($v: Int!) { updateField(baseVersion: $v, object: "lead", field: "title", changes: {required: true}) { applied } }',
      'mutation($v: Int!) { addField(baseVersion: $v, object: "lead", field: {apiName: "probe", type: text, label: {en: "P"}}, dryRun: true) { applied } }',
    ];
    const key = await integrationKey();
    for (const query of mutations) {
      for (const who of [a.tokens.integration, memberSession, key.token] as Who[]) expect(refusal(await gql(who, query, { v })).code, query).toBe('FORBIDDEN');
    }
    expect(await version(a)).toBe(v);
    // A permission set granting manageMetadata lets an integration key change metadata (and nothing else of the admin's).
    const set = ok(await gql(a.tokens.admin, 'mutation { createPermissionSet(input: {name: "Metadata admins", system: [manageMetadata]}) { id } }'));
    ok(await gql(a.tokens.admin, `mutation { assignPermissionSet(principalId: "${key.id}", permissionSetId: "${set.createPermissionSet.id}") { id } }`));
    await eventually(async () => expect(ok(await gql(key.token, mutations[4] as string, { v })).addField.applied).toBe(false));
    expect(refusal(await gql(key.token, '{ roles { id } }')).code).toBe('FORBIDDEN');
    expect(refusal(await gql(key.token, '{ revisions { version } }')).code).toBe('FORBIDDEN');
    // REST's metadata writes take the same permission: the key may, a plain integration key may not.
    const dryRun = {
      baseVersion: v,
      dryRun: true,
      operations: [{ op: 'addField', object: 'lead', field: { apiName: 'probe', type: 'text', label: { en: 'P' } } }],
    };
    const restWith = (token: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/meta/changes', headers: { authorization: `Bearer ${token}` }, payload: dryRun });
    expect((await restWith(key.token)).statusCode).toBe(200);
    const refused = await restWith(a.tokens.integration);
    expect([refused.statusCode, JSON.parse(refused.body).code]).toEqual([403, 'FORBIDDEN']);
    expect(await version(a)).toBe(v);
  });
});

describe('set-aside metadata', () => {
  it('deleted objects and fields are listed (REST and GraphQL alike) until restored, with their restore window', async () => {
    const c = await createTestTenant(server, 'gqmc', { bundle: crmBundle });
    const change = async (operations: unknown[]) => {
      const answer = await rest(c, 'POST', '/api/v1/meta/changes', { baseVersion: await version(c), operations });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    };
    const project = {
      apiName: 'project',
      pluralApiName: 'projects',
      label: { en: 'Project' },
      pluralLabel: { en: 'Projects' },
      nameField: 'name',
      fields: [{ apiName: 'name', type: 'text', label: { en: 'Name' } }],
    };
    await change([
      { op: 'createObject', object: project },
      { op: 'addField', object: 'lead', field: { apiName: 'nickname', type: 'text', label: { en: 'Nickname', 'zh-CN': '昵称' } } },
    ]);
    expect((await rest(c, 'GET', '/api/v1/meta/deleted')).body.data).toEqual([]);
    await change([{ op: 'deleteField', object: 'lead', field: 'nickname' }]);
    await change([{ op: 'deleteObject', object: 'project' }]);
    const listed = await rest(c, 'GET', '/api/v1/meta/deleted', undefined, 'integration');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((e: Record<string, unknown>) => [e.kind, e.objectApiName, e.apiName, e.label])).toEqual([
      ['field', 'lead', 'nickname', { en: 'Nickname', 'zh-CN': '昵称' }],
      ['object', 'project', 'project', { en: 'Project' }],
    ]);
    for (const element of listed.body.data as Array<{ deletedAt: string; restorableUntil: string }>) {
      expect(Date.parse(element.restorableUntil) - Date.parse(element.deletedAt)).toBe(30 * 86_400_000);
    }
    const viaGraphql = ok(
      await gql(c.tokens.integration, '{ metadata { deleted { kind objectId objectApiName id apiName label deletedAt restorableUntil } } }'),
    );
    expect(viaGraphql.metadata.deleted).toEqual(listed.body.data);
    // Another tenant's deleted elements never show; a restore takes the element off the list.
    expect((await rest(b, 'GET', '/api/v1/meta/deleted')).body.data).toEqual([]);
    await change([{ op: 'restoreField', object: 'lead', field: listed.body.data[0].id }]);
    expect((await rest(c, 'GET', '/api/v1/meta/deleted')).body.data.map((e: { apiName: string }) => e.apiName)).toEqual(['project']);
  });
});

describe('access administration', () => {
  it('roles: create, walk the tree, rename, move, assign, unassign and delete', async () => {
    const vp = ok(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "Sales VP"}) { id name parentId builtIn parent { name } } }')).createRole;
    expect(vp).toMatchObject({ name: 'Sales VP', parentId: BUILT_IN.companyRole, builtIn: false, parent: { name: 'Company' } });
    const east = ok(await gql(a.tokens.admin, `mutation { createRole(input: {name: "East", parentId: "${vp.id}"}) { id } }`)).createRole;
    const west = ok(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "West", parentId: null}) { id parentId } }')).createRole;
    expect(west.parentId).toBe(BUILT_IN.companyRole);
    const tree = ok(await gql(a.tokens.admin, '{ roleTree { name builtIn children { name children { name } } } }')).roleTree;
    expect(tree).toMatchObject({ name: 'Company', builtIn: true });
    expect(tree.children).toContainEqual({ name: 'Sales VP', children: [{ name: 'East' }] });
    expect(tree.children).toContainEqual({ name: 'West', children: [] });

    const moved = ok(
      await gql(a.tokens.admin, `mutation { updateRole(id: "${east.id}", input: {name: "East Coast", parentId: "${west.id}"}) { name parent { name } } }`),
    );
    expect(moved.updateRole).toEqual({ name: 'East Coast', parent: { name: 'West' } });
    const cycle = await gql(a.tokens.admin, `mutation { updateRole(id: "${west.id}", input: {parentId: "${east.id}"}) { id } }`);
    expect(refusal(cycle)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/input/parentId'], details: ['ROLE_CYCLE'] });
    expect(refusal(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "West"}) { id } }'))).toMatchObject({
      code: 'ALREADY_EXISTS',
      paths: ['/input/name'],
    });
    expect(refusal(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "  "}) { id } }'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      paths: ['/input/name'],
    });
    const orphan = await gql(a.tokens.admin, `mutation { createRole(input: {name: "Orphan", parentId: "${BUILT_IN.administratorSet}"}) { id } }`);
    expect(refusal(orphan)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/input/parentId'], details: ['UNKNOWN_ROLE'] });

    const key = await integrationKey();
    const assigned = ok(
      await gql(a.tokens.admin, `mutation { assignRole(principalId: "${key.id}", roleId: "${east.id}") { id roleId role { name } permissionSetIds } }`),
    );
    expect(assigned.assignRole).toEqual({ id: key.id, roleId: east.id, role: { name: 'East Coast' }, permissionSetIds: [] });
    expect(ok(await gql(a.tokens.admin, `{ role(id: "${east.id}") { holderIds } }`)).role.holderIds).toEqual([key.id]);
    const inUse = await gql(a.tokens.admin, `mutation { deleteRole(id: "${east.id}") }`);
    expect(refusal(inUse)).toMatchObject({ code: 'CONFLICT', paths: ['/id'], details: ['ROLE_IN_USE'] });
    expect(refusal(await gql(a.tokens.admin, `mutation { deleteRole(id: "${west.id}") }`)).details).toEqual(['ROLE_HAS_CHILDREN']);
    expect(ok(await gql(a.tokens.admin, `mutation { unassignRole(principalId: "${key.id}") { roleId } }`)).unassignRole.roleId).toBeNull();
    expect(ok(await gql(a.tokens.admin, `mutation { deleteRole(id: "${east.id}") }`)).deleteRole).toBe(true);
    expect(ok(await gql(a.tokens.admin, `{ role(id: "${east.id}") { id } }`)).role).toBeNull();
    expect(refusal(await gql(a.tokens.admin, `mutation { deleteRole(id: "${BUILT_IN.companyRole}") }`)).details).toEqual(['BUILT_IN_ROLE']);
    const nobody = await gql(a.tokens.admin, `mutation { assignRole(principalId: "${BUILT_IN.administratorSet}", roleId: "${vp.id}") { id } }`);
    expect(refusal(nobody)).toMatchObject({ code: 'NOT_FOUND', paths: ['/principalId'] });
    // REST lists the same roles.
    const viaGql = ok(await gql(a.tokens.admin, '{ roles { id name parentId } }')).roles;
    expect(viaGql).toEqual((await rest(a, 'GET', '/api/v1/admin/roles')).body.data);
  });

  it('permission sets: typed grants in, the same view as REST out; assignments take effect', async () => {
    const input = {
      name: 'Sales reps',
      description: 'Accounts and contacts',
      objects: [
        { object: 'account', read: true, create: true, update: true },
        { object: 'contact', read: true },
      ],
      fields: [
        { object: 'account', field: 'name', access: 'edit' },
        { object: 'account', field: 'industry', access: 'read' },
        { object: 'contact', field: '*', access: 'read' },
      ],
      system: ['export'],
    };
    const created = ok(
      await gql(
        a.tokens.admin,
        `mutation($i: PermissionSetInput!) { createPermissionSet(input: $i) { id name description builtIn system assigneeIds createdAt updatedAt
            objects { object create read update delete viewAll modifyAll } fields { object field access } } }`,
        { i: input },
      ),
    ).createPermissionSet;
    expect(created).toMatchObject({ name: 'Sales reps', builtIn: false, system: ['export'], assigneeIds: [] });
    expect(created.objects).toContainEqual({ object: 'account', create: true, read: true, update: true, delete: false, viewAll: false, modifyAll: false });
    expect(created.fields).toContainEqual({ object: 'contact', field: '*', access: 'read' });
    // REST shows the same set.
    const viaRest = (await rest(a, 'GET', `/api/v1/admin/permission-sets/${created.id}`)).body;
    expect(viaRest).toMatchObject({ id: created.id, name: 'Sales reps', system: ['export'], createdAt: created.createdAt });
    expect(viaRest.objects.account).toEqual({ read: true, create: true, update: true });
    expect(viaRest.fields.account).toEqual({ name: 'edit', industry: 'read' });
    // The same body through REST makes the same set.
    const restMade = await rest(a, 'POST', '/api/v1/admin/permission-sets', {
      name: 'Sales reps (REST)',
      description: 'Accounts and contacts',
      objects: { account: { read: true, create: true, update: true }, contact: { read: true } },
      fields: { account: { name: 'edit', industry: 'read' }, contact: { '*': 'read' } },
      system: ['export'],
    });
    const restSet = ok(
      await gql(a.tokens.admin, `{ permissionSet(id: "${restMade.body.id}") { objects { object read create update } fields { object field access } system } }`),
    );
    const gqlSet = ok(
      await gql(a.tokens.admin, `{ permissionSet(id: "${created.id}") { objects { object read create update } fields { object field access } system } }`),
    );
    expect(restSet).toEqual(gqlSet);

    const problems = await gql(a.tokens.admin, 'mutation($i: PermissionSetInput!) { createPermissionSet(input: $i) { id } }', {
      i: {
        name: 'Broken',
        objects: [{ object: 'account', read: true }, { object: 'nope' }],
        fields: [
          { object: 'account', field: 'zz', access: 'read' },
          { object: 'account', field: 'id', access: 'read' },
          { object: 'ghost', field: 'x', access: 'read' },
        ],
      },
    });
    expect(refusal(problems)).toMatchObject({
      code: 'VALIDATION_FAILED',
      paths: ['/input/objects/1/object', '/input/fields/0/field', '/input/fields/1/field', '/input/fields/2/object'],
      details: ['UNKNOWN_OBJECT', 'UNKNOWN_FIELD', 'SYSTEM_FIELD', 'UNKNOWN_OBJECT'],
    });
    expect(problems.errors?.[0]?.message).toContain('/input/objects/1/object');
    const twice = await gql(
      a.tokens.admin,
      'mutation { createPermissionSet(input: {name: "Twice", objects: [{object: "account"}, {object: "account", read: true}]}) { id } }',
    );
    expect(refusal(twice)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/input/objects/1/object'], details: ['DUPLICATE'] });
    expect(refusal(await gql(a.tokens.admin, 'mutation { createPermissionSet(input: {name: "Sales reps"}) { id } }'))).toMatchObject({
      code: 'ALREADY_EXISTS',
      paths: ['/input/name'],
    });
    const admin = await gql(a.tokens.admin, `mutation { updatePermissionSet(id: "${BUILT_IN.administratorSet}", input: {name: "Mine"}) { id } }`);
    expect(refusal(admin).code).toBe('FORBIDDEN');

    const updated = ok(
      await gql(
        a.tokens.admin,
        `mutation { updatePermissionSet(id: "${created.id}", input: {name: "Sales reps", objects: [{object: "account", read: true}], fields: [{object: "account", field: "*", access: read}]}) { objects { object update } fields { field } system } }`,
      ),
    );
    expect(updated.updatePermissionSet).toEqual({ objects: [{ object: 'account', update: false }], fields: [{ field: '*' }], system: [] });

    // Assigning the set lets a key read accounts; taking it away stops it.
    const key = await integrationKey();
    expect((await a.request('GET', '/api/v1/data/account', { headers: { authorization: `Bearer ${key.token}` } })).statusCode).toBe(403);
    const assigned = ok(
      await gql(
        a.tokens.admin,
        `mutation { assignPermissionSet(principalId: "${key.id}", permissionSetId: "${created.id}") { permissionSetIds permissionSets { name } } }`,
      ),
    );
    expect(assigned.assignPermissionSet).toEqual({ permissionSetIds: [created.id], permissionSets: [{ name: 'Sales reps' }] });
    expect(ok(await gql(a.tokens.admin, `{ permissionSet(id: "${created.id}") { assigneeIds } principal(id: "${key.id}") { permissionSetIds } }`))).toEqual({
      permissionSet: { assigneeIds: [key.id] },
      principal: { permissionSetIds: [created.id] },
    });
    await eventually(async () =>
      expect((await a.request('GET', '/api/v1/data/account', { headers: { authorization: `Bearer ${key.token}` } })).statusCode).toBe(200),
    );
    ok(await gql(a.tokens.admin, `mutation { unassignPermissionSet(principalId: "${key.id}", permissionSetId: "${created.id}") { permissionSetIds } }`));
    await eventually(async () =>
      expect((await a.request('GET', '/api/v1/data/account', { headers: { authorization: `Bearer ${key.token}` } })).statusCode).toBe(403),
    );
    expect(ok(await gql(a.tokens.admin, '{ permissionSets { name } }')).permissionSets.map((s: { name: string }) => s.name)).toEqual(
      (await rest(a, 'GET', '/api/v1/admin/permission-sets')).body.data.map((s: { name: string }) => s.name),
    );
  });

  it('org-wide defaults, sharing rules and manual shares, as REST sees them', async () => {
    const set = ok(await gql(a.tokens.admin, 'mutation { setOrgWideDefault(object: "case", sharing: private) { object sharing } }'));
    expect(set.setOrgWideDefault).toEqual({ object: 'case', sharing: 'private' });
    const defaults = ok(await gql(a.tokens.admin, '{ orgWideDefaults { object sharing } orgWideDefault(object: "case") { sharing } }'));
    expect(defaults.orgWideDefault).toEqual({ sharing: 'private' });
    expect(defaults.orgWideDefaults).toEqual((await rest(a, 'GET', '/api/v1/admin/sharing')).body.data);
    expect(refusal(await gql(a.tokens.admin, '{ orgWideDefault(object: "nope") { sharing } }'))).toMatchObject({ code: 'NOT_FOUND', paths: ['/object'] });
    expect(refusal(await gql(a.tokens.admin, 'mutation { setOrgWideDefault(object: "nope", sharing: private) { sharing } }')).code).toBe('NOT_FOUND');

    const role = ok(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "Support"}) { id } }')).createRole.id;
    const rule = ok(
      await gql(
        a.tokens.admin,
        `mutation($c: JSON!) { createSharingRule(input: {object: "case", name: "Urgent to support", criteria: $c, roleId: "${role}", access: edit}) { id object name criteria roleId role { name } access createdAt } }`,
        { c: { '==': [{ var: 'priority' }, 'high'] } },
      ),
    ).createSharingRule;
    expect(rule).toMatchObject({
      object: 'case',
      name: 'Urgent to support',
      criteria: { '==': [{ var: 'priority' }, 'high'] },
      role: { name: 'Support' },
      access: 'edit',
    });
    const listed = ok(
      await gql(a.tokens.admin, '{ sharingRules(object: "case") { id object name criteria roleId access createdAt } all: sharingRules { id } }'),
    );
    expect(listed.sharingRules).toEqual((await rest(a, 'GET', '/api/v1/admin/sharing-rules?object=case')).body.data);
    expect(listed.all.map((r: { id: string }) => r.id)).toContain(rule.id);
    const badCriteria = await gql(
      a.tokens.admin,
      `mutation { createSharingRule(input: {object: "case", name: "x", criteria: {nope: [1]}, roleId: "${role}"}) { id } }`,
    );
    expect(refusal(badCriteria).details).toEqual(['INVALID_CRITERIA']);
    expect(refusal(badCriteria).paths[0]).toMatch(/^\/input\/criteria/);
    expect(refusal(await gql(a.tokens.admin, `{ sharingRules(object: "nope") { id } }`))).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/object'] });
    expect(ok(await gql(a.tokens.admin, `mutation { deleteSharingRule(id: "${rule.id}") }`)).deleteSharingRule).toBe(true);
    expect(refusal(await gql(a.tokens.admin, `mutation { deleteSharingRule(id: "${rule.id}") }`))).toMatchObject({ code: 'NOT_FOUND', paths: ['/id'] });

    const record = (await rest(a, 'POST', '/api/v1/data/account', { name: 'Shared Co' })).body.id;
    const key = await integrationKey();
    const shared = ok(
      await gql(
        a.tokens.admin,
        `mutation { shareRecord(input: {object: "account", recordId: "${record}", granteeId: "${key.id}", access: edit}) { object recordId granteeId granteeKind access createdBy createdAt } }`,
      ),
    ).shareRecord;
    expect(shared).toMatchObject({
      object: 'account',
      recordId: record,
      granteeId: key.id,
      granteeKind: 'user',
      access: 'edit',
      createdBy: expect.any(String),
    });
    ok(
      await gql(
        a.tokens.admin,
        `mutation { shareRecord(input: {object: "account", recordId: "${record}", granteeId: "${role}", granteeKind: role}) { access } }`,
      ),
    );
    const shares = ok(
      await gql(
        a.tokens.admin,
        `{ recordShares(object: "account", recordId: "${record}") { object recordId granteeId granteeKind access createdBy createdAt } }`,
      ),
    ).recordShares;
    expect(shares).toEqual((await rest(a, 'GET', `/api/v1/admin/shares?object=account&recordId=${record}`)).body.data);
    expect(shares).toHaveLength(2);
    const unknownRecord = await gql(
      a.tokens.admin,
      `mutation { shareRecord(input: {object: "account", recordId: "${role}", granteeId: "${key.id}"}) { access } }`,
    );
    expect(refusal(unknownRecord)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/input/recordId'], details: ['UNKNOWN_RECORD'] });
    const unknownGrantee = await gql(
      a.tokens.admin,
      `mutation { shareRecord(input: {object: "account", recordId: "${record}", granteeId: "${role}"}) { access } }`,
    );
    expect(refusal(unknownGrantee)).toMatchObject({ paths: ['/input/granteeId'], details: ['UNKNOWN_GRANTEE'] });
    expect(ok(await gql(a.tokens.admin, `mutation { unshareRecord(object: "account", recordId: "${record}", granteeId: "${key.id}") }`)).unshareRecord).toBe(
      true,
    );
    expect(refusal(await gql(a.tokens.admin, `mutation { unshareRecord(object: "account", recordId: "${record}", granteeId: "${key.id}") }`)).code).toBe(
      'NOT_FOUND',
    );
    expect(refusal(await gql(a.tokens.admin, `mutation { unshareRecord(object: "account", recordId: "x", granteeId: "${key.id}") }`))).toMatchObject({
      code: 'VALIDATION_FAILED',
      paths: ['/recordId'],
    });
  });

  it("one document may create a role, an object, then set the object's sharing and grant it (mutations run in order)", async () => {
    const answer = ok(
      await gql(
        a.tokens.admin,
        `mutation($v: Int!) {
          createRole(input: {name: "Project leads"}) { name }
          createObject(baseVersion: $v, object: {apiName: "project", pluralApiName: "projects", label: {en: "Project"}, pluralLabel: {en: "Projects"},
            nameField: "name", fields: [{apiName: "name", type: text, label: {en: "Name"}}]}) { applied }
          setOrgWideDefault(object: "project", sharing: publicRead) { object sharing }
          createPermissionSet(input: {name: "Projects", objects: [{object: "project", read: true}], fields: [{object: "project", field: "name", access: read}]}) {
            objects { object read } fields { object field }
          }
        }`,
        { v: await version(a) },
      ),
    );
    expect(answer).toEqual({
      createRole: { name: 'Project leads' },
      createObject: { applied: true },
      setOrgWideDefault: { object: 'project', sharing: 'publicRead' },
      createPermissionSet: { objects: [{ object: 'project', read: true }], fields: [{ object: 'project', field: 'name' }] },
    });
  });

  it('every query and mutation needs manageUsers: FORBIDDEN for an integration key and a member', async () => {
    const id = BUILT_IN.companyRole;
    const operations = [
      '{ roles { id } }',
      `{ role(id: "${id}") { id } }`,
      '{ roleTree { id } }',
      '{ permissionSets { id } }',
      `{ permissionSet(id: "${id}") { id } }`,
      `{ principal(id: "${id}") { id } }`,
      '{ orgWideDefaults { object } }',
      '{ orgWideDefault(object: "account") { object } }',
      '{ sharingRules { id } }',
      `{ recordShares(object: "account", recordId: "${id}") { access } }`,
      'mutation { createRole(input: {name: "x"}) { id } }',
      `mutation { updateRole(id: "${id}", input: {name: "x"}) { id } }`,
      `mutation { deleteRole(id: "${id}") }`,
      `mutation { assignRole(principalId: "${id}", roleId: "${id}") { id } }`,
      `mutation { unassignRole(principalId: "${id}") { id } }`,
      'mutation { createPermissionSet(input: {name: "x"}) { id } }',
      `mutation { updatePermissionSet(id: "${id}", input: {name: "x"}) { id } }`,
      `mutation { assignPermissionSet(principalId: "${id}", permissionSetId: "${id}") { id } }`,
      `mutation { unassignPermissionSet(principalId: "${id}", permissionSetId: "${id}") { id } }`,
      'mutation { setOrgWideDefault(object: "account", sharing: private) { object } }',
      `mutation { createSharingRule(input: {object: "account", name: "x", criteria: true, roleId: "${id}"}) { id } }`,
      `mutation { deleteSharingRule(id: "${id}") }`,
      `mutation { shareRecord(input: {object: "account", recordId: "${id}", granteeId: "${id}"}) { access } }`,
      `mutation { unshareRecord(object: "account", recordId: "${id}", granteeId: "${id}") }`,
      '{ users { total } }',
      `{ user(id: "${id}") { id } }`,
      '{ apiKeys { id } }',
      `{ apiKey(id: "${id}") { id } }`,
      'mutation { addUser(input: {email: "x@example.com"}) { created } }',
      `mutation { updateUser(id: "${id}", input: {admin: true}) { id } }`,
      `mutation { deactivateUser(id: "${id}") { id } }`,
      `mutation { reactivateUser(id: "${id}") { id } }`,
      `mutation { resetUserPassword(id: "${id}", password: "long enough password") { id } }`,
      `mutation { removeUser(id: "${id}") }`,
      'mutation { createApiKey(input: {name: "x", admin: true}) { token } }',
      `mutation { updateApiKey(id: "${id}", input: {name: "x"}) { id } }`,
      `mutation { revokeApiKey(id: "${id}") { id } }`,
    ];
    for (const query of operations)
      for (const who of [a.tokens.integration, memberSession] as Who[]) expect(refusal(await gql(who, query)).code, query).toBe('FORBIDDEN');
    // The member's own access is unchanged, and a signed-in admin may.
    expect(ok(await gql(a.tokens.admin, `{ principal(id: "${memberId}") { roleId permissionSetIds } }`)).principal).toEqual({
      roleId: null,
      permissionSetIds: [],
    });
    expect(ok(await gql(adminSession, '{ roles { id } }')).roles.length).toBeGreaterThan(0);
  });
});

describe('users and API keys', () => {
  const MEMBER =
    'id email displayName admin roleId role { name } permissionSetIds permissionSets { name } status deactivatedAt lastSignInAt createdAt mustChangePassword lockedUntil';
  const KEY = 'id name admin roleId role { name } permissionSetIds tokenPrefix status createdBy { id name } createdAt lastUsedAt revokedAt';

  it('lists, adds, changes, deactivates, reactivates, resets and removes members, as REST sees them', async () => {
    const list = ok(await gql(a.tokens.admin, `{ users(first: 50) { total nodes { ${MEMBER} } } }`)).users;
    const viaRest = (await rest(a, 'GET', '/api/v1/admin/users?limit=50')).body;
    expect(list.total).toBe(viaRest.total);
    expect(list.nodes.map((m: { id: string }) => m.id)).toEqual(viaRest.data.map((m: { id: string }) => m.id));
    expect(list.nodes.find((m: { id: string }) => m.id === memberId)).toMatchObject({ admin: false, status: 'active', role: null });

    const role = ok(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "Field sales"}) { id } }')).createRole.id;
    const set = ok(await gql(a.tokens.admin, 'mutation { createPermissionSet(input: {name: "Field sales set", system: [export]}) { id } }')).createPermissionSet
      .id;
    const email = `${uniqueTenantKey('grace')}@example.com`;
    const added = ok(
      await gql(a.tokens.admin, `mutation($i: AddUserInput!) { addUser(input: $i) { created member { ${MEMBER} } } }`, {
        i: { email, displayName: 'Grace Hopper', password: 'a temporary password', roleId: role, permissionSetIds: [set] },
      }),
    ).addUser;
    expect(added.created).toBe(true);
    expect(added.member).toMatchObject({
      email,
      displayName: 'Grace Hopper',
      admin: false,
      roleId: role,
      role: { name: 'Field sales' },
      permissionSets: [{ name: 'Field sales set' }],
      mustChangePassword: true,
    });
    const id = added.member.id as string;
    const { role: restRole, ...restMember } = (await rest(a, 'GET', `/api/v1/admin/users/${id}`)).body;
    const { role: gqlRole, roleId, permissionSets: _sets, ...gqlMember } = added.member;
    expect(gqlMember).toEqual(restMember);
    expect(restRole).toEqual({ id: roleId, name: gqlRole.name });
    expect(ok(await gql(a.tokens.admin, `{ user(id: "${id}") { email } }`)).user).toEqual({ email });
    expect(ok(await gql(a.tokens.admin, `{ users(search: "grace hop") { total nodes { id } } }`)).users).toEqual({ total: 1, nodes: [{ id }] });

    const again = await gql(a.tokens.admin, `mutation { addUser(input: {email: "${email}"}) { created } }`);
    expect(refusal(again)).toMatchObject({ code: 'ALREADY_EXISTS', paths: ['/input/email'], details: ['ALREADY_MEMBER'] });
    const badEmail = await gql(a.tokens.admin, 'mutation { addUser(input: {email: "not an email", password: "a temporary password"}) { created } }');
    expect(refusal(badEmail)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/input/email'], details: ['INVALID_EMAIL'] });
    const unknownRole = await gql(a.tokens.admin, `mutation { updateUser(id: "${id}", input: {roleId: "${set}"}) { id } }`);
    expect(refusal(unknownRole)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/input/roleId'], details: ['UNKNOWN_ROLE'] });

    const changed = ok(
      await gql(
        a.tokens.admin,
        `mutation { updateUser(id: "${id}", input: {displayName: "Grace B. Hopper", roleId: null, permissionSetIds: []}) { displayName roleId permissionSetIds } }`,
      ),
    );
    expect(changed.updateUser).toEqual({ displayName: 'Grace B. Hopper', roleId: null, permissionSetIds: [] });
    const weak = await gql(a.tokens.admin, `mutation { resetUserPassword(id: "${id}", password: "short") { id } }`);
    expect(refusal(weak)).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['/password'], details: ['WEAK_PASSWORD'] });
    expect(
      ok(await gql(a.tokens.admin, `mutation { resetUserPassword(id: "${id}", password: "another temporary one") { mustChangePassword } }`)).resetUserPassword,
    ).toEqual({
      mustChangePassword: true,
    });
    expect(ok(await gql(a.tokens.admin, `mutation { deactivateUser(id: "${id}") { status deactivatedAt } }`)).deactivateUser.status).toBe('deactivated');
    expect(ok(await gql(a.tokens.admin, '{ users(status: deactivated) { nodes { id } } }')).users.nodes).toEqual([{ id }]);
    expect(ok(await gql(a.tokens.admin, `mutation { reactivateUser(id: "${id}") { status } }`)).reactivateUser).toEqual({ status: 'active' });
    expect(ok(await gql(a.tokens.admin, `mutation { removeUser(id: "${id}") }`)).removeUser).toBe(true);
    expect(ok(await gql(a.tokens.admin, `{ user(id: "${id}") { id } }`)).user).toBeNull();
    expect(refusal(await gql(a.tokens.admin, `mutation { removeUser(id: "${id}") }`))).toMatchObject({ code: 'NOT_FOUND', paths: ['/id'] });
    // An admin does not deactivate themselves.
    const self = ok(await gql(adminSession, '{ users(first: 100) { nodes { id admin } } }')).users.nodes.filter((m: { admin: boolean }) => m.admin);
    const selfAnswers = await Promise.all(self.map((m: { id: string }) => gql(adminSession, `mutation { deactivateUser(id: "${m.id}") { id } }`)));
    expect(selfAnswers.map((answer) => refusal(answer).details[0])).toContain('SELF');
  });

  it('deactivating a member ends their session at once', async () => {
    const email = `${uniqueTenantKey('ended')}@example.com`;
    await createUser(server.database.db, { email, password: PASSWORD });
    await addMembership(server.database.db, email, a.key, 'member');
    const session = await signIn(email, a.key);
    expect(ok(await gql(session, '{ metadata { version } }')).metadata.version).toBe(await version(a));
    const id = ok(await gql(a.tokens.admin, `{ users(search: "${email}") { nodes { id } } }`)).users.nodes[0].id as string;
    ok(await gql(a.tokens.admin, `mutation { deactivateUser(id: "${id}") { status } }`));
    expect((await gql(session, '{ metadata { version } }')).status).toBe(401);
  });

  it('creates an API key whose token works once shown, changes and revokes it at once', async () => {
    const role = ok(await gql(a.tokens.admin, 'mutation { createRole(input: {name: "Integrations"}) { id } }')).createRole.id;
    const created = ok(
      await gql(a.tokens.admin, `mutation { createApiKey(input: {name: "ERP sync", roleId: "${role}"}) { token apiKey { ${KEY} } } }`),
    ).createApiKey;
    expect(created.token).toMatch(/^atr_/);
    expect(created.apiKey).toMatchObject({
      name: 'ERP sync',
      admin: false,
      roleId: role,
      role: { name: 'Integrations' },
      status: 'active',
      tokenPrefix: created.token.slice(0, 8),
    });
    const id = created.apiKey.id as string;
    expect(ok(await gql(created.token, '{ metadata { version } }')).metadata.version).toBe(await version(a));
    const listed = ok(await gql(a.tokens.admin, `{ apiKeys(status: active) { id } apiKey(id: "${id}") { ${KEY} } }`));
    expect(listed.apiKeys.map((k: { id: string }) => k.id)).toContain(id);
    const { role: restRole, ...restKey } = (await rest(a, 'GET', `/api/v1/admin/api-keys/${id}`)).body;
    const { role: gqlRole, roleId, permissionSets: _sets, ...gqlKey } = listed.apiKey;
    expect(gqlKey).toEqual({ ...restKey, lastUsedAt: gqlKey.lastUsedAt });
    expect(restRole).toEqual({ id: roleId, name: gqlRole.name });
    expect(ok(await gql(a.tokens.admin, `mutation { updateApiKey(id: "${id}", input: {name: "ERP", roleId: null}) { name roleId } }`)).updateApiKey).toEqual({
      name: 'ERP',
      roleId: null,
    });
    expect(ok(await gql(a.tokens.admin, `mutation { revokeApiKey(id: "${id}") { status revokedAt } }`)).revokeApiKey.status).toBe('revoked');
    expect((await gql(created.token, '{ metadata { version } }')).status).toBe(401);
    expect(refusal(await gql(a.tokens.admin, 'mutation { createApiKey(input: {name: " "}) { token } }'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      paths: ['/input/name'],
    });
    expect(ok(await gql(a.tokens.admin, `{ apiKey(id: "${b.fixture.tenant.id}") { id } }`)).apiKey).toBeNull();
  });

  it("another tenant's users and keys are unknown here", async () => {
    const bKey = await integrationKey(b);
    const bUser = `${uniqueTenantKey('bonly')}@example.com`;
    const bUserId = (await createUser(server.database.db, { email: bUser, password: PASSWORD })).id;
    await addMembership(server.database.db, bUser, b.key, 'member');
    expect(ok(await gql(a.tokens.admin, `{ user(id: "${bUserId}") { id } apiKey(id: "${bKey.id}") { id } }`))).toEqual({ user: null, apiKey: null });
    for (const query of [
      `mutation { updateUser(id: "${bUserId}", input: {admin: true}) { id } }`,
      `mutation { deactivateUser(id: "${bUserId}") { id } }`,
      `mutation { resetUserPassword(id: "${bUserId}", password: "taken over entirely") { id } }`,
      `mutation { removeUser(id: "${bUserId}") }`,
      `mutation { updateApiKey(id: "${bKey.id}", input: {name: "mine"}) { id } }`,
      `mutation { revokeApiKey(id: "${bKey.id}") { id } }`,
    ])
      expect(refusal(await gql(a.tokens.admin, query)), query).toMatchObject({ code: 'NOT_FOUND', paths: ['/id'] });
    expect((await gql(bKey.token, '{ metadata { version } }')).status).toBe(200);
    const bUsers = (await rest(b, 'GET', `/api/v1/admin/users/${bUserId}`)).body;
    expect(bUsers).toMatchObject({ admin: false, status: 'active', mustChangePassword: false });
  });
});

describe('isolation', () => {
  it("a's credentials never see or change b's roles, sets, rules, shares, jobs or metadata, whatever ids they pass", async () => {
    // b's state: a role, a set, a rule, a share, an object, a job, a key.
    const bRole = ok(await gql(b.tokens.admin, 'mutation { createRole(input: {name: "B only"}) { id } }')).createRole.id;
    const bSet = ok(await gql(b.tokens.admin, 'mutation { createPermissionSet(input: {name: "B set"}) { id } }')).createPermissionSet.id;
    const bRule = ok(
      await gql(b.tokens.admin, `mutation { createSharingRule(input: {object: "account", name: "B rule", criteria: true, roleId: "${bRole}"}) { id } }`),
    ).createSharingRule.id;
    const bRecord = (await rest(b, 'POST', '/api/v1/data/account', { name: 'B Co' })).body.id;
    const bKey = await integrationKey(b);
    ok(await gql(b.tokens.admin, `mutation { shareRecord(input: {object: "account", recordId: "${bRecord}", granteeId: "${bKey.id}"}) { access } }`));
    ok(
      await gql(
        b.tokens.admin,
        `mutation($v: Int!) { addField(baseVersion: $v, object: "account", field: {apiName: "bSecret", type: text, label: {en: "B"}, indexed: true}) { version } }`,
        { v: await version(b) },
      ),
    );
    const bJob = (await rest(b, 'GET', '/api/v1/meta/jobs')).body.data[0].id as string;
    const snapshot = async () =>
      normalized(
        ok(
          await gql(
            b.tokens.admin,
            `{ metadata { version bundle } roles { id name parentId } permissionSets { id name objects { object } assigneeIds } sharingRules { id name roleId }
               principal(id: "${bKey.id}") { roleId permissionSetIds } recordShares(object: "account", recordId: "${bRecord}") { granteeId access } orgWideDefaults { object sharing } }`,
          ),
        ),
      );
    const before = await snapshot();

    const aKey = await integrationKey(a);
    const reads = ok(
      await gql(
        a.tokens.admin,
        `{ role(id: "${bRole}") { id } permissionSet(id: "${bSet}") { id } principal(id: "${bKey.id}") { id } job(id: "${bJob}") { id }
           recordShares(object: "account", recordId: "${bRecord}") { granteeId } sharingRules { id } roles { id } permissionSets { id }
           metadata { object(name: "account") { field(name: "bSecret") { id } } } jobs(first: 500) { id } }`,
      ),
    );
    expect(reads).toMatchObject({ role: null, permissionSet: null, principal: null, job: null, recordShares: [], metadata: { object: { field: null } } });
    expect(JSON.stringify(reads)).not.toMatch(new RegExp([bRole, bSet, bRule, bJob, bKey.id].join('|')));

    const refusals: Array<[string, string, string]> = [
      [`mutation { updateRole(id: "${bRole}", input: {name: "Taken over"}) { id } }`, 'NOT_FOUND', '/id'],
      [`mutation { deleteRole(id: "${bRole}") }`, 'NOT_FOUND', '/id'],
      [`mutation { createRole(input: {name: "Under B", parentId: "${bRole}"}) { id } }`, 'VALIDATION_FAILED', '/input/parentId'],
      [`mutation { assignRole(principalId: "${aKey.id}", roleId: "${bRole}") { id } }`, 'VALIDATION_FAILED', '/roleId'],
      [`mutation { assignRole(principalId: "${bKey.id}", roleId: "${BUILT_IN.companyRole}") { id } }`, 'NOT_FOUND', '/principalId'],
      [`mutation { unassignRole(principalId: "${bKey.id}") { id } }`, 'NOT_FOUND', '/principalId'],
      [`mutation { updatePermissionSet(id: "${bSet}", input: {name: "Taken over"}) { id } }`, 'NOT_FOUND', '/id'],
      [`mutation { assignPermissionSet(principalId: "${aKey.id}", permissionSetId: "${bSet}") { id } }`, 'NOT_FOUND', '/permissionSetId'],
      [`mutation { assignPermissionSet(principalId: "${bKey.id}", permissionSetId: "${BUILT_IN.administratorSet}") { id } }`, 'NOT_FOUND', '/principalId'],
      [`mutation { unassignPermissionSet(principalId: "${bKey.id}", permissionSetId: "${bSet}") { id } }`, 'NOT_FOUND', '/principalId'],
      [`mutation { deleteSharingRule(id: "${bRule}") }`, 'NOT_FOUND', '/id'],
      [
        `mutation { createSharingRule(input: {object: "account", name: "To B", criteria: true, roleId: "${bRole}"}) { id } }`,
        'VALIDATION_FAILED',
        '/input/roleId',
      ],
      [
        `mutation { shareRecord(input: {object: "account", recordId: "${bRecord}", granteeId: "${aKey.id}"}) { access } }`,
        'VALIDATION_FAILED',
        '/input/recordId',
      ],
      [
        `mutation { shareRecord(input: {object: "account", recordId: "${bRecord}", granteeId: "${bKey.id}"}) { access } }`,
        'VALIDATION_FAILED',
        '/input/recordId',
      ],
      [`mutation { unshareRecord(object: "account", recordId: "${bRecord}", granteeId: "${bKey.id}") }`, 'NOT_FOUND', '/'],
      [`mutation { deleteField(baseVersion: ${await version(a)}, object: "account", field: "bSecret") { applied } }`, 'NOT_FOUND', '/field'],
    ];
    for (const [query, code, path] of refusals) {
      const answer = await gql(a.tokens.admin, query);
      expect(refusal(answer), query).toMatchObject({ code, paths: [path] });
    }
    // What an unknown id gets is what b's ids get: nothing tells them apart.
    const unknown = '01900000-0000-7000-8000-000000000000';
    const same = async (query: (id: string) => string) => {
      const foreign = await gql(a.tokens.admin, query(bRole));
      const made = await gql(a.tokens.admin, query(unknown));
      expect(normalized(foreign.errors?.map((e) => e.extensions))).toBe(normalized(made.errors?.map((e) => e.extensions)));
    };
    await same((id) => `mutation { deleteRole(id: "${id}") }`);
    await same((id) => `mutation { updatePermissionSet(id: "${id}", input: {name: "x"}) { id } }`);
    await same((id) => `mutation { deleteSharingRule(id: "${id}") }`);
    await same((id) => `mutation { assignRole(principalId: "${id}", roleId: "${BUILT_IN.companyRole}") { id } }`);
    expect(await snapshot()).toBe(before);
  });
});
