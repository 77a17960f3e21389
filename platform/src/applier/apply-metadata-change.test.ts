import { isAtriumError } from '@atrium/errors';
import type { FieldDef } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { runDueJobs } from '../jobs/job-runner.ts';
import { insertRecords } from '../records/insert-records.ts';
import { accountObject, dealObject } from '../testing/sample-objects.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** Runs a change expected to be refused; returns the error and checks that nothing changed. */
async function refused(fixture: TenantFixture, run: () => Promise<unknown>) {
  const versionBefore = await fixture.version();
  const bundleBefore = JSON.stringify(await fixture.bundle());
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(isAtriumError(caught), `expected a refusal, got ${String(caught)}`).toBe(true);
  expect(await fixture.version()).toBe(versionBefore);
  expect(JSON.stringify(await fixture.bundle())).toBe(bundleBefore);
  if (!isAtriumError(caught)) throw new Error('unreachable');
  return caught;
}

async function jobs() {
  await runDueJobs({ db: database.db, pool: database.pool });
}

describe('creating objects', () => {
  it('creates a table with a column of the right type for every field type (golden DDL)', async () => {
    const t = await TenantFixture.create(database);
    const result = await t.change([
      { op: 'createObject', object: accountObject() },
      { op: 'createObject', object: dealObject() },
    ]);
    expect(result.applied).toBe(true);
    expect(result.version).toBe(1);
    expect(result.plan.destructive).toBe(false);
    expect(result.plan.jobs).toEqual([]); // new tables: constraints and indexes are built at once
    await expect(t.normalize(result.plan.ddl)).toMatchFileSnapshot('./__snapshots__/create-objects.sql');
    const deal = await t.object('deal');
    expect(deal.table).toBe('deal');
    expect(await t.columns('deal')).toEqual({
      id: 'uuid',
      owner_id: 'uuid',
      created_at: 'timestamp with time zone',
      created_by: 'uuid',
      updated_at: 'timestamp with time zone',
      updated_by: 'uuid',
      deleted_at: 'timestamp with time zone',
      row_version: 'integer',
      name: 'text',
      notes: 'text',
      body: 'text',
      email: 'text',
      phone: 'text',
      site: 'text',
      quantity: 'bigint',
      weight: 'numeric(12,3)',
      amount_amount: 'numeric(18,2)',
      amount_currency: 'text',
      discount: 'numeric',
      won: 'boolean',
      close_date: 'date',
      last_seen_at: 'timestamp with time zone',
      stage: 'text',
      tags: 'text[]',
      account: 'uuid',
      parent_account: 'uuid',
      reviewer: 'uuid',
      number: 'bigint',
      shipping_address_street: 'text',
      shipping_address_city: 'text',
      shipping_address_state: 'text',
      shipping_address_postal_code: 'text',
      shipping_address_country: 'text',
      extra: 'jsonb',
    });
    const partners = deal.fields.find((f) => f.apiName === 'partners');
    expect(partners?.junctionTable).toBeTruthy();
    expect(await t.columns(partners?.junctionTable ?? '')).toMatchObject({ source_id: 'uuid', target_id: 'uuid' });
  });

  it('names tables and columns after API names, quoted, even for SQL keywords', async () => {
    const t = await TenantFixture.create(database);
    await t.change([
      {
        op: 'createObject',
        object: {
          id: 'obj_case',
          apiName: 'case',
          pluralApiName: 'cases',
          label: { en: 'Case' },
          pluralLabel: { en: 'Cases' },
          nameField: 'select',
          fields: [
            { id: 'fld_case_select', apiName: 'select', type: 'text', label: { en: 'Select' } },
            { id: 'fld_case_order', apiName: 'order', type: 'integer', label: { en: 'Order' } },
          ],
        },
      },
    ]);
    expect(Object.keys(await t.columns('case'))).toEqual(expect.arrayContaining(['select', 'order']));
  });

  it('a dry run returns the plan and changes nothing', async () => {
    const t = await TenantFixture.create(database);
    const result = await t.change([{ op: 'createObject', object: accountObject() }], { dryRun: true });
    expect(result.applied).toBe(false);
    expect(result.plan.ddl[0]).toContain('create table');
    expect(result.plan.steps.map((s) => s.action)).toEqual(['createObject']);
    expect(await t.version()).toBe(0);
    expect((await t.bundle()).objects).toEqual([]);
    expect(await t.columns('account')).toEqual({});
  });

  it('stores a revision with who, what and the plan', async () => {
    const t = await TenantFixture.create(database);
    await t.change([{ op: 'createObject', object: accountObject() }]);
    const revisions = await database.db.selectFrom('atrium.metadata_revision').selectAll().where('tenant_id', '=', t.tenant.id).execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ version: 1, actor: 'test', summary: '1 × createObject' });
    expect((revisions[0]?.plan as { ddl: string[] } | undefined)?.ddl.length).toBeGreaterThan(0);
    expect((revisions[0]?.operations as Array<{ op: string }> | undefined)?.[0]?.op).toBe('createObject');
  });
});

describe('changing populated objects without rewriting tables', () => {
  async function populated() {
    const t = await TenantFixture.create(database);
    await t.change([
      { op: 'createObject', object: accountObject() },
      { op: 'createObject', object: dealObject() },
    ]);
    const account = await t.object('account');
    const { ids } = await insertRecords(database.db, t.schema, account, [{ name: 'Acme' }, { name: 'Globex' }]);
    const deal = await t.object('deal');
    await insertRecords(
      database.db,
      t.schema,
      deal,
      Array.from({ length: 50 }, (_, i) => ({
        name: `Deal ${i}`,
        quantity: i,
        email: `d${i}@example.com`,
        parentAccount: ids[i % 2],
        stage: i % 2 ? 'won' : 'new',
        notes: `note ${i}`,
      })),
    );
    return t;
  }

  const newFields: Array<[string, FieldDef]> = [
    ['an optional text field', { id: 'fld_new_text', apiName: 'region', type: 'text', label: { en: 'Region' } }],
    ['a required field', { id: 'fld_new_req', apiName: 'source', type: 'text', label: { en: 'Source' }, required: true }],
    ['a unique field', { id: 'fld_new_uq', apiName: 'code', type: 'text', label: { en: 'Code' }, unique: true }],
    [
      'a lookup',
      {
        id: 'fld_new_lk',
        apiName: 'partner',
        type: 'lookup',
        label: { en: 'Partner' },
        config: { target: 'obj_account', onDelete: 'restrict', relationName: 'partneredDeals' },
      },
    ],
    ['an auto-number', { id: 'fld_new_an', apiName: 'ref', type: 'autoNumber', label: { en: 'Ref' }, config: { displayFormat: 'R-{000}' } }],
    ['a currency', { id: 'fld_new_cur', apiName: 'budget', type: 'currency', label: { en: 'Budget' } }],
    [
      'a many-to-many',
      {
        id: 'fld_new_m2m',
        apiName: 'watchers',
        type: 'manyToMany',
        label: { en: 'Watchers' },
        config: { target: 'obj_account', relationName: 'watchedDeals' },
      },
    ],
  ];

  for (const [name, field] of newFields) {
    it(`adding ${name} keeps the table file (no rewrite) and plans follow-up jobs (golden DDL)`, async () => {
      const t = await populated();
      const before = await t.relfilenode('deal');
      const result = await t.change([{ op: 'addField', object: 'deal', field }]);
      expect(await t.relfilenode('deal')).toBe(before);
      await expect(t.normalize(result.plan.ddl)).toMatchFileSnapshot(`./__snapshots__/add-field-${field.apiName}.sql`);
      expect(result.plan.steps[0]).toMatchObject({ action: 'addField', object: 'deal', field: field.apiName, destructive: false });
      await jobs();
      const failed = await database.db
        .selectFrom('atrium.job')
        .select(['task', 'error'])
        .where('tenant_id', '=', t.tenant.id)
        .where('status', '!=', 'succeeded')
        .execute();
      if (field.required) {
        // 50 existing deals have no source: the check stays NOT VALID and the job says why.
        expect(failed).toEqual([expect.objectContaining({ task: 'validateConstraint' })]);
      } else {
        expect(failed).toEqual([]);
      }
      expect(await t.relfilenode('deal')).toBe(before);
    });
  }

  it('numbers existing records for a new auto-number field, oldest first', async () => {
    const t = await populated();
    await t.change([{ op: 'addField', object: 'deal', field: newFields[4]?.[1] as FieldDef }]);
    await jobs();
    const rows = await t.query<{ ref: string }>(`select "ref" from "${t.schema}"."deal" order by "created_at", "id"`);
    expect(rows.map((r) => Number(r.ref))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('builds a unique index in a job and marks the field building until then', async () => {
    const t = await populated();
    const result = await t.change([{ op: 'addField', object: 'deal', field: newFields[2]?.[1] as FieldDef }]);
    expect(result.plan.jobs.map((j) => j.task)).toEqual(['buildIndex']);
    expect((await t.object('deal')).fields.find((f) => f.apiName === 'code')?.state).toBe('building');
    await jobs();
    expect((await t.object('deal')).fields.find((f) => f.apiName === 'code')?.state).toBe('active');
    const indexes = await t.query<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = $1 and indexname = 'deal__code_key'`, [t.schema]);
    expect(indexes[0]?.indexdef).toContain('WHERE (deleted_at IS NULL)');
  });

  it('refuses to make a field unique when existing values repeat, and says so', async () => {
    const t = await populated();
    await database.pool.query(`update "${t.schema}"."deal" set "phone" = '+1 555 0100'`);
    await t.change([{ op: 'updateField', object: 'deal', field: 'phone', changes: { unique: true } }]);
    await jobs();
    const [job] = await database.db.selectFrom('atrium.job').selectAll().where('tenant_id', '=', t.tenant.id).where('task', '=', 'buildIndex').execute();
    expect(job?.status).toBe('failed');
    expect(job?.error).toMatch(/duplicate/);
    const phone = (await t.object('deal')).fields.find((f) => f.apiName === 'phone');
    expect(phone).toMatchObject({ unique: false, state: 'active' });
  });

  it('renames a field without DDL and keeps its column and the layouts using it', async () => {
    const t = await populated();
    await t.change([
      {
        op: 'saveLayout',
        layout: {
          id: 'lay_deal',
          object: 'deal',
          apiName: 'dealLayout',
          label: { en: 'Deal' },
          sections: [{ id: 'sec_main', label: { en: 'Main' }, columns: 2, fields: ['name', 'quantity'] }],
          relatedLists: [],
        },
      },
    ]);
    const result = await t.change([{ op: 'renameField', object: 'deal', field: 'quantity', apiName: 'units' }]);
    expect(result.plan.ddl).toEqual([]);
    // The formula reading the field is updated too.
    expect(result.plan.steps.map((s) => s.action)).toEqual(['renameField', 'updateField', 'saveLayout']);
    const deal = await t.object('deal');
    const units = deal.fields.find((f) => f.apiName === 'units');
    expect(units?.columns).toEqual({ value: 'quantity' });
    // The formula `total` read quantity: it follows the rename.
    expect(deal.fields.find((f) => f.apiName === 'total')?.config?.expression).toEqual({ '*': [{ var: 'units' }, 2] });
    expect((await t.bundle()).layouts[0]?.sections[0]?.fields).toEqual(['name', 'units']);
  });

  it('changes text to long text in metadata only', async () => {
    const t = await populated();
    const result = await t.change([{ op: 'changeFieldType', object: 'deal', field: 'notes', type: 'longText' }]);
    expect(result.plan.ddl).toEqual([]);
    expect(result.plan.jobs).toEqual([]);
    expect((await t.object('deal')).fields.find((f) => f.apiName === 'notes')?.type).toBe('longText');
  });

  it('converts integer to number by expand, backfill and contract, keeping every value', async () => {
    const t = await populated();
    const before = await t.relfilenode('deal');
    const result = await t.change([{ op: 'changeFieldType', object: 'deal', field: 'quantity', type: 'number', config: { precision: 10, scale: 2 } }]);
    await expect(t.normalize(result.plan.ddl)).toMatchFileSnapshot('./__snapshots__/change-type-integer-to-number.sql');
    expect(result.plan.steps[0]).toMatchObject({ action: 'changeFieldType', rowsAffected: 50, destructive: false });
    const converting = (await t.object('deal')).fields.find((f) => f.apiName === 'quantity');
    expect(converting?.state).toBe('converting');
    await jobs();
    const done = (await t.object('deal')).fields.find((f) => f.apiName === 'quantity');
    expect(done?.state).toBe('active');
    expect(done?.conversion).toBeUndefined();
    const column = done?.columns?.value as string;
    expect(column).not.toBe('quantity');
    expect((await t.columns('deal'))[column]).toBe('numeric(10,2)');
    const rows = await t.query<{ old: string; new: string }>(`select "quantity" as old, "${column}" as new from "${t.schema}"."deal"`);
    expect(rows).toHaveLength(50);
    for (const row of rows) expect(Number(row.new)).toBe(Number(row.old));
    expect(await t.relfilenode('deal')).toBe(before);
  });

  it('converts picklist to multi-picklist', async () => {
    const t = await populated();
    await t.change([{ op: 'changeFieldType', object: 'deal', field: 'stage', type: 'multiPicklist' }]);
    await jobs();
    const stage = (await t.object('deal')).fields.find((f) => f.apiName === 'stage');
    const rows = await t.query<{ v: string[] }>(`select "${stage?.columns?.value}" as v from "${t.schema}"."deal" order by "quantity"`);
    expect(rows[0]?.v).toEqual(['new']);
    expect(rows[1]?.v).toEqual(['won']);
  });

  it('sets a deleted field aside and restores it with its data', async () => {
    const t = await populated();
    const deleted = await t.change([{ op: 'deleteField', object: 'deal', field: 'email' }]);
    expect(deleted.plan.destructive).toBe(true);
    expect(deleted.plan.steps[0]).toMatchObject({ action: 'deleteField', rowsAffected: 50 });
    expect(deleted.plan.jobs[0]?.task).toBe('purgeField');
    expect(new Date(deleted.plan.jobs[0]?.runAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await expect(t.normalize(deleted.plan.ddl)).toMatchFileSnapshot('./__snapshots__/delete-field-email.sql');
    // Set aside: its unique index is gone, so inserts that leave it empty keep working.
    expect(await t.query(`select 1 from pg_indexes where schemaname = $1 and indexname = 'deal__email_key'`, [t.schema])).toHaveLength(0);
    const restored = await t.change([{ op: 'restoreField', object: 'deal', field: 'fld_deal_email' }]);
    expect(restored.plan.steps[0]).toMatchObject({ action: 'restoreField' });
    await jobs();
    const rows = await t.query<{ email: string }>(`select "email" from "${t.schema}"."deal" where "email" is not null order by "email"`);
    expect(rows).toHaveLength(50);
    expect((await t.object('deal')).fields.find((f) => f.apiName === 'email')).toMatchObject({ state: 'active', unique: true });
  });

  it('purges a deleted field only after the restore window and only if not restored', async () => {
    const t = await populated();
    const deleted = await t.change([{ op: 'deleteField', object: 'deal', field: 'site' }]);
    // Nothing is due yet: the column survives a run of due jobs.
    await jobs();
    expect(await t.columns('deal')).toHaveProperty('site');
    // Bring the purge forward as if 30 days had passed (this tenant's only: other files share the queue).
    await database.pool.query(
      `update graphile_worker._private_jobs set run_at = now()
        where task_id = (select id from graphile_worker._private_tasks where identifier = 'purgeField')
          and payload->>'jobId' in (select id::text from atrium.job where tenant_id = $1)`,
      [t.tenant.id],
    );
    await jobs();
    expect(await t.columns('deal')).not.toHaveProperty('site');
    expect((await t.object('deal')).fields.some((f) => f.apiName === 'site')).toBe(false);
    expect(deleted.plan.jobs).toHaveLength(1);
  });
});

describe('refusing bad metadata with nothing changed', () => {
  async function withDeals() {
    const t = await TenantFixture.create(database);
    await t.change([
      { op: 'createObject', object: accountObject() },
      { op: 'createObject', object: dealObject() },
    ]);
    await t.change([
      {
        op: 'savePipeline',
        pipeline: {
          id: 'pip_deal',
          object: 'deal',
          apiName: 'dealPipeline',
          label: { en: 'Deals' },
          field: 'stage',
          stages: [
            { id: 'stg_new', value: 'new', label: { en: 'New' }, category: 'open', probability: 10 },
            { id: 'stg_won', value: 'won', label: { en: 'Won' }, category: 'won', probability: 100, entryCondition: { '!!': { var: 'closeDate' } } },
            { id: 'stg_lost', value: 'lost', label: { en: 'Lost' }, category: 'lost', probability: 0 },
          ],
        },
      },
      {
        op: 'saveLayout',
        layout: {
          id: 'lay_deal',
          object: 'deal',
          apiName: 'dealLayout',
          label: { en: 'Deal' },
          sections: [{ id: 'sec_main', label: { en: 'Main' }, columns: 2, fields: ['name', 'phone'] }],
          relatedLists: [],
        },
      },
    ]);
    return t;
  }
  const text = (id: string, apiName: string): FieldDef => ({ id, apiName, type: 'text', label: { en: apiName } });

  it('an invalid API name, naming the path', async () => {
    const t = await withDeals();
    const error = await refused(t, () => t.change([{ op: 'addField', object: 'deal', field: text('fld_bad', 'Close Date') }]));
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.details[0]).toMatchObject({ path: '/operations/0/field/apiName', code: 'INVALID_API_NAME' });
  });

  it('a reserved API name', async () => {
    const t = await withDeals();
    for (const name of ['id', 'createdAt', 'and', '__typename']) {
      const error = await refused(t, () => t.change([{ op: 'addField', object: 'deal', field: text('fld_bad', name) }]));
      expect(error.details.map((d) => d.code)).toContain('RESERVED_API_NAME');
    }
  });

  it('a duplicate field name and a duplicate object name', async () => {
    const t = await withDeals();
    const field = await refused(t, () => t.change([{ op: 'addField', object: 'deal', field: text('fld_dup', 'phone') }]));
    expect(field.details[0]).toMatchObject({ code: 'DUPLICATE_NAME', path: '/operations/0/field/apiName' });
    const object = await refused(t, () => t.change([{ op: 'createObject', object: { ...accountObject(), id: 'obj_other' } }]));
    expect(object.details.map((d) => d.code)).toContain('DUPLICATE_NAME');
  });

  it('a lookup to an unknown object', async () => {
    const t = await withDeals();
    const error = await refused(t, () =>
      t.change([
        {
          op: 'addField',
          object: 'deal',
          field: { id: 'fld_lk', apiName: 'vendor', type: 'lookup', label: { en: 'Vendor' }, config: { target: 'obj_nowhere', onDelete: 'setNull' } },
        },
      ]),
    );
    expect(error.details[0]).toMatchObject({ code: 'UNKNOWN_OBJECT', path: expect.stringMatching(/^\/operations\/0\/field\/config\/target/) });
  });

  it('an unsafe type change', async () => {
    const t = await withDeals();
    const error = await refused(t, () => t.change([{ op: 'changeFieldType', object: 'deal', field: 'won', type: 'date' }]));
    expect(error.code).toBe('UNSAFE_CHANGE');
    expect(error.details[0]).toMatchObject({ code: 'UNSAFE_TYPE_CHANGE', path: '/operations/0/type' });
  });

  it('deleting a field that a formula, a layout or a pipeline still uses', async () => {
    const t = await withDeals();
    for (const [field, user] of [
      ['quantity', /formula/i],
      ['phone', /layout/i],
      ['closeDate', /pipeline/i],
      ['stage', /pipeline/i],
    ] as const) {
      const error = await refused(t, () => t.change([{ op: 'deleteField', object: 'deal', field }]));
      expect(error.details[0]).toMatchObject({ code: 'FIELD_IN_USE', path: '/operations/0/field' });
      expect(error.message).toMatch(user);
    }
  });

  it('a stale metadata version is a conflict', async () => {
    const t = await withDeals();
    const error = await refused(t, () => t.change([{ op: 'addField', object: 'deal', field: text('fld_late', 'late') }], { baseVersion: 1 }));
    expect(error.code).toBe('CONFLICT');
  });

  it('a malformed request', async () => {
    const t = await withDeals();
    const error = await refused(t, () => t.change([{ op: 'explode' } as never]));
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it('a failing DDL statement rolls back the whole change', async () => {
    const t = await withDeals();
    // Break the physical schema behind the metadata's back: the add must fail and leave no trace.
    await database.pool.query(`alter table "${t.schema}"."deal" add column "region" text`);
    await refusedRaw(t, () => t.change([{ op: 'addField', object: 'deal', field: text('fld_region', 'region') }]));
  });

  async function refusedRaw(t: TenantFixture, run: () => Promise<unknown>) {
    const version = await t.version();
    await expect(run()).rejects.toThrow();
    expect(await t.version()).toBe(version);
    expect((await t.object('deal')).fields.some((f) => f.apiName === 'region')).toBe(false);
  }
});

describe('concurrent admins', () => {
  it('serialises two changes of one tenant: one applies, the other is a conflict, nothing is lost silently', async () => {
    const t = await TenantFixture.create(database);
    await t.change([{ op: 'createObject', object: accountObject() }]);
    const base = await t.version();
    const field = (n: string): FieldDef => ({ id: `fld_${n}`, apiName: n, type: 'text', label: { en: n } });
    const results = await Promise.allSettled([
      t.change([{ op: 'addField', object: 'account', field: field('alpha') }], { baseVersion: base }),
      t.change([{ op: 'addField', object: 'account', field: field('beta') }], { baseVersion: base }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('CONFLICT');
    expect(await t.version()).toBe(base + 1);
  });

  it('two admins who reload on conflict both get their change in', async () => {
    const t = await TenantFixture.create(database);
    await t.change([{ op: 'createObject', object: accountObject() }]);
    const admin = async (name: string) => {
      for (;;) {
        try {
          return await t.change([{ op: 'addField', object: 'account', field: { id: `fld_${name}`, apiName: name, type: 'text', label: { en: name } } }]);
        } catch (error) {
          if (!(isAtriumError(error) && error.code === 'CONFLICT')) throw error;
        }
      }
    };
    await Promise.all([admin('north'), admin('south'), admin('east'), admin('west')]);
    const account = await t.object('account');
    expect(account.fields.map((f) => f.apiName).sort()).toEqual(['east', 'name', 'north', 'south', 'west']);
    expect(await t.version()).toBe(5);
    expect(Object.keys(await t.columns('account'))).toEqual(expect.arrayContaining(['north', 'south', 'east', 'west']));
  });
});
