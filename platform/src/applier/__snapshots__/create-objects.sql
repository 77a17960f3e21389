create table "t_tenant"."account" (
  "id" uuid primary key,
  "owner_id" uuid,
  "created_at" timestamptz not null default now(),
  "created_by" uuid,
  "updated_at" timestamptz not null default now(),
  "updated_by" uuid,
  "deleted_at" timestamptz,
  "row_version" integer not null default 1,
  "name" text
);

create table "t_tenant"."deal" (
  "id" uuid primary key,
  "owner_id" uuid,
  "created_at" timestamptz not null default now(),
  "created_by" uuid,
  "updated_at" timestamptz not null default now(),
  "updated_by" uuid,
  "deleted_at" timestamptz,
  "row_version" integer not null default 1,
  "name" text,
  "notes" text,
  "body" text,
  "email" text,
  "phone" text,
  "site" text,
  "quantity" bigint,
  "weight" numeric(12,3),
  "amount_amount" numeric(18,2),
  "amount_currency" text,
  "discount" numeric,
  "won" boolean,
  "close_date" date,
  "last_seen_at" timestamptz,
  "stage" text,
  "tags" text[],
  "account" uuid,
  "parent_account" uuid,
  "reviewer" uuid,
  "number" bigint,
  "shipping_address_street" text,
  "shipping_address_city" text,
  "shipping_address_state" text,
  "shipping_address_postal_code" text,
  "shipping_address_country" text,
  "extra" jsonb
);

alter table "t_tenant"."account" add constraint "account__name_required" check ("name" is not null);

alter table "t_tenant"."deal" add constraint "deal__name_required" check ("name" is not null);

create unique index if not exists "deal__email_key" on "t_tenant"."deal" ("email") where "deleted_at" is null;

create index if not exists "deal__quantity_idx" on "t_tenant"."deal" ("quantity");

alter table "t_tenant"."deal" add constraint "deal__account_fkey" foreign key ("account") references "t_tenant"."account" ("id");

create index if not exists "deal__account_idx" on "t_tenant"."deal" ("account");

alter table "t_tenant"."deal" add constraint "deal__parent_account_required" check ("parent_account" is not null);

alter table "t_tenant"."deal" add constraint "deal__parent_account_fkey" foreign key ("parent_account") references "t_tenant"."account" ("id");

create index if not exists "deal__parent_account_idx" on "t_tenant"."deal" ("parent_account");

create index if not exists "deal__reviewer_idx" on "t_tenant"."deal" ("reviewer");

create sequence if not exists "t_tenant"."deal__number_seq" start with 1;

create table "t_tenant"."deal_partners" (
  "source_id" uuid not null references "t_tenant"."deal" ("id"),
  "target_id" uuid not null references "t_tenant"."account" ("id"),
  "created_at" timestamptz not null default now(),
  "created_by" uuid,
  primary key ("source_id", "target_id")
);

create index "deal_partners__target_id_idx" on "t_tenant"."deal_partners" ("target_id");
