import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

/**
 * Migrations of schema `atrium` (what is global to the platform). Append only: a migration,
 * once released, never changes. Each is idempotent by construction (kysely records applied ones).
 */
const migrations: Record<string, Migration> = {
  '0001-platform': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create schema if not exists "atrium"`.execute(db);
      await sql`
        create table "atrium"."tenant" (
          "id" uuid primary key,
          "key" text not null unique check ("key" ~ '^[a-z][a-z0-9_]{1,39}$'),
          "name" text not null,
          "schema_name" text not null unique,
          "status" text not null default 'active' check ("status" in ('active', 'migrating', 'deleted')),
          "metadata_version" integer not null default 0,
          "schema_version" integer not null default 0,
          "time_zone" text not null default 'UTC',
          "week_start" smallint not null default 1 check ("week_start" between 1 and 7),
          "created_at" timestamptz not null default now(),
          "updated_at" timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table "atrium"."metadata_document" (
          "tenant_id" uuid not null references "atrium"."tenant" ("id") on delete cascade,
          "id" text not null,
          "kind" text not null check ("kind" in ('object', 'layout', 'pipeline', 'validationRule')),
          "position" integer not null default 0,
          "doc" jsonb not null,
          "updated_at" timestamptz not null default now(),
          primary key ("tenant_id", "id")
        )`.execute(db);
      await sql`
        create table "atrium"."metadata_revision" (
          "tenant_id" uuid not null references "atrium"."tenant" ("id") on delete cascade,
          "version" integer not null,
          "actor" text not null,
          "summary" text not null,
          "operations" jsonb not null,
          "plan" jsonb not null,
          "created_at" timestamptz not null default now(),
          primary key ("tenant_id", "version")
        )`.execute(db);
      await sql`
        create table "atrium"."job" (
          "id" uuid primary key,
          "tenant_id" uuid references "atrium"."tenant" ("id") on delete cascade,
          "task" text not null,
          "status" text not null default 'queued' check ("status" in ('queued', 'running', 'succeeded', 'failed')),
          "payload" jsonb not null,
          "done" bigint not null default 0,
          "total" bigint not null default 0,
          "message" text,
          "error" text,
          "attempts" integer not null default 0,
          "run_at" timestamptz not null default now(),
          "created_at" timestamptz not null default now(),
          "updated_at" timestamptz not null default now()
        )`.execute(db);
      await sql`create index "job_tenant_status" on "atrium"."job" ("tenant_id", "status")`.execute(db);
    },
  },
  '0002-api-keys': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A key's id is also the id of the integration user it acts as (created_by, owner_id).
      // Only the SHA-256 of the token is stored; the token itself is shown once, at creation.
      await sql`
        create table "atrium"."api_key" (
          "id" uuid primary key,
          "tenant_id" uuid not null references "atrium"."tenant" ("id") on delete cascade,
          "name" text not null,
          "role" text not null constraint "api_key_role_check" check ("role" in ('admin', 'integration')),
          "token_hash" bytea not null unique check (octet_length("token_hash") = 32),
          "token_prefix" text not null,
          "created_at" timestamptz not null default now(),
          "revoked_at" timestamptz,
          "last_used_at" timestamptz
        )`.execute(db);
      await sql`create index "api_key_tenant" on "atrium"."api_key" ("tenant_id", "created_at")`.execute(db);
      // A deleted key (a deleted tenant's keys go by cascade) leaves every credential cache at once.
      await sql`
        create function "atrium"."api_key_deleted"() returns trigger language plpgsql as $$
        begin
          perform pg_notify('atrium_credentials', json_build_object(
            'keyId', old."id", 'tenantId', old."tenant_id", 'tokenHash', encode(old."token_hash", 'hex'))::text);
          return old;
        end
        $$`.execute(db);
      await sql`
        create trigger "api_key_deleted" after delete on "atrium"."api_key"
          for each row execute function "atrium"."api_key_deleted"()`.execute(db);
    },
  },
};

class InlineMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Brings schema `atrium` up to date; safe to run from several processes at once. */
export async function migratePlatform<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new InlineMigrations(),
    migrationTableSchema: 'atrium',
    migrationTableName: 'platform_migration',
    migrationLockTableName: 'platform_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
