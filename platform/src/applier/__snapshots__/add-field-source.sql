alter table "t_tenant"."deal" add column "source" text;

alter table "t_tenant"."deal" add constraint "deal__source_required" check ("source" is not null) not valid;
