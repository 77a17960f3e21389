import { randomUUID } from 'node:crypto';
import { crmBundle } from '@atrium/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';
import { Caller, eventually, type GqlResult, type RestResult } from '../support/callers.ts';

/*
 * The permission model over HTTP (issue 4), for GraphQL, REST and CSV export alike.
 *
 * Roles: Company → Sales VP → East Manager → East Rep, and Company → West Rep. Integration API keys
 * act as the users. "Sales" (every sales key): read/create/update on account, contact and
 * opportunity; every account field editable except annualRevenue (the allow-list names every other
 * field), every contact and opportunity field editable; export. Org-wide defaults: account and
 * opportunity private, contact public read. A sharing rule shares technology accounts with the
 * East Manager role (and the roles below it); one account is shared by hand with the West Rep.
 *
 * Records (owner in brackets):
 *   accounts       East Alpha [eastRep]  East Shared [eastRep, shared with westRep]  East Beta [eastRep2]
 *                  East Gamma [eastMgr]  West Delta [westRep]  West Tech [westRep, technology]
 *                  VP Account [vp]       HQ Account [admin key, no role]
 *   opportunities  Alpha Deal (East Alpha) [eastRep] 100   Alpha Upsell (East Alpha) [westRep] 600
 *                  Beta Deal (East Beta) [eastRep2] 200    Gamma Deal (East Gamma) [eastMgr] 300
 *                  Delta Deal (West Delta) [westRep] 400   Tech Deal (West Tech) [westRep] 500
 *                  VP Deal (VP Account) [vp] 800           HQ Deal (HQ Account) [admin] 900
 *   contacts       Alice East (East Alpha) [eastRep]       Walter West (West Delta) [westRep]
 */

let harness: ApiHarness;
let tenant: ApiTenant;
let admin: Caller;
let vp: Caller;
let eastMgr: Caller;
let eastRep: Caller;
let eastRep2: Caller;
let westRep: Caller;
let finance: Caller;
let ops: Caller;
let deleter: Caller;
let nobody: Caller;
const role: Record<'vp' | 'eastMgr' | 'eastRep' | 'westRep', string> = { vp: '', eastMgr: '', eastRep: '', westRep: '' };
const set: Record<'sales' | 'finance' | 'ops' | 'deleter' | 'transfer', string> = { sales: '', finance: '', ops: '', deleter: '', transfer: '' };
/** Record ids by name. */
const id: Record<string, string> = {};

const ALL_ACCOUNTS = ['East Alpha', 'East Beta', 'East Gamma', 'East Shared', 'HQ Account', 'VP Account', 'West Delta', 'West Tech'];
const ALL_OPPORTUNITIES = ['Alpha Deal', 'Alpha Upsell', 'Beta Deal', 'Delta Deal', 'Gamma Deal', 'HQ Deal', 'Tech Deal', 'VP Deal'];

/** Who sees which accounts and opportunities (sorted by name). */
const VISIBLE: Record<string, { accounts: string[]; opportunities: string[]; amount: number }> = {
  eastRep: { accounts: ['East Alpha', 'East Shared', 'West Tech'], opportunities: ['Alpha Deal'], amount: 100 },
  eastRep2: { accounts: ['East Beta', 'West Tech'], opportunities: ['Beta Deal'], amount: 200 },
  eastMgr: {
    accounts: ['East Alpha', 'East Beta', 'East Gamma', 'East Shared', 'West Tech'],
    opportunities: ['Alpha Deal', 'Beta Deal', 'Gamma Deal'],
    amount: 600,
  },
  vp: {
    accounts: ['East Alpha', 'East Beta', 'East Gamma', 'East Shared', 'VP Account'],
    opportunities: ['Alpha Deal', 'Beta Deal', 'Gamma Deal', 'VP Deal'],
    amount: 1400,
  },
  westRep: { accounts: ['East Shared', 'West Delta', 'West Tech'], opportunities: ['Alpha Upsell', 'Delta Deal', 'Tech Deal'], amount: 1500 },
};

const callers = () => ({ eastRep, eastRep2, eastMgr, vp, westRep }) as Record<string, Caller>;

const sorted = (names: string[]) => [...names].sort();
const namesOf = (nodes: Array<{ name: string }> | undefined) => sorted((nodes ?? []).map((n) => n.name));

function code(result: GqlResult<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

function ok<T>(result: GqlResult<T>): T {
  expect(result.errors, result.text).toBeUndefined();
  return result.data as T;
}

async function adminRest(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<RestResult> {
  const response = await admin.rest(method, url, body);
  expect(response.status, `${method} ${url}: ${response.text}`).toBeLessThan(300);
  return response;
}

/** A problem document with the request-specific parts taken out, for comparing refusals. */
function normalized(body: unknown, ...ids: string[]): string {
  const { requestId: _r, instance: _i, ...rest } = (body ?? {}) as Record<string, unknown>;
  let text = JSON.stringify(rest);
  for (const value of ids) text = text.split(value).join('<id>');
  return text;
}

beforeAll(async () => {
  harness = await startApi();
  tenant = await ApiTenant.create(harness, crmBundle, 'perm');
  // A unique field, added while the table is empty (the index is built at once), for upserts.
  await tenant.change([
    {
      op: 'addField',
      object: 'opportunity',
      field: { id: 'fld_opportunity_deal_code', apiName: 'dealCode', type: 'text', label: { en: 'Deal code' }, unique: true },
    },
  ]);
  const { app, database } = harness;
  const key = (label: string, kind: 'admin' | 'integration' = 'integration') => Caller.create(app, database.db, tenant.key, kind, label);
  admin = await key('admin', 'admin');
  vp = await key('vp');
  eastMgr = await key('eastMgr');
  eastRep = await key('eastRep');
  eastRep2 = await key('eastRep2');
  westRep = await key('westRep');
  finance = await key('finance');
  ops = await key('ops');
  deleter = await key('deleter');
  nobody = await key('nobody');

  // Roles through the admin API.
  const newRole = async (name: string, parentId?: string) =>
    (await adminRest('POST', '/api/v1/admin/roles', { name, ...(parentId ? { parentId } : {}) })).body.id as string;
  role.vp = await newRole('Sales VP');
  role.eastMgr = await newRole('East Manager', role.vp);
  role.eastRep = await newRole('East Rep', role.eastMgr);
  role.westRep = await newRole('West Rep');
  const assignRole = (caller: Caller, roleId: string) => adminRest('PUT', `/api/v1/admin/principals/${caller.id}/role`, { roleId });
  await assignRole(vp, role.vp);
  await assignRole(eastMgr, role.eastMgr);
  await assignRole(eastRep, role.eastRep);
  await assignRole(eastRep2, role.eastRep);
  await assignRole(deleter, role.eastRep);
  await assignRole(westRep, role.westRep);

  // Permission sets: the sales allow-list names every account field but annualRevenue.
  const accountFields = crmBundle.objects.find((o) => o.apiName === 'account')?.fields.map((f) => f.apiName) ?? [];
  expect(accountFields).toContain('annualRevenue');
  const salesAccountFields = Object.fromEntries(accountFields.filter((f) => f !== 'annualRevenue').map((f) => [f, 'edit']));
  const crud = { read: true, create: true, update: true };
  const newSet = async (body: unknown) => (await adminRest('POST', '/api/v1/admin/permission-sets', body)).body.id as string;
  set.sales = await newSet({
    name: 'Sales',
    objects: { account: crud, contact: crud, opportunity: crud },
    fields: { account: salesAccountFields, contact: { '*': 'edit' }, opportunity: { '*': 'edit' } },
    system: ['export'],
  });
  set.finance = await newSet({ name: 'Finance', objects: { account: { read: true, viewAll: true } }, fields: { account: { '*': 'read' } } });
  set.ops = await newSet({
    name: 'Sales ops',
    objects: { opportunity: { read: true, update: true, modifyAll: true }, account: { read: true } },
    fields: { opportunity: { '*': 'edit' }, account: { name: 'read' } },
    system: ['export'],
  });
  set.deleter = await newSet({ name: 'Deleters', objects: { account: { delete: true }, opportunity: { delete: true } } });
  set.transfer = await newSet({ name: 'Transfer', system: ['transferOwnership'] });
  const assignSet = (caller: Caller, setId: string) => adminRest('POST', `/api/v1/admin/principals/${caller.id}/permission-sets/${setId}`);
  for (const caller of [vp, eastMgr, eastRep, eastRep2, westRep, deleter]) await assignSet(caller, set.sales);
  await assignSet(finance, set.finance);
  await assignSet(ops, set.ops);
  await assignSet(deleter, set.deleter);

  // Record access.
  await adminRest('PUT', '/api/v1/admin/objects/account/sharing', { sharing: 'private' });
  await adminRest('PUT', '/api/v1/admin/objects/opportunity/sharing', { sharing: 'private' });
  await adminRest('PUT', '/api/v1/admin/objects/contact/sharing', { sharing: 'publicRead' });
  await adminRest('POST', '/api/v1/admin/sharing-rules', {
    object: 'account',
    name: 'Technology accounts to the East',
    criteria: { '==': [{ var: 'industry' }, 'technology'] },
    roleId: role.eastMgr,
    access: 'read',
  });

  // Records, created by the admin key for their owners.
  const money = (amount: number) => ({ amount, currency: 'USD' });
  const accounts: Array<[string, Caller, string, number, number]> = [
    ['East Alpha', eastRep, 'finance', 1_000_000, 100],
    ['East Shared', eastRep, 'retail', 1_500_000, 50],
    ['East Beta', eastRep2, 'retail', 2_000_000, 10],
    ['East Gamma', eastMgr, 'healthcare', 2_500_000, 20],
    ['West Delta', westRep, 'finance', 3_000_000, 30],
    ['West Tech', westRep, 'technology', 3_500_000, 40],
    ['VP Account', vp, 'energy', 4_000_000, 60],
    ['HQ Account', admin, 'finance', 5_000_000, 70],
  ];
  const created = await adminRest('POST', '/api/v1/data/account/bulk', {
    records: accounts.map(([name, owner, industry, revenue, employees]) => ({
      name,
      ownerId: owner.id,
      industry,
      annualRevenue: money(revenue),
      numberOfEmployees: employees,
    })),
  });
  for (const record of created.body.data) id[record.name] = record.id;
  const opportunities: Array<[string, string, Caller, number]> = [
    ['Alpha Deal', 'East Alpha', eastRep, 100],
    ['Alpha Upsell', 'East Alpha', westRep, 600],
    ['Beta Deal', 'East Beta', eastRep2, 200],
    ['Gamma Deal', 'East Gamma', eastMgr, 300],
    ['Delta Deal', 'West Delta', westRep, 400],
    ['Tech Deal', 'West Tech', westRep, 500],
    ['VP Deal', 'VP Account', vp, 800],
    ['HQ Deal', 'HQ Account', admin, 900],
  ];
  const deals = await adminRest('POST', '/api/v1/data/opportunity/bulk', {
    records: opportunities.map(([name, account, owner, amount]) => ({
      name,
      account: id[account],
      ownerId: owner.id,
      amount: money(amount),
      dealCode: `CODE-${name}`,
    })),
  });
  for (const record of deals.body.data) id[record.name] = record.id;
  const contacts = await adminRest('POST', '/api/v1/data/contact/bulk', {
    records: [
      { name: 'Alice East', account: id['East Alpha'], ownerId: eastRep.id },
      { name: 'Walter West', account: id['West Delta'], ownerId: westRep.id },
    ],
  });
  for (const record of contacts.body.data) id[record.name] = record.id;
  await adminRest('POST', '/api/v1/admin/shares', { object: 'account', recordId: id['East Shared'], granteeId: westRep.id, access: 'read' });
});

afterAll(async () => {
  await harness?.close();
});

async function gqlAccounts(caller: Caller, args = 'first: 500'): Promise<{ totalCount: number; names: string[] }> {
  const data = ok(
    await caller.gql<{ accounts: { totalCount: number; nodes: Array<{ name: string }> } }>(`{ accounts(${args}) { totalCount nodes { name } } }`),
  );
  return { totalCount: data.accounts.totalCount, names: namesOf(data.accounts.nodes) };
}

describe('record access: org-wide default private, the role hierarchy, a sharing rule, a manual share', () => {
  it.each(Object.keys(VISIBLE))('%s sees exactly its accounts and opportunities through GraphQL (nodes and totalCount)', async (who) => {
    const caller = callers()[who] as Caller;
    const expected = VISIBLE[who];
    const accounts = await gqlAccounts(caller);
    expect(accounts.names).toEqual(expected?.accounts);
    expect(accounts.totalCount).toBe(expected?.accounts.length);
    const data = ok(
      await caller.gql<{ opportunities: { totalCount: number; nodes: Array<{ name: string }> } }>(
        '{ opportunities(first: 500) { totalCount nodes { name } } }',
      ),
    );
    expect(namesOf(data.opportunities.nodes)).toEqual(expected?.opportunities);
    expect(data.opportunities.totalCount).toBe(expected?.opportunities.length);
  });

  it.each(Object.keys(VISIBLE))('%s sees exactly the same through REST (list, count=true)', async (who) => {
    const caller = callers()[who] as Caller;
    const expected = VISIBLE[who];
    const accounts = await caller.rest('GET', '/api/v1/data/account?limit=500&count=true');
    expect(accounts.status).toBe(200);
    expect(namesOf(accounts.body.data)).toEqual(expected?.accounts);
    expect(accounts.body.totalCount).toBe(expected?.accounts.length);
    const opportunities = await caller.rest('GET', '/api/v1/data/opportunity?limit=500&count=true&fields=name');
    expect(namesOf(opportunities.body.data)).toEqual(expected?.opportunities);
    expect(opportunities.body.totalCount).toBe(expected?.opportunities.length);
  });

  it.each(Object.keys(VISIBLE))('%s exports exactly the same as CSV', async (who) => {
    const caller = callers()[who] as Caller;
    const expected = VISIBLE[who];
    const csv = await caller.csv('/api/v1/data/account?fields=name,industry');
    expect(csv.status).toBe(200);
    expect(csv.rows[0]).toEqual(['id', 'name', 'industry']);
    expect(sorted(csv.rows.slice(1).map((r) => r[1] as string))).toEqual(expected?.accounts);
    const deals = await caller.csv('/api/v1/data/opportunity?fields=name');
    expect(sorted(deals.rows.slice(1).map((r) => r[1] as string))).toEqual(expected?.opportunities);
  });

  it('the sharing rule reaches the East Manager and the roles below, not the VP above', async () => {
    const filter = '(filter: {industry: {eq: "technology"}}) { totalCount nodes { name } }';
    for (const caller of [eastMgr, eastRep, eastRep2])
      expect(namesOf(ok(await caller.gql<{ accounts: { nodes: Array<{ name: string }> } }>(`{ accounts${filter} }`)).accounts.nodes)).toEqual(['West Tech']);
    expect(ok(await vp.gql<{ accounts: { totalCount: number } }>(`{ accounts${filter} }`)).accounts.totalCount).toBe(0);
    // A rule on accounts shares no opportunities: Tech Deal stays the West Rep's.
    expect(
      ok(await eastMgr.gql<{ opportunities: { totalCount: number } }>('{ opportunities(filter: {name: {eq: "Tech Deal"}}) { totalCount } }')).opportunities
        .totalCount,
    ).toBe(0);
  });

  it('view-all sees every record, the hidden field included; read permission alone sees only what record access grants', async () => {
    expect(await gqlAccounts(finance)).toEqual({ totalCount: 8, names: ALL_ACCOUNTS });
    const revenue = ok(
      await finance.gql<{ accounts: { nodes: Array<{ annualRevenue: { amount: number } }> } }>(
        '{ accounts(filter: {annualRevenue: {gte: 4000000}}) { nodes { annualRevenue { amount } } } }',
      ),
    );
    expect(revenue.accounts.nodes.map((n) => Number(n.annualRevenue.amount)).sort()).toEqual([4_000_000, 5_000_000]);
    // Sales ops may read accounts but owns none and sits in no role: private accounts stay out of sight.
    expect(await gqlAccounts(ops)).toEqual({ totalCount: 0, names: [] });
    // Modify-all on opportunities includes view-all.
    const all = ok(
      await ops.gql<{ opportunities: { totalCount: number; nodes: Array<{ name: string }> } }>('{ opportunities(first: 500) { totalCount nodes { name } } }'),
    );
    expect(namesOf(all.opportunities.nodes)).toEqual(ALL_OPPORTUNITIES);
    expect(all.opportunities.totalCount).toBe(8);
  });

  it('public read: every sales key reads every contact', async () => {
    for (const caller of Object.values(callers())) {
      const data = ok(await caller.gql<{ contacts: { totalCount: number; nodes: Array<{ name: string }> } }>('{ contacts { totalCount nodes { name } } }'));
      expect(namesOf(data.contacts.nodes)).toEqual(['Alice East', 'Walter West']);
      expect(data.contacts.totalCount).toBe(2);
    }
  });
});

describe('object permissions', () => {
  it('an object without read permission is FORBIDDEN everywhere: root lists, nested relations, relation filters, aggregates, REST, CSV', async () => {
    expect(code(await eastRep.gql('{ cases { totalCount } }'))).toBe('FORBIDDEN');
    expect(code(await eastRep.gql('{ casesAggregate { count } }'))).toBe('FORBIDDEN');
    expect(code(await eastRep.gql('{ accounts { nodes { cases { totalCount } } } }'))).toBe('FORBIDDEN');
    expect(code(await eastRep.gql('{ accounts(filter: {cases: {some: {name: {eq: "x"}}}}) { totalCount } }'))).toBe('FORBIDDEN');
    expect(code(await eastRep.gql('{ case(id: "00000000-0000-7000-8000-000000000000") { id } }'))).toBe('FORBIDDEN');
    expect((await eastRep.rest('GET', '/api/v1/data/case')).status).toBe(403);
    expect((await eastRep.rest('GET', '/api/v1/data/account?expand=cases')).status).toBe(403);
    expect((await eastRep.csv('/api/v1/data/case')).status).toBe(403);
    expect(code(await eastRep.gql('mutation { createCase(input: {name: "x"}) { id } }'))).toBe('FORBIDDEN');
    expect(code(await finance.gql('{ opportunities { totalCount } }'))).toBe('FORBIDDEN');
  });

  it('a key without permission sets may do nothing', async () => {
    expect(code(await nobody.gql('{ accounts { totalCount } }'))).toBe('FORBIDDEN');
    expect((await nobody.rest('GET', '/api/v1/data/account')).status).toBe(403);
    expect((await nobody.rest('POST', '/api/v1/data/account', { name: 'x' })).status).toBe(403);
    expect((await nobody.csv('/api/v1/data/account')).status).toBe(403);
    expect((await nobody.rest('GET', '/api/v1/admin/roles')).status).toBe(403);
  });

  it('CSV export needs the export permission', async () => {
    const refused = await finance.csv('/api/v1/data/account');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.text).not.toContain('East Alpha');
  });
});

describe('the hidden field: account.annualRevenue is not in the sales allow-list', () => {
  const refusals: Array<[string, string]> = [
    ['selected', '{ accounts { nodes { name annualRevenue { amount } } } }'],
    ['selected by id', `{ account(id: "ID") { annualRevenue { amount } } }`],
    ['filtered', '{ accounts(filter: {annualRevenue: {gt: 0}}) { totalCount } }'],
    ['filtered inside or/not', '{ accounts(filter: {or: [{name: {eq: "x"}}, {not: {annualRevenue: {isNull: true}}}]}) { totalCount } }'],
    ['filtered in a currency part', '{ accounts(filter: {annualRevenue: {currency: {eq: "USD"}}}) { totalCount } }'],
    ['sorted', '{ accounts(orderBy: [{field: "annualRevenue", direction: DESC}]) { nodes { name } } }'],
    ['selected through a lookup', '{ opportunities { nodes { account { annualRevenue { amount } } } } }'],
    ['filtered through a lookup', '{ opportunities(filter: {account: {annualRevenue: {gt: 1000000}}}) { totalCount } }'],
    ['sorted through a lookup', '{ opportunities(orderBy: [{field: "account.annualRevenue"}]) { nodes { name } } }'],
    ['filtered through a to-many relation', '{ contacts(filter: {account: {opportunities: {some: {account: {annualRevenue: {gt: 0}}}}}}) { totalCount } }'],
    ['filtered in a nested connection', '{ opportunities { nodes { account { childAccounts(filter: {annualRevenue: {gt: 0}}) { totalCount } } } } }'],
    ['grouped by', '{ accountsAggregate(groupBy: [{field: "annualRevenue"}]) { count } }'],
    ['filtered in an aggregate', '{ accountsAggregate(filter: {annualRevenue: {gt: 2000000}}) { count } }'],
  ];
  it.each(refusals)('GraphQL: %s → FORBIDDEN, not silently ignored', async (_what, query) => {
    const result = await eastRep.gql(query.replace('ID', id['East Alpha'] as string));
    expect(code(result)).toBe('FORBIDDEN');
    expect(result.data?.accounts ?? result.data?.opportunities ?? null).toBeNull();
    expect(result.text).not.toContain('1000000');
  });

  const restRefusals: Array<[string, string]> = [
    ['fields', '/api/v1/data/account?fields=name,annualRevenue'],
    ['filter', `/api/v1/data/account?filter=${encodeURIComponent('{"annualRevenue":{"gt":0}}')}`],
    ['sort', '/api/v1/data/account?sort=-annualRevenue'],
    ['sort through a lookup', '/api/v1/data/opportunity?sort=account.annualRevenue'],
    ['filter through a lookup', `/api/v1/data/opportunity?filter=${encodeURIComponent('{"account":{"annualRevenue":{"gt":0}}}')}`],
    ['fields by id', 'ID?fields=annualRevenue'],
  ];
  it.each(restRefusals)('REST and CSV: %s → 403', async (_what, url) => {
    const target = url.replace('ID', `/api/v1/data/account/${id['East Alpha']}`);
    const json = await eastRep.rest('GET', target);
    expect(json.status).toBe(403);
    expect(json.body).toMatchObject({ code: 'FORBIDDEN' });
    if (!target.includes(id['East Alpha'] as string)) {
      const csv = await eastRep.csv(target);
      expect(csv.status).toBe(403);
      expect(csv.text).not.toContain('East');
    }
  });

  it('REST and CSV leave the field out of default selections, expansions included', async () => {
    const list = await eastRep.rest('GET', '/api/v1/data/account');
    expect(list.status).toBe(200);
    for (const record of list.body.data) {
      expect(record).not.toHaveProperty('annualRevenue');
      expect(record).toHaveProperty('numberOfEmployees');
    }
    const one = await eastRep.rest('GET', `/api/v1/data/account/${id['East Alpha']}`);
    expect(one.body).not.toHaveProperty('annualRevenue');
    expect(one.body.name).toBe('East Alpha');
    const expanded = await eastRep.rest('GET', `/api/v1/data/opportunity/${id['Alpha Deal']}?expand=account`);
    expect(expanded.body.account.name).toBe('East Alpha');
    expect(expanded.body.account).not.toHaveProperty('annualRevenue');
    const csv = await eastRep.csv('/api/v1/data/account');
    expect(csv.status).toBe(200);
    expect(csv.rows[0]).not.toContain('annualRevenue');
    expect(csv.rows[0]).toContain('numberOfEmployees');
    expect(csv.text).not.toContain('1000000');
    // The finance key, which may read it, gets it by default (the test can fail).
    expect((await finance.rest('GET', `/api/v1/data/account/${id['East Alpha']}`)).body.annualRevenue).toMatchObject({ currency: 'USD' });
  });

  it('aggregates sum only readable fields', async () => {
    const sales = ok(await eastRep.gql<{ accountsAggregate: Array<{ count: number; sum: Record<string, number> }> }>('{ accountsAggregate { count sum } }'));
    expect(sales.accountsAggregate[0]?.count).toBe(3);
    expect(sales.accountsAggregate[0]?.sum).not.toHaveProperty('annualRevenue');
    expect(Number(sales.accountsAggregate[0]?.sum.numberOfEmployees)).toBe(100 + 50 + 40);
    const all = ok(await finance.gql<{ accountsAggregate: Array<{ count: number; sum: Record<string, number> }> }>('{ accountsAggregate { count sum } }'));
    expect(all.accountsAggregate[0]?.count).toBe(8);
    expect(Number(all.accountsAggregate[0]?.sum.annualRevenue)).toBe(22_500_000);
  });

  it('writes naming the field are FORBIDDEN and change nothing', async () => {
    const create = await eastRep.gql('mutation { createAccount(input: {name: "Revenue Co", annualRevenue: {amount: 5, currency: "USD"}}) { id } }');
    expect(code(create)).toBe('FORBIDDEN');
    expect(create.errors?.[0]?.extensions?.details?.[0]).toMatchObject({ code: 'FIELD_NOT_EDITABLE' });
    const update = await eastRep.rest('PATCH', `/api/v1/data/account/${id['East Alpha']}`, { annualRevenue: { amount: 1, currency: 'USD' } });
    expect(update.status).toBe(403);
    const bulk = await eastRep.rest('POST', '/api/v1/data/account/bulk', {
      records: [{ name: 'Revenue Co 2', annualRevenue: { amount: 5, currency: 'USD' } }],
    });
    expect(bulk.status).toBe(403);
    const check = await admin.rest('GET', `/api/v1/data/account/${id['East Alpha']}`);
    expect(Number(check.body.annualRevenue.amount)).toBe(1_000_000);
    expect((await gqlAccounts(admin, 'filter: {name: {startsWith: "Revenue Co"}}')).totalCount).toBe(0);
  });

  // BUG (reported): revenuePerEmployee = annualRevenue / numberOfEmployees is computed in SQL
  // without regard to the caller's access to the fields it reads, so a sales key that may read
  // numberOfEmployees and the formula recovers the hidden revenue exactly.
  it('a formula over the hidden field does not reveal it (selected, filtered or sorted)', async () => {
    const selected = await eastRep.gql<{ account: { numberOfEmployees: number; revenuePerEmployee: number | null } | null }>(
      `{ account(id: "${id['East Alpha']}") { numberOfEmployees revenuePerEmployee } }`,
    );
    const value = selected.data?.account?.revenuePerEmployee;
    // Refused, or empty — anything but 1,000,000 / 100.
    if (code(selected) !== 'FORBIDDEN') expect(value, `revenuePerEmployee leaks annualRevenue: ${selected.text}`).toBeNull();
    const filtered = await eastRep.gql<{ accounts: { totalCount: number } }>('{ accounts(filter: {revenuePerEmployee: {gte: 10000}}) { totalCount } }');
    expect(code(filtered)).toBe('FORBIDDEN');
    const rest = await eastRep.rest('GET', `/api/v1/data/account/${id['East Alpha']}`);
    expect(rest.body.revenuePerEmployee ?? null).toBeNull();
  });
});

describe('nested relations follow the caller’s access', () => {
  it('an account shows only the opportunities the caller may see, with a matching nested totalCount', async () => {
    const data = ok(
      await eastRep.gql<{ accounts: { nodes: Array<{ name: string; opportunities: { totalCount: number; nodes: Array<{ name: string }> } }> } }>(
        '{ accounts(orderBy: [{field: "name"}]) { nodes { name opportunities { totalCount nodes { name } } } } }',
      ),
    );
    expect(data.accounts.nodes.map((a) => [a.name, a.opportunities.totalCount, namesOf(a.opportunities.nodes)])).toEqual([
      ['East Alpha', 1, ['Alpha Deal']],
      ['East Shared', 0, []],
      ['West Tech', 0, []],
    ]);
    const expanded = await eastRep.rest('GET', `/api/v1/data/account/${id['East Alpha']}?expand=opportunities`);
    expect(namesOf(expanded.body.opportunities)).toEqual(['Alpha Deal']);
  });

  it('a lookup to a record the caller may not see comes back null (GraphQL and REST expand)', async () => {
    const data = ok(
      await westRep.gql<{ opportunities: { nodes: Array<{ name: string; account: { name: string } | null }> } }>(
        '{ opportunities(orderBy: [{field: "name"}]) { nodes { name account { id name } } } }',
      ),
    );
    expect(data.opportunities.nodes.map((o) => [o.name, o.account?.name ?? null])).toEqual([
      ['Alpha Upsell', null],
      ['Delta Deal', 'West Delta'],
      ['Tech Deal', 'West Tech'],
    ]);
    const one = await westRep.rest('GET', `/api/v1/data/opportunity/${id['Alpha Upsell']}?expand=account`);
    expect(one.status).toBe(200);
    expect(one.body.account).toBeNull();
    const contacts = ok(
      await eastRep.gql<{ contacts: { nodes: Array<{ name: string; account: { name: string } | null }> } }>(
        '{ contacts(orderBy: [{field: "name"}]) { nodes { name account { name } } } }',
      ),
    );
    expect(contacts.contacts.nodes.map((c) => [c.name, c.account?.name ?? null])).toEqual([
      ['Alice East', 'East Alpha'],
      ['Walter West', null],
    ]);
    expect(JSON.stringify(contacts)).not.toContain('West Delta');
  });

  it('a lookup’s id does not reveal a hidden target: REST, CSV, GraphQL and groups answer null', async () => {
    const alphaAccount = id['East Alpha'] as string;
    // The admin sees the link; the West Rep, who owns the opportunity but not the account, does not.
    expect((await admin.rest('GET', `/api/v1/data/opportunity/${id['Alpha Upsell']}`)).body.account).toBe(alphaAccount);
    const one = await westRep.rest('GET', `/api/v1/data/opportunity/${id['Alpha Upsell']}`);
    expect(one.status).toBe(200);
    expect(one.body.account).toBeNull();
    const list = await westRep.rest('GET', '/api/v1/data/opportunity?sort=name&fields=name,account');
    expect((list.body.data as Array<{ name: string; account: string | null }>).map((o) => [o.name, o.account])).toEqual([
      ['Alpha Upsell', null],
      ['Delta Deal', id['West Delta']],
      ['Tech Deal', id['West Tech']],
    ]);
    const csv = await westRep.csv('/api/v1/data/opportunity?fields=name,account');
    expect(csv.status).toBe(200);
    expect(csv.rows.length).toBe(4);
    expect(JSON.stringify(csv.rows)).not.toContain(alphaAccount);
    const groups = ok(
      await westRep.gql<{ opportunitiesAggregate: Array<{ group: { account: string | null }; count: number }> }>(
        '{ opportunitiesAggregate(groupBy: [{field: "account"}]) { group count } }',
      ),
    );
    expect(JSON.stringify(groups)).not.toContain(alphaAccount);
    expect(groups.opportunitiesAggregate.find((g) => g.group.account === null)?.count).toBe(1);
    // A linked record in sight keeps its id.
    expect((await eastRep.rest('GET', `/api/v1/data/opportunity/${id['Alpha Deal']}`)).body.account).toBe(alphaAccount);
  });

  it('a filter through a relation cannot find records by what the caller may not see', async () => {
    // Parents by a hidden child…
    const byChild = '{ accounts(filter: {opportunities: {some: {name: {eq: "Alpha Upsell"}}}}) { totalCount nodes { name } } }';
    expect(ok(await eastRep.gql<{ accounts: { totalCount: number } }>(byChild)).accounts.totalCount).toBe(0);
    expect(namesOf(ok(await admin.gql<{ accounts: { nodes: Array<{ name: string }> } }>(byChild)).accounts.nodes)).toEqual(['East Alpha']);
    // …children by a hidden parent…
    const byParent = '{ opportunities(filter: {account: {name: {eq: "East Alpha"}}}) { totalCount } }';
    expect(ok(await westRep.gql<{ opportunities: { totalCount: number } }>(byParent)).opportunities.totalCount).toBe(0);
    expect(ok(await admin.gql<{ opportunities: { totalCount: number } }>(byParent)).opportunities.totalCount).toBe(2);
    // …"every" and "none" quantify over visible children only.
    const none = ok(
      await eastRep.gql<{ accounts: { nodes: Array<{ name: string }> } }>(
        '{ accounts(filter: {opportunities: {none: {amount: {gte: 500}}}}) { nodes { name } } }',
      ),
    );
    expect(namesOf(none.accounts.nodes)).toEqual(['East Alpha', 'East Shared', 'West Tech']);
    // REST and aggregates alike.
    const rest = await westRep.rest('GET', `/api/v1/data/opportunity?count=true&filter=${encodeURIComponent('{"account":{"name":{"eq":"East Alpha"}}}')}`);
    expect(rest.body.totalCount).toBe(0);
    const agg = ok(
      await westRep.gql<{ opportunitiesAggregate: Array<{ count: number }> }>(
        '{ opportunitiesAggregate(filter: {account: {name: {startsWith: "East"}}}) { count } }',
      ),
    );
    expect(agg.opportunitiesAggregate[0]?.count).toBe(0);
  });

  it('sorting through a hidden lookup treats it as empty', async () => {
    const query = '{ opportunities(orderBy: [{field: "account.name"}, {field: "name"}]) { nodes { name } } }';
    const mine = ok(await westRep.gql<{ opportunities: { nodes: Array<{ name: string }> } }>(query));
    // East Alpha would sort first; hidden, it is null and goes last.
    expect(mine.opportunities.nodes.map((n) => n.name)).toEqual(['Delta Deal', 'Tech Deal', 'Alpha Upsell']);
  });
});

describe('aggregates and counts', () => {
  it.each(Object.keys(VISIBLE))('%s: opportunitiesAggregate count and sum cover its opportunities only', async (who) => {
    const caller = callers()[who] as Caller;
    const data = ok(
      await caller.gql<{ opportunitiesAggregate: Array<{ count: number; sum: { amount: number } }> }>('{ opportunitiesAggregate { count sum } }'),
    );
    expect(data.opportunitiesAggregate[0]?.count).toBe(VISIBLE[who]?.opportunities.length);
    expect(Number(data.opportunitiesAggregate[0]?.sum.amount)).toBe(VISIBLE[who]?.amount);
    const accounts = ok(await caller.gql<{ accountsAggregate: Array<{ count: number }> }>('{ accountsAggregate { count } }'));
    expect(accounts.accountsAggregate[0]?.count).toBe(VISIBLE[who]?.accounts.length);
  });

  it('groups contain only visible records', async () => {
    const data = ok(
      await eastRep.gql<{ accountsAggregate: Array<{ group: { industry: string }; count: number }> }>(
        '{ accountsAggregate(groupBy: [{field: "industry"}]) { group count } }',
      ),
    );
    expect(data.accountsAggregate.map((g) => [g.group.industry, g.count])).toEqual([
      ['finance', 1],
      ['retail', 1],
      ['technology', 1],
    ]);
  });
});

describe('cursors never reveal hidden rows', () => {
  it('paging one by one walks exactly the visible records', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result: { accounts: { totalCount: number; nodes: Array<{ name: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = ok(
        await eastMgr.gql(
          'query($after: String) { accounts(first: 2, after: $after, orderBy: [{field: "name"}]) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }',
          { after },
        ),
      );
      expect(result.accounts.totalCount).toBe(5);
      seen.push(...result.accounts.nodes.map((n) => n.name));
      if (!result.accounts.pageInfo.hasNextPage) break;
      after = result.accounts.pageInfo.endCursor;
    }
    expect(seen).toEqual(VISIBLE.eastMgr?.accounts);
  });

  it('hasNextPage is false when only hidden rows follow', async () => {
    const data = ok(
      await eastRep.gql<{ accounts: { pageInfo: { hasNextPage: boolean } } }>(
        '{ accounts(first: 3, orderBy: [{field: "name"}]) { pageInfo { hasNextPage } } }',
      ),
    );
    expect(data.accounts.pageInfo.hasNextPage).toBe(false);
    const rest = await eastRep.rest('GET', '/api/v1/data/account?limit=3&sort=name');
    expect(rest.body).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it('a cursor taken at a hidden row (from an admin’s list) yields only visible rows after it', async () => {
    const all = ok(
      await admin.gql<{ accounts: { edges: Array<{ cursor: string; node: { name: string } }> } }>(
        '{ accounts(first: 50, orderBy: [{field: "name"}]) { edges { cursor node { name } } } }',
      ),
    ).accounts.edges;
    expect(all.map((e) => e.node.name)).toEqual(ALL_ACCOUNTS);
    for (const edge of all) {
      const expected = (VISIBLE.eastRep?.accounts ?? []).filter((n) => n > edge.node.name);
      const gql = ok(
        await eastRep.gql<{ accounts: { totalCount: number; nodes: Array<{ name: string }> } }>(
          'query($after: String) { accounts(first: 50, after: $after, orderBy: [{field: "name"}]) { totalCount nodes { name } } }',
          { after: edge.cursor },
        ),
      );
      expect(gql.accounts.nodes.map((n) => n.name)).toEqual(expected);
      expect(gql.accounts.totalCount).toBe(3);
      const before = ok(
        await eastRep.gql<{ accounts: { nodes: Array<{ name: string }> } }>(
          'query($b: String) { accounts(last: 50, before: $b, orderBy: [{field: "name"}]) { nodes { name } } }',
          { b: edge.cursor },
        ),
      );
      expect(before.accounts.nodes.map((n) => n.name)).toEqual((VISIBLE.eastRep?.accounts ?? []).filter((n) => n < edge.node.name));
      const rest = await eastRep.rest('GET', `/api/v1/data/account?sort=name&fields=name&cursor=${edge.cursor}`);
      expect(rest.body.data.map((r: { name: string }) => r.name)).toEqual(expected);
      const csv = await eastRep.csv(`/api/v1/data/account?sort=name&fields=name&cursor=${edge.cursor}`);
      expect(csv.rows.slice(1).map((r) => r[1])).toEqual(expected);
    }
  });

  it('a forged cursor holding a hidden record’s id reveals nothing', async () => {
    // Default order is by id alone: the cursor is [signature, id].
    const page = ok(await admin.gql<{ accounts: { edges: Array<{ cursor: string }> } }>('{ accounts(first: 1) { edges { cursor } } }'));
    const signature = JSON.parse(Buffer.from(page.accounts.edges[0]?.cursor ?? '', 'base64url').toString('utf8'))[0];
    const forged = Buffer.from(JSON.stringify([signature, id['HQ Account']])).toString('base64url');
    const data = ok(
      await eastRep.gql<{ accounts: { nodes: Array<{ name: string }> } }>('query($a: String) { accounts(after: $a) { nodes { name } } }', { a: forged }),
    );
    for (const name of data.accounts.nodes.map((n) => n.name)) expect(VISIBLE.eastRep?.accounts).toContain(name);
  });
});

describe('a hidden record answers exactly like a missing one', () => {
  const missing = randomUUID();

  it('GraphQL get by id → null, with no error', async () => {
    const query = 'query($id: ID!) { account(id: $id) { id name } }';
    const hidden = await eastRep.gql(query, { id: id['West Delta'] });
    const absent = await eastRep.gql(query, { id: missing });
    expect(hidden.data).toEqual({ account: null });
    expect(hidden.errors).toBeUndefined();
    expect(absent.data).toEqual({ account: null });
    // The same record is there for its owner (the test can fail).
    expect(ok(await westRep.gql<{ account: { name: string } }>(query, { id: id['West Delta'] })).account.name).toBe('West Delta');
  });

  it('REST get, update, restore → the same 404; delete → the same 404 for a key that may delete', async () => {
    const hiddenId = id['West Delta'] as string;
    const pairs: Array<[string, (target: string) => Promise<RestResult>]> = [
      ['get', (target) => eastRep.rest('GET', `/api/v1/data/account/${target}`)],
      ['get with expand', (target) => eastRep.rest('GET', `/api/v1/data/account/${target}?expand=opportunities`)],
      ['update', (target) => eastRep.rest('PATCH', `/api/v1/data/account/${target}`, { phone: '123' })],
      ['update with If-Match', (target) => eastRep.rest('PATCH', `/api/v1/data/account/${target}`, { phone: '123' }, { 'if-match': '"1"' })],
      ['delete', (target) => deleter.rest('DELETE', `/api/v1/data/account/${target}`)],
      ['restore', (target) => deleter.rest('POST', `/api/v1/data/account/${target}/restore`)],
      ['opportunity get', (target) => eastRep.rest('GET', `/api/v1/data/opportunity/${target === hiddenId ? id['HQ Deal'] : target}`)],
    ];
    for (const [what, request] of pairs) {
      const hidden = await request(hiddenId);
      const absent = await request(missing);
      expect([what, hidden.status]).toEqual([what, 404]);
      expect([what, normalized(hidden.body, hiddenId, id['HQ Deal'] as string)]).toEqual([what, normalized(absent.body, missing)]);
      expect(hidden.text).not.toContain('West Delta');
    }
    const check = await admin.rest('GET', `/api/v1/data/account/${hiddenId}`);
    expect(check.body).toMatchObject({ name: 'West Delta', version: 1 });
    expect(check.body.phone ?? null).toBeNull();
  });

  it('GraphQL update, delete, restore → the same NOT_FOUND', async () => {
    const mutations: Array<[Caller, string]> = [
      [eastRep, 'mutation($id: ID!) { updateAccount(id: $id, input: {phone: "1"}) { id } }'],
      [deleter, 'mutation($id: ID!) { deleteAccount(id: $id) { id } }'],
      [deleter, 'mutation($id: ID!) { restoreAccount(id: $id) { id } }'],
    ];
    for (const [caller, mutation] of mutations) {
      const hidden = await caller.gql(mutation, { id: id['West Delta'] });
      const absent = await caller.gql(mutation, { id: missing });
      expect(code(hidden)).toBe('NOT_FOUND');
      expect(
        JSON.stringify(hidden.errors)
          .split(id['West Delta'] as string)
          .join('<id>'),
      ).toBe(JSON.stringify(absent.errors).split(missing).join('<id>'));
    }
    expect((await admin.rest('GET', `/api/v1/data/account/${id['West Delta']}`)).body.version).toBe(1);
  });

  it('linking a lookup to a hidden record fails like linking to a nonexistent id', async () => {
    const viaRest = async (account: string) => eastRep.rest('POST', '/api/v1/data/opportunity', { name: 'Link test', account });
    const hidden = await viaRest(id['West Delta'] as string);
    const absent = await viaRest(missing);
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0]).toMatchObject({ path: '/input/account', code: 'UNKNOWN_RECORD' });
    expect(normalized(hidden.body, id['West Delta'] as string)).toBe(normalized(absent.body, missing));
    const update = async (account: string) => eastRep.rest('PATCH', `/api/v1/data/opportunity/${id['Alpha Deal']}`, { account });
    const hiddenUpdate = await update(id['West Delta'] as string);
    expect(hiddenUpdate.status).toBe(400);
    expect(normalized(hiddenUpdate.body, id['West Delta'] as string)).toBe(normalized((await update(missing)).body, missing));
    const gql = 'mutation($a: ID) { createContact(input: {name: "Link test", account: $a}) { id } }';
    const hiddenGql = await eastRep.gql(gql, { a: id['HQ Account'] });
    expect(code(hiddenGql)).toBe('VALIDATION_FAILED');
    expect(
      JSON.stringify(hiddenGql.errors)
        .split(id['HQ Account'] as string)
        .join('<id>'),
    ).toBe(
      JSON.stringify((await eastRep.gql(gql, { a: missing })).errors)
        .split(missing)
        .join('<id>'),
    );
    expect((await gqlAccounts(admin)).totalCount).toBe(8);
    expect(
      ok(await admin.gql<{ opportunities: { totalCount: number } }>('{ opportunities(filter: {name: {eq: "Link test"}}) { totalCount } }')).opportunities
        .totalCount,
    ).toBe(0);
  });

  it('filtering by a hidden record’s id finds nothing', async () => {
    const result = ok(
      await eastRep.gql<{ accounts: { totalCount: number } }>(
        `{ accounts(filter: {id: {in: ["${id['West Delta']}", "${id['HQ Account']}"]}}) { totalCount } }`,
      ),
    );
    expect(result.accounts.totalCount).toBe(0);
  });

  // The upsert looks for its match among the records the caller may see; the insert it falls back
  // to then meets the unique value, and the answer names neither the hidden record nor its id.
  it('an upsert whose unique value belongs to a hidden record does not reveal or touch it', async () => {
    const hiddenId = id['HQ Deal'] as string;
    const gql = await eastRep.gql('mutation { createOpportunities(inputs: [{name: "Upserted", dealCode: "CODE-HQ Deal"}], upsertBy: "dealCode") { id name } }');
    const rest = await eastRep.rest('POST', '/api/v1/data/opportunity/bulk', {
      records: [{ name: 'Upserted', dealCode: 'CODE-HQ Deal' }],
      upsertBy: 'dealCode',
    });
    expect(gql.status).toBeLessThan(500);
    expect(rest.status).toBeLessThan(500);
    expect({ graphql: gql.text.includes(hiddenId), rest: rest.text.includes(hiddenId) }, `${gql.text}\n${rest.text}`).toEqual({ graphql: false, rest: false });
    const check = await admin.rest('GET', `/api/v1/data/opportunity/${hiddenId}`);
    expect(check.body).toMatchObject({ name: 'HQ Deal', ownerId: admin.id, version: 1 });
  });
});

describe('writes', () => {
  it('edit access: own records, records of roles below; not records shared for reading', async () => {
    expect((await eastRep.rest('PATCH', `/api/v1/data/account/${id['East Alpha']}`, { phone: '+1 555 0001' })).status).toBe(200);
    expect((await eastMgr.rest('PATCH', `/api/v1/data/account/${id['East Alpha']}`, { phone: '+1 555 0002' })).status).toBe(200);
    expect((await vp.rest('PATCH', `/api/v1/data/opportunity/${id['Alpha Deal']}`, { nextStep: 'Call' })).status).toBe(200);
    // Visible through the read-only sharing rule: FORBIDDEN (its existence is no secret to this caller).
    const rule = await eastRep.rest('PATCH', `/api/v1/data/account/${id['West Tech']}`, { phone: '1' });
    expect(rule.status).toBe(403);
    expect(rule.body.errors[0]).toMatchObject({ code: 'RECORD_NOT_EDITABLE' });
    // Shared for reading.
    expect((await westRep.rest('PATCH', `/api/v1/data/account/${id['East Shared']}`, { phone: '1' })).status).toBe(403);
    // Public read contacts: readable, not editable by others.
    expect((await westRep.rest('GET', `/api/v1/data/contact/${id['Alice East']}`)).status).toBe(200);
    expect((await westRep.rest('PATCH', `/api/v1/data/contact/${id['Alice East']}`, { title: 'x' })).status).toBe(403);
    expect((await eastRep.rest('PATCH', `/api/v1/data/contact/${id['Alice East']}`, { title: 'Buyer' })).status).toBe(200);
    // Through GraphQL alike.
    expect(code(await eastRep.gql(`mutation { updateAccount(id: "${id['West Tech']}", input: {phone: "2"}) { id } }`))).toBe('FORBIDDEN');
    expect((await admin.rest('GET', `/api/v1/data/account/${id['West Tech']}`)).body.version).toBe(1);
  });

  it('a manual share with edit access lets the grantee edit', async () => {
    await adminRest('POST', '/api/v1/admin/shares', { object: 'account', recordId: id['East Shared'], granteeId: westRep.id, access: 'edit' });
    expect((await westRep.rest('PATCH', `/api/v1/data/account/${id['East Shared']}`, { phone: '+1 555 0003' })).status).toBe(200);
    await adminRest('POST', '/api/v1/admin/shares', { object: 'account', recordId: id['East Shared'], granteeId: westRep.id, access: 'read' });
    expect((await westRep.rest('PATCH', `/api/v1/data/account/${id['East Shared']}`, { phone: '+1 555 0004' })).status).toBe(403);
  });

  it('modify-all edits every record of the object', async () => {
    expect((await ops.rest('PATCH', `/api/v1/data/opportunity/${id['HQ Deal']}`, { nextStep: 'Escalate' })).status).toBe(200);
    expect((await ops.rest('PATCH', `/api/v1/data/opportunity/${id['Delta Deal']}`, { nextStep: 'Escalate' })).status).toBe(200);
    // No update permission on accounts.
    expect((await ops.rest('POST', '/api/v1/data/account', { name: 'Ops account' })).status).toBe(403);
    expect((await finance.rest('PATCH', `/api/v1/data/account/${id['HQ Account']}`, { phone: '1' })).status).toBe(403);
  });

  it('delete needs the delete permission; a record one may delete goes away', async () => {
    const mine = (await eastRep.rest('POST', '/api/v1/data/account', { name: 'Delete me' })).body.id as string;
    const refused = await eastRep.rest('DELETE', `/api/v1/data/account/${mine}`);
    expect(refused.status).toBe(403);
    const own = (await deleter.rest('POST', '/api/v1/data/account', { name: 'Deleter own' })).body.id as string;
    expect((await deleter.rest('DELETE', `/api/v1/data/account/${own}`)).status).toBe(200);
    expect((await deleter.rest('GET', `/api/v1/data/account/${own}`)).status).toBe(404);
    expect((await deleter.rest('POST', `/api/v1/data/account/${own}/restore`)).status).toBe(200);
  });

  it('records created by a key are its own', async () => {
    const created = await westRep.rest('POST', '/api/v1/data/account', { name: 'West New' });
    expect(created.status).toBe(201);
    expect(created.body.ownerId).toBe(westRep.id);
    expect((await eastRep.rest('GET', `/api/v1/data/account/${created.body.id}`)).status).toBe(404);
  });

  it('ownership transfer needs transferOwnership', async () => {
    const account = (await eastRep.rest('POST', '/api/v1/data/account', { name: 'Transfer me' })).body.id as string;
    const refused = await eastRep.rest('PATCH', `/api/v1/data/account/${account}`, { ownerId: eastRep2.id });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0]).toMatchObject({ code: 'TRANSFER_NOT_ALLOWED' });
    const createdForOther = await eastRep.rest('POST', '/api/v1/data/account', { name: 'For someone else', ownerId: eastRep2.id });
    expect(createdForOther.status).toBe(403);
    expect(code(await eastRep.gql(`mutation { updateAccount(id: "${account}", input: {ownerId: "${eastRep2.id}"}) { id } }`))).toBe('FORBIDDEN');
    expect((await admin.rest('GET', `/api/v1/data/account/${account}`)).body.ownerId).toBe(eastRep.id);
    await adminRest('POST', `/api/v1/admin/principals/${eastRep.id}/permission-sets/${set.transfer}`);
    await eventually(async () => expect((await eastRep.rest('PATCH', `/api/v1/data/account/${account}`, { ownerId: eastRep2.id })).status).not.toBe(403));
    // The record went with its new owner.
    expect((await admin.rest('GET', `/api/v1/data/account/${account}`)).body.ownerId).toBe(eastRep2.id);
    expect((await eastRep.rest('GET', `/api/v1/data/account/${account}`)).status).toBe(404);
    expect((await eastRep2.rest('GET', `/api/v1/data/account/${account}`)).body.ownerId).toBe(eastRep2.id);
  });

  // BUG (reported): the update commits, then the route reads the record back with the caller's
  // access — which the transfer just took away — and answers 404 (GraphQL: NOT_FOUND / null) for a
  // change that was made. Clients retry or report a failure for a write that happened.
  it('a transfer that moves a record out of the caller’s sight still answers success', async () => {
    const rest = (await eastRep.rest('POST', '/api/v1/data/account', { name: 'Give away (REST)' })).body.id as string;
    const gql = (await eastRep.rest('POST', '/api/v1/data/account', { name: 'Give away (GraphQL)' })).body.id as string;
    const probe = (await eastRep.rest('POST', '/api/v1/data/account', { name: 'Give away (probe)' })).body.id as string;
    await adminRest('POST', `/api/v1/admin/principals/${eastRep.id}/permission-sets/${set.transfer}`);
    await eventually(async () => expect((await eastRep.rest('PATCH', `/api/v1/data/account/${probe}`, { ownerId: eastRep2.id })).status).not.toBe(403));
    const patched = await eastRep.rest('PATCH', `/api/v1/data/account/${rest}`, { ownerId: eastRep2.id });
    const mutated = await eastRep.gql(`mutation { updateAccount(id: "${gql}", input: {ownerId: "${eastRep2.id}"}) { id } }`);
    await adminRest('DELETE', `/api/v1/admin/principals/${eastRep.id}/permission-sets/${set.transfer}`);
    expect((await admin.rest('GET', `/api/v1/data/account/${rest}`)).body.ownerId).toBe(eastRep2.id);
    expect((await admin.rest('GET', `/api/v1/data/account/${gql}`)).body.ownerId).toBe(eastRep2.id);
    expect({ rest: patched.status, graphql: code(mutated) ?? 'ok' }, `${patched.text}\n${mutated.text}`).toEqual({ rest: 200, graphql: 'ok' });
  });

  // BUG (reported): the transfer check only refuses an ownerId other than the caller's own id, so
  // a key that may edit someone else's record (here through a manual share) takes it over.
  it('taking over a record one may edit but does not own is a transfer too', async () => {
    const account = (await admin.rest('POST', '/api/v1/data/account', { name: 'Grab me', ownerId: eastRep2.id })).body.id as string;
    await adminRest('POST', '/api/v1/admin/shares', { object: 'account', recordId: account, granteeId: westRep.id, access: 'edit' });
    expect((await westRep.rest('PATCH', `/api/v1/data/account/${account}`, { phone: '+1 555 0100' })).status).toBe(200);
    const grab = await westRep.rest('PATCH', `/api/v1/data/account/${account}`, { ownerId: westRep.id });
    expect(grab.status).toBe(403);
    expect((await admin.rest('GET', `/api/v1/data/account/${account}`)).body.ownerId).toBe(eastRep2.id);
  });

  // BUG (reported): GraphQL mutations write first and read the selection afterwards, so a
  // selection naming a hidden field is refused only after the record was created or changed.
  it('a mutation selecting a hidden field is refused before it writes', async () => {
    const create = await eastRep.gql('mutation { createAccount(input: {name: "Half written"}) { id annualRevenue { amount } } }');
    expect(code(create)).toBe('FORBIDDEN');
    expect((await gqlAccounts(admin, 'filter: {name: {eq: "Half written"}}')).totalCount).toBe(0);
  });
});

describe('org-wide defaults change at once', () => {
  it('public read/write, then private', async () => {
    await adminRest('PUT', '/api/v1/admin/objects/contact/sharing', { sharing: 'publicReadWrite' });
    await eventually(async () => expect((await westRep.rest('PATCH', `/api/v1/data/contact/${id['Alice East']}`, { department: 'West' })).status).toBe(200));
    await adminRest('PUT', '/api/v1/admin/objects/contact/sharing', { sharing: 'private' });
    await eventually(async () => {
      const data = ok(await eastRep.gql<{ contacts: { totalCount: number; nodes: Array<{ name: string }> } }>('{ contacts { totalCount nodes { name } } }'));
      expect(namesOf(data.contacts.nodes)).toEqual(['Alice East']);
      expect(data.contacts.totalCount).toBe(1);
    });
    expect((await eastRep.rest('GET', `/api/v1/data/contact/${id['Walter West']}`)).status).toBe(404);
    expect((await eastMgr.rest('GET', `/api/v1/data/contact/${id['Alice East']}`)).status).toBe(200);
    expect((await vp.rest('GET', `/api/v1/data/contact/${id['Walter West']}`)).status).toBe(404);
  });

  it('deleting the sharing rule takes the technology accounts away from the East', async () => {
    const rules = (await adminRest('GET', '/api/v1/admin/sharing-rules?object=account')).body.data as Array<{ id: string; name: string }>;
    const rule = rules.find((r) => r.name === 'Technology accounts to the East');
    await adminRest('DELETE', `/api/v1/admin/sharing-rules/${rule?.id}`);
    await eventually(async () => expect((await eastRep.rest('GET', `/api/v1/data/account/${id['West Tech']}`)).status).toBe(404));
    expect((await gqlAccounts(eastMgr, 'filter: {industry: {eq: "technology"}}')).totalCount).toBe(0);
  });
});
