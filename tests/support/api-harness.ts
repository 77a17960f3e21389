import type { MetadataBundle, MetadataOperation } from '@atrium/metadata';
import { applyMetadataChange, createApiKey, createTenant, type Database, findTenant, installBundle } from '@atrium/platform';
import { openTestDatabase, uniqueTenantKey } from '@atrium/platform/testing';
import { type CredentialCache, createCredentialCache } from '@atrium/runtime/auth';
import { buildServer } from '@atrium/runtime/server';
import { TenantRegistry } from '@atrium/runtime/tenancy';
import type { FastifyInstance } from 'fastify';

/** A server on the test database, driven with `app.inject()` (no sockets). */
export interface ApiHarness {
  database: Database;
  app: FastifyInstance;
  registry: TenantRegistry;
  credentials: CredentialCache;
  close(): Promise<void>;
}

export async function startApi(): Promise<ApiHarness> {
  const database = await openTestDatabase(10);
  const credentials = await createCredentialCache({ db: database.db, pool: database.pool });
  const registry = new TenantRegistry({ database });
  await registry.listen();
  const app = await buildServer({ database, registry, credentials });
  await app.ready();
  return {
    database,
    app,
    registry,
    credentials,
    async close() {
      await app.close();
      await registry.close();
      await credentials.close();
      await database.close();
    },
  };
}

/** A tenant with a bundle and an admin API key, with request helpers. */
export class ApiTenant {
  private constructor(
    readonly harness: ApiHarness,
    readonly key: string,
    readonly token: string,
  ) {}

  static async create(harness: ApiHarness, bundle?: MetadataBundle, prefix = 'api'): Promise<ApiTenant> {
    const key = uniqueTenantKey(prefix);
    await createTenant(harness.database.db, { key });
    if (bundle) await installBundle(harness.database.db, key, bundle, 'test');
    const { token } = await createApiKey(harness.database.db, key, { role: 'admin' });
    return new ApiTenant(harness, key, token);
  }

  async change(operations: MetadataOperation[]) {
    const tenant = await findTenant(this.harness.database.db, this.key);
    return applyMetadataChange(this.harness.database.db, this.key, { baseVersion: tenant.metadataVersion, operations }, 'test');
  }

  async schema(): Promise<string> {
    return (await findTenant(this.harness.database.db, this.key)).schemaName;
  }

  /** POST /graphql; returns the HTTP status and the parsed body. */
  async gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; data?: T; errors?: Array<{ message: string; extensions?: { code?: string; details?: unknown[] } }> }> {
    const response = await this.harness.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ query, variables }),
    });
    return { status: response.statusCode, ...(response.json() as object) };
  }

  /** A REST call with this tenant's key. */
  async rest(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await this.harness.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const type = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, headers: response.headers, body: type.includes('json') ? response.json() : response.body };
  }
}
