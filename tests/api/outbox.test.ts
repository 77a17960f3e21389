import type { ObjectDef } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type ApiTenant, startApi } from '../support/api-harness.ts';
import { dealTenant, type Json, ok, Physical, q, restOk, sqlRows } from '../support/contract-helpers.ts';

/**
 * One `_outbox` row (in the tenant's schema) per record change — create, update, delete, restore,
 * each record of a bulk, each child emptied or cascaded by a delete — and none for a write that
 * was rolled back.
 */

let harness: ApiHarness;
let t: ApiTenant;
let p: Physical;
let userId: string;

/** A child of account whose lookup restricts the account's deletion. */
const noteObject: ObjectDef = {
  id: 'obj_note',
  apiName: 'note',
  pluralApiName: 'notes',
  label: { en: 'Note' },
  pluralLabel: { en: 'Notes' },
  nameField: 'name',
  fields: [
    { id: 'fld_note_name', apiName: 'name', type: 'text', label: { en: 'Name' } },
    {
      id: 'fld_note_account',
      apiName: 'account',
      type: 'lookup',
      label: { en: 'Account' },
      config: { target: 'obj_account', onDelete: 'restrict', relationName: 'notes' },
    },
  ],
};

type Op = 'create' | 'update' | 'delete' | 'restore';
type Row = { object: string; record: string; operation: Op };

beforeAll(async () => {
  harness = await startApi();
  t = await dealTenant(harness, 'outbox', [noteObject]);
  await t.change([
    {
      op: 'saveValidationRule',
      rule: {
        id: 'vr_deal_quantity',
        object: 'obj_deal',
        apiName: 'quantityBelowLimit',
        condition: { '<': [{ var: 'quantity' }, 1000] },
        errorMessage: { en: 'quantity must be below 1000' },
        field: 'quantity',
      },
    },
  ]);
  p = await Physical.of(t);
});
afterAll(async () => {
  await harness?.close();
});

async function mark(): Promise<number> {
  return (await sqlRows<{ n: number }>(t, `select coalesce(max(id), 0)::bigint as n from ${p.system('_outbox')}`))[0]?.n ?? 0;
}

async function rowsSince(since: number): Promise<Array<Row & { changes: Json; actor: string | null }>> {
  const rows = await sqlRows<{ object_id: string; record_id: string; operation: Op; changes: Json; actor_id: string | null }>(
    t,
    `select object_id, record_id::text, operation, changes, actor_id::text from ${p.system('_outbox')} where id > $1 order by id`,
    [since],
  );
  return rows.map((r) => ({ object: r.object_id, record: r.record_id, operation: r.operation, changes: r.changes, actor: r.actor_id }));
}

const sortRows = (rows: Row[]) => rows.map((r) => `${r.object} ${r.record} ${r.operation}`).sort();

/** Runs a write and checks the outbox rows it wrote, as a multiset; returns the write's result and the rows. */
async function expectOutbox<T>(
  write: () => Promise<T>,
  expected: (result: T) => Row[],
): Promise<{ result: T; rows: Array<Row & { changes: Json; actor: string | null }> }> {
  const since = await mark();
  const result = await write();
  const rows = await rowsSince(since);
  expect(sortRows(rows)).toEqual(sortRows(expected(result)));
  for (const row of rows) expect(row.actor).toBe(userId);
  return { result, rows };
}

const deal = (record: string, operation: Op): Row => ({ object: 'obj_deal', record, operation });
const account = (record: string, operation: Op): Row => ({ object: 'obj_account', record, operation });

async function newAccount(name: string): Promise<string> {
  const body = restOk<Json>(await t.rest('POST', '/api/v1/data/account', { name }), 201);
  userId = String(body.createdBy);
  return String(body.id);
}

async function newDeal(values: Json): Promise<string> {
  return String(restOk<Json>(await t.rest('POST', '/api/v1/data/deal', values), 201).id);
}

async function liveDeals(name: string): Promise<number> {
  return (await sqlRows<{ n: number }>(t, `select count(*)::int as n from ${p.table('deal')} where ${p.column('deal', 'name')} = $1`, [name]))[0]?.n ?? 0;
}

describe('one outbox row per record change', () => {
  let parent: string;

  beforeAll(async () => {
    parent = await newAccount('Outbox parent');
  });

  it('create through REST and through GraphQL', async () => {
    const { rows } = await expectOutbox(
      async () => newDeal({ name: 'Created', parentAccount: parent, quantity: 2 }),
      (id) => [deal(id, 'create')],
    );
    expect(rows[0]?.changes).toMatchObject({ name: 'Created', quantity: 2 });
    await expectOutbox(
      async () =>
        ok(await t.gql<{ createDeal: { id: string } }>(`mutation { createDeal(input: {name: "Created 2", parentAccount: "${parent}"}) { id } }`)).createDeal.id,
      (id) => [deal(id, 'create')],
    );
  });

  it('update through REST and through GraphQL (with a many-to-many change: still one row)', async () => {
    const id = await newDeal({ name: 'To update', parentAccount: parent });
    const { rows } = await expectOutbox(
      async () => restOk(await t.rest('PATCH', `/api/v1/data/deal/${id}`, { quantity: 5, partners: [parent] })),
      () => [deal(id, 'update')],
    );
    expect(rows[0]?.changes).toMatchObject({ quantity: 5, partners: [parent] });
    expect(rows[0]?.changes).not.toHaveProperty('name');
    await expectOutbox(
      async () => ok(await t.gql(`mutation { updateDeal(id: "${id}", input: {won: true}, expectedVersion: 2) { id } }`)),
      () => [deal(id, 'update')],
    );
  });

  it('delete and restore through REST and through GraphQL', async () => {
    const id = await newDeal({ name: 'To delete', parentAccount: parent });
    await expectOutbox(
      async () => restOk(await t.rest('DELETE', `/api/v1/data/deal/${id}`)),
      () => [deal(id, 'delete')],
    );
    await expectOutbox(
      async () => restOk(await t.rest('POST', `/api/v1/data/deal/${id}/restore`)),
      () => [deal(id, 'restore')],
    );
    await expectOutbox(
      async () => ok(await t.gql(`mutation { deleteDeal(id: "${id}") { id } }`)),
      () => [deal(id, 'delete')],
    );
    await expectOutbox(
      async () => ok(await t.gql(`mutation { restoreDeal(id: "${id}") { id } }`)),
      () => [deal(id, 'restore')],
    );
    // Restoring a live record changes nothing: no row.
    await expectOutbox(
      async () => restOk(await t.rest('POST', `/api/v1/data/deal/${id}/restore`)),
      () => [],
    );
  });

  it('each record of a bulk create (REST and GraphQL), and upserts as updates', async () => {
    const { result: ids } = await expectOutbox(
      async () =>
        restOk<{ data: Json[] }>(
          await t.rest('POST', '/api/v1/data/deal/bulk', {
            records: [1, 2, 3, 4, 5].map((n) => ({ name: `Bulk ${n}`, parentAccount: parent, email: `bulk${n}@example.com` })),
          }),
        ).data.map((r) => String(r.id)),
      (ids) => ids.map((id) => deal(id, 'create')),
    );
    expect(new Set(ids).size).toBe(5);
    await expectOutbox(
      async () =>
        ok(
          await t.gql<{ createDeals: Array<{ id: string }> }>(
            `mutation { createDeals(inputs: [{name: "G1", parentAccount: "${parent}"}, {name: "G2", parentAccount: "${parent}"}, {name: "G3", parentAccount: "${parent}"}]) { id } }`,
          ),
        ).createDeals.map((r) => r.id),
      (created) => created.map((id) => deal(id, 'create')),
    );
    const upserted = await expectOutbox(
      async () =>
        restOk<{ data: Json[] }>(
          await t.rest('POST', '/api/v1/data/deal/bulk', {
            upsertBy: 'email',
            records: [
              { name: 'Bulk 1 again', parentAccount: parent, email: 'bulk1@example.com' },
              { name: 'Bulk 6', parentAccount: parent, email: 'bulk6@example.com' },
            ],
          }),
        ).data.map((r) => String(r.id)),
      (result) => [deal(result[0] as string, 'update'), deal(result[1] as string, 'create')],
    );
    expect(upserted.result[0]).toBe(ids[0]);
  });

  it('a delete with setNull and master-detail children: one row per emptied child and per cascaded child', async () => {
    const doomed = await newAccount('Doomed');
    const other = await newAccount('Other');
    const looked = [
      await newDeal({ name: 'Looks up', parentAccount: other, account: doomed }),
      await newDeal({ name: 'Looks up 2', parentAccount: other, account: doomed }),
    ];
    const owned = [await newDeal({ name: 'Owned', parentAccount: doomed }), await newDeal({ name: 'Owned 2', parentAccount: doomed, account: other })];
    // Already deleted children are left alone (no row for them).
    const gone = await newDeal({ name: 'Gone', parentAccount: other, account: doomed });
    restOk(await t.rest('DELETE', `/api/v1/data/deal/${gone}`));
    const deleted = await expectOutbox(
      async () => restOk(await t.rest('DELETE', `/api/v1/data/account/${doomed}`)),
      () => [account(doomed, 'delete'), ...looked.map((id) => deal(id, 'update')), ...owned.map((id) => deal(id, 'delete'))],
    );
    for (const row of deleted.rows.filter((r) => r.operation === 'update')) expect(row.changes).toEqual({ account: null });
    await expectOutbox(
      async () => restOk(await t.rest('POST', `/api/v1/data/account/${doomed}/restore`)),
      () => [account(doomed, 'restore'), ...looked.map((id) => deal(id, 'update')), ...owned.map((id) => deal(id, 'restore'))],
    );
  });
});

describe('no outbox row for a write that was rolled back', () => {
  let parent: string;

  beforeAll(async () => {
    parent = await newAccount('Rollback parent');
  });

  it('a create or an update refused by a validation rule', async () => {
    await expectOutbox(
      async () => {
        const out = await t.rest('POST', '/api/v1/data/deal', { name: 'Too many', parentAccount: parent, quantity: 5000 });
        expect(out.status).toBe(400);
        expect(out.body.errors).toContainEqual(expect.objectContaining({ path: '/input/quantity', code: 'RULE_FAILED' }));
      },
      () => [],
    );
    expect(await liveDeals('Too many')).toBe(0);
    const id = await newDeal({ name: 'Rule target', parentAccount: parent, quantity: 1 });
    await expectOutbox(
      async () => {
        const out = await t.gql(`mutation { updateDeal(id: "${id}", input: {quantity: 5000}) { id } }`);
        expect(out.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      },
      () => [],
    );
    expect(restOk<Json>(await t.rest('GET', `/api/v1/data/deal/${id}`)).quantity).toBe(1);
  });

  it('a unique violation in the middle of a bulk create: none of the bulk is written', async () => {
    await newDeal({ name: 'Holder', parentAccount: parent, email: 'taken@example.com' });
    const records = [1, 2, 3, 4, 5].map((n) => ({ name: 'Unique bulk', parentAccount: parent, email: n === 3 ? 'taken@example.com' : `ub${n}@example.com` }));
    await expectOutbox(
      async () => {
        const out = await t.rest('POST', '/api/v1/data/deal/bulk', { records });
        expect(out.status).toBe(400);
        expect(out.body.code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(out.body.errors)).toContain('DUPLICATE_VALUE');
      },
      () => [],
    );
    expect(await liveDeals('Unique bulk')).toBe(0);
    // A duplicate within the bulk itself, through GraphQL.
    await expectOutbox(
      async () => {
        const out = await t.gql(
          `mutation { createDeals(inputs: [{name: "Self dup", parentAccount: "${parent}", email: "self@example.com"}, {name: "Self dup", parentAccount: "${parent}", email: "self@example.com"}]) { id } }`,
        );
        expect(out.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      },
      () => [],
    );
    expect(await liveDeals('Self dup')).toBe(0);
  });

  it('an invalid record late in a bulk create', async () => {
    const records = [1, 2, 3, 4].map((n) => ({ name: 'Late invalid', parentAccount: parent, ...(n === 4 ? { quantity: 'many' } : {}) }));
    await expectOutbox(
      async () => {
        const out = await t.rest('POST', '/api/v1/data/deal/bulk', { records });
        expect(out.status).toBe(400);
        expect(out.body.errors).toContainEqual(expect.objectContaining({ path: '/inputs/3/quantity' }));
      },
      () => [],
    );
    expect(await liveDeals('Late invalid')).toBe(0);
    // A bulk record naming a missing parent.
    await expectOutbox(
      async () => {
        const out = await t.rest('POST', '/api/v1/data/deal/bulk', {
          records: [
            { name: 'Late invalid', parentAccount: parent },
            { name: 'Late invalid', parentAccount: '00000000-0000-7000-8000-000000000000' },
          ],
        });
        expect(out.status).toBe(400);
      },
      () => [],
    );
    expect(await liveDeals('Late invalid')).toBe(0);
  });

  it('a delete refused by a restricting child after setNull children were emptied', async () => {
    const held = await newAccount('Held');
    const child = await newDeal({ name: 'Set null child', parentAccount: parent, account: held });
    const owned = await newDeal({ name: 'Owned by held', parentAccount: held });
    restOk(await t.rest('POST', '/api/v1/data/note', { name: 'Restricts', account: held }), 201);
    await expectOutbox(
      async () => {
        const out = await t.rest('DELETE', `/api/v1/data/account/${held}`);
        expect(out.status).toBe(409);
        expect(out.body.code).toBe('CONFLICT');
      },
      () => [],
    );
    expect(restOk<Json>(await t.rest('GET', `/api/v1/data/deal/${child}`)).account).toBe(held);
    expect(restOk<Json>(await t.rest('GET', `/api/v1/data/deal/${owned}`)).version).toBe(1);
    expect((await t.rest('GET', `/api/v1/data/account/${held}`)).status).toBe(200);
  });

  it('a stale update, an update or delete of a missing record', async () => {
    const id = await newDeal({ name: 'Stale', parentAccount: parent });
    await expectOutbox(
      async () => {
        expect((await t.rest('PATCH', `/api/v1/data/deal/${id}`, { quantity: 3 }, { 'if-match': '"7"' })).status).toBe(409);
        expect((await t.rest('PATCH', '/api/v1/data/deal/00000000-0000-7000-8000-000000000000', { quantity: 3 })).status).toBe(404);
        expect((await t.rest('DELETE', '/api/v1/data/deal/00000000-0000-7000-8000-000000000000')).status).toBe(404);
        expect((await t.rest('POST', '/api/v1/data/deal/00000000-0000-7000-8000-000000000000/restore')).status).toBe(404);
        const gql = await t.gql(`mutation { updateDeal(id: "${id}", input: {quantity: 3}, expectedVersion: 9) { id } }`);
        expect(gql.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      },
      () => [],
    );
  });

  it('leaves nothing behind for records filtered out later (sanity: the filter sees the rows written above)', async () => {
    const list = restOk<{ data: Json[] }>(
      await t.rest('GET', `/api/v1/data/deal?filter=${q({ name: { in: ['Too many', 'Unique bulk', 'Self dup', 'Late invalid'] } })}`),
    );
    expect(list.data).toEqual([]);
  });
});
