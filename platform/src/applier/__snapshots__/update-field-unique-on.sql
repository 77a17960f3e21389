drop index if exists "t_tenant"."deal__quantity_idx";
