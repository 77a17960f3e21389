alter table "t_tenant"."deal" add column "budget_amount" numeric(18,2), add column "budget_currency" text;
