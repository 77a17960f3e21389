import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { accountObject } from '../testing/sample-objects.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { runDueJobs } from './job-runner.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const ROWS = 20_000;

describe('job progress', () => {
  it('a convertField job over 20,000 records records done/total in atrium.job as it goes', async () => {
    const t = await TenantFixture.create(database, 'progress');
    await t.change([
      {
        op: 'createObject',
        object: {
          ...accountObject(),
          fields: [...accountObject().fields, { id: 'fld_account_size', apiName: 'size', type: 'integer', label: { en: 'Size' } }],
        },
      },
    ]);
    await t.query(`insert into "${t.schema}"."account" ("id", "name", "size") select gen_random_uuid(), 'Account ' || i, i from generate_series(1, ${ROWS}) i`);
    const result = await t.change([{ op: 'changeFieldType', object: 'account', field: 'size', type: 'number', config: { precision: 12, scale: 2 } }]);
    expect(result.plan.steps[0]).toMatchObject({ action: 'changeFieldType', rowsAffected: ROWS });
    expect(result.jobs.map((j) => j.task)).toEqual(['convertField']);
    const jobId = result.jobs[0]?.id as string;
    const row = () => database.db.selectFrom('atrium.job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'queued', done: 0, total: 0, attempts: 0 });

    // Sample the job's row while it runs: progress moves forward in batches, never past the total.
    const seen: Array<{ done: number; total: number }> = [];
    let running = true;
    const sampler = (async () => {
      while (running) {
        const { done, total } = await row();
        if (total > 0) seen.push({ done: Number(done), total: Number(total) });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await runDueJobs({ db: database.db, pool: database.pool });
    // Other test files run due jobs on the same queue: one of them may have taken this job.
    for (const deadline = Date.now() + 30_000; !['succeeded', 'failed'].includes((await row()).status) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    running = false;
    await sampler;

    const finished = await row();
    expect(finished).toMatchObject({ status: 'succeeded', done: ROWS, total: ROWS, attempts: 1, error: null });
    expect(finished.message).toBe(`converted ${ROWS} records of account`);
    for (const [i, sample] of seen.entries()) {
      expect(sample.total).toBe(ROWS);
      expect(sample.done).toBeLessThanOrEqual(ROWS);
      expect(sample.done % 5000 === 0 || sample.done === ROWS).toBe(true);
      if (i > 0) expect(sample.done).toBeGreaterThanOrEqual(seen[i - 1]?.done ?? 0);
    }

    // The conversion completed: every value copied, the field active on its new column.
    const size = (await t.object('account')).fields.find((f) => f.apiName === 'size');
    expect(size?.state).toBe('active');
    const column = size?.columns?.value as string;
    const [check] = await t.query<{ n: number; wrong: number }>(
      `select count(*)::int as n, count(*) filter (where "${column}" is distinct from "size"::numeric)::int as wrong from "${t.schema}"."account"`,
    );
    expect(check).toEqual({ n: ROWS, wrong: 0 });
  });
});
