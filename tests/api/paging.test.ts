import { insertRecords } from '@atrium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type ApiTenant, startApi } from '../support/api-harness.ts';
import { dealTenant, gqlDetailPaths, type Json, ok, Physical, prng, restOk, sqlRows, utcDay } from '../support/contract-helpers.ts';

/**
 * Keyset paging (docs/api.md): forward and backward, several sort orders (nullable fields with
 * nulls first/last, descending, through a lookup), never skipping or repeating a record that
 * existed when paging began, also while records are inserted between pages.
 */

let harness: ApiHarness;
let t: ApiTenant;
let p: Physical;
let accounts: string[];
/** An account whose name sorts before every other (no seeded deal uses it). */
let firstAccount: string;
let serial = 0;

const SEEDED = 130;
const ACCOUNT_NAMES = ['Acme', 'acme', 'Same name', 'Same name', 'Zulu'];

function dealInput(random: () => number): Json {
  serial += 1;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return {
    name: `Deal ${String(serial).padStart(4, '0')} ${pick(['a', 'B', 'c'])}`,
    quantity: random() < 0.2 ? null : Math.floor(random() * 8),
    closeDate: random() < 0.25 ? null : utcDay(Math.floor(random() * 10) - 5),
    lastSeenAt: random() < 0.3 ? null : new Date(Date.UTC(2025, 0, 1 + Math.floor(random() * 5))).toISOString(),
    amount: random() < 0.3 ? null : { amount: Math.floor(random() * 5) * 100, currency: 'USD' },
    stage: pick(['new', 'won', 'lost', null]),
    won: pick([true, false, null]),
    account: random() < 0.25 ? null : pick(accounts),
    parentAccount: pick(accounts),
  };
}

beforeAll(async () => {
  harness = await startApi();
  t = await dealTenant(harness, 'paging');
  p = await Physical.of(t);
  accounts = [];
  for (const name of ACCOUNT_NAMES) accounts.push(String(restOk<Json>(await t.rest('POST', '/api/v1/data/account', { name }), 201).id));
  firstAccount = String(restOk<Json>(await t.rest('POST', '/api/v1/data/account', { name: '0000 first' }), 201).id);
  const random = prng(7);
  restOk(await t.rest('POST', '/api/v1/data/deal/bulk', { records: Array.from({ length: SEEDED }, () => dealInput(random)) }));
});
afterAll(async () => {
  await harness?.close();
});

interface Sort {
  name: string;
  /** GraphQL orderBy literal. */
  orderBy: string;
  /** Reference ORDER BY on the deal row `d` (id is appended). */
  sql: () => string;
}

const col = (field: string, part = 'value') => p.column('deal', field, part, 'd');
const accountName = () => `(select a.${p.column('account', 'name')} from ${p.table('account')} a where a.id = ${col('account')} and a.deleted_at is null)`;

const SORTS: Sort[] = [
  { name: 'default (id)', orderBy: '[]', sql: () => '' },
  { name: 'nullable integer ASC, nulls last', orderBy: '[{field: "quantity"}]', sql: () => `${col('quantity')} asc nulls last` },
  { name: 'nullable integer ASC, nulls first', orderBy: '[{field: "quantity", nulls: FIRST}]', sql: () => `${col('quantity')} asc nulls first` },
  {
    name: 'nullable integer DESC, nulls first',
    orderBy: '[{field: "quantity", direction: DESC, nulls: FIRST}]',
    sql: () => `${col('quantity')} desc nulls first`,
  },
  { name: 'nullable integer DESC, nulls last', orderBy: '[{field: "quantity", direction: DESC}]', sql: () => `${col('quantity')} desc nulls last` },
  {
    name: 'date DESC then name',
    orderBy: '[{field: "closeDate", direction: DESC}, {field: "name"}]',
    sql: () => `${col('closeDate')} desc nulls last, ${col('name')} asc`,
  },
  { name: 'through a lookup: account.name', orderBy: '[{field: "account.name"}]', sql: () => `${accountName()} asc nulls last` },
  {
    name: 'through a lookup DESC nulls first, then quantity DESC',
    orderBy: '[{field: "account.name", direction: DESC, nulls: FIRST}, {field: "quantity", direction: DESC}]',
    sql: () => `${accountName()} desc nulls first, ${col('quantity')} desc nulls last`,
  },
  {
    name: 'currency DESC, picklist',
    orderBy: '[{field: "amount", direction: DESC}, {field: "stage", nulls: FIRST}]',
    sql: () => `${col('amount', 'amount')} desc nulls last, ${col('stage')} asc nulls first`,
  },
  { name: 'auto-number DESC', orderBy: '[{field: "number", direction: DESC}]', sql: () => `${col('number')} desc` },
  { name: 'formula, nulls first', orderBy: '[{field: "total", nulls: FIRST}]', sql: () => `(${col('quantity')} * 2) asc nulls first` },
  {
    name: 'boolean, then datetime DESC nulls first',
    orderBy: '[{field: "won"}, {field: "lastSeenAt", direction: DESC, nulls: FIRST}]',
    sql: () => `${col('won')} asc nulls last, ${col('lastSeenAt')} desc nulls first`,
  },
];

async function referenceOrder(sort: Sort, only?: string[]): Promise<string[]> {
  const where = only ? `and d.id = any($1::uuid[])` : '';
  const rows = await sqlRows<{ id: string }>(
    t,
    `select d.id from ${p.table('deal')} d where d.deleted_at is null ${where} order by ${sort.sql() ? `${sort.sql()}, ` : ''}d.id asc`,
    only ? [only] : [],
  );
  return rows.map((r) => r.id);
}

interface Page {
  ids: string[];
  cursors: string[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(orderBy: string, args: { first?: number; after?: string; last?: number; before?: string }): Promise<Page> {
  const out = ok(
    await t.gql<{ deals: { edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: Page['pageInfo'] } }>(
      `query($first: Int, $after: String, $last: Int, $before: String) { deals(orderBy: ${orderBy}, first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      args,
    ),
  );
  const edges = out.deals.edges;
  if (edges.length > 0) {
    expect(out.deals.pageInfo.startCursor).toBe(edges[0]?.cursor);
    expect(out.deals.pageInfo.endCursor).toBe(edges[edges.length - 1]?.cursor);
  }
  return { ids: edges.map((e) => e.node.id), cursors: edges.map((e) => e.cursor), pageInfo: out.deals.pageInfo };
}

/** Pages forward to the end; `between` runs before each following page. */
async function forward(orderBy: string, size: number, between?: (last: Page) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (let n = 0; n < 200; n++) {
    const current = await page(orderBy, { first: size, ...(after ? { after } : {}) });
    expect(current.ids.length).toBeLessThanOrEqual(size);
    expect(current.pageInfo.hasPreviousPage).toBe(after !== undefined);
    seen.push(...current.ids);
    if (!current.pageInfo.hasNextPage) return seen;
    expect(current.ids.length).toBe(size);
    after = current.pageInfo.endCursor ?? undefined;
    if (between) await between(current);
  }
  throw new Error('paging did not end');
}

/** Pages backward from the end to the start; returns the records in sort order. */
async function backward(orderBy: string, size: number, between?: (last: Page) => Promise<void>): Promise<string[]> {
  const pages: string[][] = [];
  let before: string | undefined;
  for (let n = 0; n < 200; n++) {
    const current = await page(orderBy, { last: size, ...(before ? { before } : {}) });
    expect(current.ids.length).toBeLessThanOrEqual(size);
    expect(current.pageInfo.hasNextPage).toBe(before !== undefined);
    pages.unshift(current.ids);
    if (!current.pageInfo.hasPreviousPage) return pages.flat();
    expect(current.ids.length).toBe(size);
    before = current.pageInfo.startCursor ?? undefined;
    if (between) await between(current);
  }
  throw new Error('paging did not end');
}

function expectNoRepeats(ids: string[]): void {
  expect(new Set(ids).size, 'a record was repeated').toBe(ids.length);
}

describe('GraphQL paging follows the sort exactly', () => {
  for (const sort of SORTS) {
    it(`forward and backward: ${sort.name}`, async () => {
      const expected = await referenceOrder(sort);
      expect(expected.length).toBeGreaterThanOrEqual(SEEDED);
      const ahead = await forward(sort.orderBy, 17);
      expect(ahead).toEqual(expected);
      const back = await backward(sort.orderBy, 23);
      expect(back).toEqual(expected);
    });
  }

  it('resumes after or before any edge cursor, not only the page ends', async () => {
    const sort = SORTS[7] as Sort;
    const expected = await referenceOrder(sort);
    const first = await page(sort.orderBy, { first: 20 });
    for (const i of [0, 5, 19]) {
      const next = await page(sort.orderBy, { first: 10, after: first.cursors[i] as string });
      expect(next.ids).toEqual(expected.slice(i + 1, i + 11));
      const previous = await page(sort.orderBy, { last: 3, before: first.cursors[i] as string });
      expect(previous.ids).toEqual(expected.slice(Math.max(0, i - 3), i));
      expect(previous.pageInfo.hasPreviousPage).toBe(i - 3 > 0);
    }
  });

  it('takes after and before together (a window)', async () => {
    const sort = SORTS[1] as Sort;
    const expected = await referenceOrder(sort);
    const first = await page(sort.orderBy, { first: 40 });
    const window = await page(sort.orderBy, { first: 100, after: first.cursors[9] as string, before: first.cursors[30] as string });
    expect(window.ids).toEqual(expected.slice(10, 30));
  });
});

describe('REST paging with the same cursors semantics', () => {
  for (const [sortParam, sql] of [
    ['-quantity,name', () => `${col('quantity')} desc nulls last, ${col('name')} asc`],
    ['account.name,-closeDate', () => `${accountName()} asc nulls last, ${col('closeDate')} desc nulls last`],
    ['-number', () => `${col('number')} desc`],
  ] as const) {
    it(`pages with sort=${sortParam}`, async () => {
      const expected = await referenceOrder({ name: sortParam, orderBy: '', sql });
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < 100; n++) {
        const body: { data: Array<{ id: string }>; hasMore: boolean; nextCursor: string | null } = restOk(
          await t.rest('GET', `/api/v1/data/deal?sort=${sortParam}&limit=13&fields=id${cursor ? `&cursor=${cursor}` : ''}`),
        );
        seen.push(...body.data.map((r) => r.id));
        if (!body.hasMore) {
          expect(body.nextCursor).toBeNull();
          break;
        }
        expect(body.data.length).toBe(13);
        cursor = body.nextCursor;
      }
      expect(seen).toEqual(expected);
    });
  }
});

describe('paging while records are inserted between pages', () => {
  const random = prng(99);

  /** Inserts three deals: one sorting before the current position, one inside the rest, one after everything. */
  async function insertAround(sort: 'quantity' | 'account', position: Page, inserted: { before: string[]; other: string[] }): Promise<void> {
    const lastId = position.ids[position.ids.length - 1] as string;
    const current = (
      await sqlRows<{ quantity: number | null; account: string | null }>(
        t,
        `select ${col('quantity')} as quantity, ${col('account')} as account from ${p.table('deal')} d where d.id = $1`,
        [lastId],
      )
    )[0];
    const make = (values: Json) => ({ ...dealInput(random), ...values });
    let records: Json[];
    if (sort === 'quantity') {
      // quantity ASC nulls last: -1 sorts first; the current value with a newer (larger) id sorts just after the
      // cursor row; null sorts last.
      records = [make({ quantity: -1 }), make({ quantity: current?.quantity ?? 7 }), make({ quantity: null })];
    } else {
      // account.name ASC nulls last: "0000 first" sorts first, the current account just after the cursor, no account last.
      records = [make({ account: firstAccount }), make({ account: current?.account ?? accounts[4] }), make({ account: null })];
    }
    const body = restOk<{ data: Json[] }>(await t.rest('POST', '/api/v1/data/deal/bulk', { records }));
    const ids = body.data.map((r) => String(r.id));
    inserted.before.push(ids[0] as string);
    inserted.other.push(...ids.slice(1));
  }

  for (const [name, sort, orderBy] of [
    ['quantity ASC', 'quantity', '[{field: "quantity"}]'],
    ['through a lookup', 'account', '[{field: "account.name"}]'],
  ] as const) {
    it(`never skips or repeats a record that existed when paging began (${name})`, async () => {
      const sortDef = (SORTS.find((s) => s.orderBy === orderBy) ?? SORTS[0]) as Sort;
      const existing = await referenceOrder(sortDef);
      const inserted = { before: [] as string[], other: [] as string[] };
      const seen = await forward(orderBy, 15, (last) => insertAround(sort, last, inserted));
      expectNoRepeats(seen);
      for (const id of existing) expect(seen, 'a record that existed was skipped').toContain(id);
      // Records inserted before the current position cannot show up; the others may.
      for (const id of inserted.before) expect(seen).not.toContain(id);
      expect(inserted.before.length).toBeGreaterThan(5);
      // What was seen is in the sort order.
      expect(seen).toEqual(await referenceOrder(sortDef, seen));
    });
  }

  it('never skips or repeats when paging backward with concurrent inserts', async () => {
    const sort = SORTS[1] as Sort;
    const existing = await referenceOrder(sort);
    const seen = await backward(sort.orderBy, 15, async () => {
      // Runs alongside nothing else here: insert rows that sort first, last, and among the rest.
      await t.rest('POST', '/api/v1/data/deal/bulk', {
        records: [
          { ...dealInput(random), quantity: -5 },
          { ...dealInput(random), quantity: 3 },
          { ...dealInput(random), quantity: null },
        ],
      });
    });
    expectNoRepeats(seen);
    for (const id of existing) expect(seen).toContain(id);
    expect(seen).toEqual(await referenceOrder(sort, seen));
  });

  it('never skips or repeats when inserts run at the same time as the page reads', async () => {
    const sort = SORTS[3] as Sort;
    const existing = await referenceOrder(sort);
    const writes: Array<Promise<unknown>> = [];
    const seen = await forward(sort.orderBy, 20, async () => {
      // Not awaited before the next page: the insert races the page's read.
      writes.push(
        t.rest('POST', '/api/v1/data/deal/bulk', {
          records: [
            { ...dealInput(random), quantity: 0 },
            { ...dealInput(random), quantity: 4 },
            { ...dealInput(random), quantity: null },
          ],
        }),
      );
    });
    await Promise.all(writes);
    expectNoRepeats(seen);
    for (const id of existing) expect(seen).toContain(id);
    expect(seen).toEqual(await referenceOrder(sort, seen));
  });

  it('REST paging with inserts between pages', async () => {
    const sort: Sort = { name: 'rest', orderBy: '', sql: () => `${col('quantity')} desc nulls last, ${col('name')} asc` };
    const existing = await referenceOrder(sort);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 100; n++) {
      const body: { data: Array<{ id: string }>; hasMore: boolean; nextCursor: string | null } = restOk(
        await t.rest('GET', `/api/v1/data/deal?sort=-quantity,name&limit=25&fields=id${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...body.data.map((r) => r.id));
      if (!body.hasMore) break;
      cursor = body.nextCursor;
      restOk(
        await t.rest('POST', '/api/v1/data/deal/bulk', {
          records: [
            { ...dealInput(random), quantity: 100 },
            { ...dealInput(random), quantity: 2 },
            { ...dealInput(random), quantity: null },
          ],
        }),
      );
    }
    expectNoRepeats(seen);
    for (const id of existing) expect(seen).toContain(id);
    expect(seen).toEqual(await referenceOrder(sort, seen));
  });
});

describe('page sizes and cursor checks', () => {
  const CURSOR_QUERY = (orderBy: string) =>
    `query($after: String, $before: String) { deals(orderBy: ${orderBy}, first: 5, after: $after, before: $before) { edges { node { id } } pageInfo { endCursor } } }`;

  it('refuses a cursor made for another sort order (GraphQL and REST)', async () => {
    const byQuantity = ok(await t.gql<{ deals: { pageInfo: { endCursor: string } } }>(CURSOR_QUERY('[{field: "quantity"}]'))).deals.pageInfo.endCursor;
    for (const other of [
      '[{field: "name"}]',
      '[{field: "quantity", direction: DESC}]',
      '[{field: "quantity", nulls: FIRST}]',
      '[]',
      '[{field: "quantity"}, {field: "name"}]',
    ]) {
      for (const arg of ['after', 'before']) {
        const out = await t.gql(CURSOR_QUERY(other), { [arg]: byQuantity });
        expect(out.errors?.[0]?.extensions?.code, `${other} ${arg}`).toBe('VALIDATION_FAILED');
        expect(gqlDetailPaths(out).join(), `${other} ${arg}`).toContain(arg);
        expect(out.data?.deals ?? null).toBeNull();
      }
    }
    const rest = restOk<{ nextCursor: string }>(await t.rest('GET', '/api/v1/data/deal?sort=quantity&limit=5'));
    for (const sort of ['name', '-quantity', '']) {
      const out = await t.rest('GET', `/api/v1/data/deal?${sort ? `sort=${sort}&` : ''}limit=5&cursor=${rest.nextCursor}`);
      expect(out.status, sort).toBe(400);
      expect(out.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses malformed and tampered cursors with VALIDATION_FAILED', async () => {
    const real = ok(await t.gql<{ deals: { pageInfo: { endCursor: string } } }>(CURSOR_QUERY('[{field: "quantity"}]'))).deals.pageInfo.endCursor;
    const [signature] = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as [string];
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'zzz',
      '',
      'a'.repeat(5000),
      encode({}),
      encode([signature]),
      encode([signature, 1, 'not-an-id']),
      encode(['other', 1, accounts[0]]),
    ]) {
      const out = await t.gql(CURSOR_QUERY('[{field: "quantity"}]'), { after: cursor });
      expect(out.errors?.[0]?.extensions?.code, cursor.slice(0, 40)).toBe('VALIDATION_FAILED');
      const rest = await t.rest('GET', `/api/v1/data/deal?sort=quantity&cursor=${encodeURIComponent(cursor)}`);
      // An empty cursor parameter is no cursor at all in REST.
      if (cursor === '') continue;
      expect(rest.status, cursor.slice(0, 40)).toBe(400);
      expect(rest.body.code).toBe('VALIDATION_FAILED');
    }
  });

  // A cursor is the sort values and the id in base64url JSON, checked for shape and signature only.
  // Values of the wrong type reach PostgreSQL as casts ('abc'::bigint, 'x'::uuid) and fail there
  // (22P02), which the list path does not map: the answer is 500 INTERNAL instead of 400.
  it('refuses a cursor whose sort values have the wrong type with VALIDATION_FAILED (not 500)', async () => {
    const real = ok(await t.gql<{ deals: { pageInfo: { endCursor: string } } }>(CURSOR_QUERY('[{field: "quantity"}]'))).deals.pageInfo.endCursor;
    const [signature, , id] = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as [string, unknown, string];
    const tampered = Buffer.from(JSON.stringify([signature, 'abc', id])).toString('base64url');
    const out = await t.gql(CURSOR_QUERY('[{field: "quantity"}]'), { after: tampered });
    expect(out.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const rest = await t.rest('GET', `/api/v1/data/deal?sort=quantity&cursor=${tampered}`);
    expect(rest.status).toBe(400);
  });

  it('refuses first with last, and negative sizes', async () => {
    for (const args of ['first: 5, last: 5', 'first: -1', 'last: -3']) {
      const out = await t.gql(`{ deals(${args}) { totalCount edges { node { id } } } }`);
      expect(out.errors?.[0]?.extensions?.code, args).toBe('VALIDATION_FAILED');
    }
    for (const limit of ['0', '-1', '1.5', 'ten', '']) {
      const out = await t.rest('GET', `/api/v1/data/deal?limit=${limit}`);
      expect(out.status, limit).toBe(400);
      expect(out.body.code, limit).toBe('VALIDATION_FAILED');
    }
  });

  it('pages 50 by default, at most 500; 501 is refused with VALIDATION_FAILED', async () => {
    const random = prng(501);
    const total = (await sqlRows<{ n: number }>(t, `select count(*)::int as n from ${p.table('deal')} where deleted_at is null`))[0]?.n ?? 0;
    // Filler rows go straight to the table: this test is about page sizes, not writes (and it keeps the file fast).
    if (total < 520)
      await insertRecords(
        harness.database.db,
        p.schema,
        p.object('deal'),
        Array.from({ length: 520 - total }, () => ({ ...dealInput(random), name: 'Filler' })),
      );
    const byDefault = ok(
      await t.gql<{ deals: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>('{ deals { edges { node { id } } pageInfo { hasNextPage } } }'),
    );
    expect(byDefault.deals.edges).toHaveLength(50);
    expect(byDefault.deals.pageInfo.hasNextPage).toBe(true);
    const restDefault = restOk<{ data: unknown[]; hasMore: boolean }>(await t.rest('GET', '/api/v1/data/deal?fields=id'));
    expect(restDefault.data).toHaveLength(50);
    expect(restDefault.hasMore).toBe(true);
    const max = ok(
      await t.gql<{ deals: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>('{ deals(first: 500) { nodes { id } pageInfo { hasNextPage } } }'),
    );
    expect(max.deals.nodes).toHaveLength(500);
    expect(max.deals.pageInfo.hasNextPage).toBe(true);
    const maxBack = ok(
      await t.gql<{ deals: { nodes: unknown[]; pageInfo: { hasPreviousPage: boolean } } }>(
        '{ deals(last: 500) { nodes { id } pageInfo { hasPreviousPage } } }',
      ),
    );
    expect(maxBack.deals.nodes).toHaveLength(500);
    expect(maxBack.deals.pageInfo.hasPreviousPage).toBe(true);
    expect(restOk<{ data: unknown[] }>(await t.rest('GET', '/api/v1/data/deal?fields=id&limit=500')).data).toHaveLength(500);
    for (const args of ['first: 501', 'last: 501']) {
      const out = await t.gql(`{ deals(${args}) { nodes { id } } }`);
      expect(out.errors?.[0]?.extensions?.code, args).toBe('VALIDATION_FAILED');
      expect(out.data?.deals ?? null).toBeNull();
    }
    const nested = await t.gql('{ accounts(first: 1) { nodes { deals(first: 501) { nodes { id } } } } }');
    expect(nested.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const rest = await t.rest('GET', '/api/v1/data/deal?limit=501');
    expect(rest.status).toBe(400);
    expect(rest.body.code).toBe('VALIDATION_FAILED');
  });
});
