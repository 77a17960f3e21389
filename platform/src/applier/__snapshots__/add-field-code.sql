alter table "t_tenant"."deal" add column "code" text;
