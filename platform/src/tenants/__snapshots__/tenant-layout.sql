create table "t_tenant"."_outbox" (
  "id" bigint generated always as identity primary key,
  "object_id" text not null,
  "record_id" uuid not null,
  "operation" text not null,
  "changes" jsonb not null default '{}',
  "actor_id" uuid,
  "created_at" timestamptz not null default now()
  );

create table "t_tenant"."_field_history" (
  "id" bigint generated always as identity primary key,
  "object_id" text not null,
  "record_id" uuid not null,
  "field_id" text not null,
  "old_value" jsonb,
  "new_value" jsonb,
  "actor_id" uuid,
  "credential" text,
  "changed_at" timestamptz not null default now()
  );

create index "_field_history_record" on "t_tenant"."_field_history" ("object_id", "record_id", "changed_at");

create table "t_tenant"."_deletion" (
  "id" bigint generated always as identity primary key,
  "object_id" text not null,
  "record_id" uuid not null,
  "deleted_at" timestamptz not null,
  "effects" jsonb not null default '[]',
  "actor_id" uuid
  );

create index "_deletion_record" on "t_tenant"."_deletion" ("record_id", "deleted_at");

create table "t_tenant"."_role" (
  "id" uuid primary key,
  "name" text not null unique,
  "parent_id" uuid references "t_tenant"."_role" ("id"),
  "created_at" timestamptz not null default now()
  );

create table "t_tenant"."_role_closure" (
  "ancestor_id" uuid not null references "t_tenant"."_role" ("id") on delete cascade,
  "descendant_id" uuid not null references "t_tenant"."_role" ("id") on delete cascade,
  "depth" integer not null,
  primary key ("ancestor_id", "descendant_id")
  );

create index "_role_closure_descendant" on "t_tenant"."_role_closure" ("descendant_id");

create table "t_tenant"."_user_role" (
  "user_id" uuid primary key,
  "role_id" uuid not null references "t_tenant"."_role" ("id")
  );

create index "_user_role_role" on "t_tenant"."_user_role" ("role_id");

create table "t_tenant"."_permission_set" (
  "id" uuid primary key,
  "name" text not null unique,
  "description" text,
  "objects" jsonb not null default '{}',
  "fields" jsonb not null default '{}',
  "system" text[] not null default '{}',
  "created_at" timestamptz not null default now(),
  "updated_at" timestamptz not null default now()
  );

create table "t_tenant"."_permission_assignment" (
  "principal_id" uuid not null,
  "permission_set_id" uuid not null references "t_tenant"."_permission_set" ("id") on delete cascade,
  primary key ("principal_id", "permission_set_id")
  );

create table "t_tenant"."_object_access" (
  "object_id" text primary key,
  "sharing" text not null check ("sharing" in ('private', 'publicRead', 'publicReadWrite'))
  );

create table "t_tenant"."_sharing_rule" (
  "id" uuid primary key,
  "object_id" text not null,
  "name" text not null,
  "criteria" jsonb not null,
  "role_id" uuid not null references "t_tenant"."_role" ("id") on delete cascade,
  "access" text not null check ("access" in ('read', 'edit')),
  "created_at" timestamptz not null default now()
  );

create table "t_tenant"."_record_share" (
  "object_id" text not null,
  "record_id" uuid not null,
  "grantee_id" uuid not null,
  "grantee_kind" text not null check ("grantee_kind" in ('user', 'role')),
  "access" text not null check ("access" in ('read', 'edit')),
  "created_by" uuid,
  "created_at" timestamptz not null default now(),
  primary key ("object_id", "record_id", "grantee_id")
  );

create index "_record_share_grantee" on "t_tenant"."_record_share" ("grantee_id", "object_id");

create table "t_tenant"."_audit_log" (
  "id" bigint generated always as identity primary key,
  "event" text not null,
  "object_id" text,
  "record_id" uuid,
  "actor_id" uuid,
  "credential" text,
  "details" jsonb not null default '{}',
  "occurred_at" timestamptz not null default now()
  );

create index "_audit_log_time" on "t_tenant"."_audit_log" ("occurred_at");

create index "_audit_log_record" on "t_tenant"."_audit_log" ("record_id");

create table "t_tenant"."_setting" ("key" text primary key, "value" jsonb not null);

insert into "t_tenant"."_role" ("id", "name") values ($1::uuid, 'Company') -- parameters: ["00000000-0000-7000-8000-000000000001"];

insert into "t_tenant"."_role_closure" ("ancestor_id", "descendant_id", "depth") values ($1::uuid, $2::uuid, 0) -- parameters: ["00000000-0000-7000-8000-000000000001","00000000-0000-7000-8000-000000000001"];

insert into "t_tenant"."_permission_set" ("id", "name", "description", "system") values ($1::uuid, 'Administrator', 'Every permission on every object and field', $2::text[]) -- parameters: ["00000000-0000-7000-8000-000000000002",["manageMetadata","manageUsers","export","import","transferOwnership","viewAudit","hardDelete","manageSharedViews"]];

create table "t_tenant"."_saved_view" (
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
  );

create index "_saved_view_object" on "t_tenant"."_saved_view" ("object_id", "position");

create unique index "_saved_view_private_name" on "t_tenant"."_saved_view" ("object_id", "owner_id", lower("name")) where "visibility" = 'private';

create unique index "_saved_view_shared_name" on "t_tenant"."_saved_view" ("object_id", lower("name")) where "visibility" = 'everyone';

update "t_tenant"."_permission_set" set "system" = array_append("system", 'manageSharedViews')
  where "id" = $1::uuid and not ('manageSharedViews' = any("system")) -- parameters: ["00000000-0000-7000-8000-000000000002"];
