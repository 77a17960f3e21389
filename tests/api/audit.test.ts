import { AccessAdmin, runDueJobs, scheduleAuditPurges } from '@atrium/platform';
import { crmBundle } from '@atrium/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';

let harness: ApiHarness;
let t: ApiTenant;

beforeAll(async () => {
  harness = await startApi();
  t = await ApiTenant.create(harness, crmBundle, 'aud');
});
afterAll(async () => {
  await harness.close();
});

/** A seeded random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the audit trail', () => {
  it('records 1,000 random updates of a tracked field as 1,000 history entries with the right values', async () => {
    // The seed tracks a few account fields; an admin adds the head count to them.
    await t.change([
      {
        op: 'updateObject',
        object: 'account',
        changes: { options: { trackHistory: true, trackedFields: ['type', 'grade', 'rating', 'numberOfEmployees'], searchable: true } },
      },
    ]);
    const created = await t.rest('POST', '/api/v1/data/account', { name: 'Audited', numberOfEmployees: 0 });
    const id = created.body.id as string;
    const next = random(20261123);
    const values: number[] = [];
    let previous = 0;
    for (let i = 0; i < 1000; i++) {
      let value = Math.floor(next() * 100_000);
      if (value === previous) value += 1;
      values.push(value);
      previous = value;
      const out = await t.rest('PATCH', `/api/v1/data/account/${id}`, { numberOfEmployees: value });
      expect(out.status).toBe(200);
    }
    const history = await t.rest('GET', `/api/v1/data/account/${id}/history`);
    expect(history.status).toBe(200);
    const entries = (history.body.data as Array<{ field: string; oldValue: unknown; newValue: unknown; credential: string }>).filter(
      (e) => e.field === 'numberOfEmployees',
    );
    expect(entries).toHaveLength(1000);
    // Newest first: walk back through the values.
    const chronological = [...entries].reverse();
    chronological.forEach((entry, i) => {
      expect(entry.newValue).toBe(values[i]);
      expect(entry.oldValue).toBe(i === 0 ? 0 : values[i - 1]);
      expect(entry.credential).toMatch(/^apiKey:/);
    });
  }, 120_000);

  it('records record events, CSV exports, permission changes and metadata revisions', async () => {
    const created = await t.rest('POST', '/api/v1/data/contact', { name: 'Traced' });
    const id = created.body.id as string;
    await t.rest('DELETE', `/api/v1/data/contact/${id}`);
    await t.rest('POST', `/api/v1/data/contact/${id}/restore`);
    await t.rest('GET', '/api/v1/data/contact?fields=id,name', undefined, { accept: 'text/csv' });
    const admin = await AccessAdmin.forTenant(harness.database.db, t.key);
    await admin.createRole('Auditors');
    const events = await t.rest('GET', `/api/v1/audit?recordId=${id}`);
    expect((events.body.data as Array<{ event: string }>).map((e) => e.event).sort()).toEqual(['record.create', 'record.delete', 'record.restore']);
    const exports = await t.rest('GET', '/api/v1/audit?event=export.csv');
    expect(exports.body.data[0]).toMatchObject({ event: 'export.csv', object: 'contact' });
    const permissions = await t.rest('GET', '/api/v1/audit?event=permission.change');
    expect(permissions.body.data[0].details).toMatchObject({ change: 'createRole', name: 'Auditors' });
    const revisions = await t.rest('GET', '/api/v1/audit?event=metadata.change');
    const versions = (revisions.body.data as Array<{ version: number }>).map((r) => r.version);
    expect(versions.at(-1)).toBe(1);
    expect(versions).toEqual([...versions].sort((a, b) => b - a));
    expect((await t.rest('GET', '/api/v1/audit?event=nope')).status).toBe(400);
  });

  it('keeps everything by default and purges past a configured retention in a job', async () => {
    expect((await t.rest('GET', '/api/v1/audit/retention')).body).toEqual({ days: null });
    const schema = await t.schema();
    const tenantId = (await harness.database.db.selectFrom('atrium.tenant').select('id').where('key', '=', t.key).executeTakeFirstOrThrow()).id;
    await t.rest('POST', '/api/v1/data/lead', { name: 'Old news' });
    await harness.database.pool.query(`update "${schema}"."_audit_log" set "occurred_at" = now() - interval '3 days' where "event" = 'record.create'`);
    const count = async (where = 'true') =>
      (await harness.database.pool.query(`select count(*)::int as n from "${schema}"."_audit_log" where ${where}`)).rows[0].n as number;
    const oldOnes = () => count(`"occurred_at" < now() - interval '2 days'`);
    // Other test files run the shared queue too: bring this tenant's purge forward and run due jobs
    // until it has run (the job reschedules itself a day later each time).
    const purgeRuns = async () =>
      (
        await harness.database.db
          .selectFrom('atrium.job')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('task', '=', 'purgeAudit')
          .where('status', '=', 'succeeded')
          .execute()
      ).length;
    const runPurge = async () => {
      const before = await purgeRuns();
      for (let attempt = 0; attempt < 40 && (await purgeRuns()) === before; attempt++) {
        await scheduleAuditPurges(harness.database.db);
        await harness.database.pool.query(
          `update graphile_worker._private_jobs set run_at = now() where task_id = (select id from graphile_worker._private_tasks where identifier = 'purgeAudit') and job_queue_id = (select id from graphile_worker._private_job_queues where queue_name = $1)`,
          [`tenant:${tenantId}`],
        );
        await runDueJobs({ db: harness.database.db, pool: harness.database.pool });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const oldBefore = await oldOnes();
    expect(oldBefore).toBeGreaterThan(0);
    await runPurge();
    expect(await oldOnes()).toBe(oldBefore);
    expect((await t.rest('PUT', '/api/v1/audit/retention', { days: 2 })).body).toEqual({ days: 2 });
    await runPurge();
    expect(await oldOnes()).toBe(0);
    expect(await count()).toBeGreaterThan(0);
  });
});

describe('hard deletion', () => {
  it('removes a deleted record for good, audited, and refuses live or referenced ones', async () => {
    const live = await t.rest('POST', '/api/v1/data/lead', { name: 'Gone for good' });
    const id = live.body.id as string;
    expect((await t.rest('DELETE', `/api/v1/data/lead/${id}?hard=true`)).body.code).toBe('CONFLICT');
    await t.rest('DELETE', `/api/v1/data/lead/${id}`);
    expect((await t.rest('DELETE', `/api/v1/data/lead/${id}?hard=true`)).status).toBe(200);
    expect((await t.rest('POST', `/api/v1/data/lead/${id}/restore`)).status).toBe(404);
    const events = await t.rest('GET', `/api/v1/audit?recordId=${id}&event=record.hardDelete`);
    expect(events.body.data).toHaveLength(1);
  });
});

describe('sign-ins in the audit trail', () => {
  it('records successful and failed sign-ins with the email, the session and the address', async () => {
    const { addMembership, createUser } = await import('@atrium/platform');
    const email = `audit-${Date.now()}@example.com`;
    await createUser(harness.database.db, { email, password: 'correct horse battery' });
    await addMembership(harness.database.db, email, t.key, 'member');
    const signIn = (password: string) => harness.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password, tenant: t.key } });
    expect((await signIn('wrong password!!')).statusCode).toBe(401);
    expect((await signIn('correct horse battery')).statusCode).toBe(200);
    const failed = (await t.rest('GET', '/api/v1/audit?event=auth.signInFailed')).body.data as Array<{ details: { email: string; reason: string } }>;
    expect(failed.find((e) => e.details.email === email)?.details.reason).toBe('invalid');
    const ok = (await t.rest('GET', '/api/v1/audit?event=auth.signIn')).body.data as Array<{ details: { email: string }; credential: string; actorId: string }>;
    const entry = ok.find((e) => e.details.email === email);
    expect(entry?.credential).toMatch(/^session:[0-9a-f]{64}$/);
    expect(entry?.actorId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
