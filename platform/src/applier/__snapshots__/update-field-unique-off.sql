drop index if exists "t_tenant"."deal__email_key";
