export { openTestDatabase, uniqueTenantKey } from './test-database.ts';
export { TenantFixture } from './tenant-fixture.ts';
export { accountObject, dealObject, fieldsOfEveryType } from './sample-objects.ts';
