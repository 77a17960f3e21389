drop index if exists "t_tenant"."deal__reviewer_idx";
