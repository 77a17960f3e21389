import { type QueryExecutorProvider, sql } from 'kysely';

/**
 * The system tables every tenant schema carries, by layout version. Append only; a tenant whose
 * `schema_version` is behind the latest is brought up to date before it is served.
 */
const layoutSteps: Array<(db: QueryExecutorProvider, schema: string) => Promise<void>> = [
  // 1: the outbox of record changes (consumed by automations) and field history.
  async (db, schema) => {
    await sql`create table ${sql.id(schema, '_outbox')} (
      "id" bigint generated always as identity primary key,
      "object_id" text not null,
      "record_id" uuid not null,
      "operation" text not null,
      "changes" jsonb not null default '{}',
      "actor_id" uuid,
      "created_at" timestamptz not null default now()
    )`.execute(db);
    await sql`create table ${sql.id(schema, '_field_history')} (
      "id" bigint generated always as identity primary key,
      "object_id" text not null,
      "record_id" uuid not null,
      "field_id" text not null,
      "old_value" jsonb,
      "new_value" jsonb,
      "actor_id" uuid,
      "credential" text,
      "changed_at" timestamptz not null default now()
    )`.execute(db);
    await sql`create index ${sql.id('_field_history_record')} on ${sql.id(schema, '_field_history')} ("object_id", "record_id", "changed_at")`.execute(db);
  },
  // 2: what a delete did to related records (set-null, cascades), so a restore can undo it.
  async (db, schema) => {
    await sql`create table ${sql.id(schema, '_deletion')} (
      "id" bigint generated always as identity primary key,
      "object_id" text not null,
      "record_id" uuid not null,
      "deleted_at" timestamptz not null,
      "effects" jsonb not null default '[]',
      "actor_id" uuid
    )`.execute(db);
    await sql`create index ${sql.id('_deletion_record')} on ${sql.id(schema, '_deletion')} ("record_id", "deleted_at")`.execute(db);
  },
];

export const TENANT_LAYOUT_VERSION = layoutSteps.length;

/** Runs the layout steps after `fromVersion` inside the caller's transaction. */
export async function upgradeTenantLayout(db: QueryExecutorProvider, schema: string, fromVersion: number): Promise<number> {
  for (let version = fromVersion; version < layoutSteps.length; version++) {
    await layoutSteps[version]?.(db, schema);
  }
  return layoutSteps.length;
}
