import { crmBundle } from '@atrium/seeds';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';

let harness: ApiHarness;
let t: ApiTenant;

beforeAll(async () => {
  harness = await startApi();
  t = await ApiTenant.create(harness, crmBundle, 'crm');
});
afterAll(async () => {
  await harness.close();
});

async function createAccount(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = await t.gql<{ createAccount: { id: string } }>('mutation($input: AccountInput!) { createAccount(input: $input) { id } }', {
    input: { name, ...extra },
  });
  expect(out.errors).toBeUndefined();
  return out.data?.createAccount.id as string;
}

describe('GraphQL for the CRM seed', () => {
  it('creates a record given only its name, with the defaults applied', async () => {
    const out = await t.gql<{ createOpportunity: Record<string, unknown> }>(
      'mutation { createOpportunity(input: {name: "First deal"}) { id name stage version createdAt } }',
    );
    expect(out.errors).toBeUndefined();
    expect(out.data?.createOpportunity).toMatchObject({ name: 'First deal', stage: 'prospecting', version: 1 });
    expect(out.data?.createOpportunity.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists with a filter, totalCount, cursors and pageInfo', async () => {
    for (let i = 0; i < 5; i++) await createAccount(`Paged ${i}`, { industry: 'technology' });
    const query = `query($after: String) { accounts(first: 2, after: $after, filter: {name: {startsWith: "paged"}}, orderBy: [{field: "name"}]) {
      totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const first = await t.gql<{
      accounts: { totalCount: number; edges: Array<{ cursor: string; node: { name: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(query);
    expect(first.errors).toBeUndefined();
    expect(first.data?.accounts.totalCount).toBe(5);
    expect(first.data?.accounts.edges.map((e) => e.node.name)).toEqual(['Paged 0', 'Paged 1']);
    expect(first.data?.accounts.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql<typeof first.data>(query, { after: first.data?.accounts.pageInfo.endCursor });
    expect(second.data?.accounts.edges.map((e) => e.node.name)).toEqual(['Paged 2', 'Paged 3']);
  });

  it('nests lookups and per-parent limited to-many relations, and filters through relations', async () => {
    const acme = await createAccount('Nest Acme');
    for (const name of ['N1', 'N2', 'N3', 'N4']) {
      const out = await t.gql('mutation($input: OpportunityInput!) { createOpportunity(input: $input) { id } }', {
        input: { name, account: acme, amount: { amount: 100, currency: 'USD' } },
      });
      expect(out.errors).toBeUndefined();
    }
    const out = await t.gql<{
      accounts: { nodes: Array<{ name: string; opportunities: { totalCount: number; nodes: Array<{ name: string; account: { name: string } }> } }> };
    }>(
      `{ accounts(filter: {name: {eq: "Nest Acme"}, opportunities: {some: {amount: {gte: 50}}}}) { nodes { name
         opportunities(first: 2, orderBy: [{field: "name", direction: DESC}]) { totalCount nodes { name account { name } } } } } }`,
    );
    expect(out.errors).toBeUndefined();
    const account = out.data?.accounts.nodes[0];
    expect(account?.opportunities.totalCount).toBe(4);
    expect(account?.opportunities.nodes.map((o) => o.name)).toEqual(['N4', 'N3']);
    expect(account?.opportunities.nodes[0]?.account.name).toBe('Nest Acme');
  });

  it('refuses a stale expectedVersion with CONFLICT', async () => {
    const id = await createAccount('Versioned');
    const update = 'mutation($id: ID!, $v: Int) { updateAccount(id: $id, input: {website: "https://example.com"}, expectedVersion: $v) { version website } }';
    const ok = await t.gql<{ updateAccount: { version: number } }>(update, { id, v: 1 });
    expect(ok.data?.updateAccount.version).toBe(2);
    const stale = await t.gql(update, { id, v: 1 });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('reports validation errors per field with stable codes', async () => {
    const out = await t.gql('mutation { createAccount(input: {name: "Bad", website: "not a url", numberOfEmployees: -5}) { id } }');
    expect(out.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const paths = (out.errors?.[0]?.extensions?.details as Array<{ path: string }> | undefined)?.map((d) => d.path) ?? [];
    expect(paths.some((p) => p.includes('website') || p.includes('numberOfEmployees'))).toBe(true);
  });

  it('soft-deletes and restores, undoing setNull on related records', async () => {
    const account = await createAccount('Doomed');
    const created = await t.gql<{ createCase: { id: string } }>('mutation($a: ID) { createCase(input: {name: "Broken", account: $a}) { id } }', { a: account });
    const caseId = created.data?.createCase.id;
    const del = await t.gql('mutation($id: ID!) { deleteAccount(id: $id) { id } }', { id: account });
    expect(del.errors).toBeUndefined();
    expect((await t.gql<{ account: unknown }>('query($id: ID!) { account(id: $id) { id } }', { id: account })).data?.account).toBeNull();
    const orphan = await t.gql<{ case: { account: unknown } }>('query($id: ID!) { case(id: $id) { account { id } } }', { id: caseId });
    expect(orphan.data?.case.account).toBeNull();
    await t.gql('mutation($id: ID!) { restoreAccount(id: $id) { id } }', { id: account });
    const back = await t.gql<{ case: { account: { id: string } } }>('query($id: ID!) { case(id: $id) { account { id } } }', { id: caseId });
    expect(back.data?.case.account.id).toBe(account);
  });

  it('aggregates with groups and date buckets', async () => {
    await t.gql(
      'mutation { createOpportunities(inputs: [{name: "Agg 1", stage: "prospecting", amount: {amount: 10, currency: "USD"}, account: null}, {name: "Agg 2", stage: "prospecting", amount: {amount: 30, currency: "USD"}}]) { id } }',
    );
    const out = await t.gql<{ opportunitiesAggregate: Array<{ group: Record<string, unknown>; count: number; sum: Record<string, number> }> }>(
      '{ opportunitiesAggregate(filter: {name: {startsWith: "Agg"}}, groupBy: [{field: "stage"}, {field: "createdAt", bucket: month}]) { group count sum } }',
    );
    expect(out.errors).toBeUndefined();
    const group = out.data?.opportunitiesAggregate[0];
    expect(group?.count).toBe(2);
    expect(group?.group.stage).toBe('prospecting');
    expect(Number(group?.sum.amount)).toBe(40);
  });

  it('answers the introspection query GraphQL tools send, and refuses data nested deeper than 10 levels', async () => {
    const schema = await t.gql<{ __schema: { types: Array<{ name: string }> } }>(getIntrospectionQuery());
    expect(schema.errors).toBeUndefined();
    expect(schema.data?.__schema.types.map((type) => type.name)).toContain('Account');
    // account → parentAccount, ten levels down: depth 13 with the list, its nodes and the name.
    const deep = `{ accounts(first: 1) { nodes { ${'parentAccount { '.repeat(10)}name${' }'.repeat(10)} } } }`;
    const refused = await t.gql(deep);
    expect(refused.errors?.[0]?.message).toMatch(/depth \(13\) exceeds the query depth limit of 10/);
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('needs a credential', async () => {
    const response = await harness.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ accounts { totalCount } }' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('REST for the CRM seed', () => {
  it('lists, filters with the GraphQL grammar, and pages with cursors', async () => {
    for (let i = 0; i < 3; i++) await createAccount(`Rest ${i}`);
    const filter = encodeURIComponent(JSON.stringify({ name: { startsWith: 'Rest ' } }));
    const first = await t.rest('GET', `/api/v1/data/account?filter=${filter}&sort=-name&limit=2&count=true`);
    expect(first.status).toBe(200);
    expect(first.body.data.map((r: { name: string }) => r.name)).toEqual(['Rest 2', 'Rest 1']);
    expect(first.body).toMatchObject({ hasMore: true, totalCount: 3 });
    const next = await t.rest('GET', `/api/v1/data/account?filter=${filter}&sort=-name&limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.data.map((r: { name: string }) => r.name)).toEqual(['Rest 0']);
    expect(next.body.hasMore).toBe(false);
  });

  it('creates, reads with ETag, patches with If-Match, deletes and restores', async () => {
    const created = await t.rest('POST', '/api/v1/data/contact', { name: 'Ada', email: 'ada@example.com' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const got = await t.rest('GET', `/api/v1/data/contact/${id}`);
    expect(got.headers.etag).toBe('"1"');
    const patched = await t.rest('PATCH', `/api/v1/data/contact/${id}`, { title: 'Engineer' }, { 'if-match': '"1"' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Engineer', version: 2 });
    const stale = await t.rest('PATCH', `/api/v1/data/contact/${id}`, { title: 'Manager' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect((await t.rest('DELETE', `/api/v1/data/contact/${id}`)).status).toBe(200);
    expect((await t.rest('GET', `/api/v1/data/contact/${id}`)).status).toBe(404);
    expect((await t.rest('POST', `/api/v1/data/contact/${id}/restore`)).body.name).toBe('Ada');
  });

  it('answers bad input with 4xx problem documents', async () => {
    for (const url of [
      '/api/v1/data/opportunity?filter=%7Bnot-json',
      '/api/v1/data/opportunity?limit=100000',
      '/api/v1/data/opportunity?cursor=zzz',
      '/api/v1/data/nothing',
      '/api/v1/data/opportunity?bogus=1',
      '/api/v1/data/opportunity?filter=%7B%22amount%22%3A%7B%22gte%22%3A%22x%22%7D%7D',
    ]) {
      const response = await t.rest('GET', url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(response.status, url).toBeLessThan(500);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(response.body.code, url).toMatch(/^[A-Z_]+$/);
    }
  });

  it('exports CSV safe from formula injection', async () => {
    await createAccount('=HYPERLINK("http://evil")');
    const filter = encodeURIComponent(JSON.stringify({ name: { startsWith: '=HYPER' } }));
    const csv = await t.rest('GET', `/api/v1/data/account?filter=${filter}&fields=id,name`, undefined, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe('id,name');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
