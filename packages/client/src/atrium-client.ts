import { AtriumApiError, type ProblemDetail } from './api-error.ts';
import { RecordsApi } from './records-api.ts';
import { type Method, Transport, type TransportOptions } from './transport.ts';
import { ViewsApi } from './views-api.ts';

interface GraphqlAnswer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; details?: ProblemDetail[] } }>;
}

/**
 * A typed client for one tenant's generated APIs (the tenant is the API key's).
 *
 * ```ts
 * const atrium = new AtriumClient({ baseUrl: 'http://localhost:3000', apiKey });
 * const deal = await atrium.records<{ name: string; amount?: { amount: number; currency: string } }>('opportunity').create({ name: 'Big deal' });
 * const { opportunities } = await atrium.graphql<{ opportunities: { totalCount: number } }>('{ opportunities { totalCount } }');
 * ```
 */
export class AtriumClient {
  private readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  /** REST access to an object's records by API name. */
  records<T extends object = Record<string, unknown>>(object: string): RecordsApi<T> {
    return new RecordsApi<T>(this.transport, object);
  }

  /** Saved list views (`/api/v1/views`): the caller's own and those shared with everyone. */
  views(): ViewsApi {
    return new ViewsApi(this.transport);
  }

  /** Runs a GraphQL operation; the first error is thrown as AtriumApiError with its stable code. */
  async graphql<T>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<T> {
    const answer = (await this.transport.request('POST', '/graphql', { query, variables, operationName }, {}, true)).body as GraphqlAnswer<T>;
    const first = answer.errors?.[0];
    if (first) throw new AtriumApiError(first.extensions?.code ?? 'GRAPHQL_ERROR', first.message, 200, first.extensions?.details ?? []);
    return answer.data as T;
  }

  /** The tenant's metadata (`GET /api/v1/meta`). */
  async metadata<T = unknown>(): Promise<{ version: number; bundle: T }> {
    return (await this.transport.request('GET', '/api/v1/meta')).body as { version: number; bundle: T };
  }

  /**
   * Any other endpoint of the API (`/api/v1/auth/...`, `/api/v1/admin/...`, record history), with
   * the client's credential and CSRF token; problem+json answers are thrown as AtriumApiError.
   */
  async request<T = unknown>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return (await this.transport.request(method, path, body, headers)).body as T;
  }

  /** Applies (or, with `dryRun`, plans) a metadata change based on `baseVersion`. */
  async changeMetadata<P = unknown>(request: {
    baseVersion: number;
    operations: unknown[];
    dryRun?: boolean;
  }): Promise<{ plan: P; applied: boolean; version: number }> {
    return (await this.transport.request('POST', '/api/v1/meta/changes', request)).body as { plan: P; applied: boolean; version: number };
  }
}
