import { AtriumError } from '@atrium/errors';
import { auditRetentionDays, setAuditRetentionDays } from '@atrium/platform';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { fieldAccess, hasSystemPermission } from '../access/access-profile.ts';
import { queryContext } from '../query/aliases.ts';
import { compileGet, isRecordId } from '../query/get/compile-get.ts';
import { notFound } from '../records/record-service.ts';
import { type ApiServices, withFreshTenant } from '../server/request-context.ts';

const EVENTS = new Set([
  'record.create',
  'record.delete',
  'record.restore',
  'record.hardDelete',
  'record.transfer',
  'auth.signIn',
  'auth.signInFailed',
  'export.csv',
  'permission.change',
  'metadata.change',
  'user.change',
  'apiKey.change',
]);

function bad(path: string, message: string): AtriumError {
  return new AtriumError('VALIDATION_FAILED', message, [{ path, code: 'INVALID_PARAMETER', message }]);
}

/**
 * The audit trail through the API: `GET /api/v1/audit` (events: record create/delete/restore,
 * transfers, sign-ins, CSV exports, permission changes; metadata revisions with
 * `event=metadata.change`), `GET /api/v1/data/{object}/{id}/history` (field history of a record
 * the caller may read, for the fields it may read), and the retention setting.
 */
export function registerAuditRoutes(app: FastifyInstance, services: ApiServices): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/audit', async (request, reply) =>
    withFreshTenant(services, request, async (principal, runtime) => {
      const access = await services.registry.access(principal, runtime.model.schema);
      if (!hasSystemPermission(access, 'viewAudit')) throw new AtriumError('FORBIDDEN', 'reading the audit trail needs the viewAudit permission');
      const q = request.query;
      for (const key of Object.keys(q))
        if (!['event', 'object', 'recordId', 'since', 'until', 'limit', 'before'].includes(key)) throw bad(`/query/${key}`, `unknown parameter "${key}"`);
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw bad('/query/limit', 'limit is 1 to 1000');
      if (q.event !== undefined && !EVENTS.has(q.event)) throw bad('/query/event', `event is one of ${[...EVENTS].join(', ')}`);
      for (const key of ['since', 'until'] as const)
        if (q[key] !== undefined && Number.isNaN(Date.parse(q[key] as string))) throw bad(`/query/${key}`, `${key} is a date-time`);
      if (q.recordId !== undefined && !isRecordId(q.recordId)) throw bad('/query/recordId', 'recordId is a record id');
      if (q.before !== undefined && !/^\d+$/.test(q.before)) throw bad('/query/before', 'before is an entry id');
      const object = q.object ? runtime.model.objects.get(q.object) : undefined;
      if (q.object && !object) throw bad('/query/object', `no object "${q.object}"`);
      if (q.event === 'metadata.change') {
        const revisions = await services.database.db
          .selectFrom('atrium.metadata_revision')
          .select(['version', 'actor', 'summary', 'created_at', 'plan'])
          .where('tenant_id', '=', principal.tenantId)
          .$if(q.since !== undefined, (qb) => qb.where('created_at', '>=', new Date(q.since as string)))
          .$if(q.until !== undefined, (qb) => qb.where('created_at', '<', new Date(q.until as string)))
          .$if(q.before !== undefined, (qb) => qb.where('version', '<', Number(q.before)))
          .orderBy('version', 'desc')
          .limit(limit)
          .execute();
        return reply.send({
          data: revisions.map((r) => ({
            event: 'metadata.change',
            version: r.version,
            actor: r.actor,
            summary: r.summary,
            occurredAt: r.created_at,
            plan: r.plan,
          })),
        });
      }
      const t = sql.id(runtime.model.schema, '_audit_log');
      const conditions = [sql`true`];
      if (q.event) conditions.push(sql`"event" = ${q.event}`);
      if (object) conditions.push(sql`"object_id" = ${object.def.id}`);
      if (q.recordId) conditions.push(sql`"record_id" = ${q.recordId}::uuid`);
      if (q.since) conditions.push(sql`"occurred_at" >= ${q.since}::timestamptz`);
      if (q.until) conditions.push(sql`"occurred_at" < ${q.until}::timestamptz`);
      if (q.before) conditions.push(sql`"id" < ${q.before}::bigint`);
      const { rows } = await sql<{
        id: number;
        event: string;
        object_id: string | null;
        record_id: string | null;
        actor_id: string | null;
        credential: string | null;
        details: unknown;
        occurred_at: Date;
      }>`
        select "id", "event", "object_id", "record_id", "actor_id", "credential", "details", "occurred_at" from ${t}
         where ${sql.join(conditions, sql` and `)} order by "id" desc limit ${limit}`.execute(services.database.db);
      return reply.send({
        data: rows.map((r) => ({
          id: Number(r.id),
          event: r.event,
          object: r.object_id ? (runtime.model.objectsById.get(r.object_id)?.apiName ?? r.object_id) : null,
          recordId: r.record_id,
          actorId: r.actor_id,
          credential: r.credential,
          details: r.details,
          occurredAt: r.occurred_at,
        })),
        nextBefore: rows.length === limit ? Number(rows[rows.length - 1]?.id) : null,
      });
    }),
  );

  app.get<{ Params: { object: string; id: string } }>('/api/v1/data/:object/:id/history', async (request, reply) =>
    withFreshTenant(services, request, async (principal, runtime) => {
      const access = await services.registry.access(principal, runtime.model.schema);
      const object = runtime.model.objects.get(request.params.object);
      if (!object) throw new AtriumError('NOT_FOUND', `no object "${request.params.object}"`);
      const id = request.params.id;
      if (!isRecordId(id)) throw notFound(object, id);
      // The record must be readable now; its history shows the fields the caller may read.
      const visible = await compileGet(queryContext(runtime.model, new Date(), access), object, id, {
        items: [{ kind: 'field', key: 'id', field: 'id' }],
      }).execute(services.database.db);
      if (visible.rows.length === 0) throw notFound(object, id);
      const { rows } = await sql<{
        field_id: string;
        old_value: unknown;
        new_value: unknown;
        actor_id: string | null;
        credential: string | null;
        changed_at: Date;
      }>`
        select "field_id", "old_value", "new_value", "actor_id", "credential", "changed_at" from ${sql.id(runtime.model.schema, '_field_history')}
         where "object_id" = ${object.def.id} and "record_id" = ${id}::uuid order by "id" desc limit 1000`.execute(services.database.db);
      const fields = new Map(object.def.fields.map((f) => [f.id, f]));
      return reply.send({
        data: rows
          .filter((r) => fieldAccess(access, object.def.id, r.field_id) !== undefined)
          .map((r) => ({
            field: fields.get(r.field_id)?.apiName ?? r.field_id,
            oldValue: r.old_value,
            newValue: r.new_value,
            actorId: r.actor_id,
            credential: r.credential,
            changedAt: r.changed_at,
          })),
      });
    }),
  );

  app.get('/api/v1/audit/retention', async (request, reply) =>
    withFreshTenant(services, request, async (principal, runtime) => {
      const access = await services.registry.access(principal, runtime.model.schema);
      if (!hasSystemPermission(access, 'viewAudit')) throw new AtriumError('FORBIDDEN', 'needs the viewAudit permission');
      return reply.send({ days: await auditRetentionDays(services.database.db, runtime.model.schema) });
    }),
  );

  app.put<{ Body: { days?: unknown } }>('/api/v1/audit/retention', async (request, reply) =>
    withFreshTenant(services, request, async (principal, runtime) => {
      const access = await services.registry.access(principal, runtime.model.schema);
      if (!hasSystemPermission(access, 'manageUsers') || !hasSystemPermission(access, 'viewAudit'))
        throw new AtriumError('FORBIDDEN', 'needs the manageUsers and viewAudit permissions');
      const days = request.body?.days;
      if (days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 1))
        throw bad('/days', 'days is a whole number ≥ 1, or null to keep everything');
      await setAuditRetentionDays(services.database.db, runtime.model.schema, days as number | null);
      return reply.send({ days });
    }),
  );
}
