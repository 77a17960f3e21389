alter table "t_tenant"."deal" add column "partner" uuid;

alter table "t_tenant"."deal" add constraint "deal__partner_fkey" foreign key ("partner") references "t_tenant"."account" ("id") not valid;
