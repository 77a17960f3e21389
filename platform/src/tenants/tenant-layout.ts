import { ALL_SYSTEM_PERMISSIONS, type SystemPermission } from '@atrium/metadata';
import { type QueryExecutorProvider, sql } from 'kysely';

/** Ids of the built-in role and permission set every tenant has. */
export const BUILT_IN = {
  companyRole: '00000000-0000-7000-8000-000000000001',
  administratorSet: '00000000-0000-7000-8000-000000000002',
} as const;

export { ALL_SYSTEM_PERMISSIONS, type SystemPermission };

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
  // 3: access control (roles and their closure, permission sets, org-wide defaults, sharing rules,
  // manual shares) and the append-only audit log.
  async (db, schema) => {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('_role')} (
      "id" uuid primary key,
      "name" text not null unique,
      "parent_id" uuid references ${t('_role')} ("id"),
      "created_at" timestamptz not null default now()
    )`.execute(db);
    await sql`create table ${t('_role_closure')} (
      "ancestor_id" uuid not null references ${t('_role')} ("id") on delete cascade,
      "descendant_id" uuid not null references ${t('_role')} ("id") on delete cascade,
      "depth" integer not null,
      primary key ("ancestor_id", "descendant_id")
    )`.execute(db);
    await sql`create index ${sql.id('_role_closure_descendant')} on ${t('_role_closure')} ("descendant_id")`.execute(db);
    await sql`create table ${t('_user_role')} (
      "user_id" uuid primary key,
      "role_id" uuid not null references ${t('_role')} ("id")
    )`.execute(db);
    await sql`create index ${sql.id('_user_role_role')} on ${t('_user_role')} ("role_id")`.execute(db);
    await sql`create table ${t('_permission_set')} (
      "id" uuid primary key,
      "name" text not null unique,
      "description" text,
      "objects" jsonb not null default '{}',
      "fields" jsonb not null default '{}',
      "system" text[] not null default '{}',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`.execute(db);
    await sql`create table ${t('_permission_assignment')} (
      "principal_id" uuid not null,
      "permission_set_id" uuid not null references ${t('_permission_set')} ("id") on delete cascade,
      primary key ("principal_id", "permission_set_id")
    )`.execute(db);
    await sql`create table ${t('_object_access')} (
      "object_id" text primary key,
      "sharing" text not null check ("sharing" in ('private', 'publicRead', 'publicReadWrite'))
    )`.execute(db);
    await sql`create table ${t('_sharing_rule')} (
      "id" uuid primary key,
      "object_id" text not null,
      "name" text not null,
      "criteria" jsonb not null,
      "role_id" uuid not null references ${t('_role')} ("id") on delete cascade,
      "access" text not null check ("access" in ('read', 'edit')),
      "created_at" timestamptz not null default now()
    )`.execute(db);
    await sql`create table ${t('_record_share')} (
      "object_id" text not null,
      "record_id" uuid not null,
      "grantee_id" uuid not null,
      "grantee_kind" text not null check ("grantee_kind" in ('user', 'role')),
      "access" text not null check ("access" in ('read', 'edit')),
      "created_by" uuid,
      "created_at" timestamptz not null default now(),
      primary key ("object_id", "record_id", "grantee_id")
    )`.execute(db);
    await sql`create index ${sql.id('_record_share_grantee')} on ${t('_record_share')} ("grantee_id", "object_id")`.execute(db);
    await sql`create table ${t('_audit_log')} (
      "id" bigint generated always as identity primary key,
      "event" text not null,
      "object_id" text,
      "record_id" uuid,
      "actor_id" uuid,
      "credential" text,
      "details" jsonb not null default '{}',
      "occurred_at" timestamptz not null default now()
    )`.execute(db);
    await sql`create index ${sql.id('_audit_log_time')} on ${t('_audit_log')} ("occurred_at")`.execute(db);
    await sql`create index ${sql.id('_audit_log_record')} on ${t('_audit_log')} ("record_id")`.execute(db);
    await sql`create table ${t('_setting')} ("key" text primary key, "value" jsonb not null)`.execute(db);
    // Built-ins: the top of the role hierarchy and the all-permissions set (what `--role admin` maps to).
    await sql`insert into ${t('_role')} ("id", "name") values (${BUILT_IN.companyRole}::uuid, 'Company')`.execute(db);
    await sql`insert into ${t('_role_closure')} ("ancestor_id", "descendant_id", "depth") values (${BUILT_IN.companyRole}::uuid, ${BUILT_IN.companyRole}::uuid, 0)`.execute(
      db,
    );
    await sql`insert into ${t('_permission_set')} ("id", "name", "description", "system") values (${BUILT_IN.administratorSet}::uuid, 'Administrator', 'Every permission on every object and field', ${ALL_SYSTEM_PERMISSIONS}::text[])`.execute(
      db,
    );
  },
  // 4: saved list views (private to their owner, or shared with everyone). They name their object
  // and fields by stable metadata id, so renames keep them; the API speaks API names.
  async (db, schema) => {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('_saved_view')} (
      "id" uuid primary key,
      "object_id" text not null,
      "owner_id" uuid not null,
      "name" text not null check (char_length("name") between 1 and 200),
      "visibility" text not null check ("visibility" in ('private', 'everyone')),
      "definition" jsonb not null default '{}',
      "position" integer not null default 0,
      "created_at" timestamptz not null default now(),
      "created_by" uuid,
      "updated_at" timestamptz not null default now(),
      "updated_by" uuid,
      "row_version" integer not null default 1
    )`.execute(db);
    await sql`create index ${sql.id('_saved_view_object')} on ${t('_saved_view')} ("object_id", "position")`.execute(db);
    // Names are unique among one owner's private views of an object, and among its shared views.
    await sql`create unique index ${sql.id('_saved_view_private_name')} on ${t('_saved_view')} ("object_id", "owner_id", lower("name")) where "visibility" = 'private'`.execute(
      db,
    );
    await sql`create unique index ${sql.id('_saved_view_shared_name')} on ${t('_saved_view')} ("object_id", lower("name")) where "visibility" = 'everyone'`.execute(
      db,
    );
    // The all-permissions set lists the permission added with this step (tenants created before it).
    await sql`update ${t('_permission_set')} set "system" = array_append("system", 'manageSharedViews')
      where "id" = ${BUILT_IN.administratorSet}::uuid and not ('manageSharedViews' = any("system"))`.execute(db);
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
