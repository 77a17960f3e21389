alter table "t_tenant"."deal" add column "quantity_2" numeric(10,2);

drop index if exists "t_tenant"."deal__quantity_idx";
