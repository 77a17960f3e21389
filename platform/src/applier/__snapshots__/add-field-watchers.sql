create table "t_tenant"."deal_watchers" (
  "source_id" uuid not null references "t_tenant"."deal" ("id"),
  "target_id" uuid not null references "t_tenant"."account" ("id"),
  "created_at" timestamptz not null default now(),
  "created_by" uuid,
  primary key ("source_id", "target_id")
);

create index "deal_watchers__target_id_idx" on "t_tenant"."deal_watchers" ("target_id");
