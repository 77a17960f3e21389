alter table "t_tenant"."deal" add column "ref" bigint;

create sequence if not exists "t_tenant"."deal__ref_seq" start with 1;
