create unique index if not exists "deal__phone_key" on "t_tenant"."deal" ("phone") where "deleted_at" is null;
