alter table "t_tenant"."deal" add constraint "deal__phone_required" check ("phone" is not null);
