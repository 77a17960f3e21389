import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { deleteTenant } from '../tenants/tenant-service.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import type { CredentialChange } from './api-key.ts';
import { createApiKey, revokeApiKey } from './api-key-service.ts';
import { hashApiKeyToken } from './api-key-token.ts';
import { type CredentialListener, listenForCredentialChanges } from './credential-listener.ts';

let database: Database;
let listener: CredentialListener;
const changes: CredentialChange[] = [];
beforeAll(async () => {
  database = await openTestDatabase();
  listener = await listenForCredentialChanges({ pool: database.pool, onChange: (change) => change && changes.push(change), onReset: () => {} });
});
afterAll(async () => {
  await listener.close();
  await database.close();
});

async function changeFor(keyId: string): Promise<CredentialChange> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const change = changes.find((c) => c.keyId === keyId);
    if (change) return change;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no notification for key ${keyId}`);
}

describe('credential notifications', () => {
  it('announce a revoked key with its token hash', async () => {
    expect(listener.connected).toBe(true);
    const t = await TenantFixture.create(database, 'lsn');
    const key = await createApiKey(database.db, t.key, { role: 'admin' });
    await revokeApiKey(database.db, t.key, key.id);
    expect(await changeFor(key.id)).toEqual({ keyId: key.id, tenantId: t.tenant.id, tokenHash: hashApiKeyToken(key.token).toString('hex') });
  });

  it("announce every key of a deleted tenant (the cascade's trigger)", async () => {
    const t = await TenantFixture.create(database, 'lsn');
    const keys = await Promise.all([1, 2].map(() => createApiKey(database.db, t.key, { role: 'integration' })));
    await deleteTenant(database.db, t.key);
    for (const key of keys) expect((await changeFor(key.id)).tokenHash).toBe(hashApiKeyToken(key.token).toString('hex'));
  });
});
