import type { ObjectDef } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type ApiTenant, startApi } from '../support/api-harness.ts';
import { dealTenant, type Json, ok, q, restOk } from '../support/contract-helpers.ts';

/**
 * Soft delete (DESIGN.md §3): lookup onDelete restrict / setNull / cascade and master-detail
 * cascades are carried out by the record service and undone on restore; deleted records are
 * absent from lists, gets, filters, nested relations and aggregates.
 */

let harness: ApiHarness;
let t: ApiTenant;

const label = (en: string) => ({ en });

/** Notes: one lookup to account that restricts its deletion, one that cascades. */
const noteObject: ObjectDef = {
  id: 'obj_note',
  apiName: 'note',
  pluralApiName: 'notes',
  label: label('Note'),
  pluralLabel: label('Notes'),
  nameField: 'name',
  fields: [
    { id: 'fld_note_name', apiName: 'name', type: 'text', label: label('Name') },
    {
      id: 'fld_note_blocker',
      apiName: 'blocker',
      type: 'lookup',
      label: label('Blocker'),
      config: { target: 'obj_account', onDelete: 'restrict', relationName: 'blockingNotes' },
    },
    {
      id: 'fld_note_owner',
      apiName: 'holder',
      type: 'lookup',
      label: label('Holder'),
      config: { target: 'obj_account', onDelete: 'cascade', relationName: 'ownedNotes' },
    },
  ],
};

/** Line items: master-detail children of deals (themselves master-detail children of accounts). */
const lineItemObject: ObjectDef = {
  id: 'obj_line',
  apiName: 'lineItem',
  pluralApiName: 'lineItems',
  label: label('Line item'),
  pluralLabel: label('Line items'),
  nameField: 'name',
  fields: [
    { id: 'fld_line_name', apiName: 'name', type: 'text', label: label('Name') },
    { id: 'fld_line_deal', apiName: 'deal', type: 'masterDetail', label: label('Deal'), config: { target: 'obj_deal', relationName: 'lineItems' } },
    { id: 'fld_line_qty', apiName: 'quantity', type: 'integer', label: label('Quantity') },
  ],
};

beforeAll(async () => {
  harness = await startApi();
  t = await dealTenant(harness, 'softdel', [noteObject, lineItemObject]);
});
afterAll(async () => {
  await harness?.close();
});

async function create(object: string, values: Json): Promise<string> {
  return String(restOk<Json>(await t.rest('POST', `/api/v1/data/${object}`, values), 201, `create ${object}`).id);
}
async function get(object: string, id: string): Promise<{ status: number; body: Json }> {
  const out = await t.rest('GET', `/api/v1/data/${object}/${id}`);
  return { status: out.status, body: out.body as Json };
}
async function del(object: string, id: string) {
  return t.rest('DELETE', `/api/v1/data/${object}/${id}`);
}
async function restore(object: string, id: string) {
  return t.rest('POST', `/api/v1/data/${object}/${id}/restore`);
}
async function listIds(object: string, filter: unknown = {}): Promise<string[]> {
  return restOk<{ data: Json[] }>(await t.rest('GET', `/api/v1/data/${object}?filter=${q(filter)}&limit=500&fields=id`))
    .data.map((r) => String(r.id))
    .sort();
}
const sorted = (ids: string[]) => [...ids].sort();

describe('onDelete restrict', () => {
  it('refuses the delete with CONFLICT while live children exist (REST and GraphQL), then allows it', async () => {
    const account = await create('account', { name: 'Restricted' });
    const note = await create('note', { name: 'Blocks', blocker: account });
    const refused = await del('account', account);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT');
    expect(JSON.stringify(refused.body)).toContain('blocker');
    const gql = await t.gql(`mutation { deleteAccount(id: "${account}") { id } }`);
    expect(gql.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await get('account', account)).status).toBe(200);
    expect((await get('note', note)).body.blocker).toBe(account);
    // A soft-deleted child no longer holds the parent.
    restOk(await del('note', note));
    restOk(await del('account', account));
    expect((await get('account', account)).status).toBe(404);
  });
});

describe('onDelete setNull', () => {
  it('empties the children’s lookup, and restores it with the parent (unless it changed meanwhile)', async () => {
    const parent = await create('account', { name: 'Master' });
    const doomed = await create('account', { name: 'Set null' });
    const other = await create('account', { name: 'Other' });
    const kept = await create('deal', { name: 'Keeps', parentAccount: parent, account: doomed });
    const changed = await create('deal', { name: 'Changes', parentAccount: parent, account: doomed });
    restOk(await del('account', doomed));
    for (const id of [kept, changed]) {
      const { body } = await get('deal', id);
      expect(body.account).toBeNull();
      expect(body.version).toBe(2);
    }
    const nested = ok(await t.gql<{ deal: { account: unknown } }>(`{ deal(id: "${kept}") { account { id } } }`));
    expect(nested.deal.account).toBeNull();
    restOk(await t.rest('PATCH', `/api/v1/data/deal/${changed}`, { account: other }));
    const restored = restOk<Json>(await restore('account', doomed));
    expect(restored.name).toBe('Set null');
    expect((await get('deal', kept)).body.account).toBe(doomed);
    expect((await get('deal', changed)).body.account).toBe(other);
    const back = ok(await t.gql<{ deal: { account: { name: string } } }>(`{ deal(id: "${kept}") { account { name } } }`));
    expect(back.deal.account.name).toBe('Set null');
  });
});

describe('cascades', () => {
  it('a cascading lookup soft-deletes the children and restores them with the parent', async () => {
    const owner = await create('account', { name: 'Cascade owner' });
    const notes = [await create('note', { name: 'C1', holder: owner }), await create('note', { name: 'C2', holder: owner })];
    // Deleted on its own before the cascade: stays deleted after the parent's restore.
    const earlier = await create('note', { name: 'Deleted earlier', holder: owner });
    restOk(await del('note', earlier));
    restOk(await del('account', owner));
    for (const id of notes) expect((await get('note', id)).status).toBe(404);
    expect(await listIds('note', { holder: { id: { eq: owner } } })).toEqual([]);
    restOk(await restore('account', owner));
    for (const id of notes) expect((await get('note', id)).status).toBe(200);
    expect((await get('note', earlier)).status).toBe(404);
    expect(await listIds('note', { holder: { id: { eq: owner } } })).toEqual(sorted(notes));
  });

  it('master-detail cascades through two levels and restores the whole tree', async () => {
    const master = await create('account', { name: 'Tree master' });
    const deals = [await create('deal', { name: 'D1', parentAccount: master }), await create('deal', { name: 'D2', parentAccount: master })];
    const items = [
      await create('lineItem', { name: 'L1', deal: deals[0] }),
      await create('lineItem', { name: 'L2', deal: deals[0] }),
      await create('lineItem', { name: 'L3', deal: deals[1] }),
    ];
    const del1 = ok(await t.gql<{ deleteAccount: { id: string; name: string } }>(`mutation { deleteAccount(id: "${master}") { id name } }`));
    expect(del1.deleteAccount.name).toBe('Tree master');
    for (const id of deals) expect((await get('deal', id)).status).toBe(404);
    for (const id of items) expect((await get('lineItem', id)).status).toBe(404);
    const restored = ok(
      await t.gql<{ restoreAccount: { name: string; ownedDeals: { totalCount: number; nodes: Array<{ lineItems: { totalCount: number } }> } } }>(
        `mutation { restoreAccount(id: "${master}") { name ownedDeals(orderBy: [{field: "name"}]) { totalCount nodes { lineItems { totalCount } } } } }`,
      ),
    );
    expect(restored.restoreAccount.ownedDeals.totalCount).toBe(2);
    expect(restored.restoreAccount.ownedDeals.nodes.map((n) => n.lineItems.totalCount)).toEqual([2, 1]);
    for (const id of items) expect((await get('lineItem', id)).status).toBe(200);
  });

  // A master-detail child is "always required" with a live master (its lookup must point to a live
  // record on create and update). RecordService.restore restores a cascaded child on its own while
  // its master is still deleted: 200, and the live deal's parentAccount names a deleted account
  // (REST shows the id; GraphQL's parentAccount is null; filters through it never match).
  it('restoring a cascaded child alone, while its master is still deleted, is refused', async () => {
    const master = await create('account', { name: 'Still deleted' });
    const child = await create('deal', { name: 'Orphan to be', parentAccount: master });
    restOk(await del('account', master));
    const out = await restore('deal', child);
    expect(out.status).toBeGreaterThanOrEqual(400);
    expect(out.status).toBeLessThan(500);
    expect(['CONFLICT', 'VALIDATION_FAILED']).toContain(out.body.code);
    expect((await get('deal', child)).status).toBe(404);
  });
});

describe('deleted records are absent everywhere', () => {
  let live: string;
  let gone: string;
  let goneAccount: string;
  let liveAccount: string;
  let parent: string;

  beforeAll(async () => {
    parent = await create('account', { name: 'Absent parent' });
    liveAccount = await create('account', { name: 'Absent live partner' });
    goneAccount = await create('account', { name: 'Absent gone partner' });
    live = await create('deal', {
      name: 'Absent live',
      parentAccount: parent,
      quantity: 10,
      amount: { amount: 100, currency: 'USD' },
      partners: [liveAccount, goneAccount],
    });
    gone = await create('deal', {
      name: 'Absent gone',
      parentAccount: parent,
      quantity: 1000,
      amount: { amount: 5000, currency: 'USD' },
      partners: [liveAccount],
    });
    restOk(await del('deal', gone));
    restOk(await del('account', goneAccount));
  });

  it('from gets (REST 404, GraphQL null) and repeated deletes', async () => {
    expect((await get('deal', gone)).status).toBe(404);
    expect(ok(await t.gql<{ deal: unknown }>(`{ deal(id: "${gone}") { id } }`)).deal).toBeNull();
    const again = await del('deal', gone);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('NOT_FOUND');
    expect((await t.rest('PATCH', `/api/v1/data/deal/${gone}`, { quantity: 1 })).status).toBe(404);
  });

  it('from lists, counts and filters', async () => {
    const ids = await listIds('deal', { name: { startsWith: 'Absent' } });
    expect(ids).toEqual([live]);
    const gql = ok(
      await t.gql<{ deals: { totalCount: number; nodes: Array<{ id: string }> } }>(
        '{ deals(filter: {name: {startsWith: "Absent"}}) { totalCount nodes { id } } }',
      ),
    );
    expect(gql.deals.totalCount).toBe(1);
    expect(await listIds('deal', { quantity: { gte: 1000 } })).toEqual([]);
    expect(await listIds('deal', { id: { eq: gone } })).toEqual([]);
    expect(await listIds('account', { name: { startsWith: 'Absent gone' } })).toEqual([]);
  });

  it('from nested relations and relation filters', async () => {
    const out = ok(
      await t.gql<{
        account: { ownedDeals: { totalCount: number; nodes: Array<{ id: string; partners: { totalCount: number; nodes: Array<{ id: string }> } }> } };
      }>(`{ account(id: "${parent}") { ownedDeals { totalCount nodes { id partners { totalCount nodes { id } } } } } }`),
    );
    expect(out.account.ownedDeals.totalCount).toBe(1);
    expect(out.account.ownedDeals.nodes.map((n) => n.id)).toEqual([live]);
    expect(out.account.ownedDeals.nodes[0]?.partners.totalCount).toBe(1);
    expect(out.account.ownedDeals.nodes[0]?.partners.nodes.map((n) => n.id)).toEqual([liveAccount]);
    const reverse = ok(await t.gql<{ account: { partnerDeals: { totalCount: number } } }>(`{ account(id: "${liveAccount}") { partnerDeals { totalCount } } }`));
    expect(reverse.account.partnerDeals.totalCount).toBe(1);
    expect(await listIds('account', { ownedDeals: { some: { quantity: { gte: 1000 } } } })).toEqual([]);
    expect(await listIds('account', { id: { eq: parent }, ownedDeals: { every: { quantity: { lt: 100 } } } })).toEqual([parent]);
    expect(await listIds('deal', { partners: { some: { id: { eq: goneAccount } } } })).toEqual([]);
    const expanded = restOk<Json>(await t.rest('GET', `/api/v1/data/account/${parent}?expand=ownedDeals`));
    expect((expanded.ownedDeals as Json[]).map((d) => d.id)).toEqual([live]);
    const expandedPartners = restOk<Json>(await t.rest('GET', `/api/v1/data/deal/${live}?expand=partners`));
    expect((expandedPartners.partners as Json[]).map((d) => d.id)).toEqual([liveAccount]);
  });

  it('from aggregates', async () => {
    const out = ok(
      await t.gql<{ dealsAggregate: Array<{ count: number; sum: Json; max: Json }> }>(
        '{ dealsAggregate(filter: {name: {startsWith: "Absent"}}) { count sum max } }',
      ),
    );
    expect(out.dealsAggregate[0]?.count).toBe(1);
    expect(Number(out.dealsAggregate[0]?.sum.quantity)).toBe(10);
    expect(Number(out.dealsAggregate[0]?.sum.amount)).toBe(100);
    expect(Number(out.dealsAggregate[0]?.max.quantity)).toBe(10);
    const grouped = ok(
      await t.gql<{ dealsAggregate: Array<{ group: Json; count: number }> }>(
        '{ dealsAggregate(filter: {name: {startsWith: "Absent"}}, groupBy: [{field: "parentAccount"}]) { group count } }',
      ),
    );
    expect(grouped.dealsAggregate).toEqual([{ group: { parentAccount: parent }, count: 1 }]);
  });

  it('from REST many-to-many id lists', async () => {
    const record = (await get('deal', live)).body;
    expect(record.partners).toEqual([liveAccount]);
  });
});

describe('restore', () => {
  it('answers 404 for an unknown id and is a no-op on a live record', async () => {
    const missing = await restore('deal', '00000000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const parent = await create('account', { name: 'Live restore' });
    const out = restOk<Json>(await restore('account', parent));
    expect(out.version).toBe(1);
  });

  it('frees unique values while deleted, and refuses a restore that would duplicate one', async () => {
    const parent = await create('account', { name: 'Unique parent' });
    const first = await create('deal', { name: 'U1', parentAccount: parent, email: 'unique@example.com' });
    restOk(await del('deal', first));
    const second = await create('deal', { name: 'U2', parentAccount: parent, email: 'unique@example.com' });
    expect((await get('deal', second)).body.email).toBe('unique@example.com');
    const out = await restore('deal', first);
    expect(out.status).toBe(400);
    expect(out.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(out.body.errors)).toContain('DUPLICATE_VALUE');
    expect((await get('deal', first)).status).toBe(404);
  });

  it('GraphQL restore returns the record with its relations', async () => {
    const parent = await create('account', { name: 'G parent' });
    const child = await create('deal', { name: 'G child', parentAccount: parent });
    ok(await t.gql(`mutation { deleteDeal(id: "${child}") { id } }`));
    const out = ok(
      await t.gql<{ restoreDeal: { name: string; version: number; parentAccount: { name: string } } }>(
        `mutation { restoreDeal(id: "${child}") { name version parentAccount { name } } }`,
      ),
    );
    expect(out.restoreDeal).toEqual({ name: 'G child', version: 3, parentAccount: { name: 'G parent' } });
  });
});
