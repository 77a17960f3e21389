import type { Database } from '@atrium/platform';
import { insertRecords } from '@atrium/platform';
import { accountObject, dealObject, openTestDatabase, TenantFixture } from '@atrium/platform/testing';
import type { RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTenantModel } from '../model/load-tenant-model.ts';
import type { TenantModel } from '../model/tenant-model.ts';
import { compileAggregate } from './aggregate/compile-aggregate.ts';
import { queryContext } from './aliases.ts';
import { compileGet } from './get/compile-get.ts';
import { compileConnection } from './list/compile-connection.ts';

let database: Database;
let t: TenantFixture;
let model: TenantModel;
const accounts: string[] = [];
const deals: string[] = [];
const NOW = new Date('2026-11-23T12:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  t = await TenantFixture.create(database, 'q');
  await t.change([
    { op: 'createObject', object: accountObject() },
    { op: 'createObject', object: dealObject() },
  ]);
  const account = await t.object('account');
  accounts.push(...(await insertRecords(database.db, t.schema, account, [{ name: 'Acme' }, { name: 'Globex' }])).ids);
  const deal = await t.object('deal');
  const rows = Array.from({ length: 6 }, (_, i) => ({
    name: `Deal ${i}`,
    quantity: i,
    amount: { amount: 100 * i, currency: i % 2 ? 'EUR' : 'USD' },
    stage: ['new', 'won', 'lost'][i % 3],
    tags: i % 2 ? ['hot'] : ['cold'],
    closeDate: `2026-11-${String(10 + i).padStart(2, '0')}`,
    account: accounts[i % 2],
    parentAccount: accounts[0],
  }));
  deals.push(...(await insertRecords(database.db, t.schema, deal, rows)).ids);
  model = await loadTenantModel(database, t.key);
});

afterAll(async () => {
  await database.close();
});

/** The statement's SQL with the tenant's schema normalised, for golden snapshots. */
function sqlOf(statement: RawBuilder<unknown>): string {
  return `${statement.compile(database.db).sql.replaceAll(`"${t.schema}"`, '"t_tenant"')}\n`;
}

async function run<T>(statement: RawBuilder<unknown>): Promise<T> {
  const result = await statement.execute(database.db);
  return (result.rows[0] as { v: T }).v;
}

describe('the query compiler', () => {
  it('compiles a get by id with a lookup and a to-many relation into one statement', async () => {
    const statement = compileGet(queryContext(model, NOW), model.objects.get('account')!, accounts[0] as string, {
      items: [
        { kind: 'field', key: 'name', field: 'name' },
        {
          kind: 'connection',
          key: 'deals',
          relation: 'deals',
          args: { first: 2, orderBy: [{ field: 'quantity', direction: 'desc' }] },
          selection: {
            items: [
              { kind: 'totalCount', key: 'totalCount' },
              {
                kind: 'nodes',
                key: 'nodes',
                selection: {
                  items: [
                    { kind: 'field', key: 'name', field: 'name' },
                    { kind: 'field', key: 'amount', field: 'amount' },
                    { kind: 'field', key: 'total', field: 'total' },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
    await expect(sqlOf(statement)).toMatchFileSnapshot('./__snapshots__/get-with-relations.sql');
    const compiled = statement.compile(database.db);
    expect(compiled.sql).not.toContain('select *');
    expect(compiled.parameters).toContain(accounts[0]);
    const v = await run<{
      name: string;
      deals: { totalCount: number; nodes: Array<{ name: string; amount: { amount: number; currency: string }; total: number }> };
    }>(statement);
    expect(v.name).toBe('Acme');
    expect(v.deals.totalCount).toBe(3);
    expect(v.deals.nodes.map((d) => d.name)).toEqual(['Deal 4', 'Deal 2']);
    expect(v.deals.nodes[0]).toMatchObject({ amount: { amount: 400, currency: 'USD' }, total: 8 });
  });

  it('compiles a filtered, sorted connection with cursors, pageInfo and totalCount', async () => {
    const statement = compileConnection(
      queryContext(model, NOW),
      model.objects.get('deal')!,
      {
        first: 2,
        filter: { and: [{ stage: { in: ['new', 'won'] } }, { account: { name: { eq: 'Acme' } } }, { closeDate: { relative: 'thisMonth' } }] },
        orderBy: [{ field: 'amount', direction: 'desc', nulls: 'last' }],
      },
      {
        items: [
          { kind: 'totalCount', key: 'totalCount' },
          {
            kind: 'edges',
            key: 'edges',
            cursorKeys: ['cursor'],
            nodeKeys: [
              {
                key: 'node',
                selection: {
                  items: [
                    { kind: 'field', key: 'name', field: 'name' },
                    { kind: 'toOne', key: 'account', relation: 'account', selection: { items: [{ kind: 'field', key: 'name', field: 'name' }] } },
                  ],
                },
              },
            ],
          },
          {
            kind: 'pageInfo',
            key: 'pageInfo',
            fields: [
              { key: 'hasNextPage', name: 'hasNextPage' },
              { key: 'endCursor', name: 'endCursor' },
            ],
          },
        ],
      },
    );
    await expect(sqlOf(statement)).toMatchFileSnapshot('./__snapshots__/connection-filtered-sorted.sql');
    const v = await run<{ totalCount: number; edges: Array<{ node: { name: string; account: { name: string } } }>; pageInfo: { hasNextPage: boolean } }>(
      statement,
    );
    // Acme has deals 0, 2, 4; stages new (0), lost (2), won (4): 0 and 4 match.
    expect(v.totalCount).toBe(2);
    expect(v.edges.map((e) => e.node.name)).toEqual(['Deal 4', 'Deal 0']);
    expect(v.edges[0]?.node.account.name).toBe('Acme');
    expect(v.pageInfo.hasNextPage).toBe(false);
  });

  it('compiles aggregates grouped by a picklist and a month bucket', async () => {
    const statement = compileAggregate(queryContext(model, NOW), model.objects.get('deal')!, {
      groupBy: [{ field: 'stage' }, { field: 'closeDate', bucket: 'month' }],
      measures: { count: true, sum: true, avg: false, min: false, max: true },
    });
    await expect(sqlOf(statement)).toMatchFileSnapshot('./__snapshots__/aggregate-grouped.sql');
    const result = await statement.execute(database.db);
    const groups = result.rows.map((r) => (r as { v: { group: Record<string, unknown>; count: number; sum: Record<string, number> } }).v);
    expect(groups.map((g) => [g.group.stage, g.group.closeDate_month, g.count])).toEqual([
      ['lost', '2026-11-01', 2],
      ['new', '2026-11-01', 2],
      ['won', '2026-11-01', 2],
    ]);
    expect(Number(groups[0]?.sum.amount)).toBe(200 + 500);
  });

  it('refuses bad filters with the path of the problem', () => {
    const deal = model.objects.get('deal')!;
    const compile = (filter: unknown) => () => compileConnection(queryContext(model, NOW), deal, { filter }, { items: [{ kind: 'totalCount', key: 'n' }] });
    expect(compile({ nope: { eq: 1 } })).toThrow(/no field or relation "nope"/);
    expect(compile({ quantity: { contains: 'x' } })).toThrow(/takes/);
    expect(compile({ quantity: { eq: 'x' } })).toThrow(/expected a number/);
    expect(compile({ and: {} })).toThrow(/list of filters/);
    expect(compile({ closeDate: { relative: 'someday' } })).toThrow(/relative takes/);
  });
});
