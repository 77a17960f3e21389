alter table "t_tenant"."deal" drop constraint if exists "deal__name_required";
