import { type QueryExecutorProvider, sql } from 'kysely';

/** Kinds of events the audit log records (record field changes live in `_field_history`). */
export type AuditEvent =
  | 'record.create'
  | 'record.delete'
  | 'record.restore'
  | 'record.hardDelete'
  | 'record.transfer'
  | 'auth.signIn'
  | 'auth.signInFailed'
  | 'export.csv'
  | 'permission.change'
  | 'metadata.change'
  /** A tenant admin added, changed, deactivated, reactivated or removed a member (`details.change`). */
  | 'user.change'
  /** A tenant admin created, changed or revoked an API key (`details.change`). */
  | 'apiKey.change';

export interface AuditEntry {
  event: AuditEvent;
  objectId?: string | null;
  recordId?: string | null;
  actorId?: string | null;
  /** The credential used (`apiKey:<id>`, `session:<id>`). */
  credential?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the tenant's audit log, inside the caller's transaction (append-only: nothing updates it). */
export async function recordAudit(db: QueryExecutorProvider, schema: string, entry: AuditEntry): Promise<void> {
  await sql`insert into ${sql.id(schema, '_audit_log')} ("event", "object_id", "record_id", "actor_id", "credential", "details")
    values (${entry.event}, ${entry.objectId ?? null}, ${entry.recordId ?? null}::uuid, ${entry.actorId ?? null}::uuid, ${entry.credential ?? null}, ${JSON.stringify(entry.details ?? {})}::jsonb)`.execute(
    db,
  );
}
