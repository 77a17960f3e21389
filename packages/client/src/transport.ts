import { AtriumApiError, type ProblemDetail } from './api-error.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface TransportOptions {
  /** The server, e.g. `https://crm.example.com` (no trailing slash needed). */
  baseUrl: string;
  /** An API key (`atr_...`); browser sessions send cookies instead. */
  apiKey?: string;
  fetch?: typeof fetch;
}

/** HTTP with the credential; problem+json answers become AtriumApiError. */
export class Transport {
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** `graphqlErrors`: a 400 carrying GraphQL `errors` is returned, not thrown (the caller reads its codes). */
  async request(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}, graphqlErrors = false): Promise<{ status: number; body: unknown }> {
    const response = await this.doFetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (graphqlErrors && response.status === 400 && Array.isArray((parsed as { errors?: unknown } | undefined)?.errors)) return { status: response.status, body: parsed };
    if (!response.ok) {
      const problem = (parsed ?? {}) as { code?: string; detail?: string; title?: string; errors?: ProblemDetail[] };
      throw new AtriumApiError(problem.code ?? 'HTTP_ERROR', problem.detail ?? problem.title ?? `HTTP ${response.status}`, response.status, problem.errors ?? []);
    }
    return { status: response.status, body: parsed };
  }
}
