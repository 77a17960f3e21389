import type { MetadataOperation, ObjectDef } from '@atrium/metadata';
import { crmBundle } from '@atrium/seeds';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';
import { Caller } from '../support/callers.ts';

/*
 * Tenant isolation (issue 4 §3): two tenants with the same CRM seed and a custom object of the same
 * API name (same ids too); tenant A's credentials are thrown at tenant B's record ids, values,
 * object names, relation paths, filters, cursors and tenant headers, through GraphQL, REST, CSV,
 * metadata and the admin API. Every response must be free of B's data (zero leaks), none may be a
 * 5xx, and B's rows must be exactly as they were.
 *
 * Fixed seed for reproducibility: ISOLATION_SEED overrides it, ISOLATION_RUNS the number of
 * batches (8 concurrent requests each; default 1,250 → 10,000 requests).
 */

const SEED = Number(process.env.ISOLATION_SEED ?? 4_2026_0917);
const BATCHES = Number(process.env.ISOLATION_RUNS ?? 1250);
const PARALLEL = 8;
/** Every value of tenant B carries this, so a leak shows up as a substring. */
const MARK = 'QX7B';

let harness: ApiHarness;
let a: ApiTenant;
let b: ApiTenant;
let bSchema: string;
let aSchema: string;
let bTenantId: string;
/** Tenant A's credentials (several, so no single key nears the per-key rate limit). */
const aCallers: Caller[] = [];
let bAdmin: Caller;

const bIds: string[] = [];
const bAccountIds: string[] = [];
const bOpportunityIds: string[] = [];
const bProjectIds: string[] = [];
const bCodes: string[] = [];
const bNames: string[] = [];
const bCursors: string[] = [];
/** B's cursors by `object|sort`. */
const cursorsBy = new Map<string, string[]>();
const bPrincipalIds: string[] = [];
let bRoleId = '';
/** Everything that would betray B if it appeared in a response A did not itself send. */
const markers: string[] = [];
const aAccountIds: string[] = [];
const aProjectIds: string[] = [];

/** The custom object both tenants have under the same API name and ids; B's has one field more. */
function projectObject(extraField: boolean): ObjectDef {
  const label = (en: string) => ({ en });
  return {
    id: 'obj_project',
    apiName: 'project',
    pluralApiName: 'projects',
    label: label('Project'),
    pluralLabel: label('Projects'),
    nameField: 'name',
    fields: [
      { id: 'fld_project_name', apiName: 'name', type: 'text', label: label('Name'), required: true },
      { id: 'fld_project_code', apiName: 'code', type: 'text', label: label('Code'), unique: true },
      { id: 'fld_project_budget', apiName: 'budget', type: 'currency', label: label('Budget'), config: { precision: 18, scale: 2, defaultCurrency: 'USD' } },
      {
        id: 'fld_project_account',
        apiName: 'account',
        type: 'lookup',
        label: label('Account'),
        config: { target: 'obj_account', onDelete: 'setNull', relationName: 'projects' },
      },
      ...(extraField ? [{ id: 'fld_project_secret', apiName: 'qx7bSecret', type: 'text' as const, label: label(`Secret ${MARK}`) }] : []),
    ],
  };
}

/** An object only B has. */
function vaultObject(): ObjectDef {
  return {
    id: 'obj_vault',
    apiName: 'vault',
    pluralApiName: 'vaults',
    label: { en: `Vault ${MARK}` },
    pluralLabel: { en: 'Vaults' },
    nameField: 'name',
    fields: [{ id: 'fld_vault_name', apiName: 'name', type: 'text', label: { en: 'Name' }, required: true }],
  };
}

async function bulk(caller: Caller, object: string, records: Array<Record<string, unknown>>): Promise<Array<Record<string, string>>> {
  const response = await caller.rest('POST', `/api/v1/data/${object}/bulk`, { records });
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

/** B's rows and access tables, condensed: equal snapshots mean nothing of B changed. */
async function snapshotB(): Promise<Record<string, string>> {
  const query = async (text: string) => JSON.stringify((await harness.database.pool.query(text)).rows);
  const out: Record<string, string> = {};
  const tables = await harness.database.pool.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = $1 order by 1`,
    [bSchema],
  );
  for (const { table_name: table } of tables.rows) {
    const columns = await harness.database.pool.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and column_name in ('id', 'row_version', 'deleted_at', 'owner_id')`,
      [bSchema, table],
    );
    const names = columns.rows.map((c) => c.column_name);
    // Object tables (and system tables with versions, such as saved views): ids, versions, deletions, owners.
    const part = (column: string) => (names.includes(column) ? `coalesce(${column}::text, '')` : `''`);
    out[table] = names.includes('row_version')
      ? await query(
          `select count(*)::int as n, md5(coalesce(string_agg(id::text || ':' || row_version || ':' || ${part('deleted_at')} || ':' || ${part('owner_id')}, ',' order by id), '')) as h from "${bSchema}"."${table}"`,
        )
      : await query(`select count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from "${bSchema}"."${table}" t`);
  }
  out.tenant = await query(`select metadata_version, status from atrium.tenant where id = '${bTenantId}'`);
  out.keys = await query(`select id, revoked_at from atrium.api_key where tenant_id = '${bTenantId}' order by id`);
  out.revisions = await query(`select count(*)::int as n from atrium.metadata_revision where tenant_id = '${bTenantId}'`);
  return out;
}

beforeAll(async () => {
  harness = await startApi();
  const operations = (extra: boolean): MetadataOperation[] => [
    { op: 'createObject', object: projectObject(extra) },
    ...(extra ? [{ op: 'createObject' as const, object: vaultObject() }] : []),
  ];
  a = await ApiTenant.create(harness, crmBundle, 'isoa');
  b = await ApiTenant.create(harness, crmBundle, 'isob');
  await a.change(operations(false));
  await b.change(operations(true));
  aSchema = await a.schema();
  bSchema = await b.schema();
  bTenantId = (await harness.database.pool.query<{ id: string }>('select id from atrium.tenant where key = $1', [b.key])).rows[0]?.id as string;
  const { app, database } = harness;

  // Tenant B: records whose every value carries the mark.
  bAdmin = await Caller.create(app, database.db, b.key, 'admin', `b admin ${MARK}`);
  const bIntegration = await Caller.create(app, database.db, b.key, 'integration', `b integration ${MARK}`);
  bPrincipalIds.push(bAdmin.id, bIntegration.id);
  const accounts = await bulk(
    bAdmin,
    'account',
    Array.from({ length: 12 }, (_, i) => ({
      name: `Bravo-${MARK}-acct-${i}`,
      website: `https://${MARK.toLowerCase()}-${i}.example`,
      phone: `+1 555 7${String(i).padStart(3, '0')}`,
      industry: 'technology',
      annualRevenue: { amount: 9_876_543 + i, currency: 'USD' },
    })),
  );
  for (const r of accounts) bAccountIds.push(r.id as string);
  const deals = await bulk(
    bAdmin,
    'opportunity',
    bAccountIds.map((account, i) => ({
      name: `Bravo-${MARK}-deal-${i}`,
      account,
      nextStep: `Call ${MARK} ${i}`,
      amount: { amount: 1000 + i, currency: 'EUR' },
    })),
  );
  for (const r of deals) bOpportunityIds.push(r.id as string);
  const contacts = await bulk(
    bAdmin,
    'contact',
    bAccountIds.slice(0, 6).map((account, i) => ({ name: `Bravo-${MARK}-contact-${i}`, email: `${MARK.toLowerCase()}${i}@bravo.example`, account })),
  );
  const projects = await bulk(
    bAdmin,
    'project',
    bAccountIds
      .slice(0, 8)
      .map((account, i) => ({ name: `Bravo-${MARK}-project-${i}`, code: `${MARK}-CODE-${i}`, account, qx7bSecret: `secret-${MARK}-${i}` })),
  );
  for (const r of projects) {
    bProjectIds.push(r.id as string);
    bCodes.push(r.code as string);
  }
  const vaults = await bulk(bAdmin, 'vault', [{ name: `Bravo-${MARK}-vault` }]);
  bIds.push(...bAccountIds, ...bOpportunityIds, ...contacts.map((r) => r.id as string), ...bProjectIds, ...vaults.map((r) => r.id as string));
  bNames.push(...[...accounts, ...deals, ...contacts, ...projects].map((r) => r.name as string));
  bRoleId = (await bAdmin.rest('POST', '/api/v1/admin/roles', { name: `Role ${MARK}` })).body.id;
  await bAdmin.rest('POST', '/api/v1/admin/permission-sets', { name: `Set ${MARK}`, objects: { account: { read: true } } });
  await bAdmin.rest('POST', '/api/v1/admin/shares', { object: 'account', recordId: bAccountIds[0], granteeId: bIntegration.id });
  // A saved view of B's, shared with everyone in B.
  const view = await bAdmin.rest('POST', '/api/v1/views', {
    object: 'account',
    name: `Bravo-${MARK}-view`,
    visibility: 'everyone',
    definition: { columns: ['name', 'website'], filter: { name: { startsWith: `Bravo-${MARK}` } } },
  });
  expect(view.status, view.text).toBe(201);
  bIds.push(view.body.id);
  bNames.push(view.body.name);
  // Cursors from B's lists, per object and sort order (A uses them with the same sort, and with others).
  for (const spec of LISTS) {
    for (const sort of spec.sorts) {
      const orderBy = ORDER_BY[sort] ?? '';
      const page = await bAdmin.gql<Record<string, { edges: Array<{ cursor: string }> }>>(
        `{ ${spec.plural}(first: 4${orderBy ? `, ${orderBy}` : ''}) { edges { cursor } } }`,
      );
      const cursors = page.data?.[spec.plural]?.edges.map((e) => e.cursor) ?? [];
      expect(cursors.length, page.text).toBe(4);
      cursorsBy.set(`${spec.object}|${sort}`, cursors);
      bCursors.push(...cursors);
    }
    const rest = await bAdmin.rest('GET', `/api/v1/data/${spec.object}?limit=2&sort=-name`);
    bCursors.push(rest.body.nextCursor);
  }
  expect(bCursors.length).toBeGreaterThan(15);
  markers.push(MARK, MARK.toLowerCase(), ...bIds, ...bPrincipalIds, bRoleId, bTenantId, bSchema, '9876543', 'qx7bSecret');

  // Tenant A: its own data (same object names), and its credentials: two admin keys, an
  // integration key with a broad permission set, one in a private org, one with nothing.
  const aAdmin = await Caller.create(app, database.db, a.key, 'admin', 'a admin');
  const aAdmin2 = await Caller.create(app, database.db, a.key, 'admin', 'a admin 2');
  const aSales = await Caller.create(app, database.db, a.key, 'integration', 'a sales');
  const aPrivate = await Caller.create(app, database.db, a.key, 'integration', 'a private');
  const aNothing = await Caller.create(app, database.db, a.key, 'integration', 'a nothing');
  const all = { read: true, create: true, update: true, delete: true };
  const set = await aAdmin.rest('POST', '/api/v1/admin/permission-sets', {
    name: 'Everything',
    objects: { account: all, opportunity: all, contact: all, project: all },
    fields: { account: { '*': 'edit' }, opportunity: { '*': 'edit' }, contact: { '*': 'edit' }, project: { '*': 'edit' } },
    system: ['export', 'manageUsers', 'transferOwnership'],
  });
  for (const caller of [aSales, aPrivate])
    expect((await aAdmin.rest('POST', `/api/v1/admin/principals/${caller.id}/permission-sets/${set.body.id}`)).status).toBe(200);
  await aAdmin.rest('PUT', '/api/v1/admin/objects/account/sharing', { sharing: 'private' });
  const aAccounts = await bulk(
    aAdmin,
    'account',
    Array.from({ length: 6 }, (_, i) => ({ name: `Alpha-acct-${i}`, industry: 'technology', ...(i < 2 ? { ownerId: aPrivate.id } : {}) })),
  );
  for (const r of aAccounts) aAccountIds.push(r.id as string);
  await bulk(
    aAdmin,
    'opportunity',
    aAccountIds.map((account, i) => ({ name: `Alpha-deal-${i}`, account })),
  );
  const aProjects = await bulk(
    aAdmin,
    'project',
    aAccountIds.slice(0, 3).map((account, i) => ({ name: `Alpha-project-${i}`, code: `A-CODE-${i}`, account })),
  );
  for (const r of aProjects) aProjectIds.push(r.id as string);
  aCallers.push(aAdmin, aAdmin2, aSales, aPrivate, aNothing);
  // Sanity: the marks are nowhere in A.
  for (const table of ['account', 'opportunity', 'project']) {
    const found = await harness.database.pool.query(`select 1 from "${aSchema}"."${table}" t where t::text like '%${MARK}%'`);
    expect(found.rows).toEqual([]);
  }
});

afterAll(async () => {
  await harness?.close();
});

/** One request A sends. `write` marks requests that must fail (they target B's records). */
interface Req {
  kind: string;
  caller: number;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers: Record<string, string>;
  write?: boolean;
  csv?: boolean;
}

const OBJECTS = ['account', 'opportunity', 'contact', 'project', 'vault', 'case', 'projects', 'Account'];

/** The lists both tenants have: what makes a coherent request for each (filters by kind, sorts, expansions). */
interface ListSpec {
  object: string;
  plural: string;
  filterType: string;
  fields: string;
  sorts: string[];
  expands: string[];
  lookup: boolean;
  children: boolean;
  code: boolean;
}
const LISTS: ListSpec[] = [
  {
    object: 'account',
    plural: 'accounts',
    filterType: 'AccountFilter',
    fields: 'name website',
    sorts: ['', 'name', '-name'],
    expands: ['', 'opportunities', 'contacts', 'projects'],
    lookup: false,
    children: true,
    code: false,
  },
  {
    object: 'opportunity',
    plural: 'opportunities',
    filterType: 'OpportunityFilter',
    fields: 'name nextStep',
    sorts: ['', 'name', '-name', 'account.name'],
    expands: ['', 'account'],
    lookup: true,
    children: false,
    code: false,
  },
  {
    object: 'contact',
    plural: 'contacts',
    filterType: 'ContactFilter',
    fields: 'name email',
    sorts: ['', 'name', '-name', 'account.name'],
    expands: ['', 'account'],
    lookup: true,
    children: false,
    code: false,
  },
  {
    object: 'project',
    plural: 'projects',
    filterType: 'ProjectFilter',
    fields: 'name code',
    sorts: ['', 'name', '-name', 'account.name'],
    expands: ['', 'account'],
    lookup: true,
    children: false,
    code: true,
  },
];
/** REST `sort` → GraphQL `orderBy` (the same cursor signature). */
const ORDER_BY: Record<string, string> = {
  '': '',
  name: 'orderBy: [{field: "name"}]',
  '-name': 'orderBy: [{field: "name", direction: DESC}]',
  'account.name': 'orderBy: [{field: "account.name"}]',
};
const GQL_LISTS: Array<[string, string]> = [
  ['accounts', 'name'],
  ['opportunities', 'name'],
  ['contacts', 'name'],
  ['projects', 'name code'],
];

function arbitraries() {
  const bId = fc.constantFrom(...bIds);
  const anyId = fc.oneof(
    { weight: 4, arbitrary: bId },
    { weight: 2, arbitrary: fc.constantFrom(...aAccountIds, ...aProjectIds) },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const bValue = fc.constantFrom(...bNames, ...bCodes, `Bravo-${MARK}`, MARK);
  const cursor = fc.constantFrom(...bCursors);
  // Mostly the objects both tenants have; now and then B's own (vault), one A may not read, or a near miss.
  const object = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('account', 'opportunity', 'contact', 'project') },
    { weight: 1, arbitrary: fc.constantFrom(...OBJECTS) },
  );
  const tenantHeader = fc.oneof(
    { weight: 12, arbitrary: fc.constant<Record<string, string>>({}) },
    { weight: 3, arbitrary: fc.constant({ 'x-atrium-tenant': b.key }) },
    { weight: 2, arbitrary: fc.constant({ 'x-atrium-tenant': a.key }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { 'x-atrium-tenant': bSchema },
        { 'x-atrium-tenant': bTenantId },
        { 'x-atrium-tenant': `${a.key},${b.key}` },
        { 'x-atrium-tenant': b.key.toUpperCase() },
      ),
    },
  );
  const bFilter = fc.oneof(
    fc.record({ id: fc.record({ eq: bId }) }),
    fc.array(anyId, { minLength: 1, maxLength: 5 }).map((ids) => ({ id: { in: ids } })),
    bValue.map((v) => ({ name: { eq: v } })),
    bValue.map((v) => ({ name: { contains: v } })),
    fc.constant({ name: { startsWith: 'Bravo' } }),
    bId.map((id) => ({ account: { id: { eq: id } } })),
    bId.map((id) => ({ account: { in: [id] } })),
    bValue.map((v) => ({ account: { name: { eq: v } } })),
    bValue.map((v) => ({ or: [{ name: { eq: v } }, { account: { name: { startsWith: 'Bravo' } } }] })),
    bId.map((id) => ({ opportunities: { some: { id: { eq: id } } } })),
    fc.constantFrom(...bCodes).map((code) => ({ code: { eq: code } })),
    fc.constant({ qx7bSecret: { isNull: false } }),
    fc.constant({ ownerId: { in: bPrincipalIds } }),
    fc.constant({}),
  );
  // Most filters also match A's own records, so that responses have rows in which B's could hide.
  const alsoA = (f: fc.Arbitrary<Record<string, unknown>>) =>
    fc.oneof({ weight: 1, arbitrary: f }, { weight: 2, arbitrary: f.map((x) => ({ or: [x, { name: { startsWith: 'Alpha' } }] })) });
  const filter = alsoA(bFilter);
  /** Filters that are valid for the object: they reach the SQL. */
  const filterFor = (spec: ListSpec) =>
    alsoA(
      fc.oneof(
        fc.record({ id: fc.record({ eq: bId }) }),
        fc.array(anyId, { minLength: 1, maxLength: 5 }).map((ids) => ({ id: { in: ids } })),
        bValue.map((v) => ({ name: { eq: v } })),
        bValue.map((v) => ({ name: { contains: v } })),
        fc.constant({ name: { startsWith: 'Bravo' } }),
        fc.constant({ ownerId: { in: bPrincipalIds } }),
        ...(spec.lookup
          ? [
              bId.map((id) => ({ account: { id: { eq: id } } })),
              fc.array(bId, { minLength: 1, maxLength: 3 }).map((ids) => ({ account: { in: ids } })),
              bValue.map((v) => ({ account: { name: { eq: v } } })),
              fc.constant({ account: { website: { contains: MARK.toLowerCase() } } }),
            ]
          : []),
        ...(spec.children
          ? [bId.map((id) => ({ opportunities: { some: { id: { eq: id } } } })), bValue.map((v) => ({ opportunities: { some: { name: { eq: v } } } }))]
          : []),
        ...(spec.code ? [fc.constantFrom(...bCodes).map((code) => ({ code: { eq: code } }))] : []),
      ),
    );
  /** A list request that makes sense for one object; the cursor mostly from B's list in the same sort. */
  const coherentList = fc
    .constantFrom(...LISTS)
    .chain((spec) =>
      fc.record({
        spec: fc.constant(spec),
        f: fc.option(filterFor(spec), { freq: 3 }),
        s: fc.constantFrom(...spec.sorts),
        pick: fc.nat({ max: 3 }),
        cursorKind: fc.constantFrom('same sort', 'same sort', 'same sort', 'any', 'none'),
        anyCursor: fc.constantFrom(...bCursors),
        expand: fc.constantFrom(...spec.expands),
      }),
    )
    .map((r) => ({
      ...r,
      cursor: r.cursorKind === 'none' ? null : r.cursorKind === 'any' ? r.anyCursor : (cursorsBy.get(`${r.spec.object}|${r.s}`)?.[r.pick] ?? null),
    }));
  const sort = fc.constantFrom('', '', 'name', '-name', 'account.name', 'code', 'qx7bSecret');
  const orderBy = fc.constantFrom('', 'orderBy: [{field: "name"}]', 'orderBy: [{field: "name", direction: DESC}]', 'orderBy: [{field: "account.name"}]');
  // Mostly the keys that may read (admin, admin 2, sales, private), now and then the one with nothing.
  const caller = fc.oneof(
    { weight: 7, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.constant(1) },
    { weight: 4, arbitrary: fc.constant(2) },
    { weight: 3, arbitrary: fc.constant(3) },
    { weight: 1, arbitrary: fc.constant(4) },
  );
  const enc = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  const gql = (query: string, variables: Record<string, unknown> = {}) => ({ query, variables });

  const restGet = fc
    .record({
      caller,
      o: object,
      id: anyId,
      expand: fc.constantFrom('', '', '', '?expand=account', '?expand=opportunities', '?fields=name,qx7bSecret'),
      h: tenantHeader,
    })
    .map((r): Req => ({ kind: 'rest get', caller: r.caller, method: 'GET', url: `/api/v1/data/${r.o}/${r.id}${r.expand}`, headers: r.h }));
  const restCoherent = fc.record({ caller, l: coherentList, count: fc.boolean(), h: tenantHeader, csv: fc.boolean() }).map((r): Req => {
    const params = [
      r.l.f ? `filter=${enc(r.l.f)}` : '',
      r.l.s ? `sort=${r.l.s}` : '',
      r.l.cursor ? `cursor=${r.l.cursor}` : '',
      r.count ? 'count=true' : '',
      r.l.expand ? `expand=${r.l.expand}` : '',
    ].filter(Boolean);
    const url = `/api/v1/data/${r.l.spec.object}${params.length ? `?${params.join('&')}` : ''}`;
    return { kind: r.csv ? 'csv list' : 'rest list', caller: r.caller, method: 'GET', url, headers: r.csv ? { ...r.h, accept: 'text/csv' } : r.h, csv: r.csv };
  });
  const restChaos = fc
    .record({
      caller,
      o: object,
      f: fc.option(filter, { freq: 3 }),
      s: sort,
      c: fc.option(cursor, { freq: 2 }),
      count: fc.boolean(),
      expand: fc.constantFrom('', '', '', 'account', 'opportunities', 'projects'),
      h: tenantHeader,
      csv: fc.boolean(),
    })
    .map((r): Req => {
      const params = [
        r.f ? `filter=${enc(r.f)}` : '',
        r.s ? `sort=${r.s}` : '',
        r.c ? `cursor=${r.c}` : '',
        r.count ? 'count=true' : '',
        r.expand ? `expand=${r.expand}` : '',
      ].filter(Boolean);
      return {
        kind: r.csv ? 'csv chaos' : 'rest chaos',
        caller: r.caller,
        method: 'GET',
        url: `/api/v1/data/${r.o}${params.length ? `?${params.join('&')}` : ''}`,
        headers: r.csv ? { ...r.h, accept: 'text/csv' } : r.h,
        csv: r.csv,
      };
    });
  const restWrite = fc
    .record({
      caller,
      o: fc.constantFrom('account', 'opportunity', 'project', 'vault'),
      id: bId,
      v: bValue,
      how: fc.constantFrom('patch', 'delete', 'restore', 'create', 'bulk', 'upsert'),
      h: tenantHeader,
    })
    .map((r): Req => {
      const base = { kind: `rest ${r.how}`, caller: r.caller, headers: r.h, write: true };
      switch (r.how) {
        case 'patch':
          return { ...base, method: 'PATCH', url: `/api/v1/data/${r.o}/${r.id}`, body: { name: r.v } };
        case 'delete':
          return { ...base, method: 'DELETE', url: `/api/v1/data/${r.o}/${r.id}` };
        case 'restore':
          return { ...base, method: 'POST', url: `/api/v1/data/${r.o}/${r.id}/restore` };
        case 'create':
          // A lookup to B's record must fail, so nothing of B's values lands in A.
          return { ...base, method: 'POST', url: `/api/v1/data/${r.o === 'account' ? 'opportunity' : r.o}`, body: { name: r.v, account: r.id } };
        case 'bulk':
          return { ...base, method: 'POST', url: '/api/v1/data/opportunity/bulk', body: { records: [{ name: r.v, account: r.id }] } };
        default:
          return {
            ...base,
            method: 'POST',
            url: '/api/v1/data/project/bulk',
            body: { records: [{ name: r.v, code: bCodes[0], account: r.id }], upsertBy: 'code' },
          };
      }
    });
  const gqlRead = fc
    .record({
      caller,
      which: fc.constantFrom(...GQL_LISTS),
      f: fc.option(filter, { freq: 3 }),
      o: orderBy,
      c: fc.option(cursor, { freq: 2 }),
      id: anyId,
      shape: fc.nat({ max: 6 }),
      h: tenantHeader,
    })
    .map((r): Req => {
      const [list, fields] = r.which;
      const single = list === 'opportunities' ? 'opportunity' : list.slice(0, -1);
      const args = [r.f ? 'filter: $f' : '', r.o, r.c ? 'after: $c' : '', 'first: 20'].filter(Boolean).join(', ');
      const vars = { ...(r.f ? { f: r.f } : {}), ...(r.c ? { c: r.c } : {}) };
      const decl = [r.f ? `$f: ${single[0]?.toUpperCase()}${single.slice(1)}Filter` : '', r.c ? '$c: String' : ''].filter(Boolean).join(', ');
      const q = (body: string) => `query${decl ? `(${decl})` : ''} { ${body} }`;
      const queries = [
        gql(q(`${list}(${args}) { totalCount edges { cursor node { id ${fields} } } pageInfo { endCursor hasNextPage } }`), vars),
        gql(
          `query${r.f ? `($f: ${single[0]?.toUpperCase()}${single.slice(1)}Filter)` : ''} { ${list}Aggregate${r.f ? '(filter: $f)' : ''} { count sum min max } }`,
          r.f ? { f: r.f } : {},
        ),
        gql(`query($id: ID!) { ${single}(id: $id) { id name } }`, { id: r.id }),
        gql('query($id: ID!) { account(id: $id) { id name opportunities { totalCount nodes { id name } } projects { nodes { name code } } } }', { id: r.id }),
        gql(
          `query${r.c ? '($c: String)' : ''} { accounts(${[r.o, r.c ? 'after: $c' : ''].filter(Boolean).join(', ')}) { nodes { id name opportunities(first: 5) { totalCount nodes { name account { name } } } } } }`,
          r.c ? { c: r.c } : {},
        ),
        gql('query($id: ID!) { project(id: $id) { id name qx7bSecret } }', { id: r.id }),
        gql('{ vaults { totalCount } vault(id: "00000000-0000-7000-8000-000000000000") { name } }'),
      ];
      const chosen = queries[r.shape % queries.length] as { query: string; variables: Record<string, unknown> };
      // Filters and cursors declared but unused would be a GraphQL validation error: harmless, still checked.
      return { kind: `gql read ${r.shape}`, caller: r.caller, method: 'POST', url: '/graphql', body: chosen, headers: r.h };
    });
  const gqlCoherent = fc.record({ caller, l: coherentList, aggregate: fc.nat({ max: 3 }), h: tenantHeader }).map((r): Req => {
    const { spec, f, s: sort, cursor } = r.l;
    if (r.aggregate === 0) {
      const query = `query${f ? `($f: ${spec.filterType})` : ''} { ${spec.plural}Aggregate${f ? '(filter: $f)' : ''} { count sum min max } }`;
      return { kind: 'gql aggregate', caller: r.caller, method: 'POST', url: '/graphql', body: gql(query, f ? { f } : {}), headers: r.h };
    }
    const decl = [f ? `$f: ${spec.filterType}` : '', cursor ? '$c: String' : ''].filter(Boolean).join(', ');
    const args = [f ? 'filter: $f' : '', ORDER_BY[sort] ?? '', cursor ? 'after: $c' : '', 'first: 20'].filter(Boolean).join(', ');
    const nested = spec.children
      ? ' opportunities(first: 5) { totalCount nodes { name account { name } } }'
      : spec.lookup
        ? ' account { id name website }'
        : '';
    const query = `query${decl ? `(${decl})` : ''} { ${spec.plural}(${args}) { totalCount edges { cursor node { id ${spec.fields}${nested} } } pageInfo { endCursor hasNextPage } } }`;
    return {
      kind: 'gql list',
      caller: r.caller,
      method: 'POST',
      url: '/graphql',
      body: gql(query, { ...(f ? { f } : {}), ...(cursor ? { c: cursor } : {}) }),
      headers: r.h,
    };
  });
  const gqlWrite = fc.record({ caller, id: bId, v: bValue, how: fc.nat({ max: 5 }), h: tenantHeader }).map((r): Req => {
    const mutations = [
      gql('mutation($id: ID!, $v: String) { updateAccount(id: $id, input: {name: $v}) { id name } }', { id: r.id, v: r.v }),
      gql('mutation($id: ID!) { deleteOpportunity(id: $id) { id name } }', { id: r.id }),
      gql('mutation($id: ID!) { restoreAccount(id: $id) { id name } }', { id: r.id }),
      gql('mutation($id: ID, $v: String!) { createOpportunity(input: {name: $v, account: $id}) { id name account { name } } }', { id: r.id, v: r.v }),
      gql('mutation($id: ID, $v: String!) { createProjects(inputs: [{name: $v, code: $v, account: $id}], upsertBy: "code") { id name } }', {
        id: r.id,
        v: r.v,
      }),
      gql('mutation($id: ID!, $v: String) { updateProject(id: $id, input: {code: $v}) { id } }', { id: r.id, v: r.v }),
    ];
    return { kind: `gql write ${r.how}`, caller: r.caller, method: 'POST', url: '/graphql', body: mutations[r.how], headers: r.h, write: true };
  });
  const admin = fc.record({ caller, id: bId, principal: fc.constantFrom(...bPrincipalIds), how: fc.nat({ max: 7 }), h: tenantHeader }).map((r): Req => {
    const base = { kind: `admin ${r.how}`, caller: r.caller, headers: r.h };
    switch (r.how) {
      case 0:
        return { ...base, method: 'POST', url: '/api/v1/admin/shares', body: { object: 'account', recordId: r.id, granteeId: r.principal }, write: true };
      case 1:
        return { ...base, method: 'PUT', url: `/api/v1/admin/principals/${r.principal}/role`, body: { roleId: bRoleId }, write: true };
      case 2:
        return { ...base, method: 'GET', url: `/api/v1/admin/shares?object=account&recordId=${r.id}` };
      case 3:
        return { ...base, method: 'GET', url: '/api/v1/admin/roles' };
      case 4:
        return { ...base, method: 'GET', url: '/api/v1/admin/permission-sets' };
      case 5:
        return { ...base, method: 'GET', url: `/api/v1/meta/objects/${r.id.endsWith('0') ? 'project' : 'vault'}` };
      case 6:
        return { ...base, method: 'DELETE', url: `/api/v1/admin/principals/${r.principal}/permission-sets/${r.id}`, write: true };
      default:
        return { ...base, method: 'GET', url: '/api/v1/admin/sharing-rules' };
    }
  });
  const views = fc.record({ caller, id: bId, v: bValue, how: fc.nat({ max: 3 }), h: tenantHeader }).map((r): Req => {
    const base = { kind: `views ${r.how}`, caller: r.caller, headers: r.h };
    switch (r.how) {
      case 0:
        return { ...base, method: 'GET', url: `/api/v1/views/${r.id}` };
      case 1:
        return { ...base, method: 'PATCH', url: `/api/v1/views/${r.id}`, body: { name: r.v }, write: true };
      case 2:
        return { ...base, method: 'DELETE', url: `/api/v1/views/${r.id}`, write: true };
      default:
        return { ...base, method: 'GET', url: `/api/v1/views?object=${r.id.endsWith('0') ? 'account' : 'project'}` };
    }
  });
  return fc.oneof(
    { weight: 1, arbitrary: views },
    { weight: 4, arbitrary: restGet },
    { weight: 6, arbitrary: restCoherent },
    { weight: 1, arbitrary: restChaos },
    { weight: 2, arbitrary: restWrite },
    { weight: 6, arbitrary: gqlCoherent },
    { weight: 3, arbitrary: gqlRead },
    { weight: 2, arbitrary: gqlWrite },
    { weight: 1, arbitrary: admin },
  );
}

/** What A sent, with percent-encoding and cursors decoded: a B value found in it is an echo, not a leak. */
function sentText(req: Req): string {
  const parts = [req.url, safeDecode(req.url), JSON.stringify(req.body ?? null), JSON.stringify(req.headers)];
  for (const cursor of bCursors) if (parts.some((p) => p.includes(cursor))) parts.push(Buffer.from(cursor, 'base64url').toString('utf8'));
  return parts.join('\n');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Values of a JSON response outside error texts (where an echo of the request may legitimately sit). */
function dataStrings(value: unknown, key = '', out: string[] = []): string[] {
  if (['errors', 'detail', 'instance', 'message', 'title', 'type'].includes(key)) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) dataStrings(item, '', out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) dataStrings(v, k, out);
  return out;
}

interface Stats {
  requests: number;
  byKind: Map<string, number>;
  byStatus: Map<number, number>;
  /** Milliseconds spent per kind (wall time of each request, overlapping ones included). */
  timeByKind: Map<string, number>;
  writesRefused: number;
  /** Responses that carried some of A's own records (the checks had something to look at). */
  withAData: number;
}

/** Sends one request and returns the problems found (empty: no leak, no 5xx). */
async function probe(req: Req, stats: Stats): Promise<string[]> {
  const caller = aCallers[req.caller] as Caller;
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const start = performance.now();
  const response = await harness.app.inject({
    method: req.method,
    url: req.url,
    headers: { authorization: `Bearer ${caller.token}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
    ...(payload !== undefined ? { payload } : {}),
  });
  stats.requests++;
  stats.timeByKind.set(req.kind, (stats.timeByKind.get(req.kind) ?? 0) + performance.now() - start);
  stats.byKind.set(req.kind, (stats.byKind.get(req.kind) ?? 0) + 1);
  stats.byStatus.set(response.statusCode, (stats.byStatus.get(response.statusCode) ?? 0) + 1);
  const problems: string[] = [];
  const text = response.body;
  const where = `${req.method} ${req.url} as ${caller.label} ${payload ?? ''} ${JSON.stringify(req.headers)} → ${response.statusCode} ${text.slice(0, 400)}`;
  if (response.statusCode >= 500) problems.push(`5xx: ${where}`);
  if (response.statusCode === 429) problems.push(`rate limited (the test would not be testing): ${where}`);
  if (text.includes('Alpha-')) stats.withAData++;
  const sent = sentText(req);
  for (const marker of markers) if (text.includes(marker) && !sent.includes(marker)) problems.push(`leak of "${marker}": ${where}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  // Outside error messages nothing of B may appear at all, echoed or not (CSV: anywhere).
  const values = parsed === undefined ? [text] : dataStrings(parsed);
  for (const value of values) for (const marker of markers) if (value.includes(marker)) problems.push(`B's "${marker}" in the response data: ${where}`);
  if (req.write) {
    const refused = response.statusCode >= 400 || (parsed as { errors?: unknown[] } | undefined)?.errors !== undefined;
    if (refused) stats.writesRefused++;
    else problems.push(`a write aimed at B was accepted: ${where}`);
  }
  return problems;
}

describe('tenant isolation', () => {
  it('fixed probes: by id, list, header, REST and GraphQL', async () => {
    const [admin] = aCallers as [Caller];
    const bAccount = bAccountIds[0] as string;
    expect((await admin.rest('GET', `/api/v1/data/account/${bAccount}`)).status).toBe(404);
    expect((await admin.gql(`{ account(id: "${bAccount}") { id name } }`)).data).toEqual({ account: null });
    const list = await admin.gql<{ accounts: { totalCount: number } }>(`{ accounts(filter: {name: {eq: "Bravo-${MARK}-acct-0"}}) { totalCount } }`);
    expect(list.data?.accounts.totalCount).toBe(0);
    const header = await admin.gql('{ accounts { totalCount nodes { name } } }', undefined, { 'x-atrium-tenant': b.key });
    expect(header.status).toBe(403);
    expect(header.text).not.toContain(MARK);
    // The same requests as B see B's data (the probes can fail).
    expect((await bAdmin.rest('GET', `/api/v1/data/account/${bAccount}`)).body.name).toBe(`Bravo-${MARK}-acct-0`);
    expect(
      (await bAdmin.gql<{ accounts: { totalCount: number } }>(`{ accounts(filter: {name: {eq: "Bravo-${MARK}-acct-0"}}) { totalCount } }`)).data?.accounts
        .totalCount,
    ).toBe(1);
    // Same object names, each tenant its own rows.
    expect((await admin.rest('GET', '/api/v1/data/project?count=true')).body.totalCount).toBe(3);
    expect((await bAdmin.rest('GET', '/api/v1/data/project?count=true')).body.totalCount).toBe(8);
    expect((await admin.rest('GET', '/api/v1/data/vault')).status).toBe(404);
  });

  it(`≥ ${BATCHES * PARALLEL} random requests with A's credentials at B's ids, values and headers: zero leaks, zero 5xx, B untouched`, async () => {
    const before = await snapshotB();
    const stats: Stats = { requests: 0, byKind: new Map(), byStatus: new Map(), timeByKind: new Map(), writesRefused: 0, withAData: 0 };
    const started = Date.now();
    const problems: string[] = [];
    const batch = fc.array(arbitraries(), { minLength: PARALLEL, maxLength: PARALLEL });
    const result = await fc.check(
      fc.asyncProperty(batch, async (requests) => {
        const found = (await Promise.all(requests.map((req) => probe(req, stats)))).flat();
        if (found.length) {
          problems.push(...found);
          return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: BATCHES, endOnFailure: true },
    );
    const seconds = (Date.now() - started) / 1000;
    const after = await snapshotB();
    const kinds = [...stats.byKind.entries()]
      .sort()
      .map(([k, n]) => `${k}: ${n} (${((stats.timeByKind.get(k) ?? 0) / n).toFixed(1)} ms)`)
      .join(', ');
    const statuses = [...stats.byStatus.entries()]
      .sort()
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(
      `isolation: seed ${SEED}, ${stats.requests} requests in ${seconds.toFixed(1)} s (${PARALLEL} at a time), ${stats.writesRefused} writes at B refused, ${stats.withAData} responses with A's records, ${problems.length} problems\n  statuses ${statuses}\n  kinds ${kinds}`,
    );
    expect(problems.slice(0, 10), `seed ${SEED}; counterexample: ${JSON.stringify(result.counterexample)?.slice(0, 2000)}`).toEqual([]);
    expect(result.failed).toBe(false);
    expect(stats.requests).toBe(BATCHES * PARALLEL);
    expect(after).toEqual(before);
    // Enough of it got past authentication and validation to mean something.
    expect(stats.byStatus.get(200) ?? 0).toBeGreaterThan(stats.requests / 5);
    expect(stats.withAData).toBeGreaterThan(stats.requests / 10);
    expect(stats.byStatus.get(404) ?? 0).toBeGreaterThan(100);
    expect(stats.byStatus.get(403) ?? 0).toBeGreaterThan(100);
  }, 240_000);

  it('the checks do catch a leak: the same probes sent with B’s own key are flagged', async () => {
    aCallers.push(bAdmin);
    try {
      const stats: Stats = { requests: 0, byKind: new Map(), byStatus: new Map(), timeByKind: new Map(), writesRefused: 0, withAData: 0 };
      const caller = aCallers.length - 1;
      const list = await probe({ kind: 'self test', caller, method: 'GET', url: '/api/v1/data/account?limit=1', headers: {} }, stats);
      expect(list.some((p) => p.startsWith('leak of') || p.startsWith("B's"))).toBe(true);
      const get = await probe(
        { kind: 'self test', caller, method: 'POST', url: '/graphql', body: { query: `{ account(id: "${bAccountIds[0]}") { id } }` }, headers: {} },
        stats,
      );
      // The id was sent, so only the structural check (B's value in the data) can flag it.
      expect(get.some((p) => p.startsWith("B's"))).toBe(true);
      const csv = await probe(
        { kind: 'self test', caller, method: 'GET', url: '/api/v1/data/project?fields=code', headers: { accept: 'text/csv' }, csv: true },
        stats,
      );
      expect(csv.length).toBeGreaterThan(0);
    } finally {
      aCallers.pop();
    }
  });

  it('B is intact when read by B', async () => {
    const accounts = await bAdmin.rest('GET', '/api/v1/data/account?limit=100&count=true&sort=name');
    expect(accounts.body.totalCount).toBe(12);
    for (const record of accounts.body.data) {
      expect(record.name).toMatch(new RegExp(`^Bravo-${MARK}-acct-\\d+$`));
      expect(record.version).toBe(1);
    }
    const projects = await bAdmin.rest('GET', '/api/v1/data/project?limit=100');
    expect(projects.body.data.map((p: { code: string }) => p.code).sort()).toEqual([...bCodes].sort());
  });
});
