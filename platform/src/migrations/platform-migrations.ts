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
  '0003-identity': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Users are global (one person, several tenants); emails are stored lower-cased. The
      // password hash is a PHC string (`$scrypt$ln=..,r=..,p=..$salt$hash`) carrying its own
      // parameters; null while no password is set. Lock-out: failures counted since failed_since.
      await sql`
        create table "atrium"."user" (
          "id" uuid primary key,
          "email" text not null unique check ("email" = lower("email") and length("email") between 3 and 254),
          "display_name" text not null,
          "password_hash" text,
          "password_changed_at" timestamptz,
          "failed_attempts" integer not null default 0,
          "failed_since" timestamptz,
          "locked_until" timestamptz,
          "created_at" timestamptz not null default now(),
          "disabled_at" timestamptz
        )`.execute(db);
      // The role is a placeholder until permission sets arrive (issue 4, section 2).
      await sql`
        create table "atrium"."membership" (
          "user_id" uuid not null references "atrium"."user" ("id") on delete cascade,
          "tenant_id" uuid not null references "atrium"."tenant" ("id") on delete cascade,
          "role" text not null constraint "membership_role_check" check ("role" in ('admin', 'member')),
          "created_at" timestamptz not null default now(),
          primary key ("user_id", "tenant_id")
        )`.execute(db);
      await sql`create index "membership_tenant" on "atrium"."membership" ("tenant_id")`.execute(db);
      // A browser session: its id is the SHA-256 of the cookie's token (the token is never stored).
      // Its active tenant must be one of the user's memberships: losing the membership (or the
      // tenant, or the user) deletes the session.
      await sql`
        create table "atrium"."session" (
          "id" bytea primary key check (octet_length("id") = 32),
          "user_id" uuid not null,
          "tenant_id" uuid not null,
          "csrf_secret" bytea not null check (octet_length("csrf_secret") = 32),
          "created_at" timestamptz not null default now(),
          "last_seen_at" timestamptz not null default now(),
          "expires_at" timestamptz not null,
          "revoked_at" timestamptz,
          foreign key ("user_id", "tenant_id") references "atrium"."membership" ("user_id", "tenant_id") on delete cascade
        )`.execute(db);
      await sql`create index "session_user" on "atrium"."session" ("user_id")`.execute(db);
      await sql`create index "session_expires" on "atrium"."session" ("expires_at")`.execute(db);
      // Every change that alters what a cached session stands for reaches every process's
      // credential cache on `atrium_credentials` (keyed, like API keys, by the token's hash).
      await sql`
        create function "atrium"."session_changed"() returns trigger language plpgsql as $$
        declare
          s record;
        begin
          if tg_table_name = 'session' then
            if tg_op = 'DELETE' then s := old; else s := new; end if;
            perform pg_notify('atrium_credentials', json_build_object(
              'keyId', encode(s."id", 'hex'), 'tenantId', s."tenant_id", 'tokenHash', encode(s."id", 'hex'))::text);
          elsif tg_table_name = 'membership' then
            perform pg_notify('atrium_credentials', json_build_object(
              'keyId', encode(x."id", 'hex'), 'tenantId', x."tenant_id", 'tokenHash', encode(x."id", 'hex'))::text)
              from "atrium"."session" x where x."user_id" = new."user_id" and x."tenant_id" = new."tenant_id";
          else
            perform pg_notify('atrium_credentials', json_build_object(
              'keyId', encode(x."id", 'hex'), 'tenantId', x."tenant_id", 'tokenHash', encode(x."id", 'hex'))::text)
              from "atrium"."session" x where x."user_id" = new."id";
          end if;
          return null;
        end
        $$`.execute(db);
      await sql`
        create trigger "session_deleted" after delete on "atrium"."session"
          for each row execute function "atrium"."session_changed"()`.execute(db);
      await sql`
        create trigger "session_updated" after update of "revoked_at", "tenant_id" on "atrium"."session"
          for each row when (old."revoked_at" is distinct from new."revoked_at" or old."tenant_id" is distinct from new."tenant_id")
          execute function "atrium"."session_changed"()`.execute(db);
      await sql`
        create trigger "membership_role_changed" after update of "role" on "atrium"."membership"
          for each row when (old."role" is distinct from new."role")
          execute function "atrium"."session_changed"()`.execute(db);
      await sql`
        create trigger "user_disabled" after update of "disabled_at", "email" on "atrium"."user"
          for each row when (old."disabled_at" is distinct from new."disabled_at" or old."email" is distinct from new."email")
          execute function "atrium"."session_changed"()`.execute(db);
    },
  },
  '0004-user-administration': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Tenant admins deactivate a membership (the user keeps their other tenants) and see when a
      // member last signed in there. Adding nullable columns, or one with a constant default,
      // rewrites no table.
      await sql`alter table "atrium"."membership" add column "disabled_at" timestamptz, add column "last_sign_in_at" timestamptz`.execute(db);
      // A password an admin set (a new user's first one, a reset) must be changed at the next sign-in.
      await sql`alter table "atrium"."user" add column "must_change_password" boolean not null default false`.execute(db);
      // Who created a key through the admin API (null: the CLI, or a key created before this column).
      await sql`alter table "atrium"."api_key" add column "created_by" uuid`.execute(db);
      // A deactivated membership ends its sessions in every process's credential cache at once.
      await sql`
        create trigger "membership_disabled" after update of "disabled_at" on "atrium"."membership"
          for each row when (old."disabled_at" is distinct from new."disabled_at")
          execute function "atrium"."session_changed"()`.execute(db);
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
  // Up to date already (the usual case): skip kysely's migrator, whose table introspection scans
  // every schema of the database (tenants included, and fails if one is dropped meanwhile).
  const table = await sql<{ present: boolean }>`select to_regclass('atrium.platform_migration') is not null as present`.execute(db);
  if (table.rows[0]?.present) {
    const applied = await sql<{ name: string }>`select "name" from "atrium"."platform_migration"`.execute(db);
    const names = new Set(applied.rows.map((r) => r.name));
    if (Object.keys(migrations).every((name) => names.has(name))) return [];
  }
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
