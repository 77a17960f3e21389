import type { MetadataBundle, MetadataOperation } from '@atrium/metadata';
import { type ApiKeyRole, createApiKey, type Database, installBundle } from '@atrium/platform';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TenantFixture } from '../../../../platform/src/testing/tenant-fixture.ts';
import { openTestDatabase } from '../../../../platform/src/testing/test-database.ts';
import { type CredentialCache, createCredentialCache } from '../../auth/credential-cache.ts';
import { buildServer } from '../../server/build-server.ts';
import { TenantRegistry } from '../../tenancy/tenant-registry.ts';

/** The whole server on the test database, for tests driving it with `app.inject()` (or a socket). */
export interface TestServer {
  database: Database;
  registry: TenantRegistry;
  credentials: CredentialCache;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const database = await openTestDatabase(8);
  const credentials = await createCredentialCache({ db: database.db, pool: database.pool });
  const registry = new TenantRegistry({ database });
  await registry.listen();
  const app = await buildServer({ database, registry, credentials });
  await app.ready();
  return {
    database,
    registry,
    credentials,
    app,
    async close() {
      await app.close();
      await registry.close();
      await credentials.close();
      await database.close();
    },
  };
}

/** A scratch tenant with API keys, and shortcuts for requests with them. */
export interface TestTenant {
  fixture: TenantFixture;
  key: string;
  tokens: Record<ApiKeyRole, string>;
  /** A request with the admin key (or the role's, or none with `role: null`). */
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options?: { body?: unknown; headers?: Record<string, string>; role?: ApiKeyRole | null },
  ): Promise<LightMyRequestResponse>;
}

export async function createTestTenant(
  server: TestServer,
  prefix: string,
  setup: { bundle?: MetadataBundle; operations?: MetadataOperation[] } = {},
): Promise<TestTenant> {
  const fixture = await TenantFixture.create(server.database, prefix);
  if (setup.bundle) await installBundle(server.database.db, fixture.key, setup.bundle, 'test');
  if (setup.operations) await fixture.change(setup.operations);
  const tokens = {
    admin: (await createApiKey(server.database.db, fixture.key, { role: 'admin' })).token,
    integration: (await createApiKey(server.database.db, fixture.key, { role: 'integration' })).token,
  };
  return {
    fixture,
    key: fixture.key,
    tokens,
    request(method, url, options = {}) {
      const role = options.role === undefined ? 'admin' : options.role;
      const headers: Record<string, string> = { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      return server.app.inject({ method, url, headers, ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}) });
    },
  };
}
