export { accountObject, dealObject, fieldsOfEveryType } from './sample-objects.ts';
export { TenantFixture } from './tenant-fixture.ts';
export { openTestDatabase, uniqueTenantKey } from './test-database.ts';
