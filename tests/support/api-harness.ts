import type { MetadataBundle, MetadataOperation } from '@atrium/metadata';
import { applyMetadataChange, createApiKey, createTenant, findTenant, installBundle } from '@atrium/platform';
import { uniqueTenantKey } from '@atrium/platform/testing';
import { startTestServer, type TestServer } from '@atrium/runtime/testing';

/** The whole server on the test database (runtime's test server), driven with `app.inject()`. */
export type ApiHarness = TestServer;

export function startApi(): Promise<ApiHarness> {
  return startTestServer();
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
