import { type Kysely, sql } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import { enqueueJobs } from '../jobs/enqueue-jobs.ts';

/** Days audit entries and field history are kept; `null` keeps them for ever (the default: no caps). */
export async function auditRetentionDays(db: Kysely<PlatformTables>, schema: string): Promise<number | null> {
  const { rows } = await sql<{ value: unknown }>`select "value" from ${sql.id(schema, '_setting')} where "key" = 'auditRetentionDays'`.execute(db);
  const value = rows[0]?.value;
  return typeof value === 'number' && value > 0 ? value : null;
}

export async function setAuditRetentionDays(db: Kysely<PlatformTables>, schema: string, days: number | null): Promise<void> {
  if (days === null) {
    await sql`delete from ${sql.id(schema, '_setting')} where "key" = 'auditRetentionDays'`.execute(db);
    return;
  }
  if (!Number.isInteger(days) || days < 1) throw new Error('retention is a whole number of days ≥ 1, or null');
  await sql`insert into ${sql.id(schema, '_setting')} ("key", "value") values ('auditRetentionDays', ${JSON.stringify(days)}::jsonb)
    on conflict ("key") do update set "value" = excluded."value"`.execute(db);
}

/**
 * Schedules each tenant's daily audit purge once (a job that reschedules itself); safe to call
 * at every start: a tenant with a pending purge gets no second one.
 */
export async function scheduleAuditPurges(db: Kysely<PlatformTables>): Promise<number> {
  const tenants = await db.selectFrom('atrium.tenant').select(['id', 'schema_name']).where('status', '=', 'active').execute();
  let scheduled = 0;
  for (const tenant of tenants) {
    const pending = await db
      .selectFrom('atrium.job')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('task', '=', 'purgeAudit')
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (pending) continue;
    try {
      await db.transaction().execute((tx) =>
        enqueueJobs(tx, tenant.id, [
          {
            task: 'purgeAudit',
            description: 'drop audit entries older than the retention',
            payload: { objectId: '', schema: tenant.schema_name, table: '_audit_log' },
            runAt: new Date(Date.now() + 60_000).toISOString(),
          },
        ]),
      );
    } catch (error) {
      // A tenant deleted meanwhile has nothing to purge.
      if ((error as { code?: string }).code === '23503') continue;
      throw error;
    }
    scheduled++;
  }
  return scheduled;
}
