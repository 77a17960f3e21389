alter table "t_tenant"."deal" add column "region" text;
