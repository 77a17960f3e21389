import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type ApiTenant, startApi } from '../support/api-harness.ts';
import { dealTenant, type Json, restOk } from '../support/contract-helpers.ts';

/**
 * Property-based: malformed requests at both APIs are answered 4xx (GraphQL resolver errors: 200
 * with errors), never 5xx, and every error carries a stable code (REST problem+json `code`,
 * GraphQL `extensions.code`) matching /^[A-Z_]+$/ that is not INTERNAL.
 *
 * Fixed seed for reproducibility (FUZZ_SEED overrides it); each property prints its seed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
/** Scales the number of runs (FUZZ_SCALE=10 for a longer exploration). */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const CODE = /^[A-Z_]+$/;

let harness: ApiHarness;
let t: ApiTenant;
let accountId: string;
let dealId: string;
/** Signatures of real cursors (sort orders below), so generated cursors get past the signature check. */
const signatures: string[] = [];
const SIGNED_SORTS = [
  '[]',
  '[{field: "quantity"}]',
  '[{field: "name", direction: DESC}]',
  '[{field: "closeDate", nulls: FIRST}]',
  '[{field: "account.name"}]',
  '[{field: "amount"}]',
];

beforeAll(async () => {
  harness = await startApi();
  t = await dealTenant(harness, 'fuzz');
  accountId = String(restOk<Json>(await t.rest('POST', '/api/v1/data/account', { name: 'Fuzz account' }), 201).id);
  dealId = String(
    restOk<Json>(await t.rest('POST', '/api/v1/data/deal', { name: 'Fuzz deal', parentAccount: accountId, quantity: 3, email: 'fuzz@example.com' }), 201).id,
  );
  for (const orderBy of SIGNED_SORTS) {
    const out = await t.gql<{ deals: { pageInfo: { endCursor: string } } }>(`{ deals(first: 1, orderBy: ${orderBy}) { pageInfo { endCursor } } }`);
    const cursor = out.data?.deals.pageInfo.endCursor as string;
    signatures.push((JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as string[])[0] as string);
  }
  console.log(`fuzz seed ${SEED} (set FUZZ_SEED to change it)`);
});
afterAll(async () => {
  await harness?.close();
});

/** One HTTP request: what the properties generate. */
interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'OPTIONS' | 'HEAD';
  url: string;
  /** Raw body text (already serialized, possibly not JSON). */
  payload?: string;
  contentType?: string;
  /** Replaces the tenant's bearer token. */
  authorization?: string;
  accept?: string;
  /** What generated it, for the known-bug classification below. */
  tag?: 'signed-cursor';
}

interface Violation {
  req: Req;
  status: number;
  body: string;
  why: string;
}

const stats = { requests: 0, byStatus: new Map<number, number>(), codes: new Map<string, number>() };
const violations: Violation[] = [];

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Sends a request and records every way its answer breaks the error contract. */
async function send(req: Req): Promise<void> {
  const headers: Record<string, string> = { authorization: req.authorization ?? `Bearer ${t.token}` };
  if (req.contentType) headers['content-type'] = req.contentType;
  if (req.accept) headers.accept = req.accept;
  const response = await harness.app.inject({ method: req.method, url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
  stats.requests += 1;
  count(stats.byStatus, response.statusCode);
  const fail = (why: string) => violations.push({ req, status: response.statusCode, body: response.body.slice(0, 600), why });
  if (response.statusCode >= 500) return void fail('5xx');
  if (req.method === 'HEAD' || (response.statusCode < 400 && !req.url.startsWith('/graphql'))) return;
  const type = String(response.headers['content-type'] ?? '');
  if (!type.includes('json')) {
    if (response.statusCode >= 400) fail(`error without a JSON body (${type})`);
    return;
  }
  let body: { code?: unknown; errors?: unknown };
  try {
    body = response.json();
  } catch {
    return void fail('unparsable JSON');
  }
  const checkCode = (code: unknown, where: string) => {
    count(stats.codes, String(code));
    if (typeof code !== 'string' || !CODE.test(code)) fail(`${where}: code ${JSON.stringify(code)} is not a stable code`);
    else if (code === 'INTERNAL') fail(`${where}: INTERNAL (a masked server error)`);
  };
  if (type.includes('application/problem+json')) {
    if (response.statusCode < 400) fail('problem document with a success status');
    checkCode(body.code, 'problem');
    return;
  }
  if (req.url.startsWith('/graphql')) {
    const errors = body.errors;
    if (errors === undefined) {
      if (response.statusCode >= 400) fail('GraphQL 4xx without errors');
      return;
    }
    if (!Array.isArray(errors) || errors.length === 0) return void fail('GraphQL errors is not a non-empty list');
    for (const error of errors as Array<{ extensions?: { code?: unknown } }>) checkCode(error?.extensions?.code, 'GraphQL error');
    return;
  }
  if (response.statusCode >= 400) fail(`4xx JSON body that is not a problem document (${type})`);
}

// ---- arbitraries -------------------------------------------------------------------------------

const DEAL_FIELDS = [
  'id',
  'ownerId',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'version',
  'name',
  'notes',
  'body',
  'email',
  'phone',
  'site',
  'quantity',
  'weight',
  'amount',
  'discount',
  'won',
  'closeDate',
  'lastSeenAt',
  'stage',
  'tags',
  'account',
  'parentAccount',
  'partners',
  'reviewer',
  'number',
  'total',
  'shippingAddress',
  'extra',
];
const OPERATORS = [
  'eq',
  'neq',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'startsWith',
  'endsWith',
  'isNull',
  'containsAny',
  'containsAll',
  'relative',
  'some',
  'every',
  'none',
  'currency',
  'city',
  'country',
  'name',
  'id',
  'and',
  'or',
  'not',
];

const huge = fc.constantFrom(1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 53 + 1, 1e-320, 0.1, -0, 1.2345678901234568e29, Number.MAX_SAFE_INTEGER);
const specialString = fc.constantFrom(
  '',
  ' ',
  'DEAL-0001',
  'DEAL-x',
  '2025-01-01',
  '2025-02-30',
  '2025-01-01T00:00:00Z',
  '99999-01-01',
  'last30Days',
  'thisMonth',
  '00000000-0000-0000-0000-000000000000',
  "'; drop table x; --",
  '\u0000',
  '%',
  '_',
  '\\',
  '"',
  '𝄞',
  'a'.repeat(3000),
  'null',
  'true',
  '{}',
  '[]',
  'NaN',
  'Infinity',
);
const scalar = fc.oneof(fc.string({ maxLength: 20 }), specialString, fc.integer(), fc.double(), huge, fc.boolean(), fc.constant(null));
const json = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DEAL_FIELDS, 'and', 'or', 'not', 'deals', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const operator = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...OPERATORS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });

const { filter } = fc.letrec<{ filter: unknown; condition: unknown; operand: unknown }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    json,
    fc.dictionary(fieldName, tie('condition'), { maxKeys: 3 }),
    fc.array(tie('filter'), { maxLength: 3 }),
  ),
  condition: fc.oneof({ depthSize: 'small' }, json, fc.dictionary(operator, tie('operand'), { maxKeys: 3 }), tie('filter')),
  operand: fc.oneof({ depthSize: 'small' }, json, fc.array(json, { maxLength: 4 }), tie('filter')),
}));

const randomId = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'null', '..', '%00', 'x'.repeat(300)),
);
const cursor = fc.oneof(
  fc.string({ maxLength: 50 }),
  json.map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
  fc.array(json, { maxLength: 4 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
);

/** A record body: sometimes not an object, sometimes valid fields with wrong values. */
const recordBody = fc.oneof(
  json,
  fc.dictionary(fieldName, json, { maxKeys: 5 }),
  fc.tuple(fc.constantFrom(...DEAL_FIELDS), json).map(([field, value]) => ({ name: 'x', parentAccount: '__ACCOUNT__', [field]: value })),
);

const enc = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'));
const withIds = (text: string) => text.replaceAll('__ACCOUNT__', accountId).replaceAll('__DEAL__', dealId);

/** REST list requests with random query parameters. */
const restList: fc.Arbitrary<Req> = fc
  .record(
    {
      filter: fc.oneof(
        filter.map((f) => enc(f)),
        fc.string({ maxLength: 30 }).map(encodeURIComponent),
      ),
      sort: fc.oneof(
        fc.constantFrom(
          'name',
          '-quantity',
          'account.name',
          'partners',
          'extra',
          'shippingAddress',
          'a.b.c',
          '-',
          '--name',
          ',,',
          'tags',
          'account.deals',
          'total',
          'number',
        ),
        fc.string({ maxLength: 15 }).map(encodeURIComponent),
      ),
      limit: fc.oneof(
        fc.integer({ min: -10, max: 1000 }).map(String),
        fc.constantFrom('1e3', '500', '501', '0x10', '1.5', '', ' 5', '99999999999999999999'),
        fc.string({ maxLength: 5 }).map(encodeURIComponent),
      ),
      cursor: cursor.map(encodeURIComponent),
      fields: fc.array(fieldName, { maxLength: 4 }).map((f) => encodeURIComponent(f.join(','))),
      expand: fc.array(fc.constantFrom('account', 'parentAccount', 'partners', 'name', 'nope', 'deals'), { maxLength: 3 }).map((f) => f.join(',')),
      count: fc.constantFrom('true', 'false', 'yes', ''),
      unknown: fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent),
    },
    { requiredKeys: [] },
  )
  .chain((params) =>
    fc.record({
      params: fc.constant(params),
      object: fc.constantFrom('deal', 'account'),
      repeat: fc.boolean(),
      accept: fc.constantFrom(undefined, 'text/csv'),
    }),
  )
  .map(({ params, object, repeat, accept }) => {
    const parts = Object.entries(params).map(([k, v]) => (k === 'unknown' ? `${v}=1` : `${k}=${v}`));
    if (repeat && parts[0]) parts.push(parts[0]);
    return { method: 'GET', url: `/api/v1/data/${object}?${parts.join('&')}`, ...(accept ? { accept } : {}) } satisfies Req;
  });

/** REST requests on one record and writes with random bodies. */
const restRecord: fc.Arbitrary<Req> = fc.oneof(
  fc.tuple(fc.constantFrom('GET', 'PATCH', 'DELETE', 'POST'), randomId, recordBody).map(([method, id, body]) => ({
    method: method as Req['method'],
    url: `/api/v1/data/deal/${encodeURIComponent(id)}${method === 'POST' ? '/restore' : ''}`,
    ...(method === 'PATCH' ? { payload: withIds(JSON.stringify(body) ?? 'null'), contentType: 'application/json' } : {}),
  })),
  fc.tuple(recordBody, fc.constantFrom('application/json', 'text/plain', undefined, 'application/json; charset=latin1')).map(([body, contentType]) => ({
    method: 'POST' as const,
    url: '/api/v1/data/deal',
    payload: withIds(JSON.stringify(body) ?? 'undefined'),
    ...(contentType ? { contentType } : {}),
  })),
  fc.tuple(fc.oneof(fc.array(recordBody, { maxLength: 3 }), json), fc.option(json)).map(([records, upsertBy]) => ({
    method: 'POST' as const,
    url: '/api/v1/data/deal/bulk',
    payload: withIds(JSON.stringify({ records, ...(upsertBy !== null ? { upsertBy } : {}) })),
    contentType: 'application/json',
  })),
  fc.tuple(fc.constantFrom('PATCH', 'POST'), fc.string({ maxLength: 40 })).map(([method, text]) => ({
    method: method as Req['method'],
    url: method === 'PATCH' ? `/api/v1/data/deal/__DEAL__` : '/api/v1/data/deal',
    payload: `{${text}`,
    contentType: 'application/json',
  })),
);

/** Random methods on known routes, random object names, random credentials. */
const routes: fc.Arbitrary<Req> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'),
      fc.constantFrom(
        '/api/v1/data/deal',
        '/api/v1/data/deal/__DEAL__',
        '/api/v1/data/deal/bulk',
        '/api/v1/data/deal/__DEAL__/restore',
        '/graphql',
        '/api/v1/openapi.json',
        '/api/v1/data',
        '/api/v1/data/',
        '/api/v1/data/deal/__DEAL__/x/y',
      ),
    )
    .map(([method, url]) => ({
      method: method as Req['method'],
      url,
      ...(method === 'POST' || method === 'PATCH' || method === 'PUT' ? { payload: '{}', contentType: 'application/json' } : {}),
    })),
  fc
    .tuple(
      fc.constantFrom('GET', 'POST'),
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.constantFrom('constructor', '__proto__', 'Deal', 'deals', 'DEAL', 'account%2F..', '_outbox', 'toString'),
      ),
    )
    .map(([method, name]) => ({
      method: method as Req['method'],
      url: `/api/v1/data/${encodeURIComponent(name)}`,
      ...(method === 'POST' ? { payload: '{"name":"x"}', contentType: 'application/json' } : {}),
    })),
  fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('Bearer ', 'Bearer atr_', 'Basic dXNlcjpwYXNz', 'bearer x', `Bearer atr_${'a'.repeat(64)}`)),
      fc.constantFrom('/graphql', '/api/v1/data/deal'),
    )
    .map(([authorization, url]) => ({
      method: url === '/graphql' ? ('POST' as const) : ('GET' as const),
      url,
      authorization: authorization.replace(/[^\x20-\x7e]/g, ''),
      ...(url === '/graphql' ? { payload: '{"query":"{ deals { totalCount } }"}', contentType: 'application/json' } : {}),
    })),
);

/** A JSON value as a GraphQL literal (keys that are not names make the document invalid, which is fine). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')}}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? 'null';
}

let unique = 0;
const gqlPost = (body: unknown, contentType = 'application/json'): Req => ({
  method: 'POST',
  url: '/graphql',
  payload: typeof body === 'string' ? body : withIds(JSON.stringify(body) ?? 'null'),
  contentType,
});

const selection = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...DEAL_FIELDS.filter((f) => !['amount', 'shippingAddress', 'account', 'parentAccount', 'partners', 'reviewer'].includes(f)),
        'amount { amount currency }',
        'account { id name }',
        'partners { totalCount nodes { id } }',
        'reviewer { id }',
        'shippingAddress { city }',
        '__typename',
        'nope',
        'account',
        'partners(first: 99999) { nodes { id } }',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((s) => s.join(' '));

/** GraphQL: random documents, generated documents with random arguments, random variables, bodies that are not requests. */
const graphql: fc.Arbitrary<Req> = fc.oneof(
  fc.string({ maxLength: 80 }).map((query) => gqlPost({ query })),
  fc
    .tuple(filter, fc.oneof(fc.integer({ min: -5, max: 100_000 }), huge, fc.constant(null)), fc.option(cursor), fc.option(json), selection)
    .map(([f, first, after, orderBy, sel]) =>
      gqlPost({
        query: `{ deals(filter: ${literal(f)}, first: ${literal(first)}${after !== null ? `, after: ${literal(after)}` : ''}${orderBy !== null ? `, orderBy: ${literal(orderBy)}` : ''}) { totalCount pageInfo { endCursor } nodes { ${sel} } } }`,
      }),
    ),
  fc
    .tuple(filter, fc.option(json), fc.constantFrom('day', 'week', 'month', 'quarter', 'year', 'decade', '"day"', 'null'))
    .map(([f, field, bucket]) =>
      gqlPost({ query: `{ dealsAggregate(filter: ${literal(f)}, groupBy: [{field: ${literal(field)}, bucket: ${bucket}}]) { group count sum avg min max } }` }),
    ),
  fc.tuple(fc.dictionary(fieldName, json, { maxKeys: 4 }), randomId, fc.constantFrom('create', 'update', 'delete', 'restore', 'get')).map(([input, id, op]) => {
    const doc = {
      create: `mutation { createDeal(input: ${literal({ name: 'x', parentAccount: '__ACCOUNT__', ...input })}) { id } }`,
      update: `mutation { updateDeal(id: ${literal(id)}, input: ${literal(input)}, expectedVersion: 1) { id } }`,
      delete: `mutation { deleteDeal(id: ${literal(id)}) { id } }`,
      restore: `mutation { restoreDeal(id: ${literal(id)}) { id } }`,
      get: `{ deal(id: ${literal(id)}) { id name } }`,
    }[op];
    return gqlPost({ query: doc });
  }),
  // Variables of every kind against fixed documents.
  fc.tuple(fc.oneof(fc.dictionary(fieldName, json, { maxKeys: 4 }), json), fc.constantFrom(0, 1, 2, 3)).map(([variables, n]) =>
    gqlPost({
      query: [
        'mutation($input: DealInput!) { createDeal(input: $input) { id } }',
        'query($id: ID!) { deal(id: $id) { id } }',
        'query($first: Int, $after: String, $o: [DealOrderBy!]) { deals(first: $first, after: $after, orderBy: $o) { nodes { id } } }',
        'mutation($id: ID!, $input: DealUpdateInput!, $v: Int) { updateDeal(id: $id, input: $input, expectedVersion: $v) { id } }',
      ][n],
      variables,
    }),
  ),
  // A filter variable: every document text is new, since the second run of one with a filter
  // variable is JIT-compiled for seconds (reported in filters.test.ts).
  filter.map((f) => {
    unique += 1;
    return gqlPost({ query: `query($f: DealFilter) { q${unique}: deals(filter: $f) { totalCount } }`, variables: { f } });
  }),
  fc
    .tuple(json, fc.option(json), fc.option(json))
    .map(([query, variables, operationName]) =>
      gqlPost({ query, ...(variables !== null ? { variables } : {}), ...(operationName !== null ? { operationName } : {}) }),
    ),
  json.map((body) => gqlPost(body)),
  fc.string({ maxLength: 40 }).map((text) => gqlPost(text)),
  fc.string({ maxLength: 40 }).map((text) => gqlPost(JSON.stringify({ query: '{ deals { totalCount } }' }).slice(0, 10) + text)),
  fc
    .tuple(fc.string({ maxLength: 30 }), fc.constantFrom('text/plain', 'application/graphql', 'application/x-www-form-urlencoded'))
    .map(([text, type]) => gqlPost(text, type)),
  fc.tuple(fc.string({ maxLength: 60 }), fc.option(fc.string({ maxLength: 20 }))).map(([query, variables]) => ({
    method: 'GET' as const,
    url: `/graphql?query=${encodeURIComponent(query)}${variables !== null ? `&variables=${encodeURIComponent(variables)}` : ''}`,
  })),
);

/** Cursors with a real sort's signature and random values (the id last), at both APIs. */
const REST_SORTS = ['', 'quantity', '-name', undefined, 'account.name', 'amount'];
const signedCursors: fc.Arbitrary<Req> = fc
  .tuple(fc.nat(SIGNED_SORTS.length - 1), fc.array(json, { maxLength: 2 }), fc.oneof(fc.uuid(), json), fc.boolean())
  .map(([n, values, id, viaRest]) => {
    const text = Buffer.from(JSON.stringify([signatures[n], ...values, id])).toString('base64url');
    const rest = REST_SORTS[n];
    if (viaRest && rest !== undefined)
      return { method: 'GET' as const, url: `/api/v1/data/deal?${rest ? `sort=${rest}&` : ''}cursor=${text}`, tag: 'signed-cursor' as const };
    return {
      ...gqlPost({ query: `query($a: String) { deals(first: 3, orderBy: ${SIGNED_SORTS[n]}, after: $a) { nodes { id } } }`, variables: { a: text } }),
      tag: 'signed-cursor' as const,
    };
  });

const RUNS = { restList: 120, restRecord: 100, routes: 60, graphql: 250, cursors: 60 };

async function run(name: keyof typeof RUNS, arbitrary: fc.Arbitrary<Req>, offset: number): Promise<void> {
  const seed = SEED + offset;
  console.log(`fuzz ${name}: seed ${seed}, ${Math.round(RUNS[name] * SCALE)} runs`);
  await fc.assert(
    fc.asyncProperty(arbitrary, async (req) => {
      await send({ ...req, url: withIds(req.url) });
    }),
    { seed, numRuns: Math.round(RUNS[name] * SCALE), endOnFailure: true },
  );
}

describe('malformed requests never get a 5xx, and every error has a stable code', () => {
  it('REST lists with random query parameters', () => run('restList', restList, 1));
  it('REST record routes with random ids and bodies', () => run('restRecord', restRecord, 2));
  it('random methods, object names and credentials', () => run('routes', routes, 3));
  it('GraphQL documents, arguments, variables and bodies', () => run('graphql', graphql, 4));
  it('cursors with a valid signature and random values', () => run('cursors', signedCursors, 5));

  it('answered every request by the contract', () => {
    console.log(
      `fuzz: ${stats.requests} requests; statuses ${JSON.stringify(Object.fromEntries(stats.byStatus))}; codes ${JSON.stringify(Object.fromEntries(stats.codes))}`,
    );
    const known = violations.filter((v) => KNOWN_BUGS.some((bug) => bug.matches(v)));
    const unknown = violations.filter((v) => !known.includes(v));
    for (const bug of KNOWN_BUGS) console.log(`known bug (see the it.fails "${bug.test}"): ${violations.filter((v) => bug.matches(v)).length} answers`);
    for (const v of unknown.slice(0, 15))
      console.log(`VIOLATION ${v.why}: ${v.req.method} ${v.req.url.slice(0, 200)} ${v.req.payload?.slice(0, 300) ?? ''} → ${v.status} ${v.body.slice(0, 300)}`);
    expect(stats.requests).toBeGreaterThanOrEqual(300);
    // The requests are mostly malformed: most answers are errors.
    const errors = [...stats.byStatus.entries()].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    expect(errors).toBeGreaterThan(stats.requests / 2);
    expect(unknown.map((v) => `${v.why}: ${v.req.method} ${v.req.url.slice(0, 120)} ${v.req.payload?.slice(0, 200) ?? ''} → ${v.status}`)).toEqual([]);
  });
});

/** A GraphQL request whose query text is itself a JSON value (`"1"`, `"null"`, `"{}"`). */
function jsonLiteralQuery(req: Req): boolean {
  let query: unknown;
  try {
    query = req.method === 'GET' ? new URL(req.url, 'http://x').searchParams.get('query') : (JSON.parse(req.payload ?? '') as { query?: unknown }).query;
  } catch {
    return false;
  }
  if (typeof query !== 'string') return false;
  try {
    JSON.parse(query);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bugs the fuzzing finds that are pinned by it.fails tests (and described in the report): their
 * answers are counted and printed, not failed on twice. Remove an entry when its bug is fixed.
 */
const KNOWN_BUGS: Array<{ test: string; matches: (v: Violation) => boolean }> = [
  {
    test: 'refuses a cursor whose sort values have the wrong type with VALIDATION_FAILED (not 500)',
    matches: (v) => v.req.tag === 'signed-cursor' && /5xx|INTERNAL/.test(v.why),
  },
  {
    test: 'answers a GraphQL query text that is a JSON literal with 400',
    matches: (v) => v.req.url.startsWith('/graphql') && jsonLiteralQuery(v.req) && v.why === '5xx',
  },
  { test: 'answers a path parameter longer than 200 characters with a problem document', matches: (v) => v.status === 414 },
];

describe('bugs found by fuzzing', () => {
  // mercurius is handed any string as "query"; a string that is a JSON literal ("1", "null", "{}",
  // "[1]", "\"x\"") fails inside graphql's validation with "TypeError: context.getDocument.definitions
  // is not iterable" (runtime/src/graphql/tenant-graphql.ts → app.graphql), answered 500 INTERNAL.
  // GET /graphql?query=1 does the same.
  it('answers a GraphQL query text that is a JSON literal with 400', async () => {
    for (const query of ['1', 'null', '{}', '"x"', '[1]']) {
      const out = await t.gql(query);
      expect(out.status, query).toBe(400);
      expect(out.errors?.[0]?.extensions?.code, query).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  // build-server.ts sets routerOptions.maxParamLength 200: a longer path parameter (an id, an
  // object name) is refused by fastify's router before Atrium's error handler, with 414 and
  // fastify's own body {"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH",...} as
  // application/json, not an application/problem+json document with an Atrium code.
  it('answers a path parameter longer than 200 characters with a problem document', async () => {
    const out = await t.rest('GET', `/api/v1/data/deal/${'x'.repeat(201)}`);
    expect(out.status).toBeGreaterThanOrEqual(400);
    expect(out.status).toBeLessThan(500);
    expect(String(out.headers['content-type'])).toContain('application/problem+json');
    expect(['NOT_FOUND', 'BAD_REQUEST', 'VALIDATION_FAILED']).toContain(out.body.code);
  });
});
