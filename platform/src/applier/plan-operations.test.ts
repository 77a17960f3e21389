/**
 * Golden plans for every metadata operation kind that apply-metadata-change.test.ts does not
 * snapshot already: the DDL (`__snapshots__/*.sql`), the steps with their destructive flags and
 * rows affected, and the follow-up jobs. Every change to a populated table keeps its file
 * (`relfilenode`): no planned change rewrites a table.
 */
import type { LayoutDef, MetadataBundle, MetadataOperation, PipelineDef, ValidationRuleDef } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportView } from '../changes/live-view.ts';
import type { Database } from '../database/database.ts';
import { runDueJobs } from '../jobs/job-runner.ts';
import { RESTORE_WINDOW_DAYS } from '../planner/change-plan.ts';
import { insertRecords } from '../records/insert-records.ts';
import { accountObject, dealObject } from '../testing/sample-objects.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import type { MetadataChangeResult } from './apply-metadata-change.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const DEALS = 50;
const DAY = 86_400_000;

/** The golden text of a plan's DDL; plans without any say so instead of an empty file. */
function golden(t: TenantFixture, result: MetadataChangeResult): string {
  return result.plan.ddl.length > 0 ? t.normalize(result.plan.ddl) : '-- no DDL in the change transaction\n';
}

/** Steps without their descriptions (asserted separately where they matter). */
function steps(result: MetadataChangeResult) {
  return result.plan.steps.map(({ action, object, field, destructive, rowsAffected }) => ({
    action,
    object,
    ...(field ? { field } : {}),
    destructive,
    rowsAffected,
  }));
}

const tasks = (result: MetadataChangeResult) => result.plan.jobs.map((j) => j.task);

/** A tenant with accounts and deals; `rows: false` leaves both tables empty. */
async function tenantWithDeals({ rows = true } = {}) {
  const t = await TenantFixture.create(database, 'plan');
  await t.change([
    { op: 'createObject', object: accountObject() },
    { op: 'createObject', object: dealObject() },
  ]);
  if (!rows) return t;
  const { ids } = await insertRecords(database.db, t.schema, await t.object('account'), [{ name: 'Acme' }, { name: 'Globex' }]);
  await insertRecords(
    database.db,
    t.schema,
    await t.object('deal'),
    Array.from({ length: DEALS }, (_, i) => ({
      name: `Deal ${i}`,
      quantity: i,
      email: `d${i}@example.com`,
      parentAccount: ids[i % 2],
      account: ids[(i + 1) % 2],
      reviewer: '0190d6f2-7c1a-7b3e-8f00-123456789abc',
      stage: i % 2 ? 'won' : 'new',
    })),
  );
  return t;
}

/** Applies a change and checks that neither table was rewritten and the version moved on by one. */
async function change(t: TenantFixture, operations: MetadataOperation[]): Promise<MetadataChangeResult> {
  const files = { account: await t.relfilenode('account'), deal: await t.relfilenode('deal') };
  const version = await t.version();
  const result = await t.change(operations);
  expect(result.applied).toBe(true);
  expect(result.version).toBe(version + 1);
  expect({ account: await t.relfilenode('account'), deal: await t.relfilenode('deal') }).toEqual(files);
  return result;
}

async function dealCount(t: TenantFixture): Promise<number> {
  const [row] = await t.query<{ n: number }>(`select count(*)::int as n from "${t.schema}"."deal"`);
  return row?.n ?? -1;
}

async function field(t: TenantFixture, apiName: string) {
  const found = (await t.object('deal')).fields.find((f) => f.apiName === apiName);
  if (!found) throw new Error(`no field ${apiName}`);
  return found;
}

async function constraint(t: TenantFixture, name: string): Promise<{ convalidated: boolean } | undefined> {
  const rows = await t.query<{ convalidated: boolean }>(
    `select c.convalidated from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = $1 and c.conname = $2`,
    [t.schema, name],
  );
  return rows[0];
}

async function index(t: TenantFixture, name: string): Promise<string | undefined> {
  const rows = await t.query<{ indexdef: string }>('select indexdef from pg_indexes where schemaname = $1 and indexname = $2', [t.schema, name]);
  return rows[0]?.indexdef;
}

/** Only this tenant's jobs: other test files share the queue. */
async function bringPurgeForward(t: TenantFixture, task: 'purgeObject' | 'purgeField'): Promise<number> {
  const result = await database.pool.query(
    `update graphile_worker._private_jobs set run_at = now()
      where task_id = (select id from graphile_worker._private_tasks where identifier = $1)
        and payload->>'jobId' in (select id::text from atrium.job where tenant_id = $2)`,
    [task, t.tenant.id],
  );
  await database.db.updateTable('atrium.job').set({ run_at: new Date().toISOString() }).where('tenant_id', '=', t.tenant.id).where('task', '=', task).execute();
  return result.rowCount ?? 0;
}

async function jobRows(t: TenantFixture, task: string) {
  return database.db.selectFrom('atrium.job').selectAll().where('tenant_id', '=', t.tenant.id).where('task', '=', task).execute();
}

/**
 * Runs the due jobs, then waits for this tenant's due jobs to end: other test files run due jobs
 * on the same queue and may have taken one of them.
 */
async function jobs(t: TenantFixture) {
  await runDueJobs({ db: database.db, pool: database.pool });
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const pending = await database.db
      .selectFrom('atrium.job')
      .select('id')
      .where('tenant_id', '=', t.tenant.id)
      .where('status', 'in', ['queued', 'running'])
      .where('run_at', '<=', new Date())
      .execute();
    if (pending.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('object operations', () => {
  it('updateObject with new labels: metadata only', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [
      { op: 'updateObject', object: 'deal', changes: { label: { en: 'Big deal', 'zh-CN': '大交易' }, description: 'Deals we track' } },
    ]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-object-labels.sql');
    expect(result.plan.ddl).toEqual([]);
    expect(steps(result)).toEqual([{ action: 'updateObject', object: 'deal', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(result.plan.destructive).toBe(false);
    expect(await t.object('deal')).toMatchObject({ label: { en: 'Big deal', 'zh-CN': '大交易' }, description: 'Deals we track', table: 'deal' });
  });

  it('updateObject renaming the API name: no DDL, the table keeps its name and data', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateObject', object: 'deal', changes: { apiName: 'opportunity', pluralApiName: 'opportunities' } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/rename-object.sql');
    expect(result.plan.ddl).toEqual([]);
    expect(steps(result)).toEqual([{ action: 'renameObject', object: 'opportunity', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.steps[0]?.description).toContain('"deal" to "opportunity"');
    expect(result.plan.jobs).toEqual([]);
    expect(await t.object('opportunity')).toMatchObject({ id: 'obj_deal', table: 'deal', pluralApiName: 'opportunities' });
    expect(await dealCount(t)).toBe(DEALS);
  });

  it('deleteObject sets the object aside with its records and plans its purge 30 days later', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'deleteObject', object: 'deal' }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/delete-object.sql');
    expect(result.plan.ddl).toEqual([]);
    expect(steps(result)).toEqual([{ action: 'deleteObject', object: 'deal', destructive: true, rowsAffected: DEALS }]);
    expect(result.plan.destructive).toBe(true);
    expect(result.plan.rowsAffected).toBe(DEALS);
    expect(tasks(result)).toEqual(['purgeObject']);
    const deal = (await t.bundle()).objects.find((o) => o.id === 'obj_deal');
    expect(deal).toMatchObject({ state: 'deleted', table: 'deal' });
    const purge = result.plan.jobs[0];
    expect(purge?.payload).toMatchObject({ objectId: 'obj_deal', table: 'deal', schema: t.schema, deletedAt: deal?.deletedAt });
    expect(new Date(purge?.runAt ?? 0).getTime() - new Date(deal?.deletedAt ?? 0).getTime()).toBe(RESTORE_WINDOW_DAYS * DAY);
    // Set aside, not dropped: the records are still there.
    expect(await dealCount(t)).toBe(DEALS);
  });

  it('restoreObject brings the object back without DDL', async () => {
    const t = await tenantWithDeals();
    await change(t, [{ op: 'deleteObject', object: 'deal' }]);
    const result = await change(t, [{ op: 'restoreObject', object: 'obj_deal' }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/restore-object.sql');
    expect(result.plan.ddl).toEqual([]);
    expect(steps(result)).toEqual([{ action: 'restoreObject', object: 'deal', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.steps[0]?.description).toContain(`${DEALS} records`);
    expect(result.plan.jobs).toEqual([]);
    expect((await t.object('deal')).state).toBe('active');
  });

  it('a purge after the restore window drops the table and removes the metadata', async () => {
    const t = await tenantWithDeals();
    await change(t, [{ op: 'saveLayout', layout: dealLayout() }]);
    const junction = (await field(t, 'partners')).junctionTable as string;
    expect(await t.columns(junction)).not.toEqual({});
    await change(t, [{ op: 'deleteObject', object: 'deal' }]);
    await jobs(t); // nothing due yet
    expect(await dealCount(t)).toBe(DEALS);
    expect(await bringPurgeForward(t, 'purgeObject')).toBe(1);
    const version = await t.version();
    await jobs(t);
    expect(await t.columns('deal')).toEqual({});
    expect(await t.columns(junction)).toEqual({});
    const bundle = await t.bundle();
    expect(bundle.objects.map((o) => o.id)).toEqual(['obj_account']);
    expect(bundle.layouts).toEqual([]);
    const documents = await database.db.selectFrom('atrium.metadata_document').select('id').where('tenant_id', '=', t.tenant.id).execute();
    expect(documents.map((d) => d.id)).toEqual(['obj_account']);
    // The purge is a system revision: version bumped, like any other change.
    expect(await t.version()).toBe(version + 1);
    expect(await jobRows(t, 'purgeObject')).toEqual([expect.objectContaining({ status: 'succeeded', message: 'purged object deal' })]);
    // The account table is untouched.
    expect(await t.query(`select 1 from "${t.schema}"."account"`)).toHaveLength(2);
  });

  it('a restore within the window keeps the data, and the purge that comes due does nothing', async () => {
    const t = await tenantWithDeals();
    await change(t, [{ op: 'deleteObject', object: 'deal' }]);
    await change(t, [{ op: 'restoreObject', object: 'deal' }]);
    expect(await bringPurgeForward(t, 'purgeObject')).toBe(1);
    await jobs(t);
    expect(await jobRows(t, 'purgeObject')).toEqual([expect.objectContaining({ status: 'succeeded', message: 'nothing to purge' })]);
    expect((await t.object('deal')).state).toBe('active');
    expect(await dealCount(t)).toBe(DEALS);
    const rows = await t.query<{ name: string; quantity: number }>(`select "name", "quantity" from "${t.schema}"."deal" order by "quantity" limit 2`);
    expect(rows).toEqual([
      { name: 'Deal 0', quantity: 0 },
      { name: 'Deal 1', quantity: 1 },
    ]);
  });
});

describe('updateField on a populated table: constraints NOT VALID, indexes built by jobs', () => {
  it('required on: a NOT VALID check and a validation job', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'phone', changes: { required: true } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-required-on.sql');
    expect(steps(result)).toEqual([{ action: 'requireField', object: 'deal', field: 'phone', destructive: false, rowsAffected: DEALS }]);
    expect(tasks(result)).toEqual(['validateConstraint']);
    expect(result.plan.jobs[0]?.payload.name).toBe('deal__phone_required');
    expect(await constraint(t, 'deal__phone_required')).toEqual({ convalidated: false });
  });

  it('required off: the check is dropped', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'name', changes: { required: false } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-required-off.sql');
    expect(steps(result)).toEqual([{ action: 'unrequireField', object: 'deal', field: 'name', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await constraint(t, 'deal__name_required')).toBeUndefined();
  });

  it('unique on: the plain index goes, a job builds the unique one while the field is building', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'quantity', changes: { unique: true } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-unique-on.sql');
    expect(steps(result)).toEqual([{ action: 'addUniqueness', object: 'deal', field: 'quantity', destructive: false, rowsAffected: DEALS }]);
    expect(tasks(result)).toEqual(['buildIndex']);
    expect(result.plan.jobs[0]?.payload).toMatchObject({ name: 'deal__quantity_key', unique: true, ddl: expect.stringContaining('concurrently') });
    expect((await field(t, 'quantity')).state).toBe('building');
    expect(await index(t, 'deal__quantity_idx')).toBeUndefined();
    await jobs(t);
    expect(await field(t, 'quantity')).toMatchObject({ state: 'active', unique: true });
    expect(await index(t, 'deal__quantity_key')).toContain('CREATE UNIQUE INDEX');
  });

  it('unique off: the unique index is dropped', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'email', changes: { unique: false } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-unique-off.sql');
    expect(steps(result)).toEqual([{ action: 'dropUniqueness', object: 'deal', field: 'email', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await index(t, 'deal__email_key')).toBeUndefined();
  });

  it('indexed on: a job builds the index concurrently', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'phone', changes: { indexed: true } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-indexed-on.sql');
    expect(result.plan.ddl).toEqual([]);
    expect(steps(result)).toEqual([{ action: 'addIndex', object: 'deal', field: 'phone', destructive: false, rowsAffected: 0 }]);
    expect(tasks(result)).toEqual(['buildIndex']);
    expect(result.plan.jobs[0]?.payload).toMatchObject({ name: 'deal__phone_idx', unique: false });
    expect((await field(t, 'phone')).state).toBe('active'); // a plain index does not change what the API serves
  });

  it('indexed off: the index is dropped', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'quantity', changes: { indexed: false } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-indexed-off.sql');
    expect(steps(result)).toEqual([{ action: 'dropIndex', object: 'deal', field: 'quantity', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await index(t, 'deal__quantity_idx')).toBeUndefined();
  });
});

describe('updateField on an empty table: constraints valid at once, no jobs', () => {
  it('required on', async () => {
    const t = await tenantWithDeals({ rows: false });
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'phone', changes: { required: true } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-required-on-empty.sql');
    expect(result.plan.ddl.join()).not.toContain('not valid');
    expect(steps(result)).toEqual([{ action: 'requireField', object: 'deal', field: 'phone', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await constraint(t, 'deal__phone_required')).toEqual({ convalidated: true });
  });

  it('unique on', async () => {
    const t = await tenantWithDeals({ rows: false });
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'phone', changes: { unique: true } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-unique-on-empty.sql');
    expect(result.plan.ddl.join()).not.toContain('concurrently');
    expect(steps(result)).toEqual([{ action: 'addUniqueness', object: 'deal', field: 'phone', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await field(t, 'phone')).toMatchObject({ state: 'active', unique: true });
    expect(await index(t, 'deal__phone_key')).toContain('WHERE (deleted_at IS NULL)');
  });

  it('indexed on', async () => {
    const t = await tenantWithDeals({ rows: false });
    const result = await change(t, [{ op: 'updateField', object: 'deal', field: 'closeDate', changes: { indexed: true } }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/update-field-indexed-on-empty.sql');
    expect(steps(result)).toEqual([{ action: 'addIndex', object: 'deal', field: 'closeDate', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await index(t, 'deal__close_date_idx')).toBeDefined();
  });
});

describe('field renames and restores', () => {
  it('renameField: metadata only, the column keeps its name', async () => {
    const t = await tenantWithDeals();
    const result = await change(t, [{ op: 'renameField', object: 'deal', field: 'phone', apiName: 'mobile' }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/rename-field.sql');
    expect(result.plan.ddl).toEqual([]);
    expect(steps(result)).toEqual([{ action: 'renameField', object: 'deal', field: 'mobile', destructive: false, rowsAffected: 0 }]);
    expect(result.plan.jobs).toEqual([]);
    expect(await field(t, 'mobile')).toMatchObject({ id: 'fld_deal_phone', columns: { value: 'phone' } });
  });

  it('restoreField re-adds its constraints NOT VALID and validates them in jobs', async () => {
    const t = await tenantWithDeals();
    const deleted = await change(t, [{ op: 'deleteField', object: 'deal', field: 'parentAccount' }]);
    expect(steps(deleted)).toEqual([{ action: 'deleteField', object: 'deal', field: 'parentAccount', destructive: true, rowsAffected: DEALS }]);
    expect(await constraint(t, 'deal__parent_account_fkey')).toBeUndefined();
    expect(await constraint(t, 'deal__parent_account_required')).toBeUndefined();
    const result = await change(t, [{ op: 'restoreField', object: 'deal', field: 'fld_deal_parent' }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/restore-field.sql');
    expect(result.plan.ddl.filter((s) => s.endsWith(' not valid'))).toHaveLength(2);
    expect(steps(result)).toEqual([{ action: 'restoreField', object: 'deal', field: 'parentAccount', destructive: false, rowsAffected: DEALS }]);
    expect(tasks(result)).toEqual(['validateConstraint', 'validateConstraint', 'buildIndex']);
    expect(result.plan.jobs.map((j) => j.payload.name)).toEqual(['deal__parent_account_required', 'deal__parent_account_fkey', 'deal__parent_account_idx']);
    expect(await constraint(t, 'deal__parent_account_fkey')).toEqual({ convalidated: false });
    await jobs(t);
    // Every deal kept its master: both constraints validate, the index is back.
    expect(await constraint(t, 'deal__parent_account_fkey')).toEqual({ convalidated: true });
    expect(await constraint(t, 'deal__parent_account_required')).toEqual({ convalidated: true });
    expect(await index(t, 'deal__parent_account_idx')).toBeDefined();
    const [row] = await t.query<{ n: number }>(`select count("parent_account")::int as n from "${t.schema}"."deal"`);
    expect(row?.n).toBe(DEALS);
  });
});

function dealLayout(): LayoutDef {
  return {
    id: 'lay_deal',
    object: 'deal',
    apiName: 'dealLayout',
    label: { en: 'Deal' },
    sections: [{ id: 'sec_main', label: { en: 'Main' }, columns: 2, fields: ['name', 'quantity'] }],
    relatedLists: [],
  };
}

function dealPipeline(): PipelineDef {
  return {
    id: 'pip_deal',
    object: 'deal',
    apiName: 'dealPipeline',
    label: { en: 'Deals' },
    field: 'stage',
    stages: [
      { id: 'stg_new', value: 'new', label: { en: 'New' }, category: 'open', probability: 10 },
      { id: 'stg_won', value: 'won', label: { en: 'Won' }, category: 'won', probability: 100 },
      { id: 'stg_lost', value: 'lost', label: { en: 'Lost' }, category: 'lost', probability: 0 },
    ],
  };
}

function dealRule(): ValidationRuleDef {
  return {
    id: 'rul_deal_quantity',
    object: 'deal',
    apiName: 'quantityNotNegative',
    condition: { '>=': [{ var: 'quantity' }, 0] },
    errorMessage: { en: 'Quantity cannot be negative' },
    field: 'quantity',
    active: true,
  };
}

describe('layouts, pipelines and validation rules: metadata only', () => {
  const documents: Array<{
    name: string;
    save: MetadataOperation;
    update: MetadataOperation;
    remove: MetadataOperation;
    actions: [string, string];
    noun: string;
  }> = [
    {
      name: 'layout',
      save: { op: 'saveLayout', layout: dealLayout() },
      update: { op: 'saveLayout', layout: { ...dealLayout(), label: { en: 'Deal (wide)' } } },
      remove: { op: 'deleteLayout', layout: 'dealLayout' },
      actions: ['saveLayout', 'deleteLayout'],
      noun: 'layout "dealLayout"',
    },
    {
      name: 'pipeline',
      save: { op: 'savePipeline', pipeline: dealPipeline() },
      update: { op: 'savePipeline', pipeline: { ...dealPipeline(), label: { en: 'Sales' } } },
      remove: { op: 'deletePipeline', pipeline: 'pip_deal' },
      actions: ['savePipeline', 'deletePipeline'],
      noun: 'pipeline "dealPipeline"',
    },
    {
      name: 'validation-rule',
      save: { op: 'saveValidationRule', rule: dealRule() },
      update: { op: 'saveValidationRule', rule: { ...dealRule(), active: false } },
      remove: { op: 'deleteValidationRule', rule: 'quantityNotNegative' },
      actions: ['saveValidationRule', 'deleteValidationRule'],
      noun: 'validation rule "quantityNotNegative"',
    },
  ];

  for (const doc of documents) {
    it(`save, update and delete a ${doc.name}`, async () => {
      const t = await tenantWithDeals();
      const saved = await change(t, [doc.save]);
      await expect(golden(t, saved)).toMatchFileSnapshot(`./__snapshots__/save-${doc.name}.sql`);
      expect(saved.plan.ddl).toEqual([]);
      expect(saved.plan.jobs).toEqual([]);
      expect(steps(saved)).toEqual([{ action: doc.actions[0], object: 'deal', destructive: false, rowsAffected: 0 }]);
      expect(saved.plan.steps[0]?.description).toBe(`add ${doc.noun} of "deal"`);

      const updated = await change(t, [doc.update]);
      expect(updated.plan.ddl).toEqual([]);
      expect(steps(updated)).toEqual([{ action: doc.actions[0], object: 'deal', destructive: false, rowsAffected: 0 }]);
      expect(updated.plan.steps[0]?.description).toBe(`update ${doc.noun} of "deal"`);

      // Saving the same document again changes nothing: no revision.
      const again = await t.change([doc.update]);
      expect(again).toMatchObject({ applied: false, version: await t.version() });
      expect(again.plan.steps).toEqual([]);

      const removed = await change(t, [doc.remove]);
      await expect(golden(t, removed)).toMatchFileSnapshot(`./__snapshots__/delete-${doc.name}.sql`);
      expect(removed.plan.ddl).toEqual([]);
      expect(removed.plan.jobs).toEqual([]);
      expect(steps(removed)).toEqual([{ action: doc.actions[1], object: 'deal', destructive: false, rowsAffected: 0 }]);
      expect(removed.plan.steps[0]?.description).toBe(`delete ${doc.noun} of "deal"`);
      const bundle = await t.bundle();
      expect([...bundle.layouts, ...bundle.pipelines, ...bundle.validationRules]).toEqual([]);
    });
  }
});

describe('applyBundle', () => {
  it('re-applying an exported bundle is a no-op: nothing applied, no steps, same version', async () => {
    const t = await tenantWithDeals();
    // Edits after creation (keys added to stored documents) must not make the export differ.
    await change(t, [
      { op: 'updateField', object: 'deal', field: 'phone', changes: { required: true, helpText: { en: 'With country code' } } },
      { op: 'updateObject', object: 'deal', changes: { description: 'Deals' } },
      { op: 'saveLayout', layout: dealLayout() },
      { op: 'savePipeline', pipeline: dealPipeline() },
      { op: 'saveValidationRule', rule: dealRule() },
    ]);
    const version = await t.version();
    const exported = exportView(await t.bundle());
    const result = await t.change([{ op: 'applyBundle', bundle: JSON.parse(JSON.stringify(exported)) }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/apply-bundle-same.sql');
    expect(result).toMatchObject({ applied: false, version, jobs: [] });
    expect(result.plan.steps).toEqual([]);
    expect(result.plan.ddl).toEqual([]);
    expect(result.plan.summary).toBe('no changes');
    expect(await t.version()).toBe(version);
  });

  it('applying the same hand-written bundle twice: the second time is a no-op (key order does not matter)', async () => {
    const t = await TenantFixture.create(database, 'plan');
    const bundle: MetadataBundle = {
      atrium: 'metadata-bundle',
      formatVersion: 1,
      objects: [accountObject(), dealObject()],
      layouts: [{ ...dealLayout(), object: 'obj_deal' }],
      pipelines: [{ ...dealPipeline(), object: 'obj_deal' }],
      validationRules: [{ ...dealRule(), object: 'obj_deal' }],
    };
    const first = await t.change([{ op: 'applyBundle', bundle }]);
    expect(first.applied).toBe(true);
    expect(first.plan.steps.map((s) => s.action)).toEqual(['createObject', 'createObject', 'saveLayout', 'savePipeline', 'saveValidationRule']);
    const second = await t.change([{ op: 'applyBundle', bundle }]);
    expect(second.plan.steps.map((s) => s.description)).toEqual([]);
    expect(second).toMatchObject({ applied: false, version: first.version });
  });

  it('a bundle without a field sets the field aside like a delete', async () => {
    const t = await tenantWithDeals();
    const bundle = exportView(await t.bundle());
    const deal = bundle.objects.find((o) => o.apiName === 'deal');
    if (!deal) throw new Error('no deal');
    deal.fields = deal.fields.filter((f) => f.apiName !== 'reviewer');
    const result = await change(t, [{ op: 'applyBundle', bundle }]);
    await expect(golden(t, result)).toMatchFileSnapshot('./__snapshots__/apply-bundle-drop-field.sql');
    expect(steps(result)).toEqual([{ action: 'deleteField', object: 'deal', field: 'reviewer', destructive: true, rowsAffected: DEALS }]);
    expect(result.plan.destructive).toBe(true);
    expect(tasks(result)).toEqual(['purgeField']);
    expect(new Date(result.plan.jobs[0]?.runAt ?? 0).getTime()).toBeGreaterThan(Date.now() + (RESTORE_WINDOW_DAYS - 1) * DAY);
    const reviewer = (await t.bundle()).objects.find((o) => o.id === 'obj_deal')?.fields.find((f) => f.id === 'fld_deal_reviewer');
    expect(reviewer).toMatchObject({ state: 'deleted', columns: { value: 'reviewer' } });
    // The values stay in their column until the purge.
    expect(await t.columns('deal')).toHaveProperty('reviewer', 'uuid');
    expect(await index(t, 'deal__reviewer_idx')).toBeUndefined();
  });
});
