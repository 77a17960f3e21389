import { sql } from 'kysely';
import { auditRetentionDays } from '../../audit/audit-retention.ts';
import { enqueueJobs } from '../enqueue-jobs.ts';
import type { TaskHandler } from '../job-context.ts';

const DAY = 86_400_000;

/** Drops audit entries and field history past the tenant's retention, then schedules itself for tomorrow. */
export const purgeAudit: TaskHandler = async ({ db, payload, tenantId }) => {
  const { schema } = payload;
  const days = await auditRetentionDays(db, schema);
  let outcome = 'retention is unlimited: nothing purged';
  if (days !== null) {
    const cutoff = new Date(Date.now() - days * DAY).toISOString();
    const audit = await sql`delete from ${sql.id(schema, '_audit_log')} where "occurred_at" < ${cutoff}::timestamptz`.execute(db);
    const history = await sql`delete from ${sql.id(schema, '_field_history')} where "changed_at" < ${cutoff}::timestamptz`.execute(db);
    outcome = `purged ${Number(audit.numAffectedRows ?? 0)} audit entries and ${Number(history.numAffectedRows ?? 0)} history entries older than ${days} days`;
  }
  try {
    await db
      .transaction()
      .execute((tx) =>
        enqueueJobs(tx, tenantId, [
          { task: 'purgeAudit', description: 'drop audit entries older than the retention', payload, runAt: new Date(Date.now() + DAY).toISOString() },
        ]),
      );
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error; // the tenant was deleted meanwhile
  }
  return outcome;
};
