create index if not exists "deal__close_date_idx" on "t_tenant"."deal" ("close_date");
