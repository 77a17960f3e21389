alter table "t_tenant"."deal" add constraint "deal__parent_account_required" check ("parent_account" is not null) not valid;

alter table "t_tenant"."deal" add constraint "deal__parent_account_fkey" foreign key ("parent_account") references "t_tenant"."account" ("id") not valid;
